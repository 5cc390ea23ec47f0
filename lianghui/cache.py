"""The cache when Redis may be down: Redis while it answers, this process's memory while not.

Nothing of record lives in the cache. Sign-in sessions are ``cached_db`` (the database holds
every session; the cache only saves a query), the hot path reads sessions through it and
falls back to the database on a miss, and the other keys (sign-in slip throttles, a roster
preview kept between two requests) are short-lived. So when Redis stops, the right answer
is to carry on from local memory rather than fail every request with a 500: sign-in, pages
and the chair's console keep working, and the secretariat sees a banner (``redis_down``).

Each failing call costs one connection attempt; after one, Redis is not tried again for
RETRY_SECONDS, so a dead Redis does not add a connect timeout to every request. Live pushes
fail on their own (sessions/live.py logs them) and the screens poll instead.
"""

import logging
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


class ResilientRedisCache(RedisCache):
    """django.core.cache.backends.redis.RedisCache that falls back to local memory."""

    def __init__(self, server, params):
        super().__init__(server, params)
        self._local = LocMemCache(
            f"lianghui-fallback-{id(self)}", {"OPTIONS": {"MAX_ENTRIES": 20_000}}
        )

    @property
    def _cache(self):
        client = self.__dict__.get("_client")
        if client is None:
            client = self.__dict__["_client"] = _FallingBack(
                self._class(self._servers, **self._options), self._local
            )
        return client
