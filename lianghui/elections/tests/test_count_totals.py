"""The count from decrypted totals (an encrypted electronic election) is the count from the
ballots: for every set of valid ballots without write-ins, `count_totals` over their sums gives
exactly what `count` gives over the ballots themselves."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lianghui.elections.rules import Ballot, count, count_totals


@st.composite
def elections(draw):
    candidates = draw(st.integers(1, 5))
    seats = draw(st.integers(1, candidates))
    members = draw(st.integers(1, 15))
    issued = draw(st.integers(0, members))
    returned = draw(st.integers(0, issued))
    order = [f"c{i}" for i in range(candidates)]
    ballots = []
    for _ in range(returned):
        marks = draw(
            st.lists(
                st.sampled_from(["yes", "no", "abstain"]), min_size=candidates, max_size=candidates
            )
        )
        if marks.count("yes") > seats:  # the device cannot prove such a ballot (EL 44)
            marks = ["no" if m == "yes" else m for m in marks]
        ballots.append(Ballot(dict(zip(order, marks, strict=True))))
    return seats, order, members, issued, ballots, draw(st.booleans())


@settings(max_examples=200, deadline=None)
@given(elections())
def test_totals_count_as_the_ballots_do(case):
    seats, order, members, issued, ballots, revote = case
    common = dict(
        seats=seats,
        candidate_order=order,
        members_total=members,
        issued=issued,
        returned=len(ballots),
        revote=revote,
    )
    yes = {c: sum(b.marks[c] == "yes" for b in ballots) for c in order}
    no = {c: sum(b.marks[c] == "no" for b in ballots) for c in order}
    assert count_totals(yes, no, **common) == count(ballots, **common)


def test_totals_no_valid_ballots_could_give_are_refused():
    common = dict(seats=1, candidate_order=["a", "b"], members_total=5, issued=5, returned=3)
    with pytest.raises(ValueError):
        count_totals({"a": 3, "b": 1}, {"a": 0, "b": 0}, **common)  # 4 赞成 > 1 seat × 3
    with pytest.raises(ValueError):
        count_totals({"a": 2, "b": 0}, {"a": 2, "b": 0}, **common)  # 4 marks on 3 ballots
    with pytest.raises(ValueError):
        count_totals({"a": 1}, {"a": 0}, **common)  # a candidate missing
