"""The cache when Redis may be down: Redis while it answers, this process's memory while not.

Nothing of record lives in the cache. Sign-in sessions are ``cached_db`` (the database holds
every session; the cache only saves a query), the hot path reads sessions through it and
falls back to the database on a miss, and the other keys (sign-in slip throttles, a roster
preview kept between two requests) are short-lived. So when Redis stops, the right answer
is to carry on from local memory rather than fail every request with a 500: sign-in, pages
and the chair's console keep working, and the secretariat sees a banner (``redis_down``).

One client (and so one pool of Redis connections) serves every instance of the cache with
the same servers and options in this process. Django keeps a cache instance per request
context under ASGI, and each instance of its Redis backend builds its own pool: every
request, and every batch of the hall's hot path, then opened a new connection to Redis
(a TCP connect and its handshake commands) to read one session.

Each failing call costs one connection attempt; after one, Redis is not tried again for
RETRY_SECONDS, so a dead Redis does not add a connect timeout to every request. Live pushes
fail on their own (sessions/live.py logs them) and the screens poll instead.
"""

import logging
import threading
import time

from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

log = logging.getLogger("lianghui.cache")

RETRY_SECONDS = 10
UNREACHABLE = (RedisConnectionError, RedisTimeoutError, OSError)

# When this process last found Redis unreachable (monotonic seconds), or None.
_down_since: float | None = None
_retry_at = 0.0


def redis_down() -> bool:
    """Whether this process is serving the cache from local memory because Redis failed."""
    return _down_since is not None


class _FallingBack:
    """RedisCacheClient's methods, each tried on Redis, else on the local cache."""

    def __init__(self, redis: RedisCacheClient, local: LocMemCache):
        self._redis, self._local = redis, local

    def __getattr__(self, name):
        on_redis, on_local = getattr(self._redis, name), getattr(self._local, name)

        def call(*args, **kwargs):
            global _down_since, _retry_at
            if _down_since is not None and time.monotonic() < _retry_at:
                return on_local(*args, **kwargs)
            try:
                result = on_redis(*args, **kwargs)
            except UNREACHABLE as exc:
                if _down_since is None:
                    log.error("Redis unreachable, the cache falls back to local memory: %s", exc)
                    _down_since = time.monotonic()
                _retry_at = time.monotonic() + RETRY_SECONDS
                return on_local(*args, **kwargs)
            if _down_since is not None:
                log.warning("Redis answers again; the cache is back on Redis")
                _down_since = None
            return result

        return call


# (servers, options) → the client every cache instance with them shares in this process.
_clients: dict[str, _FallingBack] = {}
_clients_lock = threading.Lock()


def _shared_client(servers: list[str], options: dict, make_redis) -> _FallingBack:
    key = repr((list(servers), sorted(options.items())))
    client = _clients.get(key)
    if client is None:
        with _clients_lock:
            client = _clients.get(key)
            if client is None:
                local = LocMemCache(
                    f"lianghui-fallback-{key}", {"OPTIONS": {"MAX_ENTRIES": 20_000}}
                )
                client = _clients[key] = _FallingBack(make_redis(), local)
    return client


class ResilientRedisCache(RedisCache):
    """django.core.cache.backends.redis.RedisCache that falls back to local memory, on a
    client shared by the process's instances (see above)."""

    @property
    def _cache(self):
        client = self.__dict__.get("_client")
        if client is None:
            client = self.__dict__["_client"] = _shared_client(
                self._servers, self._options, lambda: self._class(self._servers, **self._options)
            )
        return client
