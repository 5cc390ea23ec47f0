"""The statements of a cast batch that run on every commit, written as SQL.

At hall rates (a few hundred presses a second) a batch holds a handful of presses, and
Django's query compiler, which rebuilds each statement from its queryset every time, costs
more CPU (0.3–0.5 ms a statement) than the database takes to answer it. These statements
are the same every time but for their parameters, so they are written once here, with the
tables' and columns' names taken from the models, and run on a plain cursor. They are
portable SQL (SQLite ≥ 3.35 and PostgreSQL): what they return is tested against the ORM's
answer on both (votes/tests/test_cast_sql.py).
"""

import functools
import uuid

from django.contrib.auth import get_user_model
from django.db import connection
from django.utils import timezone

from lianghui.attendance.models import Capacity, CheckIn
from lianghui.people.models import Person
from lianghui.votes.models import NamedBallot, Poll, Voter


def _table(model) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def _column(model, field: str) -> str:
    return connection.ops.quote_name(model._meta.get_field(field).column)


def _prep(model, field: str, value):
    return model._meta.get_field(field).get_db_prep_value(value, connection)


def _placeholders(n: int) -> str:
    return ", ".join(["%s"] * n)


def _rows(sql: str, params: list) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def poll_for_cast(poll_id: int, lock: bool) -> Poll | None:
    """The poll, read whole; lock: FOR KEY SHARE (PostgreSQL), see casting._lock_poll."""
    fields, columns, converters = _poll_reading()
    sql = f"SELECT {columns} FROM {_table(Poll)} WHERE {_column(Poll, 'id')} = %s"
    rows = _rows(sql + (" FOR KEY SHARE" if lock else ""), [poll_id])
    if not rows:
        return None
    values = []
    for value, (expression, convert_all) in zip(rows[0], converters, strict=True):
        for convert in convert_all:
            value = convert(value, expression, connection)
        values.append(value)
    return Poll.from_db(connection.alias, [f.attname for f in fields], values)


_poll_readings: dict[str, tuple] = {}


def _poll_reading() -> tuple:
    """The poll's fields, its column list and, per column, the converters the ORM applies
    to a value read (dates on SQLite, booleans, JSON): worked out once per database."""
    reading = _poll_readings.get(connection.vendor)
    if reading is None:
        fields = Poll._meta.concrete_fields
        columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
        converters = []
        for field in fields:
            expression = field.get_col(Poll._meta.db_table)
            convert_all = connection.ops.get_db_converters(expression)
            converters.append((expression, convert_all + expression.get_db_converters(connection)))
        reading = _poll_readings[connection.vendor] = (fields, columns, converters)
    return reading


def entitled(meeting_id: int, person_ids: set[int], opened_at) -> set[int]:
    """Those of `person_ids` checked in to the meeting to vote, at or before `opened_at`."""
    if not person_ids:
        return set()
    ids = sorted(person_ids)
    sql = _entitled_sql(connection.vendor, len(ids))
    return {row[0] for row in _rows(sql, [*_checked_in_params(meeting_id, opened_at), *ids])}


def insert_voters(
    poll_id: int, voters: list[tuple[int, str]], meeting_id: int, opened_at
) -> set[int]:
    """Insert the "has voted" rows (person id, token hash) of those checked in to the
    meeting to vote by `opened_at`; return the persons inserted. One not returned has voted
    already or is not entitled (`entitled` tells which): the entitlement is checked in the
    same statement, so a hall's batch is one round trip shorter.

    One multi-row INSERT … SELECT … ON CONFLICT DO NOTHING RETURNING: the unique constraint
    (poll, person) decides who was first, without an exception and a savepoint per press.
    In person order: two workers' batches that share voters then take the unique-index locks
    in the same order and wait for each other instead of deadlocking.
    """
    if not voters:
        return set()
    params: list = [poll_id]
    for person_id, token_hash in sorted(voters):
        params += [_prep(Voter, "id", uuid.uuid4()), person_id, token_hash]
    params += _checked_in_params(meeting_id, opened_at)
    sql = _insert_voters_sql(connection.vendor, len(voters))
    return {row[0] for row in _rows(sql, params)}


def named_ballots_with_voters() -> bool:
    """On PostgreSQL a named vote's ballots are inserted in the voters' statement (a
    data-modifying WITH, one round trip fewer per batch); SQLite has no such statement."""
    return connection.vendor == "postgresql"


def insert_voters_and_named_ballots(
    poll_id: int, voters: list[tuple[int, str, str]], meeting_id: int, opened_at
) -> set[int]:
    """insert_voters, and in the same statement the named ballot (person, choice) of each
    voter it inserted, stamped now: PostgreSQL only (named_ballots_with_voters)."""
    if not voters:
        return set()
    params: list = []
    for person_id, token_hash, choice in sorted(voters):
        params += [_prep(Voter, "id", uuid.uuid4()), person_id, token_hash, choice]
    params += [poll_id, *_checked_in_params(meeting_id, opened_at)]
    params += [poll_id, _prep(NamedBallot, "at", timezone.now())]
    sql = _voters_and_named_ballots_sql(connection.vendor, len(voters))
    return {row[0] for row in _rows(sql, params)}


# The statements below are built once per size: looking up their tables' and columns' quoted
# names cost more than the database takes to run a hall's small batch. (vendor: the
# connection's, so that a statement built for one database is never sent to another.)


@functools.lru_cache(maxsize=512)
def _entitled_sql(vendor: str, n: int) -> str:
    return f"{_checked_in_sql()} AND {_column(CheckIn, 'person')} IN ({_placeholders(n)})"


@functools.lru_cache(maxsize=512)
def _insert_voters_sql(vendor: str, n: int) -> str:
    columns = ", ".join(_column(Voter, f) for f in ("id", "poll", "person", "token_hash"))
    # VALUES names its columns column1, column2, … on SQLite and PostgreSQL alike; SQLite
    # needs a WHERE before ON CONFLICT; ORDER BY: in person order whatever plan is picked.
    return (
        f"INSERT INTO {_table(Voter)} ({columns}) "
        "SELECT pressed.column1, %s, pressed.column2, pressed.column3 "
        f"FROM (VALUES {', '.join(['(%s, %s, %s)'] * n)}) AS pressed "
        f"WHERE pressed.column2 IN ({_checked_in_sql()}) ORDER BY pressed.column2 "
        f"ON CONFLICT DO NOTHING RETURNING {_column(Voter, 'person')}"
    )


@functools.lru_cache(maxsize=512)
def _voters_and_named_ballots_sql(vendor: str, n: int) -> str:
    voter_columns = ", ".join(_column(Voter, f) for f in ("id", "poll", "person", "token_hash"))
    ballot_columns = ", ".join(_column(NamedBallot, f) for f in ("poll", "person", "choice", "at"))
    values = ", ".join(["(%s::uuid, %s::bigint, %s::text, %s::text)"] * n)
    return (
        f"WITH pressed (id, person, token, choice) AS (VALUES {values}), "
        f"voters AS (INSERT INTO {_table(Voter)} ({voter_columns}) "
        "SELECT pressed.id, %s, pressed.person, pressed.token FROM pressed "
        f"WHERE pressed.person IN ({_checked_in_sql()}) ORDER BY pressed.person "
        f"ON CONFLICT DO NOTHING RETURNING {_column(Voter, 'person')} AS person), "
        f"ballots AS (INSERT INTO {_table(NamedBallot)} ({ballot_columns}) "
        "SELECT %s, pressed.person, pressed.choice, %s FROM pressed "
        "JOIN voters ON voters.person = pressed.person) "
        "SELECT person FROM voters"
    )


def _checked_in_sql() -> str:
    """Who checked in to a meeting to vote by a moment: _checked_in_params fill it in."""
    return (
        f"SELECT {_column(CheckIn, 'person')} FROM {_table(CheckIn)} "
        f"WHERE {_column(CheckIn, 'meeting')} = %s AND {_column(CheckIn, 'capacity')} = %s "
        f"AND {_column(CheckIn, 'at')} <= %s"
    )


def _checked_in_params(meeting_id: int, opened_at) -> list:
    return [meeting_id, Capacity.VOTING.value, _prep(CheckIn, "at", opened_at)]


def insert_named_ballots(poll_id: int, choices: list[tuple[int, str]]) -> None:
    """A named vote's ballots (person id, choice), stamped now, in one INSERT."""
    if not choices:
        return
    at = _prep(NamedBallot, "at", timezone.now())
    params = []
    for person_id, choice in choices:
        params += [poll_id, person_id, choice, at]
    with connection.cursor() as cursor:
        cursor.execute(_named_ballots_sql(connection.vendor, len(choices)), params)


@functools.lru_cache(maxsize=512)
def _named_ballots_sql(vendor: str, n: int) -> str:
    columns = ", ".join(_column(NamedBallot, f) for f in ("poll", "person", "choice", "at"))
    values = ", ".join(["(%s, %s, %s, %s)"] * n)
    return f"INSERT INTO {_table(NamedBallot)} ({columns}) VALUES {values}"


def active_users_with_person(user_ids: set[int]) -> dict[int, tuple[str, int]]:
    """User id → (password hash, person id), for active users who are a person (a delegate
    or member): what a press needs to verify its session as Django's get_user does."""
    if not user_ids:
        return {}
    ids = sorted(user_ids)
    sql = _users_sql(connection.vendor, get_user_model(), len(ids))
    return {uid: (password, pid) for uid, password, pid in _rows(sql, [True, *ids])}


@functools.lru_cache(maxsize=512)
def _users_sql(vendor: str, user, n: int) -> str:
    return (
        f"SELECT u.{_column(user, 'id')}, u.{_column(user, 'password')}, p.{_column(Person, 'id')} "
        f"FROM {_table(user)} u JOIN {_table(Person)} p ON p.{_column(Person, 'user')} = "
        f"u.{_column(user, 'id')} WHERE u.{_column(user, 'is_active')} = %s "
        f"AND u.{_column(user, 'id')} IN ({_placeholders(n)})"
    )
