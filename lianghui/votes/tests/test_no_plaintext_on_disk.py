"""What an insider with a copy of the database sees after an encrypted secret vote.

The issue this answers: with plaintext ballots stored "apart" from the voters, the SQLite
file and its write-ahead log (and PostgreSQL's row versions) joined every voter to a choice.
Here the whole database is copied (SQLite: the main file and its -wal; PostgreSQL: every
row version of every table page through pageinspect, or a dump where it cannot be had)
while the vote is open (when insertion order follows voting order) and again after presses
and a change of mind: no choice appears in the bytes that were not there before anyone
pressed. Every secret electronic vote is encrypted, with no set-up of its own: at a meeting
without a tally key a secret vote does not open and nothing of a press reaches the files. A
named vote (plaintext and public by law) shows that the check does see a stored choice.
"""

import secrets
from pathlib import Path

import pytest
from django.db import DatabaseError, connection, transaction

from lianghui.attendance import actions as attendance
from lianghui.attendance.models import Method

from .test_encrypted import keyed, login, open_vote, press  # noqa: F401 (keyed: a fixture)

# How a choice could be written: the API's words and the page's labels.
WORDS = [b"abstain", "弃权".encode(), "反对".encode(), "赞成".encode()]


def database_bytes() -> bytes:
    """Everything the database holds, as an insider with the files would read it."""
    if connection.vendor == "postgresql":
        return _postgresql_bytes()
    name = Path(connection.settings_dict["NAME"])
    assert name.name and str(name) != ":memory:"
    wal = name.with_name(name.name + "-wal")
    return name.read_bytes() + (wal.read_bytes() if wal.exists() else b"")


def _postgresql_bytes() -> bytes:
    """Every row version in every table page (dead ones too, until VACUUM), TOAST included,
    through pageinspect; where the extension cannot be had, every live row (a dump)."""
    chunks = []
    with connection.cursor() as cursor:
        try:
            with transaction.atomic():
                cursor.execute("CREATE EXTENSION IF NOT EXISTS pageinspect")
        except DatabaseError:
            for table in connection.introspection.table_names(cursor):
                cursor.execute(f'SELECT t::text FROM "{table}" t')
                chunks += [row[0].encode() for row in cursor.fetchall()]
            return b"\n".join(chunks)
        cursor.execute(
            "SELECT c.oid::regclass::text, pg_relation_size(c.oid) / current_setting('block_size')::int"
            " FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
            " WHERE n.nspname IN ('public', 'pg_toast') AND c.relkind IN ('r', 't')"
        )
        for relation, blocks in cursor.fetchall():
            for block in range(blocks):
                cursor.execute(
                    "SELECT t_data FROM heap_page_items(get_raw_page(%s, %s))", [relation, block]
                )
                chunks += [bytes(row[0]) for row in cursor.fetchall() if row[0] is not None]
    return b"\n".join(chunks)


def counts(data: bytes) -> dict:
    return {w: data.count(w) for w in WORDS}


def added(before: dict, after: dict) -> dict:
    """The words that show more often than before. Not "any change": PostgreSQL prunes dead
    row versions on its own (a page read or written may drop an old one), so a word already
    there can show less often by the second copy; a choice written shows more often."""
    return {w: after[w] - before[w] for w in before if after[w] > before[w]}


@pytest.mark.django_db(transaction=True)
def test_no_choice_on_disk_after_an_encrypted_vote(keyed):  # noqa: F811
    hall, *_ = keyed
    voters = [login(p.user) for p in hall.delegates]
    chair, poll_id = open_vote(hall, press="last")
    before = counts(database_bytes())
    tokens = [secrets.token_urlsafe(18) for _ in voters]
    for c, t, choice in zip(
        voters, tokens, ["abstain", "no", "yes", "abstain", "no", "yes"], strict=True
    ):
        r, _ = press(c, poll_id, choice, token=t)
        assert r.status_code == 201, r.content
    r, _ = press(voters[0], poll_id, "no", token=tokens[0])  # a change of mind
    assert r.json()["changed"] is True
    assert added(before, counts(database_bytes())) == {}

    # At a meeting without a tally key, a secret vote does not open, and a press stores nothing.
    from lianghui.sessions.models import Meeting

    other = Meeting.objects.create(
        session=hall.session,
        kind=hall.plenary.kind,
        title="第二次全体会议",
        starts_at=hall.plenary.starts_at,
        checkin_open=True,
    )
    attendance.check_in(other, hall.delegates[0], Method.DESK, hall.officer)

    def create(**kw):
        r = chair.post(
            "/api/votes/", {"meeting_id": other.pk, **kw}, content_type="application/json"
        )
        return r.json()["id"]

    def cast(poll_id, choice):
        return voters[0].post(
            f"/api/votes/{poll_id}/cast",
            {"choice": choice, "client_token": secrets.token_urlsafe(18)},
            content_type="application/json",
        )

    secret = create(question="未加密的无记名表决")
    assert chair.post(f"/api/votes/{secret}/open").json()["code"] == "tally_key_required"
    plain_before = counts(database_bytes())
    assert cast(secret, "abstain").status_code == 409
    assert added(plain_before, counts(database_bytes())) == {}

    # The control: a named vote's choice is stored as it is, and the check sees it.
    named = create(question="对照：记名表决", secret=False)
    assert chair.post(f"/api/votes/{named}/open").status_code == 200
    assert cast(named, "abstain").status_code == 201
    assert counts(database_bytes())[b"abstain"] > plain_before[b"abstain"]
