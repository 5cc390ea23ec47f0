"""A ballot made and checked as the server checks it; the tally of many."""

import copy

import pytest

from lianghui.ballots import ballot as B
from lianghui.ballots import elgamal as E
from lianghui.ballots import group as G
from lianghui.ballots import threshold as T

from .helpers import ceremony, vote_election


@pytest.fixture(scope="module")
def vote():
    election, trustees, _ = vote_election(3, 2, "vote-ballot-tests")
    return election, B.fingerprint(election), trustees


def test_a_press_checks_and_the_tracker_is_its_hash(vote):
    election, fp, _ = vote
    ballot = B.encrypt_ballot(election, "7", [[0, 1, 0]])
    cts = B.check_ballot(election, fp, ballot, "7")
    assert len(cts) == 1 and len(cts[0]) == 3
    assert B.tracker(ballot) == B.sha256_hex(ballot) and len(B.tracker(ballot)) == 64
    # Two ballots for the same choice share no value but the election and the voter.
    other = B.encrypt_ballot(election, "7", [[0, 1, 0]])
    assert _values(ballot) & _values(other) == {fp, "7"}


def _values(obj) -> set:
    if isinstance(obj, dict):
        return set().union(*(_values(v) for v in obj.values()))
    if isinstance(obj, list):
        return set().union(set(), *(_values(v) for v in obj))
    return {obj}


def test_replay_to_another_voter_or_vote_is_refused(vote):
    election, fp, _ = vote
    ballot = B.encrypt_ballot(election, "7", [[1, 0, 0]])
    with pytest.raises(B.BallotError) as err:
        B.check_ballot(election, fp, ballot, "8")
    assert err.value.code == "wrong_voter"
    relabelled = dict(ballot, voter="8")  # the label changed, the proofs still say voter 7
    with pytest.raises(B.BallotError) as err:
        B.check_ballot(election, fp, relabelled, "8")
    assert err.value.code == "bad_proof"
    other_vote = dict(election, uuid="vote-other")
    with pytest.raises(B.BallotError) as err:
        B.check_ballot(other_vote, B.fingerprint(other_vote), ballot, "7")
    assert err.value.code == "wrong_election"


def test_two_marks_or_none_are_refused(vote):
    election, fp, _ = vote
    # A cheating browser: each mark honestly 0/1, the overall proof forged for a sum of 2.
    y = G.point_from_str(election["public_key"])
    from lianghui.ballots import proofs as P

    ballot = B.encrypt_ballot(election, "3", [[1, 0, 0]])
    enc = [E.encrypt(y, m) for m in (1, 1, 0)]
    s0 = f"{fp}|3"
    ans = ballot["answers"][0]
    ans["choices"] = [c.to_json() for c, _ in enc]
    ans["individual_proofs"] = [
        [p.to_json() for p in P.prove_interval(s0, y, c, r, m, (0, 1))]
        for (c, r), m in zip(enc, (1, 1, 0), strict=True)
    ]
    total = E.product(c for c, _ in enc)
    r = sum(r for _, r in enc) % G.Q
    ans["overall_proof"] = [
        p.to_json()
        for p in P.prove_interval(f"{s0}|{B._joined([c for c, _ in enc])}", y, total, r, 1, (1,))
    ]
    with pytest.raises(B.BallotError) as err:
        B.check_ballot(election, fp, ballot, "3")
    assert err.value.code == "bad_proof"
    with pytest.raises(ValueError):
        B.encrypt_ballot(election, "3", [[1, 1, 0]])  # the honest code refuses to prove it


@pytest.mark.parametrize(
    "mutate",
    [
        lambda b: b["answers"][0]["choices"][0].update(alpha=G.IDENTITY.hex()),
        lambda b: b["answers"][0]["choices"][1].update(beta="00" * 32),
        lambda b: b["answers"][0]["individual_proofs"][0][0].update(challenge="-1"),
        lambda b: b["answers"][0]["individual_proofs"].pop(),
        lambda b: b["answers"].append(b["answers"][0]),
        lambda b: b.update(extra=1),
        lambda b: b["answers"][0]["choices"].reverse(),
    ],
)
def test_malformed_or_tampered_ballots_are_refused(vote, mutate):
    election, fp, _ = vote
    ballot = B.encrypt_ballot(election, "1", [[0, 0, 1]])
    bad = copy.deepcopy(ballot)
    mutate(bad)
    with pytest.raises(B.BallotError):
        B.check_ballot(election, fp, bad, "1")


def test_election_ballot_with_seat_limit():
    trustees, _, y, vks = ceremony(3, 2, "election-1")
    q = {"answers": ["赞成", "反对", "弃权"], "min": 1, "max": 1}
    seats = 2
    election = B.make_election(
        "election-1",
        "选举",
        [q, q, q],
        y,
        2,
        vks,
        constraints=[{"choices": [[0, 0], [1, 0], [2, 0]], "min": 0, "max": seats}],
    )
    fp = B.fingerprint(election)
    ok = B.encrypt_ballot(election, "1", [[1, 0, 0], [1, 0, 0], [0, 1, 0]])
    B.check_ballot(election, fp, ok, "1")
    with pytest.raises(ValueError):  # three 赞成 for two seats: no proof can be made
        B.encrypt_ballot(election, "1", [[1, 0, 0], [1, 0, 0], [1, 0, 0]])


def test_tally_of_many_ballots_decrypts_to_the_counts(vote):
    election, fp, trustees = vote
    presses = [[1, 0, 0]] * 4 + [[0, 1, 0]] * 2 + [[0, 0, 1]]
    ballots = [B.encrypt_ballot(election, str(i), [p]) for i, p in enumerate(presses)]
    cts = [B.check_ballot(election, fp, b, str(i)) for i, b in enumerate(ballots)]
    tally = B.encrypted_tally(election, cts)
    alphas = [c.alpha for c in tally[0]]
    vks = [G.point_from_str(v) for v in election["trustees"]["verification_keys"]]
    factors = {
        t.index: T.check_partial_decryption(
            fp, vks[t.index - 1], alphas, t.partial_decryption(fp, alphas)
        )
        for t in trustees[1:]
    }
    table = E.DlogTable(len(ballots))
    counts = [
        table.log(G.sub(c.beta, f)) for c, f in zip(tally[0], T.combine(factors, 2), strict=True)
    ]
    assert counts == [4, 2, 1]


# Encodings that are not points of the prime-order subgroup: a point of order 8, the
# identity, a valid point plus a point of order 8, a non-canonical y (>= p), off the curve.
_ORDER_8 = "26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05"


def _bad_points() -> dict:
    from nacl import bindings as nb

    torsioned = nb.crypto_core_ed25519_add(G.base_mul(12345), bytes.fromhex(_ORDER_8))
    return {
        "order_8": _ORDER_8,
        "identity": G.IDENTITY.hex(),
        "torsioned": torsioned.hex(),
        "non_canonical": (2**255 - 19 + 3).to_bytes(32, "little").hex(),
        "off_curve": (2).to_bytes(32, "little").hex(),
    }


@pytest.mark.parametrize("kind", ["order_8", "identity", "torsioned", "non_canonical", "off_curve"])
@pytest.mark.parametrize("mark", [0, 1, 2])
@pytest.mark.parametrize("part", ["alpha", "beta"])
def test_every_received_point_is_checked(vote, kind, mark, part):
    """Points are checked once (by libsodium, in the scalar multiplication that uses them, or
    by group.check when no multiplication does): a bad one anywhere is refused."""
    election, fp, _ = vote
    ballot = B.encrypt_ballot(election, "7", [[0, 0, 1]])
    ballot["answers"][0]["choices"][mark][part] = _bad_points()[kind]
    assert not G.is_valid(bytes.fromhex(_bad_points()[kind]))
    with pytest.raises(B.BallotError) as err:
        B.check_ballot(election, fp, ballot, "7")
    assert err.value.code == "malformed"


def _zero_first_challenge_proof(y, c, r):
    """A 0/1 proof for a mark of 1 whose simulated branch (0) has challenge 0, as a
    prover may choose: then beta is multiplied by nothing in branch 0."""
    from lianghui.ballots import proofs as P

    sim = P.Proof(0, G.random_scalar())
    w = G.random_scalar()
    commitments = [*P._branch(y, c, 0, sim), G.base_mul(w), G.mul(w, y)]
    ch = P._interval_hash("S", c, commitments)
    return [sim, P.Proof(ch, (w - r * ch) % G.Q)]


def test_a_point_no_multiplication_checks_is_checked_all_the_same(vote):
    from lianghui.ballots import proofs as P

    election, _, _ = vote
    y = G.point_from_str(election["public_key"])
    c, r = E.encrypt(y, 1)
    proofs = _zero_first_challenge_proof(y, c, r)
    assert P.verify_interval("S", y, c, proofs, (0, 1))  # a valid proof with a zero challenge
    B._check_points_not_multiplied(c, proofs)  # a good beta passes
    # A torsioned beta: the proof's branch 1 would refuse beta/g in its multiplication
    # anyway; the explicit check refuses beta itself, before anything is computed from it.
    from nacl import bindings as nb

    bad = E.Ciphertext(c.alpha, nb.crypto_core_ed25519_add(c.beta, bytes.fromhex(_ORDER_8)))
    with pytest.raises(G.GroupError):
        B._check_points_not_multiplied(bad, proofs)
    both_zero = [P.Proof(0, 1), P.Proof(0, 2)]
    with pytest.raises(G.GroupError):
        B._check_points_not_multiplied(E.Ciphertext(bad.beta, c.beta), both_zero)
