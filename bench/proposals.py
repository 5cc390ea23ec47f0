"""Server time and query count of the proposals statistics page and search, 10,000 filings.

    python -m bench proposals [--filings 10000] [--small 1000] [--repeat 20] [--wipe-database]
    python -m bench.proposals  (the same, on its own)

Setup (not timed, except where said): two bodies (a congress with 13 delegations, a CPPCC
with 19 sectors), 600 delegates and members, 10 handling units, and ``--small`` filings
written with bulk_create — bypassing the actions, which is how a benchmark may set up and
nothing else may write — each with its filers, its review decision, assignments (some with
a co-handling unit), replies (most on time), ratings (most satisfied), and for opinion
reports forwards and leaders' instructions. The words for search are then cut (jieba) and
indexed: ``index_seconds``.

Measured, through the whole Django stack in-process (django.test.Client, the secretariat
signed in), each ``--repeat`` times (on PostgreSQL after ANALYZE, as autovacuum would
have run after such a bulk load): the statistics page of each body for 2024, the annual
report page, and the search page (a rare word, a common word, a word with filters, no
match — the substring fallback — and no keyword at all). With ``--small`` filings first,
then again once the rest (to ``--filings`` in all) are written: the query counts must not
change. Also timed once each at full size: the PDF and XLSX exports, and statistics() and
search() called directly (no HTTP).

Database: a fresh SQLite file in a temporary LIANGHUI_DATA_DIR unless DATABASE_URL is set
— then the benchmark OWNS that database and wipes it (a name without "bench" is refused
unless ``--wipe-database``; loopback hosts only).
"""

import argparse
import json
import os
import random
import statistics as stat
import sys
import tempfile
import time
from datetime import datetime, timedelta

from bench.planner import analyze


def __getattr__(name: str):
    """``urlpatterns``, used only while the project's URLs do not mount the pages: these and
    the project's. Built on first use (PEP 562), once Django is set up."""
    if name != "urlpatterns":
        raise AttributeError(name)
    from django.urls import include, path

    from lianghui.proposals import urls as proposals_urls

    return [
        path(
            "proposals/reports/",
            include((proposals_urls.report_urlpatterns, "proposals_reports")),
        ),
        path("", include("lianghui.urls")),
    ]


YEAR = 2024
TARGET = {"statistics_p95_ms": 250, "search_p95_ms": 100}


def _say(*parts) -> None:
    print("[bench proposals]", *parts, file=sys.stderr, flush=True)


def _setup(wipe_any: bool) -> None:
    url = os.environ.get("DATABASE_URL")
    if url:
        from bench.votes import _check_database_url, _ensure_postgres_database

        name, _ = _check_database_url(url, wipe_any)
        _ensure_postgres_database(url, name)
    else:
        os.environ["LIANGHUI_DATA_DIR"] = tempfile.mkdtemp(prefix="lianghui-bench-proposals-")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lianghui.settings")
    import django

    django.setup()
    from django.core.management import call_command

    if url:
        call_command("flush", interactive=False, verbosity=0)
    call_command("migrate", interactive=False, verbosity=0, skip_checks=True)
    _mount()


def _mount() -> None:
    """Use the project's URLs if they mount the pages, else this module's."""
    from django.conf import settings
    from django.urls import NoReverseMatch, clear_url_caches, reverse

    settings.ALLOWED_HOSTS = ["*"]
    try:
        reverse("proposals_reports:statistics")
    except NoReverseMatch:
        settings.ROOT_URLCONF = "bench.proposals"
        clear_url_caches()


class _Cast:
    """Bodies, groups, people, units, the secretariat account: written in bulk."""

    def __init__(self, rng: random.Random):
        from django.contrib.auth import get_user_model

        from lianghui.demo.proposals import UNITS
        from lianghui.people.access import secretariat_group
        from lianghui.people.models import Membership, Organisation, OrgKind, Person, Role

        self.rng = rng
        self.congress = Organisation.objects.create(
            kind=OrgKind.CONGRESS, name="测试区人民代表大会"
        )
        self.cppcc = Organisation.objects.create(kind=OrgKind.CPPCC, name="政协测试区委员会")
        delegations = Organisation.objects.bulk_create(
            Organisation(kind=OrgKind.DELEGATION, name=f"第{i + 1}代表团", parent=self.congress)
            for i in range(13)
        )
        sectors = Organisation.objects.bulk_create(
            Organisation(kind=OrgKind.SECTOR, name=f"第{i + 1}界别", parent=self.cppcc)
            for i in range(19)
        )
        self.units = Organisation.objects.bulk_create(
            Organisation(kind=OrgKind.HANDLING_UNIT, name=name) for name in UNITS
        )
        people = Person.objects.bulk_create(Person(name=f"人员{i:04d}") for i in range(600))
        rows, self.groups = [], {self.congress.pk: [], self.cppcc.pk: []}
        for i, p in enumerate(people):
            body, groups = (self.congress, delegations) if i < 300 else (self.cppcc, sectors)
            group = groups[i % len(groups)]
            role = Role.DELEGATE if body is self.congress else Role.MEMBER
            rows += [
                Membership(person=p, organisation=body, role=role),
                Membership(person=p, organisation=group, role=Role.GROUP_MEMBER),
            ]
            self.groups[body.pk].append((p.pk, group.pk))
        Membership.objects.bulk_create(rows, batch_size=2000)
        self.officer = get_user_model().objects.create(username="bench-mishu", is_staff=True)
        self.officer.groups.add(secretariat_group())
        self.numbers: dict[tuple[int, str], int] = {}


def _write_filings(cast: _Cast, n: int) -> None:
    """n filings of 2024 with everything their handling leaves behind, in bulk."""
    from lianghui.demo.proposals import PROBLEMS, REMEDIES, SUBJECTS, TITLE_FORMS
    from lianghui.proposals import rules
    from lianghui.proposals.models import (
        Assignment,
        Decision,
        Feedback,
        Filer,
        Filing,
        Forward,
        Rating,
        Reply,
    )

    rng = cast.rng
    words = {"proposal": "提案", "suggestion": "建议", "motion": "议案"}
    states = {
        "proposal": (("closed", 70), ("replied", 4), ("assigned", 10), ("registered", 2),
                     ("submitted", 3), ("declined", 4), ("merged", 2), ("as_letter", 2),
                     ("as_opinion", 3)),
        "suggestion": (("closed", 75), ("replied", 4), ("assigned", 10), ("registered", 2),
                       ("submitted", 3), ("declined", 2), ("merged", 2), ("as_letter", 2)),
        "motion": (("studied", 50), ("as_suggestion", 40), ("submitted", 10)),
        "opinion": (("closed", 40), ("forwarded", 20), ("adopted", 10), ("not_adopted", 20),
                    ("submitted", 10)),
    }  # fmt: skip
    kinds = (("proposal", 50), ("suggestion", 30), ("motion", 2), ("opinion", 18))
    start = datetime(YEAR, 1, 9, 10, tzinfo=rules_tz())
    filings, subjects = [], []
    for _ in range(n):
        kind = rng.choices([k for k, _ in kinds], [w for _, w in kinds])[0]
        body = cast.congress if kind in ("suggestion", "motion") else cast.cppcc
        subject = rng.choice(SUBJECTS)
        topic = rng.choice(subject.topics)
        title = (
            f"关于{topic}的情况反映"
            if kind == "opinion"
            else rng.choice(TITLE_FORMS).format(topic, words[kind])
        )
        key = (body.pk, kind)
        cast.numbers[key] = cast.numbers.get(key, 0) + 1
        state = rng.choices([s for s, _ in states[kind]], [w for _, w in states[kind]])[0]
        lead, group = rng.choice(cast.groups[body.pk])
        submitted = start + timedelta(days=rng.randint(0, 200), minutes=rng.randint(0, 600))
        filings.append(
            Filing(
                kind=kind,
                body=body,
                year=YEAR,
                number=cast.numbers[key],
                title=title,
                text=f"{topic}是群众普遍关心的问题。目前{rng.choice(PROBLEMS)}。"
                f"建议{rng.choice(REMEDIES)}。",
                subject=subject.name,
                filer_type="delegates" if body is cast.congress else "member",
                group_id=group,
                state=state,
                round=2 if rng.random() < 0.03 else 1,
                key=rng.random() < 0.03,
                submitted_at=submitted,
                created_at=submitted,
                synthetic=True,
            )
        )
        subjects.append((subject, lead))
    Filing.objects.bulk_create(filings, batch_size=2000)
    filers, decisions, assignments, replies, ratings, forwards, feedback = ([] for _ in range(7))
    handled = ("assigned", "replied", "rehandling", "closed")
    for f, (subject, lead) in zip(filings, subjects, strict=True):
        filers.append(Filer(filing=f, person_id=lead, lead=True, signature="confirmed"))
        day = f.submitted_at.date()
        if f.kind in ("proposal", "suggestion") and f.state in ("registered", *handled):
            decisions.append(Decision(filing=f, kind="register", decided_at=f.submitted_at))
        if f.kind in ("proposal", "suggestion") and f.state in handled:
            assigned = day + timedelta(days=rng.randint(10, 25))
            unit = cast.units[subject.units[0]]
            a = Assignment(
                filing=f,
                unit=unit,
                role="lead",
                assigned_on=assigned,
                started_on=assigned,
                due=rules.reply_due(assigned, False),
            )
            assignments.append(a)
            if rng.random() < 0.3 and len(subject.units) > 1:
                co = cast.units[subject.units[1]]
                assignments.append(
                    Assignment(
                        filing=f,
                        unit=co,
                        role="co",
                        assigned_on=assigned,
                        started_on=assigned,
                        due=rules.cohandler_due(assigned),
                    )
                )
            if f.state in ("replied", "closed"):
                late = rng.random() < 0.08
                replied = a.due + timedelta(days=5) if late else assigned + timedelta(days=60)
                if late:
                    a.extended_due = a.due + timedelta(days=30)
                r = Reply(
                    filing=f,
                    assignment=a,
                    unit=unit,
                    text="答复",
                    result=rng.choice(("solved", "planned", "explained")),
                    due=a.extended_due or a.due,
                    on_time=not late,
                    replied_on=replied,
                )
                replies.append(r)
                if f.state == "closed":
                    level = rng.choices(("satisfied", "basic", "unsatisfied"), (70, 26, 4))[0]
                    ratings.append(
                        Rating(reply=r, level=level, rated_on=replied + timedelta(days=5))
                    )
        if f.kind == "opinion" and f.state in ("forwarded", "closed"):
            fw = Forward(filing=f, unit=cast.units[0], recipient="区领导", forwarded_on=day)
            forwards.append(fw)
            if rng.random() < 0.3:
                feedback.append(
                    Feedback(
                        filing=f,
                        forward=fw,
                        kind="instruction",
                        source="区领导",
                        text="请研究。",
                        received_on=day + timedelta(days=7),
                    )
                )
    for model, rows in (
        (Filer, filers),
        (Decision, decisions),
        (Assignment, assignments),
        (Reply, replies),
        (Rating, ratings),
        (Forward, forwards),
        (Feedback, feedback),
    ):
        model.objects.bulk_create(rows, batch_size=2000)


def rules_tz():
    from zoneinfo import ZoneInfo

    return ZoneInfo("Asia/Shanghai")


def _measure(client, url: str, params: dict, repeat: int) -> dict:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    assert client.get(url, params).status_code == 200, url  # warm caches and templates
    times, queries = [], []
    for _ in range(repeat):
        with CaptureQueriesContext(connection) as ctx:
            started = time.perf_counter()
            response = client.get(url, params)
            times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (url, response.status_code)
        queries.append(len(ctx.captured_queries))
    times.sort()
    return {
        "url": url,
        "params": params,
        "median_ms": round(stat.median(times), 2),
        "p95_ms": round(times[int(0.95 * (len(times) - 1))], 2),
        "max_ms": round(times[-1], 2),
        "queries": max(queries),
    }


def _once(fn) -> float:
    started = time.perf_counter()
    fn()
    return round((time.perf_counter() - started) * 1000, 2)


def _pages(client, cast, repeat: int) -> dict:
    stats_url = "/proposals/reports/"
    search_url = "/proposals/reports/search/"
    cppcc = {"body": cast.cppcc.pk, "year": YEAR}
    return {
        "statistics_cppcc": _measure(client, stats_url, cppcc, repeat),
        "statistics_congress": _measure(
            client, stats_url, {"body": cast.congress.pk, "year": YEAR}, repeat
        ),
        "report_page_cppcc": _measure(client, "/proposals/reports/annual/", cppcc, repeat),
        "search_rare_word": _measure(client, search_url, {"q": "加装电梯"}, repeat),
        "search_common_word": _measure(client, search_url, {"q": "教育"}, repeat),
        "search_words_and_filters": _measure(
            client,
            search_url,
            {"q": "养老 服务", "year": YEAR, "unit": cast.units[6].pk, "kind": "proposal"},
            repeat,
        ),
        "search_no_match_substring": _measure(client, search_url, {"q": "飞机场"}, repeat),
        "search_no_keyword": _measure(client, search_url, {"kind": "suggestion"}, repeat),
    }


def run(argv) -> dict:
    parser = argparse.ArgumentParser(prog="python -m bench proposals")
    parser.add_argument("--filings", type=int, default=10_000)
    parser.add_argument("--small", type=int, default=1_000)
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--seed", type=int, default=20240109)
    parser.add_argument("--wipe-database", action="store_true")
    args = parser.parse_args(argv)
    if not 0 < args.small <= args.filings:
        parser.error("need 0 < --small <= --filings")

    _setup(args.wipe_database)
    from django.conf import settings
    from django.test import Client

    from lianghui.proposals import report, search, stats
    from lianghui.proposals.models import Filing

    started = time.perf_counter()
    cast = _Cast(random.Random(args.seed))
    _write_filings(cast, args.small)
    setup_seconds = time.perf_counter() - started
    started = time.perf_counter()
    search.index_missing()
    index_seconds = time.perf_counter() - started
    analyze()
    client = Client()
    client.force_login(cast.officer)
    _say(f"{args.small} filings: measuring")
    small = _pages(client, cast, max(3, args.repeat // 4))

    started = time.perf_counter()
    _write_filings(cast, args.filings - args.small)
    setup_seconds += time.perf_counter() - started
    started = time.perf_counter()
    search.index_missing()
    index_seconds += time.perf_counter() - started
    analyze()
    total = Filing.objects.count()
    _say(f"{total} filings: measuring")
    pages = _pages(client, cast, args.repeat)

    data = report.report_data(cast.cppcc, YEAR)
    functions = {
        "statistics_ms": _once(lambda: stats.statistics(cast.cppcc.pk, YEAR)),
        "search_ms": _once(lambda: search.search(cast.officer, "加装电梯")),
        "report_pdf_ms": _once(lambda: report.pdf(data, None)),
        "report_xlsx_ms": _once(lambda: report.xlsx(data, None)),
    }
    constant = {name: [small[name]["queries"], pages[name]["queries"]] for name in pages}
    statistics_ok = all(
        p["p95_ms"] < TARGET["statistics_p95_ms"]
        for name, p in pages.items()
        if name.startswith("statistics")
    )
    search_ok = all(
        p["p95_ms"] < TARGET["search_p95_ms"] for name, p in pages.items() if "search" in name
    )
    return {
        "benchmark": "proposals",
        "database": settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1],
        "filings": total,
        "filings_in_cppcc_2024": Filing.objects.filter(body=cast.cppcc, year=YEAR).count(),
        "setup_seconds": round(setup_seconds, 2),
        "index_seconds": round(index_seconds, 2),
        "repeat": args.repeat,
        "target": {
            **TARGET,
            "queries": "the same with --small filings and with --filings",
        },
        "pages": pages,
        "functions_once": functions,
        "queries_small_vs_full": constant,
        "queries_constant": all(a == b for a, b in constant.values()),
        "within_target": statistics_ok and search_ok and all(a == b for a, b in constant.values()),
    }


if __name__ == "__main__":
    json.dump(run(sys.argv[1:]), sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")
