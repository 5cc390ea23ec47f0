"""Whether a day falls in a session (sessions/rules.py): opening and closing days included."""

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from lianghui.sessions.rules import in_session, outside_session_refusal

START, END = dt.date(2024, 1, 10), dt.date(2024, 1, 12)
LOL_24 = {"article": "地方组织法第二十四条", "act": "提出质询案"}


def test_the_opening_and_closing_days_are_in_the_session():
    assert in_session(START, END, START) and in_session(START, END, END)
    assert outside_session_refusal(START, END, START, **LOL_24) is None
    assert outside_session_refusal(START, END, END, **LOL_24) is None


def test_the_day_before_and_the_day_after_are_refused_naming_the_article_and_the_days():
    before = outside_session_refusal(
        START, END, dt.date(2024, 1, 9), title="五届四次会议", **LOL_24
    )
    assert before == (
        "依照地方组织法第二十四条，提出质询案只能在人民代表大会举行会议的时候进行；"
        "五届四次会议会期为2024年1月10日至2024年1月12日，2024年1月9日尚未开幕。"
    )
    after = outside_session_refusal(
        START, END, dt.date(2024, 1, 13), otherwise="闭会期间另有规定。", **LOL_24
    )
    assert after.endswith("2024年1月13日已经闭幕。闭会期间另有规定。")


@given(
    start=st.dates(dt.date(2000, 1, 1), dt.date(2100, 1, 1)),
    days=st.integers(0, 30),
    offset=st.integers(-60, 60),
)
def test_refused_exactly_outside_the_session(start, days, offset):
    end = start + dt.timedelta(days=days)
    day = start + dt.timedelta(days=offset)
    refusal = outside_session_refusal(start, end, day, **LOL_24)
    assert (refusal is None) == (0 <= offset <= days) == in_session(start, end, day)
