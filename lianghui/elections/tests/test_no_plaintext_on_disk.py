"""What an insider with a copy of the database sees after encrypted election ballots: the
whole database (SQLite file and -wal; PostgreSQL's row versions) is read before and after
delegates cast their ballots, and no mark appears that was not there before.

The marks are looked for as the API and the old plaintext ballots wrote them (yes, abstain).
The Chinese labels cannot serve here: the election definition on the election row names
赞成/反对/弃权 for every candidate, and on PostgreSQL each ballot's update of the row's running
tally writes a new version of the whole row (compressed, so some labels show literally) —
public words, the same for every ballot, that say nothing about any ballot."""

import pytest
from django.db import connection

from lianghui.elections.tests.test_http import (
    cast_all,
    electronic_election,
    login,
    post,
    present,  # noqa: F401 (a fixture)
)
from lianghui.elections.tests.trustees import key_ceremony
from lianghui.people.models import Person
from lianghui.votes.tests.test_no_plaintext_on_disk import added, database_bytes

MARKS = [b"yes", b"abstain"]


def counts(data: bytes) -> dict:
    return {w: data.count(w) for w in MARKS}


@pytest.mark.django_db(transaction=True)
def test_no_mark_on_disk_after_encrypted_election_ballots(present):  # noqa: F811
    hall = present
    key_ceremony(hall)
    chair = login(hall.officer)
    a, b = Person.objects.create(name="甲一"), Person.objects.create(name="乙二")
    eid = electronic_election(chair, hall, [a, b], seats=1, title="区人民政府区长")
    post(chair, f"/api/elections/{eid}/open")
    if connection.vendor == "sqlite":
        # The log emptied into the file first: the ballots' pages then land in a fresh -wal
        # and the file keeps what it held, so any mark written shows as a higher count.
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    before = counts(database_bytes())
    marks = [["yes", "no"], ["no", "yes"], ["abstain", "yes"], ["yes", "abstain"]]
    cast_all(eid, hall.delegates[:4], marks, "disk")
    assert added(before, counts(database_bytes())) == {}
