"""One Redis client per process for the cache, whatever the request context.

Under ASGI Django keeps a cache instance per request context; each instance of its Redis
backend built a pool of its own, so every request (and every batch of the hall's hot path)
opened a new connection to Redis. With the real Redis (the PostgreSQL + Redis suite) the
connections are counted on the server; without it, the instances still share one client
and fall back to local memory together."""

import asyncio
import os
import uuid

import pytest
import redis
from django.core.cache import caches

from lianghui import cache as resilient
from lianghui.web.tests.test_degraded import closed_port, fresh_state  # noqa: F401 (fixture)


def _params(url: str, name: str) -> tuple[str, dict]:
    return url, {"OPTIONS": {"client_name": name, "socket_connect_timeout": 1}}


async def _read_in_fresh_contexts(url: str, name: str, times: int) -> None:
    """Each read in a task of its own, as each request is: a new cache instance each time."""

    async def one(i):
        cache = resilient.ResilientRedisCache(*_params(url, name))
        await asyncio.to_thread(cache.get, f"k{i}")

    for i in range(times):
        await asyncio.create_task(one(i))


def test_cache_instances_share_one_client():
    url = f"redis://127.0.0.1:{closed_port()}/0"
    a = resilient.ResilientRedisCache(*_params(url, "a"))
    b = resilient.ResilientRedisCache(*_params(url, "a"))
    other = resilient.ResilientRedisCache(*_params(url, "b"))
    assert a._cache is b._cache
    assert other._cache is not a._cache  # other options, another client


@pytest.mark.usefixtures("fresh_state")
def test_each_request_context_reuses_the_processs_redis_connections():
    url = os.environ.get("REDIS_URL")
    if not url:  # no Redis here: the shared client falls back to local memory for all
        url = f"redis://127.0.0.1:{closed_port()}/0"
        name = f"lianghui-test-{uuid.uuid4().hex[:8]}"
        resilient.ResilientRedisCache(*_params(url, name)).set("k", "v")
        assert resilient.ResilientRedisCache(*_params(url, name)).get("k") == "v"
        return
    name = f"lianghui-test-{uuid.uuid4().hex[:8]}"
    server = redis.Redis.from_url(url)
    before = server.info("stats")["total_connections_received"]
    asyncio.run(_read_in_fresh_contexts(url, name, 30))
    opened = server.info("stats")["total_connections_received"] - before
    ours = [c for c in server.client_list() if c.get("name") == name]
    assert len(ours) == 1
    # A connection per read would be 30. Other tests, running beside this one, may connect
    # meanwhile: the margin is theirs.
    assert opened < 20


def test_the_configured_cache_is_the_same_client_in_every_context():
    async def client_in_new_context():
        return caches["default"]._cache

    first = asyncio.run(client_in_new_context())
    second = asyncio.run(client_in_new_context())
    assert first is second  # Redis: the shared client; local memory: its shared store
