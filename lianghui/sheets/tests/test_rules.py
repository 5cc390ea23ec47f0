"""The sheets' counts, directly and with hypothesis."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lianghui.sheets.rules import (
    ABSENT,
    MAX_TITLE,
    ON_LEAVE,
    PRESENT,
    MeetingAttendance,
    ballots_validity,
    status,
    tally,
    worksheet_titles,
)

people = st.frozensets(st.integers(1, 8), max_size=8)
# The machine running the suite may be busy: a slow draw is not a failure.
SLOW_OK = settings(deadline=None, max_examples=80, suppress_health_check=[HealthCheck.too_slow])
meetings = st.builds(MeetingAttendance, members=people, checked_in=people, on_leave=people)


@SLOW_OK
@given(st.lists(meetings, max_size=6))
def test_every_member_is_counted_once_per_meeting(ms):
    counts = tally(ms)
    for person, t in counts.items():
        assert t.expected == t.present + t.on_leave + t.absent
        assert t.expected == sum(person in m.members for m in ms)
        assert t.nonvoting == sum(person in m.checked_in - m.members for m in ms)
    assert sum(t.expected for t in counts.values()) == sum(len(m.members) for m in ms)


def test_checked_in_wins_over_leave_and_non_members_attend_without_a_vote():
    m = MeetingAttendance(frozenset({1, 2, 3}), frozenset({1, 4}), frozenset({1, 2}))
    assert [status(m, p) for p in (1, 2, 3, 4)] == [PRESENT, ON_LEAVE, ABSENT, None]
    t = tally([m, m])
    assert (t[1].present, t[2].on_leave, t[3].absent, t[4].nonvoting) == (2, 2, 2, 2)


def test_el44_more_returned_than_issued_voids_the_election():
    assert ballots_validity(300, 301).endswith("选举无效。")
    assert "等于发出选票 300 张，选举有效" in ballots_validity(300, 300)
    assert "少于" in ballots_validity(300, 280)
    assert ballots_validity(None, 3) == "发出、收回选票数未登记。"


@SLOW_OK
@given(st.lists(st.text(max_size=40), max_size=6))
def test_worksheet_titles_are_distinct_short_and_clean(names):
    titles = worksheet_titles(names)
    assert len(titles) == len(names) == len(set(titles))
    for t in titles:
        assert 0 < len(t) <= MAX_TITLE and not set(t) & set("[]:*?/\\")
