"""LOL 14: two thirds or more of ALL delegates; 以上 includes the number itself."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lianghui.attendance.rules import quorum, quorum_needed


@pytest.mark.parametrize(
    ("total", "needed"),
    [(0, 0), (1, 1), (2, 2), (3, 2), (4, 3), (299, 200), (300, 200), (301, 201), (3000, 2000)],
)
def test_needed_is_two_thirds_rounded_up(total, needed):
    assert quorum_needed(total) == needed


def test_exact_two_thirds_is_a_quorum():
    assert quorum(300, 200).reached
    assert not quorum(300, 199).reached


def test_one_short_of_two_thirds_when_not_divisible():
    # 2/3 of 301 is 200.67: 200 is short, 201 is enough.
    assert not quorum(301, 200).reached
    assert quorum(301, 201).reached


def test_sentence_states_the_counts():
    q = quorum(300, 280, on_leave=5)
    assert q.sentence.startswith("应到 300 人，实到 280 人，请假 5 人")
    assert "符合法定人数" in q.sentence
    assert "未达到法定人数" in quorum(300, 10).sentence


def test_nonvoting_attendees_do_not_count():
    assert not quorum(300, 199, nonvoting=500).reached


def test_present_cannot_exceed_total():
    with pytest.raises(ValueError):
        quorum(10, 11)


def test_empty_body_never_has_a_quorum():
    assert not quorum(0, 0).reached


@given(st.integers(min_value=1, max_value=100_000), st.data())
def test_reached_iff_three_present_at_least_twice_total(total, data):
    present = data.draw(st.integers(min_value=0, max_value=total))
    assert quorum(total, present).reached == (3 * present >= 2 * total)


@given(st.integers(min_value=1, max_value=100_000))
def test_needed_is_the_smallest_sufficient_count(total):
    needed = quorum_needed(total)
    assert 3 * needed >= 2 * total
    assert 3 * (needed - 1) < 2 * total
