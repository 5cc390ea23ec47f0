"""The result sentence in each language: the Chinese record unchanged, English for the pages."""

from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lianghui.votes.rules import (
    HALF,
    LAW_DEFAULT,
    TWO_THIRDS,
    Base,
    Counts,
    Threshold,
    decide,
    sentence,
)


def _decide(yes, no=0, abstain=0, threshold=LAW_DEFAULT, total=6, present=5, word="代表"):
    return decide(
        Counts(yes, no, abstain),
        members_total=total,
        present=present,
        entitled=present,
        threshold=threshold,
        member_word=word,
    )


def test_the_chinese_record_is_unchanged_byte_for_byte():
    assert _decide(3, 1).sentence == "赞成 3 票，未超过全体代表 6 人的半数，未通过。"
    assert _decide(4, 1).sentence == "赞成 4 票，超过全体代表 6 人的半数，通过。"
    two_thirds = Threshold(Base.PRESENT, TWO_THIRDS, strict=False)
    assert _decide(4, 1, threshold=two_thirds).sentence == (
        "赞成 4 票，达到出席会议的代表 5 人的三分之二以上，通过。"
    )
    cast = Threshold(Base.CAST, HALF, strict=True)
    assert _decide(2, 2, 1, threshold=cast, word="委员").sentence == (
        "赞成 2 票，未超过参加表决的 5 票的半数，未通过。"
    )
    three_fifths = Threshold(Base.ALL, Fraction(3, 5), strict=False)
    assert _decide(3, threshold=three_fifths, total=10).sentence == (
        "赞成 3 票，未达到全体代表 10 人的5分之3以上，未通过。"
    )


@pytest.mark.parametrize(
    ("yes", "no", "abstain", "threshold", "word", "english"),
    [
        (4, 1, 0, LAW_DEFAULT, "代表", "4 votes in favour, more than half of all 6 delegates: adopted."),
        (3, 1, 0, LAW_DEFAULT, "代表", "3 votes in favour, not more than half of all 6 delegates: not adopted."),
        (4, 1, 0, Threshold(Base.PRESENT, TWO_THIRDS, False), "委员", "4 votes in favour, at least two thirds of the 5 members present: adopted."),
        (3, 2, 0, Threshold(Base.PRESENT, TWO_THIRDS, False), "委员", "3 votes in favour, less than two thirds of the 5 members present: not adopted."),
        (1, 0, 0, Threshold(Base.CAST, HALF, True), "代表", "1 vote in favour, more than half of the 1 votes cast: adopted."),
        (2, 2, 1, Threshold(Base.CAST, HALF, True), "代表", "2 votes in favour, not more than half of the 5 votes cast: not adopted."),
        (0, 0, 0, Threshold(Base.CAST, HALF, True), "代表", "0 votes in favour, not more than half of the 0 votes cast: not adopted."),
        (3, 0, 0, Threshold(Base.ALL, Fraction(3, 5), False), "代表", "3 votes in favour, less than 3/5 of all 6 delegates: not adopted."),
    ],
)  # fmt: skip
def test_english_for_each_outcome_and_threshold(yes, no, abstain, threshold, word, english):
    outcome = _decide(yes, no, abstain, threshold=threshold, word=word)
    said = sentence(
        yes, outcome.passed, outcome.base_count, threshold, member_word=word, language="en"
    )
    assert said == english


@given(
    yes=st.integers(0, 300),
    total=st.integers(1, 300),
    base=st.sampled_from(list(Base)),
    strict=st.booleans(),
    fraction=st.sampled_from([HALF, TWO_THIRDS, Fraction(3, 5), Fraction(1, 1)]),
)
def test_english_has_no_chinese_and_agrees_with_the_outcome(yes, total, base, strict, fraction):
    yes = min(yes, total)
    threshold = Threshold(base, fraction, strict)
    outcome = _decide(yes, threshold=threshold, total=total, present=total)
    zh = sentence(yes, outcome.passed, outcome.base_count, threshold)
    en = sentence(yes, outcome.passed, outcome.base_count, threshold, language="en")
    assert zh == outcome.sentence
    assert not any(c for c in en if "\u3000" <= c <= "\u9fff" or "\uff00" <= c <= "\uffef")
    assert en.endswith(": adopted.") == outcome.passed
