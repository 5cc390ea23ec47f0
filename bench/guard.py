"""Every benchmark owns the database it is given and wipes it: refuse one that is not
obviously a benchmark's own.

A ``DATABASE_URL`` whose database name (PostgreSQL: the path; SQLite: the file name) does not
contain "bench" is refused unless the benchmark is run with ``--wipe-database``. Without
``DATABASE_URL`` the benchmarks use a fresh SQLite file in a temporary folder, which needs no
guard. ``python -m bench`` checks this before importing any benchmark; each benchmark checks
it again itself (they can be run as ``python -m bench.<name>`` too).
"""

import os
from urllib.parse import urlsplit

FLAG = "--wipe-database"


def database_name(url: str) -> str:
    path = urlsplit(url).path
    return path.rstrip("/").rsplit("/", 1)[-1] if path else ""


def refusal(url: str, allow_any_name: bool) -> str | None:
    """Why this DATABASE_URL may not be wiped (None: it may, or there is none)."""
    if not url:
        return None  # a fresh SQLite file in a temporary folder
    name = database_name(url)
    if "bench" in name.lower() or allow_any_name:
        return None
    return (
        f"refusing to wipe database {name!r}: its name does not contain 'bench'. Use a "
        f"dedicated one such as lianghui_bench (or pass {FLAG} to wipe it anyway)"
    )


def check(allow_any_name: bool) -> None:
    """Stop the benchmark when DATABASE_URL names a database it may not wipe."""
    if reason := refusal(os.environ.get("DATABASE_URL", ""), allow_any_name):
        raise SystemExit(reason)


def add_flag(parser) -> None:
    parser.add_argument(
        FLAG, action="store_true", help="allow wiping a DATABASE_URL whose name lacks 'bench'"
    )
