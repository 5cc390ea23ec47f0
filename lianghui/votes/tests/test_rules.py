"""LOL 25: more than half of ALL delegates. Boundaries, bases, and properties."""

from fractions import Fraction

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from lianghui.votes import rules
from lianghui.votes.rules import HALF, LAW_DEFAULT, TWO_THIRDS, Base, Counts, Threshold, decide


def outcome(yes, no=0, abstain=0, total=300, present=None, entitled=None, threshold=LAW_DEFAULT):
    present = total if present is None else present
    entitled = present if entitled is None else entitled
    return decide(
        Counts(yes, no, abstain),
        members_total=total,
        present=present,
        entitled=entitled,
        threshold=threshold,
    )


def test_151_of_300_passes_150_does_not():
    assert outcome(151).passed
    assert outcome(151).sentence == "赞成 151 票，超过全体代表 300 人的半数，通过。"
    assert not outcome(150).passed
    assert outcome(150).sentence == "赞成 150 票，未超过全体代表 300 人的半数，未通过。"


def test_151_of_301_passes_150_does_not():
    assert outcome(151, total=301).passed
    assert not outcome(150, total=301).passed


def test_half_of_all_not_of_present():
    # 200 present of 300: 120 yes is a clear majority of those present but not of all.
    assert not outcome(120, 80, total=300, present=200).passed
    assert outcome(120, 80, total=300, present=200, threshold=Threshold(Base.PRESENT)).passed
    assert outcome(101, 99, total=300, present=200, threshold=Threshold(Base.PRESENT)).passed
    assert not outcome(100, 100, total=300, present=200, threshold=Threshold(Base.PRESENT)).passed


def test_base_of_votes_cast():
    t = Threshold(Base.CAST)
    o = outcome(70, 40, 20, total=300, present=250, threshold=t)
    assert o.passed and o.base_count == 130 and o.needed == 66
    assert "参加表决的 130 票的半数" in o.sentence


def test_two_thirds_or_more():
    t = Threshold(Base.ALL, TWO_THIRDS, strict=False)
    assert outcome(200, threshold=t).passed
    assert not outcome(199, threshold=t).passed
    assert "达到全体代表 300 人的三分之二以上" in outcome(200, threshold=t).sentence


def test_custom_fraction():
    t = Threshold(Base.ALL, Fraction(3, 4), strict=False)
    assert outcome(225, threshold=t).passed and not outcome(224, threshold=t).passed


def test_member_word_for_cppcc():
    o = decide(Counts(200, 0, 0), members_total=300, present=280, entitled=280, member_word="委员")
    assert "全体委员 300 人" in o.sentence


def test_did_not_vote_is_entitled_minus_cast():
    assert outcome(150, 50, 10, total=300, present=280).did_not_vote == 70


def test_counts_above_entitled_are_refused():
    with pytest.raises(ValueError, match="超过"):
        outcome(200, 100, 1, total=300, present=300)
    with pytest.raises(ValueError):
        outcome(-1)


def test_empty_body_never_passes():
    assert not outcome(0, total=0).passed


def test_fraction_must_be_sensible():
    with pytest.raises(ValueError):
        Threshold(fraction=Fraction(0))
    with pytest.raises(ValueError):
        Threshold(fraction=Fraction(3, 2))


thresholds = st.builds(
    Threshold,
    base=st.sampled_from(list(Base)),
    fraction=st.sampled_from([HALF, TWO_THIRDS, Fraction(3, 5), Fraction(1, 1)]),
    strict=st.booleans(),
)


@st.composite
def situations(draw):
    total = draw(st.integers(1, 3000))
    present = draw(st.integers(0, total))
    yes = draw(st.integers(0, present))
    no = draw(st.integers(0, present - yes))
    abstain = draw(st.integers(0, present - yes - no))
    return total, present, Counts(yes, no, abstain)


@given(situations(), thresholds)
def test_counts_never_exceed_entitled(situation, threshold):
    total, present, counts = situation
    o = decide(counts, members_total=total, present=present, entitled=present, threshold=threshold)
    assert o.counts.cast + o.did_not_vote == present


@given(situations(), thresholds)
def test_adding_a_no_vote_never_turns_fail_into_pass(situation, threshold):
    total, present, counts = situation
    assume(counts.cast < present)
    before = decide(
        counts, members_total=total, present=present, entitled=present, threshold=threshold
    )
    after = decide(
        Counts(counts.yes, counts.no + 1, counts.abstain),
        members_total=total,
        present=present,
        entitled=present,
        threshold=threshold,
    )
    assert not (not before.passed and after.passed)


@given(situations(), thresholds)
def test_needed_is_the_exact_boundary(situation, threshold):
    total, present, counts = situation
    o = decide(counts, members_total=total, present=present, entitled=present, threshold=threshold)
    exact = threshold.fraction * o.base_count
    if threshold.strict:
        assert o.needed > exact and o.needed - 1 <= exact
    else:
        assert o.needed >= exact and o.needed - 1 < exact
    assert o.passed == (o.base_count > 0 and counts.yes >= o.needed)


@pytest.mark.parametrize(
    ("fraction", "custom", "comparison", "expected"),
    [
        ("1/2", "", "", (1, 2, True)),  # 过半数: strictly more than half
        ("2/3", "", "", (2, 3, False)),  # 三分之二以上: two thirds or more
        ("custom", "3/5", "more", (3, 5, True)),
        ("custom", " 3／4 ", "at_least", (3, 4, False)),  # a full-width slash
        ("custom", "3/5", "", None),  # a custom fraction must say more-than or at-least
        ("custom", "5/3", "more", None),
        ("custom", "0/3", "more", None),
        ("custom", "abc", "more", None),
        ("3/5", "", "", None),  # not a preset
    ],
)
def test_thresholds_as_the_vote_form_states_them(fraction, custom, comparison, expected):
    assert rules.threshold_from_form(fraction, custom, comparison) == expected
