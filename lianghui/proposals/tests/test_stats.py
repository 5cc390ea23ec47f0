"""Statistics of a year of filings, built through the actions with a moved clock.

The expected figures are counted by hand from the story below, not from the code.
"""

import datetime as dt
from fractions import Fraction

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from lianghui.people.models import Membership, Organisation, OrgKind, Person, Role
from lianghui.proposals import actions, stats
from lianghui.proposals.actions import FilingDraft, Recipient, UnitOrder
from lianghui.proposals.models import Assignment, Filer, Filing, Rating, Reply
from lianghui.proposals.tests.conftest import at
from lianghui.proposals.tests.flows import proposal, suggestion

D = dt.date
TODAY = D(2024, 9, 30)


def opinion(d, member: int, title: str):
    filing = actions.file(
        FilingDraft(
            kind="opinion",
            body_id=d.cppcc.pk,
            title=title,
            filer_type="member",
            text="群众反映的情况。",
            subject="民生保障",
        ),
        d.member_users[member],
    )
    return actions.submit(filing, d.member_users[member])


@pytest.fixture
def year(desk):
    """A CPPCC year (2024):

    p1 (教育, 周一): registered, lead 区交通委 + co 区教育局; answered on time (solved),
       rated 满意 → closed.
    p2 (教育, 周一 with 吴二): registered, lead 区交通委; extended, answered late (planned),
       rated 不满意, answered again on time (solved), rated 基本满意 → closed.
    p3 (城市建设, 吴二): declined.   p4 (城市建设, 郑三): turned into an opinion report (o3).
    p5 (no subject, 民盟): submitted, not yet reviewed.   p6: a draft (never counted).
    p7 (交通, 冯四): registered, lead 区住建委, no answer: overdue on TODAY.
    o1 (周一): adopted, forwarded to a leader and a unit, an instruction and a feedback.
    o2 (吴二): not adopted.   o3 (from p4, 郑三): adopted only.
    Plus one congress suggestion, which the CPPCC's figures must not count.
    """
    d = desk
    with at("2024-01-10"):
        p1 = proposal(d, title="关于中小学课后服务的提案", subject="教育")
        p2 = proposal(d, cosigners=(1,), title="关于学前教育资源的提案", subject="教育")
        p3 = actions.submit(
            actions.file(
                FilingDraft(
                    kind="proposal",
                    body_id=d.cppcc.pk,
                    title="关于旧区改造的提案",
                    filer_type="member",
                    text="内容",
                    subject="城市建设",
                ),
                d.member_users[1],
            ),
            d.member_users[1],
        )
        p4 = actions.submit(
            actions.file(
                FilingDraft(
                    kind="proposal",
                    body_id=d.cppcc.pk,
                    title="关于小区停车的提案",
                    filer_type="member",
                    text="内容",
                    subject="城市建设",
                ),
                d.member_users[2],
            ),
            d.member_users[2],
        )
        p5 = actions.submit(
            actions.file(
                FilingDraft(
                    kind="proposal",
                    body_id=d.cppcc.pk,
                    title="关于科普场馆的提案",
                    filer_type="party",
                    organisation_id=d.party.pk,
                    text="内容",
                ),
                d.party_officer.user,
            ),
            d.party_officer.user,
        )
        actions.file(
            FilingDraft(
                kind="proposal",
                body_id=d.cppcc.pk,
                title="草稿",
                filer_type="member",
                text="未提交",
            ),
            d.member_users[0],
        )
        p7 = actions.submit(
            actions.file(
                FilingDraft(
                    kind="proposal",
                    body_id=d.cppcc.pk,
                    title="关于公交线路的提案",
                    filer_type="member",
                    text="内容",
                    subject="交通",
                ),
                d.member_users[3],
            ),
            d.member_users[3],
        )
        suggestion(d)
    with at("2024-01-15"):
        for p in (p1, p2, p7):
            actions.review(p, "register", d.officer)
        actions.review(p3, "decline", d.officer, reasons="不属于本级职权。")
        actions.review(p4, "as_opinion", d.officer, reasons="转社情民意信息。")
        a1, c1 = actions.assign(
            p1, [UnitOrder(d.units[0].pk, "lead"), UnitOrder(d.units[1].pk, "co")], d.officer
        )
        (a2,) = actions.assign(p2, [UnitOrder(d.units[0].pk, "lead")], d.officer)
        (a7,) = actions.assign(p7, [UnitOrder(d.units[2].pk, "lead")], d.officer)
    with at("2024-02-01"):
        actions.co_opinion(c1, "同意。", d.clerks[1])
    with at("2024-04-01"):
        r1 = actions.reply(a1, "已落实。", "solved", d.clerks[0])
        actions.extend(a2, D(2024, 5, 15), "需协调。", d.officer)
    with at("2024-04-03"):
        actions.rate(r1, "satisfied", d.member_users[0])
    with at("2024-05-10"):
        r2 = actions.reply(a2, "列入计划。", "planned", d.clerks[0])
    with at("2024-05-13"):
        actions.rate(r2, "unsatisfied", d.member_users[0], comment="没有解决。")
    with at("2024-06-05"):
        r2b = actions.reply(a2, "已解决。", "solved", d.clerks[0])
    with at("2024-06-10"):
        actions.rate(r2b, "basic", d.member_users[0])

    with at("2024-03-01"):
        o1 = opinion(d, 0, "关于加装电梯的情况反映")
        o2 = opinion(d, 1, "关于菜场的情况反映")
        actions.adopt(o1, True, d.officer, note="第 1 期")
        actions.adopt(o2, False, d.officer, note="已有报送。")
        o3 = p4.derived.get()
        actions.adopt(o3, True, d.officer, note="第 2 期")
        fwd = actions.forward(
            o1, [Recipient(leader_id=d.leader.pk), Recipient(unit_id=d.units[2].pk)], d.officer
        )
        actions.record_feedback(
            o1, "instruction", "督办领导", "请研究。", d.officer, leader_id=d.leader.pk
        )
        actions.record_feedback(
            o1, "feedback", "区住建委", "已办理。", d.officer, forward_id=fwd[1].pk
        )
    d.p = {"p1": p1, "p2": p2, "p5": p5, "p7": p7}
    d.a = {"a7": a7}
    return d


def test_counts_by_kind_state_filer_group_subject(year):
    d = year
    s = stats.statistics(d.cppcc.pk, 2024, today=TODAY)
    assert s.kinds == ["proposal", "opinion"]  # the congress's suggestion is not here
    assert s.by_kind == [("proposal", "提案", 6), ("opinion", "社情民意信息", 3)]
    p = s.kind_figures("proposal")
    assert (p.received, p.registered, p.assigned, p.replied, p.rehandled) == (6, 3, 3, 2, 1)
    assert p.reply_rate == Fraction(2, 3)
    assert p.state("declined", "as_opinion", "submitted") == 3
    states = {(k, label): n for k, _, label, n in s.by_state}
    assert states == {
        ("proposal", "待审查"): 1,
        ("proposal", "不予立案"): 1,
        ("proposal", "转社情民意信息"): 1,
        ("proposal", "办理中"): 1,
        ("proposal", "已办结"): 2,
        ("opinion", "已采用"): 1,
        ("opinion", "未采用"): 1,
        ("opinion", "已报送"): 1,
    }
    by_type = {r.key: r.counts for r in s.by_filer_type.rows}
    assert by_type == {"member": {"proposal": 5, "opinion": 3}, "party": {"proposal": 1}}
    by_group = {r.label: r.total for r in s.by_group.rows}
    assert by_group == {"经济界": 8, "民盟测试区委": 1}
    by_subject = {r.label: r.counts for r in s.by_subject.rows}
    assert by_subject == {
        "教育": {"proposal": 2},
        "城市建设": {"proposal": 2, "opinion": 1},
        "交通": {"proposal": 1},
        "民生保障": {"opinion": 2},
        "（未分类）": {"proposal": 1},
    }
    assert s.by_subject.totals == [6, 3] and s.by_subject.total == 9


def test_units_on_time_and_satisfaction(year):
    d = year
    s = stats.statistics(d.cppcc.pk, 2024, kind="proposal", today=TODAY)
    units = {u.name: u for u in s.units}
    traffic, school, housing = units["区交通委"], units["区教育局"], units["区住建委"]
    assert (traffic.lead, traffic.co, traffic.replies, traffic.on_time) == (2, 0, 3, 2)
    assert traffic.on_time_rate == Fraction(2, 3) and traffic.on_time_percent == "66.7%"
    assert (traffic.satisfied, traffic.basic, traffic.unsatisfied) == (1, 1, 1)
    assert traffic.satisfaction_rate == Fraction(2, 3)
    # Each unit's latest answer: p1 solved, p2's second answer solved.
    assert (traffic.solved, traffic.planned, traffic.explained) == (2, 0, 0)
    assert (school.lead, school.co, school.replies) == (0, 1, 0)
    assert school.on_time_rate is None and school.on_time_percent == "—"
    assert (housing.lead, housing.overdue, housing.replies) == (1, 1, 0)
    h = s.handling
    assert (h.units, h.lead, h.co, h.replies, h.on_time, h.overdue) == (3, 3, 1, 3, 2, 1)
    assert h.satisfaction_rate == Fraction(2, 3) and h.rated == 3 and h.answers == 2
    # Before p7's deadline (15 April) nothing is overdue.
    early = stats.statistics(d.cppcc.pk, 2024, today=D(2024, 4, 15))
    assert early.handling.overdue == 0


def test_opinion_reports_per_sector_and_member(year):
    d = year
    o = stats.statistics(d.cppcc.pk, 2024, today=TODAY).opinions
    t = o.total
    assert (t.submitted, t.adopted, t.forwarded, t.instructed, t.instructions) == (3, 2, 1, 1, 1)
    assert [(r.label, r.submitted, r.adopted) for r in o.by_sector] == [("经济界", 3, 2)]
    members = {r.label: (r.submitted, r.adopted, r.forwarded, r.instructions) for r in o.by_member}
    assert members == {"周一": (1, 1, 1, 1), "吴二": (1, 0, 0, 0), "郑三": (1, 1, 0, 0)}
    assert o.by_member[0].label == "周一"  # most submitted, then most adopted


def test_other_years_and_bodies_are_apart(year):
    d = year
    assert stats.statistics(d.cppcc.pk, 2023, today=TODAY).received == 0
    congress = stats.statistics(d.congress.pk, 2024, today=TODAY)
    assert congress.by_kind == [("suggestion", "建议", 1)] and congress.units == []
    assert stats.years(d.cppcc.pk) == [2024]


def _more_filings(d, n: int) -> None:
    """n registered, assigned, answered and rated proposals from more members, sectors and
    units, written in bulk: the query count must not grow with them."""
    sectors = [
        Organisation.objects.create(kind=OrgKind.SECTOR, name=f"界别{i}", parent=d.cppcc)
        for i in range(3)
    ]
    units = [
        Organisation.objects.create(kind=OrgKind.HANDLING_UNIT, name=f"单位{i}") for i in range(3)
    ]
    people = Person.objects.bulk_create(Person(name=f"委员{i}") for i in range(n))
    Membership.objects.bulk_create(
        Membership(person=p, organisation=d.cppcc, role=Role.MEMBER) for p in people
    )
    filings = Filing.objects.bulk_create(
        Filing(
            kind="proposal",
            body=d.cppcc,
            year=2024,
            number=1000 + i,
            title=f"提案{i}",
            subject=f"类别{i % 4}",
            filer_type="member",
            group=sectors[i % 3],
            state="closed",
        )
        for i in range(n)
    )
    Filer.objects.bulk_create(
        Filer(filing=f, person=p, lead=True, signature="confirmed")
        for f, p in zip(filings, people, strict=True)
    )
    assignments = Assignment.objects.bulk_create(
        Assignment(
            filing=f,
            unit=units[i % 3],
            role="lead",
            assigned_on=D(2024, 2, 1),
            started_on=D(2024, 2, 1),
            due=D(2024, 5, 1),
        )
        for i, f in enumerate(filings)
    )
    replies = Reply.objects.bulk_create(
        Reply(
            filing=a.filing,
            assignment=a,
            unit=a.unit,
            text="答复",
            result="solved",
            due=a.due,
            on_time=True,
            replied_on=D(2024, 4, 1),
        )
        for a in assignments
    )
    Rating.objects.bulk_create(
        Rating(reply=r, level="satisfied", rated_on=D(2024, 4, 5)) for r in replies
    )


def test_a_fixed_number_of_queries(year):
    d = year
    with CaptureQueriesContext(connection) as small:
        stats.statistics(d.cppcc.pk, 2024, today=TODAY)
    _more_filings(d, 60)
    with CaptureQueriesContext(connection) as large:
        s = stats.statistics(d.cppcc.pk, 2024, today=TODAY)
    assert s.kind_figures("proposal").received == 66
    assert len(small.captured_queries) == len(large.captured_queries) == 10
    sql = " ".join(q["sql"] for q in large.captured_queries)
    assert sql.count("GROUP BY") >= 9


# --- the steps of statistics(), each on its own -------------------------------------------


def test_kind_figures_count_each_kind_by_state(year):
    d = year
    figures = stats.kind_figures(stats.filings_of(d.cppcc.pk, 2024, "proposal"))
    assert list(figures) == ["proposal"]
    p = figures["proposal"]
    assert (p.received, p.registered, p.assigned, p.replied, p.rehandled) == (6, 3, 3, 2, 1)
    assert sum(p.states.values()) == 6


def test_each_pivot_counts_the_filings_it_is_given(year):
    d = year
    base = stats.filings_of(d.cppcc.pk, 2024, "opinion")
    kinds = ["opinion"]
    assert {r.key: r.counts for r in stats.by_filer_type(base, kinds).rows} == {
        "member": {"opinion": 3}
    }
    assert {r.label: r.total for r in stats.by_group(base, kinds).rows} == {"经济界": 3}
    subjects = stats.by_subject(base, kinds)
    assert {r.label: r.counts for r in subjects.rows} == {
        "城市建设": {"opinion": 1},
        "民生保障": {"opinion": 2},
    }
    assert subjects.totals == [3] and subjects.total == 3


def test_by_state_follows_the_stored_workflow_order(year):
    d = year
    base = stats.filings_of(d.cppcc.pk, 2024, "proposal")
    rows = stats.by_state(stats.kind_figures(base), ["proposal"])
    assert [(label, n) for _, _, label, n in rows] == [
        ("待审查", 1),
        ("不予立案", 1),
        ("转社情民意信息", 1),
        ("办理中", 1),
        ("已办结", 2),
    ]
    assert {kind_label for _, kind_label, _, _ in rows} == {"提案"}


def test_handling_sums_the_units_figures():
    a = stats.UnitRow(1, "甲", lead=2, co=1, replies=3, on_time=2, satisfied=1, overdue=1)
    b = stats.UnitRow(2, "乙", split=1, replies=1, on_time=1, basic=1, unsatisfied=1)
    h = stats.handling_of([a, b])
    assert (h.units, h.lead, h.split, h.co, h.replies, h.on_time) == (2, 2, 1, 1, 4, 3)
    assert (h.satisfied, h.basic, h.unsatisfied, h.overdue) == (1, 1, 1, 1)
    assert stats.handling_of([]) == stats.Handling()
