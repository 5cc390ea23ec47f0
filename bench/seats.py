"""Seat plans for a 3,000-seat hall: assigning them by the rules, and printing the chart.

    python -m bench seats [--people 3000] [--repeat 5] [--pdf-repeat 3] [--paper A3]

On a fresh SQLite file (a temporary LIANGHUI_DATA_DIR; DATABASE_URL is ignored), set up
through the ORM (not timed): a congress of ``--people`` delegates with invented names in 35
delegations (a head and a deputy each), one plenary with 30 executive chairs, and a hall drawn
by ``lianghui.halls.actions.create_from_blocks``: a rostrum of 3 rows of 25, a floor of three
blocks (左区 and 右区 14 seats a row, 中区 30; 30 rows) and a balcony (楼座, 20 rows of 66),
3,135 seats, seeded so that every run seats the same people.

1. assign: ``lianghui.halls.seating_rules.plan`` alone (the rules: rostrum by precedence,
   delegations in blocks on rows of their own, heads first, then surname strokes), ``--repeat``
   times; and ``lianghui.halls.seating.make_plan`` end to end (read the meeting's roster, the
   groups and the hall, the rules, write the 3,000 assignments and the audit event), the same.
   Target: under 1 s (docs/architecture.md).
2. chart: ``lianghui.halls.printing.chart_pdf`` for the whole hall (A3 landscape, one page,
   every name in its seat), ``--pdf-repeat`` times, split into the layout (queries and seat
   positions), the HTML (the template) and WeasyPrint (parse, style, lay out, write the PDF
   with the Noto CJK fonts subset). Target: under 10 s.

Times are wall time (min / median / max) plus this process's CPU time (median), the steadier
figure when other work shares the machine (see "machine"). JSON on stdout, progress on stderr.
"""

import argparse
import os
import random
import statistics
import sys
import tempfile
import time

SEED = 20240110
ASSIGN_TARGET_S = 1.0
CHART_TARGET_S = 10.0
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华建国志红文玉萍辉鹏晓东海波宁春梅雪琳晨浩宇欣怡子涵思远嘉俊雅婷"


def _say(*parts) -> None:
    print("[bench seats]", *parts, file=sys.stderr, flush=True)


def _timed(fn, *args, **kwargs):
    wall, cpu = time.perf_counter(), time.process_time()
    out = fn(*args, **kwargs)
    return out, time.perf_counter() - wall, time.process_time() - cpu


def _summary(walls, cpus, target=None) -> dict:
    out = {
        "wall_s": {
            "min": round(min(walls), 3),
            "median": round(statistics.median(walls), 3),
            "max": round(max(walls), 3),
        },
        "cpu_s_median": round(statistics.median(cpus), 3),
    }
    if target is not None:
        out["target_s"] = target
        out["within_target"] = statistics.median(walls) < target
    return out


def _names(n: int, rng: random.Random) -> list[str]:
    names = []
    while len(names) < n:
        given = rng.choice(GIVEN) + (rng.choice(GIVEN) if rng.random() < 0.7 else "")
        names.append(rng.choice(SURNAMES) + given)
    return names


def blocks():
    """A 3,135-seat auditorium: a rostrum of 3 rows of 25, three floor blocks, a balcony."""
    from lianghui.halls.layout_rules import BlockSpec

    return [
        BlockSpec("主席台", 3, 25, 21, 0, rostrum=True),
        BlockSpec("左区", 30, 14, 3, 4),
        BlockSpec("中区", 30, 30, 19, 4),
        BlockSpec("右区", 30, 14, 51, 4),
        BlockSpec("楼座", 20, 66, 0, 36),
    ]


def _world(people: int):
    """The congress, its delegations, the plenary, the hall: (meeting, hall, actor)."""
    import datetime as dt
    from zoneinfo import ZoneInfo

    from django.contrib.auth import get_user_model

    from lianghui.halls.actions import create_from_blocks
    from lianghui.people.access import secretariat_group
    from lianghui.people.models import Membership, Organisation, OrgKind, Person, Role
    from lianghui.people.names import pinyin_key, stroke_key
    from lianghui.sessions.models import Meeting, MeetingKind, PresidingOfficer, Session, Term

    rng = random.Random(SEED)
    actor = get_user_model().objects.create_user("bench-mishu")
    actor.groups.add(secretariat_group())
    congress = Organisation.objects.create(kind=OrgKind.CONGRESS, name="基准市人民代表大会")
    groups = Organisation.objects.bulk_create(
        Organisation(kind=OrgKind.DELEGATION, name=f"第{i + 1}代表团", parent=congress, order=i)
        for i in range(35)
    )
    term = Term.objects.create(body=congress, number=16, start=dt.date(2023, 1, 1))
    session = Session.objects.create(
        term=term, number=2, title="基准市第十六届人民代表大会第二次会议",
        start_date=dt.date(2024, 1, 10), end_date=dt.date(2024, 1, 14),
    )  # fmt: skip
    meeting = Meeting.objects.create(
        session=session, kind=MeetingKind.PLENARY, title="第一次全体会议",
        starts_at=dt.datetime(2024, 1, 10, 9, tzinfo=ZoneInfo("Asia/Shanghai")),
    )  # fmt: skip
    persons = Person.objects.bulk_create(
        Person(name=n, pinyin=pinyin_key(n), strokes=stroke_key(n)) for n in _names(people, rng)
    )
    memberships = []
    for i, p in enumerate(persons):
        group = groups[i % len(groups)]
        role = Role.HEAD if i < 35 else Role.DEPUTY_HEAD if i < 70 else Role.GROUP_MEMBER
        memberships += [
            Membership(person=p, organisation=congress, role=Role.DELEGATE, start=term.start),
            Membership(person=p, organisation=group, role=role, start=term.start),
        ]
    Membership.objects.bulk_create(memberships, batch_size=2000)
    PresidingOfficer.objects.bulk_create(
        PresidingOfficer(meeting=meeting, person=p, role="executive_chair", order=i)
        for i, p in enumerate(persons[:30])
    )
    hall = create_from_blocks("基准会址", "大礼堂", blocks(), actor)
    return meeting, hall, actor


def run(argv) -> dict:
    parser = argparse.ArgumentParser(prog="python -m bench seats")
    parser.add_argument("--people", type=int, default=3000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--pdf-repeat", type=int, default=3)
    parser.add_argument("--paper", choices=("A3", "A4"), default="A3")
    args = parser.parse_args(argv)

    os.environ.pop("DATABASE_URL", None)
    os.environ["LIANGHUI_DATA_DIR"] = tempfile.mkdtemp(prefix="lianghui-bench-seats-")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lianghui.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.template.loader import render_to_string
    from django.utils import translation

    call_command("migrate", interactive=False, verbosity=0)
    from lianghui.halls import printing, seating
    from lianghui.halls import seating_rules as rules

    _say(f"setting up {args.people} delegates and the hall")
    meeting, hall, actor = _world(args.people)
    seats = hall.seats.count()

    _say("assigning (the rules alone)")
    rostrum = seating.default_rostrum(meeting)
    request = rules.Request(
        seating._places(hall), seating.sitters(meeting, rostrum, (), (), ()), rostrum=rostrum
    )
    pure = [_timed(rules.plan, request) for _ in range(args.repeat)]
    assigned = len(pure[0][0])
    _say("assigning (make_plan, end to end)")
    whole = [_timed(seating.make_plan, meeting, hall, actor) for _ in range(args.repeat)]
    plan = whole[-1][0]

    _say("printing the whole-hall chart")
    chart = []
    for _ in range(args.pdf_repeat):
        layout, lw, lc = _timed(printing.chart_layout, plan, args.paper)
        context = {"plan": plan, "meeting": plan.meeting, "group": None, **layout}
        with translation.override("zh-hans"):
            html, hw, hc = _timed(render_to_string, "halls/print/chart.html", context)
        pdf, pw, pc = _timed(printing.render_pdf, html)
        chart.append((lw, lc, hw, hc, pw, pc, len(pdf)))
    totals = [c[0] + c[2] + c[4] for c in chart]
    return {
        "benchmark": "seats",
        "people": args.people,
        "seats": seats,
        "assigned": assigned,
        "assign_rules": _summary([w for _, w, _ in pure], [c for _, _, c in pure], ASSIGN_TARGET_S),
        "assign_make_plan": _summary(
            [w for _, w, _ in whole], [c for _, _, c in whole], ASSIGN_TARGET_S
        ),
        "chart_pdf": {
            "paper": args.paper,
            **_summary(totals, [c[1] + c[3] + c[5] for c in chart], CHART_TARGET_S),
            "layout_s_median": round(statistics.median(c[0] for c in chart), 3),
            "html_s_median": round(statistics.median(c[2] for c in chart), 3),
            "weasyprint_s_median": round(statistics.median(c[4] for c in chart), 3),
            "html_bytes": len(html),
            "pdf_bytes": chart[-1][6],
        },
        "machine": {"cpus": os.cpu_count(), "load_average_1m": round(os.getloadavg()[0], 2)},
    }
