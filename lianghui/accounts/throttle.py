"""Failed sign-in attempts by slip, counted per client address in the cache.

After rules.FAILURE_LIMIT failures within rules.FAILURE_WINDOW seconds, an address may not try
another slip until the window ends (see rules.py for why this makes the short code safe).
Only failures count, so a hall full of delegates behind one Wi-Fi address signs in freely.
The count lives in the cache: Redis in production (shared by every worker), the process's
memory otherwise.
"""

from django.core.cache import cache

from lianghui.accounts import rules


def _key(address: str) -> str:
    return f"accounts:signin-failures:{address}"


def address_of(request) -> str:
    # `lianghui serve` runs uvicorn with proxy_headers: REMOTE_ADDR is the client's address
    # as the trusted proxy reported it.
    return request.META.get("REMOTE_ADDR") or "unknown"


def blocked(address: str) -> bool:
    return rules.throttled(cache.get(_key(address), 0))


def failed(address: str) -> None:
    key = _key(address)
    # add() starts the window only for the first failure; incr() is atomic on Redis.
    cache.add(key, 0, timeout=rules.FAILURE_WINDOW)
    try:
        cache.incr(key)
    except ValueError:  # expired between add() and incr()
        cache.set(key, 1, timeout=rules.FAILURE_WINDOW)
