"""The set-up rules on their own: dates, kinds, overlaps, agenda order, cloning."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st

from lianghui.sessions import setup_rules as rules
from lianghui.sessions.setup_rules import Slot

TZ = ZoneInfo("Asia/Shanghai")
OPEN, CLOSE = date(2024, 1, 10), date(2024, 1, 12)


def at(day, hour, minute=0):
    return datetime(2024, 1, day, hour, minute, tzinfo=TZ)


def slot(start, end=None, kind="plenary", group=None, venue="", id=None, title="会议"):
    return Slot(id, title, kind, start, end, group, venue)


def check(s, others=(), body="congress", **kw):
    return rules.check_meeting(s, body, OPEN, CLOSE, others, TZ, **kw)


def fields(problems):
    return [p.field for p in problems]


def test_a_meeting_inside_the_session_with_no_clash_passes():
    assert check(slot(at(10, 9), at(10, 11))) == []


def test_a_meeting_outside_the_session_names_the_field():
    problems = check(slot(at(13, 9), at(13, 11)))
    assert fields(problems) == ["starts_at", "ends_at"]
    assert problems[0].message.startswith("开始时间：")
    assert "2024年1月10日至2024年1月12日" in problems[0].message


def test_the_day_is_the_shanghai_day_not_utc():
    # 00:30 on 10 January in Shanghai is still 9 January in UTC.
    assert check(slot(at(10, 0, 30), at(10, 1))) == []
    early = datetime(2024, 1, 9, 23, 30, tzinfo=TZ)
    assert fields(check(slot(early, early + timedelta(minutes=20)))) == ["starts_at", "ends_at"]


def test_overlapping_meetings_are_refused_with_the_other_meetings_name():
    first = slot(at(10, 9), at(10, 11), id=1, title="第一次全体会议")
    problems = check(slot(at(10, 10), at(10, 12), kind="presidium"), [first])
    assert fields(problems) == ["starts_at"]
    assert "“第一次全体会议”（1月10日 09:00—11:00）时间重叠" in problems[0].message


def test_back_to_back_meetings_do_not_clash():
    first = slot(at(10, 9), at(10, 11), id=1)
    assert check(slot(at(10, 11), at(10, 12)), [first]) == []


def test_a_meeting_does_not_clash_with_itself_when_edited():
    first = slot(at(10, 9), at(10, 11), id=1)
    assert check(slot(at(10, 9, 30), at(10, 11), id=1), [first]) == []


def test_group_meetings_of_different_groups_run_in_parallel_but_not_in_one_room():
    east = slot(at(10, 14), at(10, 17), kind="group", group=1, venue="1号会议室", id=1)
    west = slot(at(10, 14), at(10, 17), kind="group", group=2, venue="2号会议室")
    assert check(west, [east]) == []
    same_room = slot(at(10, 15), at(10, 16), kind="group", group=2, venue="1号会议室")
    assert fields(check(same_room, [east])) == ["starts_at"]
    same_group = slot(at(10, 15), at(10, 16), kind="group", group=1, venue="3号会议室")
    assert fields(check(same_group, [east])) == ["starts_at"]


def test_a_plenary_clashes_with_a_group_meeting():
    east = slot(at(10, 14), at(10, 17), kind="group", group=1, id=1)
    assert fields(check(slot(at(10, 15), at(10, 16)), [east])) == ["starts_at"]


def test_kinds_follow_the_body():
    assert fields(check(slot(at(10, 9), at(10, 10), kind="standing"))) == ["kind"]
    assert check(slot(at(10, 9), at(10, 10), kind="standing"), body="cppcc") == []
    assert check(slot(at(10, 9), at(10, 10), kind="chairs"), body="cppcc") == []


def test_a_group_meeting_needs_a_group_of_this_body():
    assert fields(check(slot(at(10, 9), at(10, 10), kind="group"))) == ["group"]
    foreign = slot(at(10, 9), at(10, 10), kind="group", group=7)
    assert fields(check(foreign, group_ok=False)) == ["group"]


def test_an_end_before_the_start_is_refused():
    assert fields(check(slot(at(10, 11), at(10, 9)))) == ["ends_at"]


def test_session_inside_its_term():
    assert rules.check_session(5, OPEN, CLOSE, date(2022, 1, 1), None) == []
    problems = rules.check_session(5, OPEN, date(2024, 1, 9), date(2024, 1, 11), None)
    assert fields(problems) == ["end_date", "start_date"]
    assert fields(rules.check_session(0, OPEN, CLOSE, date(2022, 1, 1), date(2024, 1, 11))) == [
        "number",
        "end_date",
    ]


def test_term_dates():
    assert rules.check_term(17, date(2022, 1, 1), None) == []
    assert fields(rules.check_term(0, date(2022, 1, 1), date(2021, 1, 1))) == ["number", "end"]


def test_agenda_order_is_a_permutation_of_the_meetings_items():
    assert rules.check_order([1, 2, 3], [3, 1, 2]) == []
    assert "[9]" in rules.check_order([1, 2, 3], [1, 2, 9])[0].message
    assert fields(rules.check_order([1, 2, 3], [1, 2, 2])) == ["items"]
    assert fields(rules.check_order([1, 2, 3], [1, 2])) == ["items"]


def test_clone_shifts_by_the_days_between_openings_and_leaves_out_what_does_not_fit():
    old = [
        slot(datetime(2023, 1, 9, 9, tzinfo=TZ), datetime(2023, 1, 9, 11, tzinfo=TZ), id=1),
        slot(datetime(2023, 1, 13, 9, tzinfo=TZ), None, id=2),
    ]
    plan = rules.clone_plan(old, date(2023, 1, 9), OPEN, CLOSE, TZ)
    assert [(n.starts_at, n.ends_at) for _, n in plan.slots] == [(at(10, 9), at(10, 11))]
    assert [s.id for s in plan.skipped] == [2]


spans = st.tuples(st.integers(0, 48 * 60), st.integers(1, 6 * 60))


def _slot(span, **kw):
    start = at(10, 0) + timedelta(minutes=span[0])
    return slot(start, start + timedelta(minutes=span[1]), **kw)


@settings(deadline=None)  # a shared, busy machine must not fail a pure property
@given(spans, spans)
def test_overlap_is_symmetric_and_matches_the_minutes_shared(a, b):
    x, y = _slot(a), _slot(b)
    shared = min(a[0] + a[1], b[0] + b[1]) - max(a[0], b[0])
    assert rules.overlaps(x, y) == rules.overlaps(y, x) == (shared > 0)


@settings(deadline=None)
@given(st.lists(spans, max_size=8))
def test_meetings_accepted_one_by_one_never_overlap(candidates):
    accepted = []
    for i, span in enumerate(candidates):
        s = _slot(span, id=i)
        if not any(p.field == "starts_at" and "重叠" in p.message for p in check(s, accepted)):
            accepted.append(s)
    for i, a in enumerate(accepted):
        for b in accepted[i + 1 :]:
            assert not rules.overlaps(a, b)


@settings(deadline=None)
@given(st.integers(-400, 400), st.integers(0, 5))
def test_a_clone_lands_inside_the_new_session(days, length):
    old_start = OPEN + timedelta(days=days)
    meetings = [
        slot(
            datetime.combine(old_start + timedelta(days=d), datetime.min.time(), TZ).replace(
                hour=9
            ),
            id=d,
        )
        for d in range(6)
    ]
    new_end = OPEN + timedelta(days=length)
    plan = rules.clone_plan(meetings, old_start, OPEN, new_end, TZ)
    assert len(plan.slots) == length + 1 and len(plan.skipped) == 5 - length
    for _, new in plan.slots:
        assert OPEN <= new.starts_at.date() <= new_end and new.starts_at.hour == 9
