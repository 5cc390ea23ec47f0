"""The public record and `lianghui verify`: accepts a good record, rejects each kind of tampering."""

import copy
import json
import subprocess
import sys

import pytest

from lianghui.ballots import ballot as B
from lianghui.ballots import group as G
from lianghui.ballots import record as R
from lianghui.ballots import threshold as T

from .helpers import VOTE_QUESTION


def make_record(presses, n=3, k=2, decrypting=(1, 3), name="rec-test"):
    trustees = [T.Trustee.new(name, j, k) for j in range(1, n + 1)]
    eks = {t.index: T.check_encryption_key(name, t.public_encryption_key()) for t in trustees}
    contributions = [t.public_contribution(eks) for t in trustees]
    commitments = T.check_contributions(name, k, contributions)
    all_coefexps = [commitments[j] for j in range(1, n + 1)]
    share_proofs = [t.receive_shares(contributions) for t in trustees]
    election = B.make_election(
        f"{name}-vote",
        "关于某事项的表决",
        [VOTE_QUESTION],
        T.joint_public_key(all_coefexps),
        k,
        [T.verification_key(all_coefexps, j) for j in range(1, n + 1)],
    )
    fp = B.fingerprint(election)
    ballots = [
        {"voter": str(i + 1), "ballot": B.encrypt_ballot(election, str(i + 1), [p])}
        for i, p in enumerate(presses)
    ]
    cts = [B.check_ballot(election, fp, b["ballot"], b["voter"]) for b in ballots]
    tally = B.encrypted_tally(election, cts)
    alphas = [c.alpha for row in tally for c in row]
    partials = [trustees[j - 1].partial_decryption(fp, alphas) for j in decrypting]
    counts = R.decrypt_totals(
        election, fp, tally, {p["trustee"]: p for p in partials}, len(ballots)
    )
    ceremony = {
        "id": name,
        "contributions": [
            {key: c[key] for key in ("trustee", "coefexps", "proof")} for c in contributions
        ],
        "key_share_proofs": share_proofs,
    }
    names = {j: f"监票人{j}" for j in range(1, n + 1)}
    return R.build(election, ceremony, names, ballots, tally, partials, counts)


PRESSES = [[1, 0, 0]] * 5 + [[0, 1, 0]] * 2 + [[0, 0, 1]]


@pytest.fixture(scope="module")
def record():
    return make_record(PRESSES)


def test_a_good_record_verifies(record):
    verdict = R.verify(record, jobs=1)
    assert verdict.ok, verdict.message
    assert verdict.counts == [[5, 2, 1]] and verdict.ballots == 8
    assert record["result"]["counts"] == [[5, 2, 1]]


def _changed_ciphertext(r):
    c = r["ballots"][3]["ballot"]["answers"][0]["choices"][0]
    c["beta"] = G.add(G.point_from_str(c["beta"]), G.G).hex()
    r["ballots"][3]["tracker"] = B.tracker(r["ballots"][3]["ballot"])


def _changed_ciphertext_same_tracker(r):
    c = r["ballots"][3]["ballot"]["answers"][0]["choices"][0]
    c["alpha"] = G.add(G.point_from_str(c["alpha"]), G.G).hex()


def _dropped_ballot(r):
    del r["ballots"][2]
    r["result"]["num_tallied"] -= 1


def _dropped_ballot_and_tally(r):
    """Drop a ballot and recompute the tally: the decryption proofs were made for the old one."""
    del r["ballots"][0]
    r["result"]["num_tallied"] -= 1
    fp = r["fingerprint"]
    cts = [B.check_ballot(r["election"], fp, b["ballot"], b["voter"]) for b in r["ballots"]]
    r["encrypted_tally"] = [
        [c.to_json() for c in row] for row in B.encrypted_tally(r["election"], cts)
    ]


def _changed_total(r):
    r["result"]["counts"] = [[4, 3, 1]]


def _forged_partial_decryption(r):
    f = r["partial_decryptions"][0]["factors"][1]
    f["factor"] = G.add(G.point_from_str(f["factor"]), G.G).hex()


def _forged_partial_with_own_key(r):
    """A partial decryption made with a key that is not the trustee's share."""
    alphas = [G.point_from_str(c["alpha"]) for row in r["encrypted_tally"] for c in row]
    impostor = T.Trustee("x", 1, 2, 1, share=G.random_scalar())
    r["partial_decryptions"][0] = impostor.partial_decryption(r["fingerprint"], alphas)


def _replayed_ballot(r):
    r["ballots"][1]["ballot"] = copy.deepcopy(r["ballots"][0]["ballot"])
    r["ballots"][1]["tracker"] = r["ballots"][0]["tracker"]


def _changed_public_key(r):
    r["election"]["public_key"] = G.base_mul(5).hex()
    r["fingerprint"] = B.fingerprint(r["election"])


def _too_few_trustees(r):
    del r["partial_decryptions"][1]


@pytest.mark.parametrize(
    "tamper, where",
    [
        (_changed_ciphertext, "§4"),
        (_changed_ciphertext_same_tracker, "§4"),
        (_dropped_ballot, "§5"),
        (_dropped_ballot_and_tally, "§6"),
        (_changed_total, "§8"),
        (_forged_partial_decryption, "§6"),
        (_forged_partial_with_own_key, "§6"),
        (_replayed_ballot, "§4"),
        (_changed_public_key, "§3"),
        (_too_few_trustees, "§6"),
    ],
)
def test_tampering_is_rejected(record, tamper, where):
    bad = copy.deepcopy(record)
    tamper(bad)
    verdict = R.verify(bad, jobs=1)
    assert not verdict.ok
    assert where in verdict.message


def test_any_two_of_three_trustees_give_the_same_record_result():
    r = make_record([[0, 0, 1], [1, 0, 0]], decrypting=(2, 3), name="other-pair")
    assert R.verify(r, jobs=1).ok


def test_cli_prints_one_line_and_imports_no_django(record, tmp_path):
    good = tmp_path / "good.json"
    good.write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
    bad_record = copy.deepcopy(record)
    _changed_total(bad_record)
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(bad_record), encoding="utf-8")
    script = (
        "import sys; from lianghui.cli import main; rc = main(sys.argv[1:]); "
        "assert not [m for m in sys.modules if m.split('.')[0] == 'django'], 'django imported'; "
        "sys.exit(rc)"
    )
    ok = subprocess.run(
        [sys.executable, "-c", script, "verify", "--jobs", "2", str(good)],
        capture_output=True,
        text=True,
    )
    assert ok.returncode == 0, ok.stderr
    assert ok.stdout.count("\n") == 1 and ok.stdout.startswith("有效 / VALID")
    no = subprocess.run(
        [sys.executable, "-c", script, "verify", str(bad)], capture_output=True, text=True
    )
    assert no.returncode == 1, no.stderr
    assert (
        no.stdout.count("\n") == 1 and no.stdout.startswith("无效 / INVALID") and "§8" in no.stdout
    )
