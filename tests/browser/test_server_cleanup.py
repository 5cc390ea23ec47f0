"""A test server's clean-up ends the PostgreSQL connections its own threads opened, no other.

No browser here: the server (tests/browser/conftest.py) runs a bare ASGI application that
opens a connection in each kind of thread a server runs sync code in, and leaves it open.
"""

import asyncio
import json
from urllib.request import urlopen

import pytest
from asgiref.sync import sync_to_async
from django.db import connection

from tests.browser.conftest import serve_asgi

pytestmark = pytest.mark.django_db(transaction=True)


def _session(conn=None):
    """A query on conn (this thread's connection by default), opened if need be; its
    PostgreSQL backend pid (None on another database)."""
    conn = conn or connection
    with conn.cursor() as cursor:
        if conn.vendor != "postgresql":
            cursor.execute("SELECT 1")
            return None
        cursor.execute("SELECT pg_backend_pid()")
        return cursor.fetchone()[0]


async def _leaves_connections_open(scope, receive, send):
    # A thread of the loop's pool, and asgiref's one thread for thread-sensitive calls
    # (no request context around a bare application), each keeps its connection.
    pids = [
        await sync_to_async(_session, thread_sensitive=False)(),
        await sync_to_async(_session, thread_sensitive=True)(),
    ]
    await send({"type": "http.response.start", "status": 200, "headers": []})
    await send({"type": "http.response.body", "body": json.dumps(pids).encode()})


def _backends(pids) -> list:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid = ANY(%s)",
            [list(pids)],
        )
        return cursor.fetchall()


def test_the_clean_up_ends_the_server_connections_and_leaves_the_others():
    other = connection.copy()  # another connection of the test database, idle throughout
    other_pid = _session(other)
    try:
        with serve_asgi(_leaves_connections_open) as url, urlopen(url, timeout=10) as answer:
            server_pids = json.loads(answer.read())
            if connection.vendor == "postgresql":
                assert len(_backends(server_pids)) == 2  # still open while the server runs
        assert _session(other) == other_pid  # the other connection still answers
    finally:
        other.close()
    if connection.vendor == "postgresql":
        assert _backends(server_pids) == []
    # asgiref's thread outlives the server and serves later code: it opens a new connection.
    again = asyncio.run(sync_to_async(_session, thread_sensitive=True)())
    if connection.vendor == "postgresql":
        assert _backends([again]) == [(again,)]
