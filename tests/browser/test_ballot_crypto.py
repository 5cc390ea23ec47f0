"""Ballots encrypted in Chromium by the static ballot-crypto.js verify in Python.

The browser's code and libraries (@noble/curves, @noble/hashes) are independent of the
server's (libsodium through PyNaCl): agreement on known answers and on whole ballots checks
both against docs/ballot-record.md.
"""

from pathlib import Path

import pytest

from lianghui.ballots import ballot as B
from lianghui.ballots import group as G
from lianghui.ballots.tests.helpers import ceremony
from lianghui.ballots.tests.test_crypto import KAT_G11, KAT_HASH
from lianghui.ballots.tests.test_group import _b_plus_torsion

pytestmark = pytest.mark.browser

STATIC = Path(__file__).resolve().parents[2] / "lianghui" / "static" / "lianghui"


@pytest.fixture
def crypto_page(phone):
    phone.goto("about:blank")
    phone.add_script_tag(path=str(STATIC / "vendor" / "noble-curves-2.4.0.js"))
    phone.add_script_tag(path=str(STATIC / "ballot-crypto.js"))
    return phone


@pytest.fixture(scope="module")
def elections():
    _, _, y, vks = ceremony(3, 2, "browser-ceremony")
    vote = B.make_election(
        "browser-vote",
        "表决",
        [{"answers": ["赞成", "反对", "弃权"], "min": 1, "max": 1}],
        y,
        2,
        vks,
    )
    q = {"answers": ["赞成", "反对", "弃权"], "min": 1, "max": 1}
    election = B.make_election(
        "browser-election",
        "选举",
        [q, q, q],
        y,
        2,
        vks,
        constraints=[{"choices": [[0, 0], [1, 0], [2, 0]], "min": 0, "max": 2}],
    )
    return vote, election


def test_known_answers_agree(crypto_page):
    assert crypto_page.evaluate("LianghuiBallot.baseMul('11')") == KAT_G11
    assert crypto_page.evaluate("LianghuiBallot.baseMul('1')") == G.G.hex()
    h = crypto_page.evaluate(
        "([g]) => LianghuiBallot.hashGroup('LIANGHUI-V1-prove', 'S|', [g])", [G.G.hex()]
    )
    assert int(h) == KAT_HASH
    probe = {"b": ["赞成", 1, {"z": "x", "a": []}], "a": "é"}
    assert crypto_page.evaluate("(v) => LianghuiBallot.canonical(v)", probe) == B.canonical(
        probe
    ).decode("utf-8")


def test_a_press_encrypted_in_chromium_verifies_in_python(crypto_page, elections):
    vote, _ = elections
    fp = B.fingerprint(vote)
    assert crypto_page.evaluate("(e) => LianghuiBallot.fingerprint(e)", vote) == fp
    for marks in ([1, 0, 0], [0, 1, 0], [0, 0, 1]):
        ballot = crypto_page.evaluate(
            "([e, m]) => LianghuiBallot.encryptBallot(e, '42', [m])", [vote, marks]
        )
        B.check_ballot(vote, fp, ballot, "42")
        with pytest.raises(B.BallotError):
            B.check_ballot(vote, fp, ballot, "43")
    # The browser's own code refuses to prove an impossible press.
    assert (
        crypto_page.evaluate(
            "([e]) => { try { LianghuiBallot.encryptBallot(e, '1', [[1, 1, 0]]); return 'made'; }"
            " catch (err) { return 'refused'; } }",
            [vote],
        )
        == "refused"
    )


def test_an_election_ballot_with_a_seat_limit_from_chromium(crypto_page, elections):
    _, election = elections
    fp = B.fingerprint(election)
    ballot = crypto_page.evaluate(
        "([e]) => LianghuiBallot.encryptBallot(e, 'v9', [[1,0,0],[0,1,0],[1,0,0]])", [election]
    )
    cts = B.check_ballot(election, fp, ballot, "v9")
    assert len(cts) == 3


def test_a_bad_public_key_is_refused_in_the_browser(crypto_page, elections):
    vote, _ = elections
    for bad in (G.IDENTITY.hex(), "02" + "00" * 31, _b_plus_torsion(), G.base_mul(2).hex().upper()):
        outcome = crypto_page.evaluate(
            "([e]) => { try { LianghuiBallot.encryptBallot(e, '1', [[1,0,0]]); return 'made'; }"
            " catch (err) { return 'refused'; } }",
            [dict(vote, public_key=bad)],
        )
        assert outcome == "refused", bad
