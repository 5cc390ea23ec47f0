"""预选 (LOL 27 ¶2; EL 31–32): the list in order of votes; a tie at the cut is voted again."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lianghui.elections import preliminary


def test_the_list_is_the_most_votes_in_order():
    r = preliminary.rank({"a": 5, "b": 9, "c": 1, "d": 7}, 3, "abcd")
    assert r.kept == ("b", "d", "a") and r.settled and r.order == ("b", "d", "a", "c")


def test_a_tie_at_the_cut_is_voted_again_for_the_places_left():
    r = preliminary.rank({"a": 9, "b": 4, "c": 4, "d": 4, "e": 1}, 3, "abcde")
    assert (r.kept, r.tied, r.places) == (("a",), ("b", "c", "d"), 2)
    assert not r.settled
    text = preliminary.sentences(r, {"a": 9, "b": 4, "c": 4, "d": 4, "e": 1}, {"a": "甲"})
    assert text[0] == "甲 得赞成票 9 票。" and "再次预选，确定 2 名" in text[-1]


def test_a_tie_that_fits_the_list_is_no_tie():
    r = preliminary.rank({"a": 4, "b": 4, "c": 1}, 2, "abc")
    assert r.kept == ("a", "b") and r.settled
    assert preliminary.rank({"a": 0, "b": 0}, 2, "ab").kept == ("a", "b")


def test_bad_input_is_refused():
    with pytest.raises(ValueError):
        preliminary.rank({"a": 1}, 0, "a")
    with pytest.raises(ValueError):
        preliminary.rank({"a": 1}, 1, "ab")


@given(
    st.lists(st.integers(0, 6), min_size=1, max_size=12).flatmap(
        lambda votes: st.tuples(st.just(votes), st.integers(1, len(votes) + 2))
    )
)
def test_the_list_never_passes_over_more_votes(args):
    votes, keep = args
    slate = list(range(len(votes)))
    yes = dict(zip(slate, votes, strict=True))
    r = preliminary.rank(yes, keep, slate)
    assert sorted(r.order) == slate
    assert len(r.kept) + r.places == min(keep, len(slate))
    left_out = set(slate) - set(r.kept) - set(r.tied)
    for p in r.kept:
        assert all(yes[p] >= yes[q] for q in left_out | set(r.tied))
    if r.tied:
        assert len({yes[p] for p in r.tied}) == 1 and len(r.tied) > r.places >= 1
        assert all(yes[p] > yes[r.tied[0]] for p in r.kept)
        assert all(yes[q] < yes[r.tied[0]] for q in left_out)
