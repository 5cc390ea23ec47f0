"""Server time and query count of the delegate page and the meeting page.

With N delegates loaded (default 3,000), each page is requested through the whole Django
stack in-process (middleware, session, templates) with a signed-in user; we report the
median and p95 wall time per request and the number of SQL queries, and check that the
query count is the same for a small roster and a large one.

    python -m bench pages [--delegates 3000] [--repeat 50]

Runs on a fresh SQLite file in a temporary folder unless DATABASE_URL is set; that database
is then wiped (``flush``), so its name must contain "bench" unless ``--wipe-database``.
"""

import argparse
import os
import statistics
import tempfile
import time

from bench import guard


def _setup(delegates: int):
    if not os.environ.get("DATABASE_URL"):
        os.environ["LIANGHUI_DATA_DIR"] = tempfile.mkdtemp(prefix="lianghui-bench-")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lianghui.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("flush", interactive=False, verbosity=0) if os.environ.get(
        "DATABASE_URL"
    ) else None
    call_command("migrate", interactive=False, verbosity=0)
    from lianghui.demo import load_demo

    started = time.perf_counter()
    accounts = load_demo(delegates=delegates, votes=False)
    return accounts, time.perf_counter() - started


def _measure(client, url: str, repeat: int) -> dict:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url)  # warm caches and templates
    times, queries = [], []
    for _ in range(repeat):
        with CaptureQueriesContext(connection) as ctx:
            started = time.perf_counter()
            response = client.get(url)
            times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (url, response.status_code)
        queries.append(len(ctx.captured_queries))
    times.sort()
    return {
        "url": url,
        "median_ms": round(statistics.median(times), 2),
        "p95_ms": round(times[int(0.95 * (len(times) - 1))], 2),
        "max_ms": round(times[-1], 2),
        "queries": max(queries),
    }


def run(argv) -> dict:
    parser = argparse.ArgumentParser(prog="python -m bench pages")
    parser.add_argument("--delegates", type=int, default=3000)
    parser.add_argument("--repeat", type=int, default=50)
    guard.add_flag(parser)
    args = parser.parse_args(argv)
    guard.check(args.wipe_database)

    accounts, load_seconds = _setup(args.delegates)
    from django.conf import settings
    from django.test import Client

    from lianghui.demo import DEMO_PASSWORD
    from lianghui.sessions.models import Meeting

    settings.ALLOWED_HOSTS = ["*"]
    meeting = Meeting.objects.get(
        title__contains="第三次全体会议", session__title__contains="人民代表大会"
    )
    delegate, officer = Client(), Client()
    assert delegate.login(username=accounts.delegate, password=DEMO_PASSWORD)
    assert officer.login(username=accounts.secretariat, password=DEMO_PASSWORD)

    pages = {
        "delegate_page": _measure(delegate, "/me/", args.repeat),
        "meeting_page": _measure(officer, f"/meetings/{meeting.pk}/", args.repeat),
        "meeting_page_anonymous": _measure(Client(), f"/meetings/{meeting.pk}/", args.repeat),
        "session_page": _measure(Client(), f"/sessions/{meeting.session_id}/", args.repeat),
        "quorum_fragment": _measure(Client(), f"/meetings/{meeting.pk}/quorum/", args.repeat),
    }
    from lianghui.people.models import Membership

    return {
        "benchmark": "pages",
        "database": settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1],
        "delegates": Membership.objects.filter(
            organisation=meeting.session.term.body, role="delegate"
        ).count(),
        "demo_load_seconds": round(load_seconds, 2),
        "repeat": args.repeat,
        "target": {"server_ms": 50, "queries": "constant in the number of delegates"},
        "pages": pages,
        "within_target": all(p["p95_ms"] < 50 for p in pages.values()),
    }
