"""The cast batch's SQL statements give what the ORM's queries give (SQLite and PostgreSQL)."""

import datetime as dt
import functools

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.utils import timezone

from lianghui.attendance.models import Capacity, CheckIn, Method
from lianghui.votes import actions, cast_sql
from lianghui.votes.models import NamedBallot, Voter

pytestmark = pytest.mark.django_db


def _check_in(meeting, person, capacity, at):
    return CheckIn.objects.create(
        meeting=meeting, person=person, capacity=capacity, method=Method.DESK, at=at
    )


def test_entitled_is_the_orm_query(hall):
    opened = timezone.now()
    a, b, c, d, e, f = hall.delegates
    _check_in(hall.plenary, a, Capacity.VOTING, opened - dt.timedelta(minutes=5))
    _check_in(hall.plenary, b, Capacity.VOTING, opened)  # at the very moment: entitled
    _check_in(hall.plenary, c, Capacity.VOTING, opened + dt.timedelta(seconds=1))  # too late
    _check_in(hall.plenary, d, Capacity.NONVOTING, opened - dt.timedelta(minutes=5))
    _check_in(hall.group, e, Capacity.VOTING, opened - dt.timedelta(minutes=5))  # elsewhere
    asked = {p.pk for p in hall.delegates}
    orm = set(
        CheckIn.objects.filter(
            meeting=hall.plenary,
            person_id__in=asked,
            capacity=Capacity.VOTING,
            at__lte=opened,
        ).values_list("person_id", flat=True)
    )
    assert cast_sql.entitled(hall.plenary.pk, asked, opened) == orm == {a.pk, b.pk}
    assert cast_sql.entitled(hall.plenary.pk, {f.pk}, opened) == set()
    assert cast_sql.entitled(hall.plenary.pk, set(), opened) == set()


@pytest.fixture
def poll(hall):
    settings = actions.PollSettings(question="记名表决", secret=False)
    return actions.create_poll(hall.plenary, settings, hall.officer)


def test_insert_voters_returns_only_the_first(hall, poll):
    opened = timezone.now()
    a, b, c = hall.delegates[:3]
    for person in (a, b, c):
        _check_in(hall.plenary, person, Capacity.VOTING, opened)
    a, b, c = a.pk, b.pk, c.pk
    insert = functools.partial(cast_sql.insert_voters, meeting_id=hall.plenary.pk, opened_at=opened)
    assert insert(poll.pk, [(b, "h-b"), (a, "h-a")]) == {a, b}
    # b again (another press) and c new: only c is inserted; b's first row stands.
    assert insert(poll.pk, [(c, "h-c"), (b, "h-b2")]) == {c}
    rows = dict(Voter.objects.filter(poll=poll).values_list("person_id", "token_hash"))
    assert rows == {a: "h-a", b: "h-b", c: "h-c"}
    assert insert(poll.pk, []) == set()


def test_insert_voters_takes_only_the_entitled(hall, poll):
    """The same check-ins as the entitlement query's: only a and b are inserted."""
    opened = timezone.now()
    a, b, c, d, e, f = hall.delegates
    _check_in(hall.plenary, a, Capacity.VOTING, opened - dt.timedelta(minutes=5))
    _check_in(hall.plenary, b, Capacity.VOTING, opened)
    _check_in(hall.plenary, c, Capacity.VOTING, opened + dt.timedelta(seconds=1))
    _check_in(hall.plenary, d, Capacity.NONVOTING, opened - dt.timedelta(minutes=5))
    _check_in(hall.group, e, Capacity.VOTING, opened - dt.timedelta(minutes=5))
    voters = [(p.pk, f"h-{p.pk}") for p in (f, e, d, c, b, a)]
    inserted = cast_sql.insert_voters(poll.pk, voters, hall.plenary.pk, opened)
    assert inserted == {a.pk, b.pk}
    rows = dict(Voter.objects.filter(poll=poll).values_list("person_id", "token_hash"))
    assert rows == {a.pk: f"h-{a.pk}", b.pk: f"h-{b.pk}"}


def test_voters_and_their_named_ballots_in_one_statement(hall, poll):
    """Only the voters inserted (entitled, and not there before) get a ballot, with their
    press's choice: as insert_voters and then insert_named_ballots for those inserted."""
    if connection.vendor != "postgresql":  # SQLite has no INSERT in WITH: two statements
        assert not cast_sql.named_ballots_with_voters()
        return
    opened = timezone.now()
    a, b, c, d = hall.delegates[:4]
    for person in (a, b, c):
        _check_in(hall.plenary, person, Capacity.VOTING, opened)
    insert = functools.partial(
        cast_sql.insert_voters_and_named_ballots, meeting_id=hall.plenary.pk, opened_at=opened
    )
    assert insert(poll.pk, [(b.pk, "h-b", "no"), (a.pk, "h-a", "yes")]) == {a.pk, b.pk}
    # b again (a repeat) and c new and d not checked in: only c is inserted, with a ballot.
    assert insert(
        poll.pk, [(c.pk, "h-c", "abstain"), (b.pk, "h-b2", "yes"), (d.pk, "h-d", "yes")]
    ) == {c.pk}
    ballots = dict(NamedBallot.objects.filter(poll=poll).values_list("person_id", "choice"))
    assert ballots == {a.pk: "yes", b.pk: "no", c.pk: "abstain"}
    voters = dict(Voter.objects.filter(poll=poll).values_list("person_id", "token_hash"))
    assert voters == {a.pk: "h-a", b.pk: "h-b", c.pk: "h-c"}
    assert all(n.at.tzinfo is not None for n in NamedBallot.objects.filter(poll=poll))


def test_insert_named_ballots_as_the_orm_would(hall, poll):
    before = timezone.now()
    a, b = (p.pk for p in hall.delegates[:2])
    cast_sql.insert_named_ballots(poll.pk, [(a, "yes"), (b, "abstain")])
    ballots = {n.person_id: n for n in NamedBallot.objects.filter(poll=poll)}
    assert {k: n.choice for k, n in ballots.items()} == {a: "yes", b: "abstain"}
    assert all(before <= n.at <= timezone.now() for n in ballots.values())
    assert all(n.at.tzinfo is not None for n in ballots.values())


def test_users_only_active_with_a_person(hall):
    a, b = hall.delegates[:2]
    a.user = User.objects.create_user("a_user", password="x-pass-1")
    a.save(update_fields=["user"])
    b.user = User.objects.create_user("b_user", password="x-pass-2", is_active=False)
    b.save(update_fields=["user"])
    asked = {a.user.pk, b.user.pk, hall.outsider.pk, hall.officer.pk, 10**9}
    found = cast_sql.active_users_with_person(asked)
    assert found == {a.user.pk: (a.user.password, a.pk)}
    assert cast_sql.active_users_with_person(set()) == {}


def test_poll_read_whole_as_the_orm_reads_it(hall, poll):
    poll, _ = actions.open_poll(poll, hall.officer)
    orm = type(poll).objects.get(pk=poll.pk)
    read = cast_sql.poll_for_cast(poll.pk, lock=connection.vendor == "postgresql")
    fields = [f.attname for f in type(poll)._meta.concrete_fields]
    assert {f: getattr(read, f) for f in fields} == {f: getattr(orm, f) for f in fields}
    assert read.opened_at is not None and read.opened_at.tzinfo is not None
    assert read._state.adding is False and read._state.db == orm._state.db
    assert cast_sql.poll_for_cast(10**9, lock=False) is None
