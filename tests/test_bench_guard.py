"""No benchmark wipes a database whose name does not say it is a benchmark's.

The URLs point at a port nothing listens on: were the guard missing, the benchmark would fail
to connect rather than wipe anything.
"""

import subprocess
import sys
from pathlib import Path

import pytest

from bench import guard
from bench.__main__ import BENCHMARKS

ROOT = Path(__file__).resolve().parent.parent
NOT_BENCH = "postgres://postgres@127.0.0.1:1/lianghui"


def run_bench(name: str, url: str, *flags: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "bench", name, *flags],
        cwd=ROOT,
        env={"PATH": "/usr/bin:/bin", "DATABASE_URL": url},
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize("name", sorted(BENCHMARKS))
def test_every_benchmark_refuses_a_database_not_named_bench(name):
    done = run_bench(name, NOT_BENCH)
    assert done.returncode != 0
    assert "refusing to wipe database 'lianghui'" in done.stderr
    assert "--wipe-database" in done.stderr


def test_pages_refuses_when_called_directly(monkeypatch):
    from bench import pages

    monkeypatch.setenv("DATABASE_URL", NOT_BENCH)
    with pytest.raises(SystemExit, match="refusing to wipe database 'lianghui'"):
        pages.run(["--delegates", "1"])


@pytest.mark.parametrize(
    ("url", "flag", "refused"),
    [
        ("postgres://postgres@127.0.0.1:5432/lianghui", False, True),
        ("postgres://postgres@127.0.0.1:5432/lianghui", True, False),
        ("postgres://postgres@127.0.0.1:5432/lianghui_bench", False, False),
        ("postgresql://u@localhost/BENCH_votes", False, False),
        ("postgres://postgres@127.0.0.1:5432/", False, True),
        ("postgres://bench@127.0.0.1:5432/prod", False, True),  # the user's name is not the db's
        ("sqlite:////var/lib/lianghui/db.sqlite3", False, True),
        ("sqlite:////tmp/bench/db.sqlite3", False, True),  # the folder's name is not the db's
        ("sqlite:////tmp/lianghui-bench.sqlite3", False, False),
        ("", False, False),  # no DATABASE_URL: a fresh SQLite file in a temporary folder
    ],
)
def test_the_name_that_counts_is_the_databases(url, flag, refused):
    assert (guard.refusal(url, flag) is not None) == refused
