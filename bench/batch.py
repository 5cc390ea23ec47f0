"""The cast writer's cost per batch, in this process: what a commit costs and what a press adds.

    python -m bench batch [--delegates 3000] [--sizes 1,5,10,20] [--rounds 3]
                          [--wipe-database]

At hall rates a batch holds a handful of presses, so the server's CPU per vote is mostly
the fixed cost of a batch divided by its size (lianghui/votes/hot_path.py, LINGER). This
times exactly that, without HTTP, the client or the other worker in the way: the same setup
as `bench votes` (its database rules: PostgreSQL when DATABASE_URL is set, which is wiped;
else a temporary SQLite file), then for each size, `--rounds` times, a freshly opened named
poll and every delegate's press written through votes.hot_path.write_batch, `size` presses a
batch, as the writer thread does. The process's CPU time per batch is reported for each
round, with the best round's, and a straight line fitted through the best rounds gives the
fixed cost per batch and the cost per press. Each round's sessions are read from the cache
as the server reads them (a first untimed round fills it). One batch's statements are listed.
"""

import argparse
import os
import shutil
import statistics
import time
import uuid

from bench import votes
from bench.planner import analyze

CHOICES = ("yes", "no", "abstain")


def run(argv) -> dict:
    parser = argparse.ArgumentParser(prog="python -m bench batch")
    parser.add_argument("--delegates", type=int, default=3000)
    parser.add_argument("--sizes", default="1,5,10,20", help="presses per batch, comma-separated")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument(
        "--wipe-database", action="store_true", help="allow a DATABASE_URL name without 'bench'"
    )
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",")]
    database_url = os.environ.get("DATABASE_URL", "")
    if database_url:
        dbname, _ = votes._check_database_url(database_url, args.wipe_database)
        votes._ensure_postgres_database(database_url, dbname)
    env = votes._environment(args)
    try:
        return _run(args, sizes)
    finally:
        shutil.rmtree(env["data_dir"], ignore_errors=True)


def _run(args, sizes: list[int]) -> dict:
    db = votes._setup_database(args)
    hall = votes._setup_hall(db["accounts"])
    cookies = votes._make_sessions(list(hall["users"]))
    keys = [c["sessionid"] for c in cookies.values()]
    analyze()
    from django.db import connection

    _write_all(hall, keys, 50, "fill the session cache")  # untimed
    by_size = {}
    for size in sizes:
        rounds = [_write_all(hall, keys, size, f"{size} a batch") for _ in range(args.rounds)]
        best = min(rounds, key=lambda r: r["cpu_ms_per_batch"])
        by_size[size] = {"best": best, "cpu_ms_per_batch_all_rounds": _each(rounds)}
    line = _fit({size: r["best"]["cpu_ms_per_batch"] for size, r in by_size.items()})
    return {
        "benchmark": "batch",
        "database": connection.vendor,
        "delegates": len(keys),
        "what": "votes.hot_path.write_batch in this process; CPU time of this process",
        "by_batch_size": by_size,
        "fit_ms": line,
        "one_batch_statements": _statements(hall, keys[:5]),
    }


def _each(rounds: list[dict]) -> list[float]:
    return [r["cpu_ms_per_batch"] for r in rounds]


def _open_poll(hall, label: str):
    from lianghui.votes import actions
    from lianghui.votes.models import Poll, State

    for poll in Poll.objects.filter(meeting=hall["meeting"], state=State.OPEN):
        actions.close_poll(poll, hall["staff"])
    return votes._new_poll(hall["meeting"], hall["staff"], label, True, False)


def _write_all(hall, keys: list[str], size: int, label: str) -> dict:
    """Every delegate presses once on a new poll, `size` presses a batch; the CPU it took."""
    from lianghui.votes.hot_path import Press, write_batch

    poll = _open_poll(hall, f"batch: {label}")
    batches = [keys[i : i + size] for i in range(0, len(keys), size)]
    stored = 0
    cpu, wall = time.process_time(), time.perf_counter()
    for n, batch in enumerate(batches):
        presses = [
            Press(poll.pk, key, CHOICES[(n + i) % 3], uuid.uuid4().hex)
            for i, key in enumerate(batch)
        ]
        for outcome in write_batch(presses):
            stored += isinstance(outcome, tuple) and getattr(outcome[1], "created", False)
    cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
    if stored != len(keys):
        raise RuntimeError(f"{label}: {stored} of {len(keys)} presses stored")
    return {
        "batches": len(batches),
        "cpu_ms_per_batch": round(1000 * cpu / len(batches), 3),
        "cpu_ms_per_press": round(1000 * cpu / len(keys), 3),
        "wall_ms_per_batch": round(1000 * wall / len(batches), 3),
    }


def _fit(points: dict[int, float]) -> dict:
    """Least squares: CPU per batch = fixed + per_press × size."""
    if len(points) < 2:
        return {}
    slope, intercept = statistics.linear_regression(list(points), list(points.values()))
    return {"fixed_per_batch": round(intercept, 3), "per_press": round(slope, 3)}


def _statements(hall, keys: list[str]) -> list[str]:
    """The SQL of one batch of len(keys) first presses, shortened."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from lianghui.votes.hot_path import Press, write_batch

    poll = _open_poll(hall, "batch: statements")
    presses = [Press(poll.pk, key, "yes", uuid.uuid4().hex) for key in keys]
    with CaptureQueriesContext(connection) as captured:
        write_batch(presses)
    return [" ".join(q["sql"].split())[:100] for q in captured.captured_queries]
