"""Full-text search over filings: a table of jieba-segmented words and its index.

SQLite: an FTS5 table over the words (external content), kept in step by triggers, so
that every write to the words table — including Django's flush, which deletes rows —
reaches the index. PostgreSQL: a generated tsvector column ('simple' configuration, title
words weighted A) with a GIN index. The SQL is frozen here; lianghui.proposals.search
reads these names.
"""

import django.db.models.deletion
import django.utils.timezone
from django.db import migrations, models

SQLITE_FORWARD = [
    """CREATE VIRTUAL TABLE proposals_searchtext_fts USING fts5(
        title_words, body_words,
        content='proposals_searchtext', content_rowid='filing_id', tokenize='unicode61'
    )""",
    """CREATE TRIGGER proposals_searchtext_ai AFTER INSERT ON proposals_searchtext BEGIN
        INSERT INTO proposals_searchtext_fts(rowid, title_words, body_words)
        VALUES (new.filing_id, new.title_words, new.body_words);
    END""",
    """CREATE TRIGGER proposals_searchtext_ad AFTER DELETE ON proposals_searchtext BEGIN
        INSERT INTO proposals_searchtext_fts(proposals_searchtext_fts, rowid, title_words, body_words)
        VALUES ('delete', old.filing_id, old.title_words, old.body_words);
    END""",
    """CREATE TRIGGER proposals_searchtext_au AFTER UPDATE ON proposals_searchtext BEGIN
        INSERT INTO proposals_searchtext_fts(proposals_searchtext_fts, rowid, title_words, body_words)
        VALUES ('delete', old.filing_id, old.title_words, old.body_words);
        INSERT INTO proposals_searchtext_fts(rowid, title_words, body_words)
        VALUES (new.filing_id, new.title_words, new.body_words);
    END""",
    "INSERT INTO proposals_searchtext_fts(proposals_searchtext_fts) VALUES ('rebuild')",
]
SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS proposals_searchtext_au",
    "DROP TRIGGER IF EXISTS proposals_searchtext_ad",
    "DROP TRIGGER IF EXISTS proposals_searchtext_ai",
    "DROP TABLE IF EXISTS proposals_searchtext_fts",
]
POSTGRES_FORWARD = [
    """ALTER TABLE proposals_searchtext ADD COLUMN tsv tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('simple'::regconfig, title_words), 'A')
        || setweight(to_tsvector('simple'::regconfig, body_words), 'D')
    ) STORED""",
    "CREATE INDEX proposals_searchtext_tsv ON proposals_searchtext USING gin (tsv)",
]
POSTGRES_BACKWARD = [
    "DROP INDEX IF EXISTS proposals_searchtext_tsv",
    "ALTER TABLE proposals_searchtext DROP COLUMN IF EXISTS tsv",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for sql in statements_by_vendor.get(schema_editor.connection.vendor, ()):
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):

    dependencies = [
        ('proposals', '0003_report_draft'),
    ]

    operations = [
        migrations.CreateModel(
            name='SearchText',
            fields=[
                ('filing', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, primary_key=True, related_name='search_text', serialize=False, to='proposals.filing')),
                ('title_words', models.TextField(blank=True, verbose_name='标题分词')),
                ('body_words', models.TextField(blank=True, verbose_name='正文分词')),
                ('indexed_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='索引时间')),
            ],
            options={
                'verbose_name': '检索词',
                'verbose_name_plural': '检索词',
            },
        ),
        migrations.RunPython(
            _run({"sqlite": SQLITE_FORWARD, "postgresql": POSTGRES_FORWARD}),
            _run({"sqlite": SQLITE_BACKWARD, "postgresql": POSTGRES_BACKWARD}),
        ),
    ]
