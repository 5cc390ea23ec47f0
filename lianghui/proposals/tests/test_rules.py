"""Pure rules: who may file (LOL 22), content (DL 15), deadlines (DL 51, 沪建议规定), rates."""

from datetime import date, timedelta
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lianghui.proposals import rules
from lianghui.proposals.rules import (
    Deadlines,
    Kind,
    add_months,
    add_working_days,
    check_filer,
    is_working_day,
    working_days_between,
)


def motion(filer_type, signers=0, **kw):
    return check_filer(Kind.MOTION, filer_type, body_kind="congress", signers=signers, **kw)


def test_lol_22_who_may_file_a_motion():
    for filer in ("presidium", "standing", "committee", "government"):
        assert motion(filer).ok, filer
    assert motion("delegates", 10).ok
    assert motion("delegates", 9).code == "too_few_signers"
    assert (
        "10 名以上" in motion("delegates", 9).reason and "LOL 22" in motion("delegates", 9).reason
    )
    # Five at township level.
    assert motion("delegates", 5, township=True).ok
    assert not motion("delegates", 4, township=True).ok
    # A delegation only where the local rules allow it.
    assert motion("delegation").code == "filer_not_allowed"
    assert motion("delegation", delegations_may_file_motions=True).ok
    assert motion("member").code == "filer_not_allowed"
    assert motion("presidium", 3).code == "org_has_no_signers"


def test_bodies_and_filers_of_each_kind():
    assert check_filer(Kind.SUGGESTION, "delegates", body_kind="congress", signers=1).ok
    assert check_filer(Kind.SUGGESTION, "delegates", body_kind="congress", signers=0).code == (
        "no_filer"
    )
    assert check_filer(Kind.SUGGESTION, "government", body_kind="congress", signers=0).code == (
        "filer_not_allowed"
    )
    assert check_filer(Kind.SUGGESTION, "delegates", body_kind="cppcc", signers=1).code == (
        "wrong_body"
    )
    for filer in ("party", "peoples_org", "committee", "sector"):
        assert check_filer(Kind.PROPOSAL, filer, body_kind="cppcc", signers=0).ok
    assert check_filer(Kind.PROPOSAL, "member", body_kind="cppcc", signers=1).ok
    assert check_filer(Kind.OPINION, "member", body_kind="cppcc", signers=2).ok
    assert check_filer(Kind.PROPOSAL, "member", body_kind="congress", signers=1).code == (
        "wrong_body"
    )
    assert check_filer("nonsense", "member", body_kind="cppcc", signers=1).code == "bad_kind"


def test_dl_15_a_motion_states_cause_grounds_and_solution():
    assert rules.check_content(Kind.MOTION, "关于…的议案", "案据", "方案", "").ok
    assert rules.check_content(Kind.MOTION, "关于…的议案", "", "方案", "正文").code == (
        "incomplete_motion"
    )
    assert rules.check_content(Kind.SUGGESTION, "标题", "", "", "正文").ok
    assert rules.check_content(Kind.SUGGESTION, "标题", "", "", " ").code == "text_required"
    assert rules.check_content(Kind.SUGGESTION, " ", "", "", "正文").code == "title_required"


def test_calendar_months():
    assert add_months(date(2024, 1, 15), 3) == date(2024, 4, 15)
    assert add_months(date(2023, 11, 30), 3) == date(2024, 2, 29)  # leap year
    assert add_months(date(2022, 11, 30), 3) == date(2023, 2, 28)
    assert add_months(date(2024, 8, 31), 1) == date(2024, 9, 30)
    assert add_months(date(2024, 10, 15), 6) == date(2025, 4, 15)
    assert add_months(date(2024, 5, 5), 0) == date(2024, 5, 5)


def test_dl_51_reply_due_three_months_six_if_difficult():
    assert rules.reply_due(date(2024, 1, 15), difficult=False) == date(2024, 4, 15)
    assert rules.reply_due(date(2024, 1, 15), difficult=True) == date(2024, 7, 15)
    assert rules.cohandler_due(date(2024, 1, 15)) == date(2024, 2, 15)
    assert rules.rereply_due(date(2024, 5, 31)) == date(2024, 6, 30)


def test_fifteen_working_days():
    # Monday 1 Apr 2024: 15 working days later is Monday 22 Apr (three full weeks).
    assert rules.rating_due(date(2024, 4, 1)) == date(2024, 4, 22)
    # From a Friday: the weekend does not count.
    assert add_working_days(date(2024, 4, 5), 1) == date(2024, 4, 8)
    # With a holiday table: 1–3 May off, Sunday 28 April worked (调休).
    d = Deadlines(
        holidays=frozenset({date(2024, 5, 1), date(2024, 5, 2), date(2024, 5, 3)}),
        workdays=frozenset({date(2024, 4, 28)}),
    )
    assert is_working_day(date(2024, 4, 28), d.holidays, d.workdays)
    assert not is_working_day(date(2024, 5, 2), d.holidays, d.workdays)
    # Fri 26 Apr + 3: Sun 28 (worked), Mon 29, Tue 30.
    assert add_working_days(date(2024, 4, 26), 3, d.holidays, d.workdays) == date(2024, 4, 30)
    # Tue 30 Apr + 1: 1–3 May off, the weekend → Mon 6 May.
    assert add_working_days(date(2024, 4, 30), 1, d.holidays, d.workdays) == date(2024, 5, 6)
    assert rules.reassign_due(date(2024, 1, 15)) == date(2024, 1, 24)


def test_extension_is_later_and_at_most_six_months_from_the_start():
    start = date(2024, 1, 15)
    assert rules.check_extension(start, date(2024, 4, 15), date(2024, 7, 15)).ok
    assert rules.check_extension(start, date(2024, 4, 15), date(2024, 7, 16)).code == (
        "extension_too_long"
    )
    assert rules.check_extension(start, date(2024, 4, 15), date(2024, 4, 15)).code == "not_later"


def test_settings_may_not_exceed_the_law():
    assert rules.check_deadlines(Deadlines()) == []
    assert rules.check_deadlines(Deadlines(reply_months=2, difficult_reply_months=4)) == []
    assert rules.check_deadlines(Deadlines(reply_months=4))
    assert rules.check_deadlines(Deadlines(difficult_reply_months=7))
    assert rules.check_deadlines(Deadlines(rating_working_days=0))
    day = frozenset({date(2024, 5, 1)})
    assert rules.check_deadlines(Deadlines(holidays=day, workdays=day))


@pytest.mark.parametrize(
    ("name", "most", "article"),
    [
        ("cohandler_months", 1, "沪建议规定 17"),  # 会办意见：一个月内
        ("rereply_months", 1, "沪建议规定 21"),  # 不满意的，一个月内再次答复
        ("reassign_working_days", 7, "沪建议规定 14"),  # 七个工作日内申请退回
    ],
)
def test_the_local_rules_deadlines_are_maxima(name, most, article):
    """A body may set a shorter deadline than 沪建议规定 gives, never a longer one."""
    assert rules.check_deadlines(Deadlines(**{name: most})) == []
    assert rules.check_deadlines(Deadlines(**{name: 1})) == []
    (problem,) = rules.check_deadlines(Deadlines(**{name: most + 1}))
    assert article in problem
    (problem,) = rules.check_deadlines(Deadlines(**{name: 0}))
    assert article in problem


def test_assignment_shapes():
    assert rules.check_assignment(["lead"]).ok
    assert rules.check_assignment(["lead", "co", "co"]).ok
    assert rules.check_assignment(["split", "split", "co"]).ok
    assert rules.check_assignment([]).code == "no_lead"
    assert rules.check_assignment(["co"]).code == "no_lead"
    assert rules.check_assignment(["lead", "lead"]).code == "two_leads"
    assert rules.check_assignment(["lead", "split"]).code == "lead_and_split"
    assert rules.check_assignment(["split"]).code == "one_split"
    assert rules.check_assignment(["boss"]).code == "bad_role"


def test_hu_17_a_reply_waits_for_co_handlers_until_their_deadline():
    own, co_due = date(2024, 4, 15), date(2024, 2, 15)
    assert rules.check_reply_waits(date(2024, 2, 1), own, []).ok
    waiting = rules.check_reply_waits(date(2024, 2, 15), own, [("区教育局", co_due)])
    assert waiting.code == "co_opinions_pending"
    assert "区教育局" in waiting.reason and "2024年02月15日" in waiting.reason
    assert rules.check_reply_waits(date(2024, 2, 16), own, [("区教育局", co_due)]).ok
    # Two late ones: named in deadline order, the later deadline given.
    two = rules.check_reply_waits(
        date(2024, 2, 1), own, [("区住建委", date(2024, 3, 1)), ("区教育局", co_due)]
    )
    assert "区教育局、区住建委" in two.reason and "2024年03月01日" in two.reason
    # A co-handler due after the unit's own deadline never keeps it from replying in time.
    assert rules.check_reply_waits(own, own, [("区教育局", date(2024, 5, 1))]).ok


def test_rates():
    assert rules.satisfaction_rate(6, 3, 1) == Fraction(9, 10)
    assert rules.satisfaction_rate(0, 0, 0) is None
    assert rules.on_time_rate(19, 20) == Fraction(19, 20)
    assert rules.percent(Fraction(9, 10)) == "90.0%"
    assert rules.percent(None) == "—"


def test_transition_check_refuses_what_the_table_does_not_hold():
    steps = [
        rules.Step("suggestion", "registered", "assign", "assigned", frozenset({"secretariat"}))
    ]
    ok = rules.check_transition(steps, "suggestion", "registered", "assign", {"secretariat"})
    assert ok.ok and ok.target == "assigned"
    wrong_state = rules.check_transition(
        steps, "suggestion", "submitted", "assign", {"secretariat"}, state_label="待受理"
    )
    assert wrong_state.code == "bad_state" and "待受理" in wrong_state.reason
    assert rules.check_transition(steps, "suggestion", "registered", "assign", {"lead"}).code == (
        "forbidden"
    )
    assert rules.check_transition(
        steps, "proposal", "registered", "assign", {"secretariat"}
    ).code == ("bad_state")
    assert rules.available(steps, "suggestion", "registered", {"lead"}) == []


# --- properties --------------------------------------------------------------------

days = st.dates(min_value=date(2000, 1, 1), max_value=date(2090, 12, 31))


@given(days, st.integers(min_value=0, max_value=24))
def test_add_months_lands_in_the_right_month_never_past_the_day(day, months):
    result = add_months(day, months)
    assert (result.year * 12 + result.month) - (day.year * 12 + day.month) == months
    assert result.day <= day.day
    # Only a missing day (the 29th–31st) is pulled back, to the month's last day.
    assert result.day == day.day or (result + timedelta(days=1)).day == 1


@given(days, st.integers(min_value=1, max_value=12))
def test_add_months_is_monotone(day, months):
    assert add_months(day, months) > day
    assert add_months(day, months) >= add_months(day, months - 1)


@given(days, st.integers(min_value=0, max_value=60))
def test_working_days_count_back_exactly(day, n):
    result = add_working_days(day, n)
    assert working_days_between(day, result) == n
    if n:
        assert is_working_day(result) and result > day
    # Five working days a week: n working days take at most n/5 weeks plus a weekend.
    assert (result - day).days <= n // 5 * 7 + n % 5 + 2


@given(
    days,
    st.integers(min_value=0, max_value=30),
    st.sets(st.dates(min_value=date(2000, 1, 1), max_value=date(2091, 6, 30)), max_size=40),
)
def test_holidays_only_push_the_deadline_later(day, n, holidays):
    holidays = frozenset(holidays)
    plain = add_working_days(day, n)
    with_holidays = add_working_days(day, n, holidays)
    assert with_holidays >= plain
    assert working_days_between(day, with_holidays, holidays) == n
    if n:
        assert with_holidays not in holidays


@given(days, st.booleans())
def test_reply_due_is_within_the_law(day, difficult):
    due = rules.reply_due(day, difficult)
    assert due > day
    assert due <= rules.latest_due(day)
    assert (due - day).days <= (186 if difficult else 92)


def test_rules_and_the_default_table_import_nothing_from_django():
    import subprocess
    import sys

    code = (
        "import sys, lianghui.proposals.rules, lianghui.proposals.default_workflow;"
        "sys.exit('django' in sys.modules)"
    )
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0


def test_the_unit_time_limits_at_their_boundaries():
    due, assigned = date(2024, 4, 15), date(2024, 1, 15)
    assert rules.check_reply_in_time(due, due).ok
    late = rules.check_reply_in_time(due + timedelta(days=1), due)
    assert not late.ok and late.code == "reply_overdue" and "2024年04月15日" in late.reason
    limit = rules.reassign_due(assigned)
    assert rules.check_reassign_in_time(limit, assigned).ok
    too_late = rules.check_reassign_in_time(limit + timedelta(days=1), assigned)
    assert not too_late.ok and too_late.code == "reassign_too_late"
    latest = rules.latest_due(assigned)
    assert rules.check_extension_request_in_time(latest, assigned).ok
    past = rules.check_extension_request_in_time(latest + timedelta(days=1), assigned)
    assert not past.ok and past.code == "extension_too_late"


def test_which_organisations_may_file_which_kind():
    motion = rules.organisation_filer_types("motion", delegations_may_file_motions=False)
    assert rules.FilerType.DELEGATION not in motion and rules.FilerType.PRESIDIUM in motion
    allowed = rules.organisation_filer_types("motion", delegations_may_file_motions=True)
    assert rules.FilerType.DELEGATION in allowed
    assert not set(rules.organisation_filer_types("proposal", True)) & rules.PERSON_FILERS
