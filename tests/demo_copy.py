"""The demo loaded once per test process, and copied back for later tests that load it alike.

A full load replays every vote, election and deliberation of the seed (tens of seconds); the
tests of what it loaded need its result, not a fresh replay each. ``load_demo_once(**kwargs)``
calls ``lianghui.demo.load_demo(**kwargs)`` the first time, and keeps a copy of every table
the load changed together with the database it met. A later call with the same arguments
(and the same day: the loader reads the date) on a database that is as that first call met
it puts the copy back instead, inside the caller's transaction, so that it is rolled back
with the test. On any other database (a test that wrote rows first) it loads for real.
``once(key, build)`` does the same for any other build of demo data (a load and a replay).

Not for a test under a travelled clock (time_machine): the copy carries the times of the day
it was made. The browser tests copy a whole committed database instead (tests/browser/snapshot.py).

SQLite: rows are read with ``+column`` (an expression: the driver applies no converter, so
the values go back exactly as stored). PostgreSQL: COPY in binary, as the browser snapshot.
"""

from copy import deepcopy

from django.db import connection, transaction
from django.utils import timezone

_copies: dict = {}


def load_demo_once(**kwargs):
    from lianghui.demo import load_demo

    today = kwargs.get("today") or timezone.localdate()
    return once(("load_demo", tuple(sorted(kwargs.items())), today), lambda: load_demo(**kwargs))


def once(key, build):
    """build() the first time for this key, else its copy put back (see above); its result."""
    before = _contents()
    copy = _copies.get(key)
    if copy is not None and copy["before"] == before:
        _put_back(copy["tables"])
        devices_back(copy["devices"])
        return deepcopy(copy["result"])
    result = build()
    after = _contents()
    changed = {t: rows for t, rows in after.items() if before.get(t) != rows}
    _copies[key] = {
        "before": before,
        "tables": changed,
        "result": deepcopy(result),
        "devices": devices_now(),
    }
    return result


def devices_now() -> dict:
    """The scrutineers' devices (their key shares, in this process only) of the demo as loaded.

    A copy of the tables carries the meetings' tally keys; the shares that answer for them
    live in lianghui.demo.votes.DEVICES, by meeting id. A later real load in the same process
    makes new keys for the same ids: put back without its devices, a copy's key would be
    answered with another key's shares, and no partial decryption would verify.
    """
    from lianghui.demo.votes import DEVICES

    return dict(DEVICES)


def devices_back(saved: dict) -> None:
    from lianghui.demo.votes import DEVICES

    DEVICES.clear()
    DEVICES.update(saved)


def _tables() -> list[str]:
    return sorted(connection.introspection.django_table_names(only_existing=True))


def _columns(cursor, table: str) -> list[str]:
    return [c.name for c in connection.introspection.get_table_description(cursor, table)]


def _contents() -> dict:
    """Every table's rows: (columns, rows) on SQLite, COPY's bytes on PostgreSQL."""
    connection.ensure_connection()
    out = {}
    with connection.cursor() as cursor:
        for table in _tables():
            quoted = connection.ops.quote_name(table)
            if connection.vendor == "postgresql":
                with cursor.cursor.copy(f"COPY {quoted} TO STDOUT (FORMAT binary)") as copy:
                    out[table] = b"".join(bytes(chunk) for chunk in copy)
                continue
            columns = _columns(cursor, table)
            names = ", ".join(f"+{connection.ops.quote_name(c)}" for c in columns)
            rows = connection.connection.execute(f"SELECT {names} FROM {quoted}").fetchall()
            out[table] = (columns, rows)
    return out


def _put_back(tables: dict) -> None:
    with transaction.atomic(), connection.cursor() as cursor:
        # Django's foreign keys are checked at commit (deferred): the order of the tables
        # does not matter.
        for table in tables:
            cursor.execute(f"DELETE FROM {connection.ops.quote_name(table)}")
        for table, data in tables.items():
            quoted = connection.ops.quote_name(table)
            if connection.vendor == "postgresql":
                with cursor.cursor.copy(f"COPY {quoted} FROM STDIN (FORMAT binary)") as copy:
                    copy.write(data)
                continue
            columns, rows = data
            names = ", ".join(connection.ops.quote_name(c) for c in columns)
            marks = ", ".join("?" * len(columns))
            connection.connection.executemany(
                f"INSERT INTO {quoted} ({names}) VALUES ({marks})", rows
            )
