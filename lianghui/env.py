"""Strict readers for settings that come from the environment.

A bad value stops the process at start-up with the variable's name, rather than
running a congress session on a silently wrong configuration.
"""

import os
import re
from pathlib import Path


class ConfigError(Exception):
    pass


def env_str(name: str, default: str | None = None) -> str | None:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    lowered = value.strip().lower()
    if lowered in {"1", "true", "yes", "on"}:
        return True
    if lowered in {"0", "false", "no", "off"}:
        return False
    raise ConfigError(f"{name} must be true or false, not {value!r}")


def env_int(name: str, default: int, minimum: int = 0) -> int:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    try:
        number = int(value)
    except ValueError:
        raise ConfigError(f"{name} must be a whole number, not {value!r}") from None
    if number < minimum:
        raise ConfigError(f"{name} must be at least {minimum}, not {number}")
    return number


def env_list(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    items = [item.strip() for item in value.split(",")]
    if any(not item for item in items):
        raise ConfigError(f"{name} is a comma-separated list with an empty item: {value!r}")
    return items


def env_url(name: str, schemes: set[str], default: str | None = None) -> str | None:
    value = env_str(name, default)
    if value is None:
        return None
    scheme = value.split("://", 1)[0] if "://" in value else ""
    if scheme not in schemes:
        allowed = ", ".join(sorted(schemes))
        raise ConfigError(f"{name} must start with one of {allowed}://, not {value!r}")
    return value


def env_path(name: str, default: Path) -> Path:
    value = env_str(name)
    path = Path(value).expanduser() if value else default
    return path.resolve()


def env_proxy_header(name: str) -> tuple[str, str] | None:
    """A reverse proxy's header saying a request came over HTTPS, as Django wants it:
    "X-Forwarded-Proto" becomes ("HTTP_X_FORWARDED_PROTO", "https")."""
    value = env_str(name)
    if value is None:
        return None
    if not re.fullmatch(r"[A-Za-z0-9-]+", value.strip()):
        raise ConfigError(f"{name} must be a header name such as X-Forwarded-Proto, not {value!r}")
    return "HTTP_" + value.strip().upper().replace("-", "_"), "https"


def redis_channel_prefix(url: str, base: str) -> str:
    """The prefix of the live push's Redis channels for the Redis database ``url`` names.

    Redis keys live in numbered databases, but its publish/subscribe channels are shared by
    the whole server: two deployments (or two test workers) on one Redis with different
    database numbers would otherwise hear each other's pushes for meetings with the same id.
    """
    from urllib.parse import urlsplit

    path = urlsplit(url).path.strip("/")
    database = path if path.isdigit() else "0"
    return f"{base}.{database}."
