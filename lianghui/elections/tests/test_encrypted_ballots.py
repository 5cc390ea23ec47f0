"""The election ballot's cryptography as the elections use it (one question per candidate,
赞成/反对/弃权 with exactly one, the 赞成 across candidates bounded by the seats): for any slate
and any marks, a ballot within the seats verifies and the product of the ballots decrypts
to the column sums; a ballot with more 赞成 than seats cannot be made, and one proved for
looser bounds is refused."""

import copy

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lianghui.ballots import ballot as B
from lianghui.ballots import elgamal as E
from lianghui.ballots import group as G
from lianghui.ballots import threshold as T
from lianghui.ballots.tests.helpers import ceremony

TRUSTEES, THRESHOLD = 3, 2
DEVICES, _CONTRIBUTIONS, Y, VKS = ceremony(TRUSTEES, THRESHOLD, "election-property")
ROWS = {"yes": [1, 0, 0], "no": [0, 1, 0], "abstain": [0, 0, 1]}


def definition(candidates: int, seats: int) -> dict:
    """The shape lianghui.elections.encrypted.definition_for freezes at the opening."""
    return B.make_election(
        "elections.election:1:election-property",
        "选举测试",
        [
            {"question": f"候选人{i}", "answers": ["赞成", "反对", "弃权"], "min": 1, "max": 1}
            for i in range(candidates)
        ],
        Y,
        THRESHOLD,
        VKS,
        constraints=[{"choices": [[i, 0] for i in range(candidates)], "min": 0, "max": seats}],
    )


@st.composite
def elections(draw):
    candidates = draw(st.integers(1, 3))
    seats = draw(st.integers(1, candidates))
    ballots = []
    for _ in range(draw(st.integers(1, 3))):
        marks = draw(
            st.lists(st.sampled_from(list(ROWS)), min_size=candidates, max_size=candidates)
        )
        if marks.count("yes") > seats:
            marks = ["no" if m == "yes" else m for m in marks]
        ballots.append(marks)
    return candidates, seats, ballots


@settings(max_examples=8, deadline=None)
@given(elections())
def test_ballots_within_the_seats_verify_and_their_sum_decrypts_to_the_totals(case):
    candidates, seats, ballots = case
    election = definition(candidates, seats)
    fp = B.fingerprint(election)
    checked = []
    for i, marks in enumerate(ballots):
        ballot = B.encrypt_ballot(election, f"v{i}", [ROWS[m] for m in marks])
        checked.append(B.check_ballot(election, fp, ballot, f"v{i}"))
    tally = [c for row in B.encrypted_tally(election, checked) for c in row]
    alphas = [c.alpha for c in tally]
    factors = {
        d.index: [
            G.point_from_str(f["factor"]) for f in d.partial_decryption(fp, alphas)["factors"]
        ]
        for d in DEVICES[1:]
    }
    table = E.DlogTable(len(ballots))
    got = [table.log(G.sub(c.beta, f)) for c, f in zip(tally, T.combine(factors, 2), strict=True)]
    want = [sum(ROWS[b[q]][a] for b in ballots) for q in range(candidates) for a in range(3)]
    assert got == want


def test_an_overvote_cannot_be_proved():
    election = definition(3, 2)
    with pytest.raises(ValueError):
        B.encrypt_ballot(election, "v", [ROWS["yes"]] * 3)
    loose = copy.deepcopy(election)
    loose["constraints"][0]["max"] = 3
    forged = B.encrypt_ballot(loose, "v", [ROWS["yes"]] * 3)
    forged["election"] = B.fingerprint(election)
    with pytest.raises(B.BallotError) as refused:
        B.check_ballot(election, B.fingerprint(election), forged, "v")
    assert refused.value.code == "bad_proof"


def test_a_candidate_with_two_marks_cannot_be_proved():
    election = definition(2, 1)
    loose = copy.deepcopy(election)
    loose["questions"][0]["max"] = 2
    forged = B.encrypt_ballot(loose, "v", [[1, 1, 0], ROWS["no"]])
    forged["election"] = B.fingerprint(election)
    with pytest.raises(B.BallotError) as refused:
        B.check_ballot(election, B.fingerprint(election), forged, "v")
    assert refused.value.code == "bad_proof"
