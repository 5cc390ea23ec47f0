"""沪议事规则 13 ¶2: quorum of two thirds of all members, decisions by more than half of all."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lianghui.presidium import rules


@pytest.mark.parametrize(
    ("members", "quorum", "majority"),
    [(1, 1, 1), (2, 2, 2), (3, 2, 2), (4, 3, 3), (5, 4, 3), (6, 4, 4), (9, 6, 5), (31, 21, 16)],
)
def test_quorum_and_majority_of_all_members(members, quorum, majority):
    assert rules.quorum_needed(members) == quorum
    assert rules.majority_needed(members) == majority


def test_the_boundary_of_a_majority_of_all_members():
    # 9 members, all present: 5 adopt, 4 do not; 4 present out of 9 is no meeting at all.
    assert rules.outcome(9, 9, 5).adopted
    assert not rules.outcome(9, 9, 4).adopted
    assert "未超过全体成员的半数" in rules.outcome(9, 9, 4).sentence
    assert not rules.outcome(9, 5, 5).quorate
    assert rules.outcome(9, 6, 5).adopted  # two thirds present; five is more than half of nine
    assert not rules.outcome(9, 6, 4).adopted  # a majority of those present is not enough


def test_an_even_presidium_needs_more_than_half():
    assert not rules.outcome(8, 8, 4).adopted and rules.outcome(8, 8, 5).adopted


def test_impossible_counts_are_refused():
    with pytest.raises(ValueError):
        rules.outcome(0, 0, 0)
    with pytest.raises(ValueError):
        rules.outcome(5, 6, 3)
    with pytest.raises(ValueError):
        rules.outcome(5, 4, 5)


def test_the_refusal_names_the_article():
    text = rules.missing_decision(rules.Subject.VALIDITY)
    assert text.startswith("依照选举法第四十六条") and "主席团" in text
    assert "主席会议" in rules.missing_decision(rules.Subject.NOMINATION, body="主席会议")
    assert rules.missing_decision(rules.Subject.NOMINATION).startswith("依照地方组织法第二十六条")


@given(st.integers(1, 3000).flatmap(lambda n: st.tuples(st.just(n), st.integers(0, n))))
def test_adopted_exactly_when_quorate_and_more_than_half_of_all(args):
    members, present = args
    for yes in {
        0,
        present // 2,
        present,
        min(present, members // 2),
        min(present, members // 2 + 1),
    }:
        result = rules.outcome(members, present, yes)
        assert result.quorate == (3 * present >= 2 * members)
        assert result.adopted == (result.quorate and 2 * yes > members)
        assert result.needed * 2 > members >= (result.needed - 1) * 2
