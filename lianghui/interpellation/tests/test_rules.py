"""The interpellation rules at each boundary (LOL 24; DL 20 ¶5)."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lianghui.interpellation import rules


def refusal(filers=10, non_delegates=0, target="department", unit="区生态环境局"):
    return rules.filing_refusal(filers, non_delegates, target, unit, "问题", "内容")


def test_ten_delegates_file_and_nine_do_not():
    assert refusal(10) is None
    assert "十人以上" in refusal(9) or "10人以上" in refusal(9)
    assert "地方组织法第二十四条" in refusal(9)


def test_a_non_delegate_among_the_filers_is_refused_even_with_ten_delegates():
    assert "不是本届代表" in refusal(11, non_delegates=1)


@pytest.mark.parametrize("target", [t.value for t in rules.Target])
def test_each_body_the_law_names_may_be_questioned(target):
    assert refusal(target=target) is None


def test_other_bodies_may_not_be_questioned():
    assert "质询对象" in refusal(target="standing")


def test_the_body_the_questions_and_their_substance_must_be_written():
    assert "质询对象" in refusal(unit="  ")
    assert "问题和内容" in rules.filing_refusal(10, 0, "court", "区法院", "", "内容")
    assert "问题和内容" in rules.filing_refusal(10, 0, "court", "区法院", "问题", " ")


@pytest.mark.parametrize(
    "form,kind,ok",
    [
        ("presidium", "presidium", True),
        ("plenary", "plenary", True),
        ("committee", "other", True),
        ("written", None, True),
        ("written", "plenary", True),
        ("presidium", "plenary", False),
        ("plenary", "group", False),
        ("plenary", None, False),
        ("hallway", "plenary", False),
    ],
)
def test_the_answer_form_and_its_meeting(form, kind, ok):
    assert (rules.answer_form_refusal(form, kind) is None) is ok


@pytest.mark.parametrize(
    "filers,unsatisfied,ok",
    [(10, 5, True), (10, 4, False), (11, 6, True), (11, 5, False), (1, 1, True), (1, 0, False)],
)
def test_half_or_more_unsatisfied_may_ask_again(filers, unsatisfied, ok):
    assert rules.may_ask_again(filers, unsatisfied) is ok
    assert (rules.ask_again_refusal(filers, unsatisfied, rounds=1) is None) is ok


def test_no_third_answer():
    assert "再次答复" in rules.ask_again_refusal(10, 10, rounds=2)


def test_unsatisfied_out_of_range_is_an_error():
    with pytest.raises(ValueError):
        rules.may_ask_again(10, 11)
    with pytest.raises(ValueError):
        rules.may_ask_again(0, 0)


@given(st.integers(1, 3000), st.data())
def test_ask_again_exactly_when_unsatisfied_is_half_or_more(filers, data):
    unsatisfied = data.draw(st.integers(0, filers))
    assert rules.may_ask_again(filers, unsatisfied) is (unsatisfied >= filers / 2)


@given(st.integers(0, 500))
def test_the_count_of_filers_decides_exactly_at_ten(filers):
    assert (refusal(filers) is None) is (filers >= rules.MIN_FILERS)


def test_tally_counts_the_silent_and_names_the_rule():
    t = rules.Tally(10, 3, 5)
    assert t.silent == 2 and t.may_ask_again
    assert "未表示意见2人" in t.sentence
    assert not rules.Tally(10, 6, 4).may_ask_again
