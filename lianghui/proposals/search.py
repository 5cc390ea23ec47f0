"""Keyword search over filings in Chinese, with filters by filer, unit, state, year.

Why this approach
-----------------
Chinese is written without spaces, so a full-text index needs a word segmenter. Neither
database brings one: PostgreSQL has no Chinese parser by default (zhparser and pg_jieba are
extensions a hosted database rarely allows), and SQLite's FTS5 tokenizers split on spaces and
punctuation. So the words are cut in Python by jieba (already installed: cn-sort depends on
it) and stored with spaces between them in a table of their own (models.SearchText), which
each database then indexes with its own, dependency-free full-text engine:

- SQLite: an FTS5 table over that table (``unicode61`` splits on the spaces and folds case),
  ranked by bm25 with title words weighing ten times body words. Triggers keep it in step.
- PostgreSQL: a generated ``tsvector`` column, ``to_tsvector('simple', words)`` (the
  'simple' configuration lower-cases and keeps every word: no stemming, no stop words that
  would not fit Chinese), title words weighted A, a GIN index; ranked by ``ts_rank``.

Documents are cut with ``cut_for_search`` (the whole word and its parts: 中小企业 → 中小、
企业、中小企业), queries with ``cut`` (the whole words), both without the HMM guesser so the
same text is always cut the same way. A query then finds a filing when every query word is
one of its words: 企业 finds 中小企业融资; a single character typed alone matches words
that start with it. When no filing has all the words (a word jieba cut differently in the
filing), the search falls back to a plain substring match on the title and text, and says so
(``SearchResult.mode``).

Keeping the words current
-------------------------
``index_filings(ids)`` (re)writes the words of the given filings; ``connect()`` registers a
post_save handler on Filing that does so when a filing is created or its title, text,
grounds, solution or subject are saved (the actions save with ``update_fields``; a state
change alone does not touch the words). Whoever writes filings without save() — bulk_create
in the demo and the benchmark — indexes them with ``index_missing()`` (one anti-join query
finds them) as it finishes; a search only reads. ``reindex()`` rebuilds everything.
"""

import logging
import re
from dataclasses import dataclass, field

from django.core.exceptions import EmptyResultSet
from django.db import connection, transaction
from django.db.models import Q
from django.db.models.signals import post_save
from django.utils import timezone

from lianghui.proposals import access
from lianghui.proposals import default_workflow as wf
from lianghui.proposals.models import Assignment, Filer, Filing, SearchText, Signature

TEXT_FIELDS = frozenset({"title", "text", "grounds", "solution", "subject"})
# Words too common to help (kept out of the index and the queries alike).
STOP_WORDS = frozenset("的了和与及等在对是并或之其为以于") | {"关于"}
BATCH = 500
PER_PAGE = 50
SQLITE_FTS = "proposals_searchtext_fts"

_jieba = None


def _segmenter():
    """jieba, loaded once, quietly (it logs its dictionary loading to stderr)."""
    global _jieba
    if _jieba is None:
        import jieba

        jieba.setLogLevel(logging.WARNING)
        logging.getLogger("jieba").setLevel(logging.WARNING)
        jieba.initialize()
        _jieba = jieba
    return _jieba


def _keep(word: str) -> bool:
    return bool(word) and word not in STOP_WORDS and any(ch.isalnum() for ch in word)


def document_words(text: str) -> list[str]:
    """The words of a document: every word and its dictionary parts (for the index)."""
    jieba = _segmenter()
    return [
        w.lower() for w in (w.strip() for w in jieba.cut_for_search(text, HMM=False)) if _keep(w)
    ]


def query_words(text: str) -> list[str]:
    """The words of a query, whole, each once, in order."""
    jieba = _segmenter()
    words = (w.strip().lower() for w in jieba.cut(text or "", HMM=False))
    return list(dict.fromkeys(w for w in words if _keep(w)))


# --- index ---------------------------------------------------------------------------


def _row(filing_id: int, title: str, subject: str, grounds: str, solution: str, text: str):
    return SearchText(
        filing_id=filing_id,
        title_words=" ".join(document_words(title)),
        body_words=" ".join(document_words("\n".join((subject, grounds, solution, text)))),
        indexed_at=timezone.now(),
    )


def index_filings(filing_ids) -> int:
    """(Re)write the words of these filings. Returns how many were indexed."""
    ids = list(dict.fromkeys(filing_ids))
    done = 0
    for start in range(0, len(ids), BATCH):
        chunk = ids[start : start + BATCH]
        rows = [
            _row(*values)
            for values in Filing.objects.filter(pk__in=chunk).values_list(
                "pk", "title", "subject", "grounds", "solution", "text"
            )
        ]
        with transaction.atomic():
            # Delete then insert: on SQLite the triggers turn both into index updates.
            SearchText.objects.filter(filing_id__in=[r.filing_id for r in rows]).delete()
            SearchText.objects.bulk_create(rows, batch_size=BATCH)
        done += len(rows)
    return done


def index_missing() -> int:
    """Index the filings that have no words yet (written by bulk_create)."""
    missing = list(
        Filing.objects.filter(search_text__isnull=True).order_by().values_list("pk", flat=True)
    )
    return index_filings(missing) if missing else 0


def reindex() -> int:
    """Rebuild the words of every filing."""
    with transaction.atomic():
        SearchText.objects.all().delete()
    return index_filings(Filing.objects.values_list("pk", flat=True).order_by("pk"))


def _on_save(sender, instance: Filing, created=False, update_fields=None, raw=False, **kwargs):
    if raw:
        return
    if created or update_fields is None or TEXT_FIELDS & set(update_fields):
        index_filings([instance.pk])


DISPATCH_UID = "lianghui.proposals.search.index_on_save"


def connect() -> None:
    """Keep the words current as filings are saved (call from ProposalsConfig.ready)."""
    post_save.connect(_on_save, sender=Filing, dispatch_uid=DISPATCH_UID)


def disconnect() -> None:
    post_save.disconnect(sender=Filing, dispatch_uid=DISPATCH_UID)


def connected() -> bool:
    return any(key[0] == DISPATCH_UID for key, *_ in post_save.receivers)


# --- queries -------------------------------------------------------------------------


@dataclass
class SearchResult:
    query: str
    words: list[str]
    mode: str  # "all" (no keyword), "words" (full-text), "substring" (fallback)
    total: int
    filings: list[Filing] = field(default_factory=list)
    page: int = 1
    per_page: int = PER_PAGE

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))


def _fts5_query(words: list[str], prefix: bool) -> str:
    quoted = ['"' + w.replace('"', '""') + '"' for w in words]
    if prefix:
        quoted = [q + "*" for q in quoted]
    return " ".join(quoted)  # FTS5: words side by side must all match


def _tsquery(words: list[str], prefix: bool) -> str:
    def quote(w):
        return "'" + w.replace("\\", "\\\\").replace("'", "''") + "'" + (":*" if prefix else "")

    return " & ".join(quote(w) for w in words)


def _ranked_ids(candidates, words: list[str], prefix: bool, limit: int, offset: int):
    """(total, [filing ids of the page, best first]) among the candidate filings."""
    try:
        sub_sql, sub_params = candidates.order_by().values("pk").query.sql_with_params()
    except EmptyResultSet:  # the filters already exclude everything (found by schemathesis)
        return 0, []
    if connection.vendor == "postgresql":
        match = "s.tsv @@ to_tsquery('simple', %s)"
        term = _tsquery(words, prefix)
        base = f"FROM proposals_searchtext s WHERE {match} AND s.filing_id IN ({sub_sql})"
        count_sql = f"SELECT count(*) {base}"
        page_sql = (
            f"SELECT s.filing_id {base} "
            "ORDER BY ts_rank(s.tsv, to_tsquery('simple', %s)) DESC, s.filing_id DESC "
            "LIMIT %s OFFSET %s"
        )
        page_params = [term, *sub_params, term, limit, offset]
    elif connection.vendor == "sqlite":
        term = _fts5_query(words, prefix)
        # "+rowid": the candidates filter the matches, not drive them (without the plus,
        # SQLite runs the full-text query once per candidate: 100 times slower).
        base = f"FROM {SQLITE_FTS} WHERE {SQLITE_FTS} MATCH %s AND +rowid IN ({sub_sql})"
        count_sql = f"SELECT count(*) {base}"
        page_sql = (
            f"SELECT rowid {base} "
            f"ORDER BY bm25({SQLITE_FTS}, 10.0, 1.0), rowid DESC LIMIT %s OFFSET %s"
        )
        page_params = [term, *sub_params, limit, offset]
    else:  # pragma: no cover - the project runs on SQLite and PostgreSQL only
        raise NotImplementedError(connection.vendor)
    with connection.cursor() as cursor:
        cursor.execute(count_sql, [term, *sub_params])
        total = cursor.fetchone()[0]
        ids = []
        if total > offset:
            cursor.execute(page_sql, page_params)
            ids = [row[0] for row in cursor.fetchall()]
    return total, ids


def candidates(user, **filters):
    """The filings the user may see, drafts left out, narrowed by the filters (a queryset,
    not yet ordered). See ``narrow`` for the filters."""
    return narrow(access.visible_filings(user).exclude(state=wf.INITIAL), **filters)


def narrow(
    qs,
    *,
    body_id: int | None = None,
    kind: str | None = None,
    year: int | None = None,
    state: str | None = None,
    filer_id: int | None = None,
    filer_name: str | None = None,
    organisation_id: int | None = None,
    unit_id: int | None = None,
    synthetic: bool | None = None,
):
    """Filings narrowed by the filters (empty ones are ignored).

    filer_id: a person who filed or co-signed (confirmed); filer_name: part of the name of
    such a person, or of an organisation that filed; organisation_id: an organisation that
    filed; unit_id: a handling unit the filing is assigned to now.
    """
    if body_id:
        qs = qs.filter(body_id=body_id)
    if kind:
        qs = qs.filter(kind=kind)
    if year:
        qs = qs.filter(year=year)
    if state:
        qs = qs.filter(state=state)
    if filer_id:
        qs = qs.filter(
            pk__in=Filer.objects.filter(person_id=filer_id, signature=Signature.CONFIRMED).values(
                "filing_id"
            )
        )
    if filer_name:
        signed = Filer.objects.filter(
            person__name__contains=filer_name, signature=Signature.CONFIRMED
        ).values("filing_id")
        qs = qs.filter(Q(pk__in=signed) | Q(organisation__name__contains=filer_name))
    if organisation_id:
        qs = qs.filter(organisation_id=organisation_id)
    if unit_id:
        qs = qs.filter(
            pk__in=Assignment.objects.filter(unit_id=unit_id, active=True).values("filing_id")
        )
    if synthetic is not None:
        qs = qs.filter(synthetic=synthetic)
    return qs


def search(user, query: str = "", *, page: int = 1, per_page: int = PER_PAGE, **filters):
    """Filings matching the keywords (all of them) and the filters, best match first.

    Without keywords: the filtered filings, newest first. Drafts are never listed (a filer
    finds their own drafts on their own page). See ``candidates`` for the filters.
    """
    return search_in(candidates(user, **filters), query, page=page, per_page=per_page)


def search_in(qs, query: str = "", *, page: int = 1, per_page: int = PER_PAGE):
    """The keyword search over a queryset of filings the reader may see (``search``)."""
    query = re.sub(r"\s+", " ", (query or "").strip())[:100]
    page = max(1, int(page or 1))
    offset = (page - 1) * per_page
    words = query_words(query)
    related = ("body", "organisation", "group")
    if not query:
        total = qs.count()
        rows = list(
            qs.select_related(*related).order_by("-year", "kind", "-number", "-id")[
                offset : offset + per_page
            ]
        )
        return SearchResult(query, [], "all", total, rows, page, per_page)
    if words:
        prefix = len(words) == 1 and len(words[0]) == 1
        total, ids = _ranked_ids(qs, words, prefix, per_page, offset)
        if total:
            found = qs.model.objects.select_related(*related).in_bulk(ids)
            rows = [found[i] for i in ids if i in found]
            return SearchResult(query, words, "words", total, rows, page, per_page)
    # Nothing matched word for word: a plain substring match on the title and text.
    contains = Q(title__icontains=query) | Q(text__icontains=query)
    matched = qs.filter(contains)
    total = matched.count()
    rows = list(
        matched.select_related(*related).order_by("-year", "-number", "-id")[
            offset : offset + per_page
        ]
    )
    return SearchResult(query, words, "substring", total, rows, page, per_page)
