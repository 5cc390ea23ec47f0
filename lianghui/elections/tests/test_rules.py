"""Properties of the count that must hold for any ballots (EL 44, LOL 29), by hypothesis."""

from hypothesis import given, settings
from hypothesis import strategies as st

from lianghui.elections import rules
from lianghui.elections.rules import (
    Ballot,
    Mark,
    OfficeKind,
    Verdict,
    ballot_valid,
    count,
    further_round_slate,
)

OUTSIDERS = [100, 101, 102]  # 100 and 101 may be written in; 102 may not
ELIGIBLE = frozenset({100, 101})
# Whole elections per example: no per-example deadline on a loaded 2-core machine.
no_deadline = settings(deadline=None)
LEVEL = {Verdict.FAILED: 0, Verdict.OUTRANKED: 1, Verdict.REVOTE: 2, Verdict.ELECTED: 3}


@st.composite
def elections(draw):
    k = draw(st.integers(1, 6))
    order = list(range(k))
    seats = draw(st.integers(1, k))
    total = draw(st.integers(2, 14))
    n = draw(st.integers(0, total - 1))  # room for one more ballot
    mark = st.sampled_from([Mark.YES, Mark.YES, Mark.YES, Mark.NO, Mark.ABSTAIN, None])
    ballot = st.builds(
        Ballot,
        marks=st.dictionaries(st.sampled_from(order), mark),
        write_ins=st.lists(st.sampled_from(order + OUTSIDERS), max_size=2).map(tuple),
        void=st.sampled_from([False] * 6 + [True]),
    )
    ballots = draw(st.lists(ballot, min_size=n, max_size=n))
    return dict(
        ballots=ballots,
        seats=seats,
        candidate_order=order,
        members_total=total,
        issued=n,
        returned=n,
        eligible_write_ins=ELIGIBLE,
        write_in_only_beside_no=draw(st.booleans()),
    )


def run(e, **changes):
    return count(**{**e, **changes})


def plus(e, ballot):
    n = e["issued"] + 1
    return run(e, ballots=[*e["ballots"], ballot], issued=n, returned=n)


def table(r):
    return {t.person: (t.yes, t.no, t.abstain, t.verdict) for t in r.tallies}


@no_deadline
@given(elections(), st.randoms())
def test_the_count_does_not_depend_on_ballot_order(e, rnd):
    shuffled = list(e["ballots"])
    rnd.shuffle(shuffled)
    a, b = run(e), run(e, ballots=shuffled)
    assert table(a) == table(b)
    assert (a.elected, a.revote, a.unfilled, a.sentences) == (b.elected, b.revote, b.unfilled, b.sentences)  # fmt: skip


@no_deadline
@given(elections(), st.dictionaries(st.integers(0, 5), st.just(Mark.YES)))
def test_void_ballots_never_add_votes_el_44(e, marks):
    marks = {c: m for c, m in marks.items() if c in e["candidate_order"]}
    before, after = run(e), plus(e, Ballot(marks, (100,), void=True))
    assert after.void_ballots == before.void_ballots + 1
    assert {p: v[:2] for p, v in table(after).items()} == {p: v[:2] for p, v in table(before).items()}  # fmt: skip
    assert after.elected == before.elected


@no_deadline
@given(elections())
def test_seats_are_filled_at_most_once_and_only_by_more_than_half_lol_29(e):
    r = run(e)
    assert len(r.elected) + r.revote_seats + r.unfilled == r.seats
    assert len(r.elected) <= r.seats and len(set(r.elected)) == len(r.elected)
    for t in r.tallies:
        if t.verdict == Verdict.ELECTED:
            assert t.yes * 2 > r.members_total and t.person in r.elected
        if t.yes * 2 <= r.members_total:
            assert t.verdict == Verdict.FAILED
    if r.revote:
        assert 1 <= r.revote_seats < len(r.revote)
        assert len({r.tally(p).yes for p in r.revote}) == 1


@no_deadline
@given(elections())
def test_every_valid_ballot_is_counted_once_per_slate_candidate(e):
    r = run(e)
    assert r.valid_ballots + r.void_ballots == r.returned
    for t in r.tallies:
        if t.on_slate:
            assert t.yes + t.no + t.abstain == r.valid_ballots
        assert 0 <= t.yes <= r.valid_ballots


@no_deadline
@given(elections())
def test_ballot_valid_agrees_with_the_count_el_44(e):
    r = run(e)
    judged = [
        ballot_valid(
            b, e["seats"], e["candidate_order"], ELIGIBLE, e["write_in_only_beside_no"]
        ).valid
        for b in e["ballots"]
    ]
    assert judged.count(False) == r.void_ballots


@no_deadline
@given(elections(), st.data())
def test_one_more_yes_never_hurts_the_candidate_nor_helps_the_others_lol_29(e, data):
    """A valid ballot with a single 赞成 for X: X's outcome never gets worse (elected stays
    elected, a tie is broken in X's favour), nobody else's ever gets better."""
    x = data.draw(st.sampled_from(e["candidate_order"]))
    before, after = run(e), plus(e, Ballot({x: Mark.YES}))
    assert after.tally(x).yes == before.tally(x).yes + 1
    assert LEVEL[after.tally(x).verdict] >= LEVEL[before.tally(x).verdict]
    if before.tally(x).verdict in (Verdict.ELECTED, Verdict.REVOTE):
        assert x in after.elected
    for t in before.tallies:
        if t.person != x:
            assert LEVEL[after.tally(t.person).verdict] <= LEVEL[t.verdict]


@no_deadline
@given(elections(), st.integers(1, 3))
def test_more_returned_than_issued_voids_the_whole_election_el_44(e, extra):
    assert run(e).valid
    n = e["returned"]
    r = run(e, issued=max(n - extra, 0))
    assert r.valid == (n == 0)
    if n:
        assert r.elected == () and r.unfilled == 0 and "选举无效" in r.text


@no_deadline
@given(elections(), st.sampled_from(list(OfficeKind)))
def test_a_further_round_offers_only_those_not_elected_within_the_rule_lol_29(e, kind):
    r = run(e)
    fr = further_round_slate(r, kind)
    assert fr.seats == r.unfilled
    assert len(fr.candidates) + fr.open_places <= fr.seats + fr.surplus
    assert not set(fr.candidates) & (set(r.elected) | set(r.revote))
    if fr.seats and not fr.tied_at_cut:
        assert fr.enough == (len(fr.candidates) == fr.seats + fr.surplus)


def test_rules_reexports_its_public_names():
    for name in rules.__all__:
        assert hasattr(rules, name)
