"""The cost of encrypted secret ballots: making, checking, tallying and verifying them.

    python -m bench ballots [--ballots 3000] [--candidates 30] [--election-ballots 200]
                            [--browser-runs 10] [--jobs 2] [--no-browser]

No server and no database: these are the cryptographic costs that the hall's figures are
made of (lianghui/ballots, the same code the server and `lianghui verify` run).

1. browser: one 表决 ballot (three marks, their 0/1 proofs and the sum proof) made by
   static/lianghui/ballot-crypto.js in Debian's Chromium on a phone-sized page (390 × 844,
   mobile), ``--browser-runs`` times: min / median / max ms.
2. phones: ``--ballots`` 表决 ballots made in Python (``--jobs`` processes), as the bench's
   simulated phones make them beforehand; wall time.
3. check: every ballot checked as the server checks a press (every point checked, every proof
   verified): CPU ms per verified vote in one process, and verified votes/s with ``--jobs``
   processes.
4. close: the encrypted tally of the ballots (the sum of their ciphertexts), two of three
   trustees' partial decryptions with proofs (simulated trustees' devices) and their checked
   combination into the counts: wall ms, the trustees' part counted once (they answer in
   parallel on their own devices).
5. verify: the whole record of the ``--ballots`` vote through ``lianghui verify``'s code
   with ``--jobs`` processes: wall s.
6. election: ``--election-ballots`` electronic election ballots over ``--candidates``
   candidates (赞成/反对/弃权 each, at most seats 赞成), checked: ms per ballot, and the time
   a verifier would take for 3,000 of them with ``--jobs`` processes, scaled from that
   measurement (labelled as scaled).

JSON on stdout, progress on stderr.
"""

import argparse
import os
import statistics
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from lianghui.ballots import ballot as B
from lianghui.ballots import elgamal as E
from lianghui.ballots import group as G
from lianghui.ballots import record as R
from lianghui.ballots import threshold as T

STATIC = Path(__file__).resolve().parents[1] / "lianghui" / "static" / "lianghui"
QUESTION = {"answers": ["赞成", "反对", "弃权"], "min": 1, "max": 1}
MARKS = ([1, 0, 0], [0, 1, 0], [0, 0, 1])


def log(*args):
    print(*args, file=sys.stderr, flush=True)


def _ceremony(n=3, k=2, name="bench-ballots"):
    trustees = [T.Trustee.new(name, j, k) for j in range(1, n + 1)]
    eks = {t.index: G.base_mul(t.decryption_key) for t in trustees}
    contributions = [t.public_contribution(eks) for t in trustees]
    proofs = [t.receive_shares(contributions) for t in trustees]
    commitments = [[G.point_from_str(a) for a in c["coefexps"]] for c in contributions]
    ceremony = {
        "id": name,
        "contributions": [
            {k: c[k] for k in ("trustee", "coefexps", "proof")} for c in contributions
        ],
        "key_share_proofs": proofs,
    }
    vks = [T.verification_key(commitments, j) for j in range(1, n + 1)]
    return trustees, ceremony, T.joint_public_key(commitments), vks


def _make(args):
    election, start, count = args
    return [
        {"voter": str(i), "ballot": B.encrypt_ballot(election, str(i), [MARKS[i % 3]])}
        for i in range(start, start + count)
    ]


def _make_election_ballot(args):
    election, voter, candidates, seats = args
    marks = [
        [1, 0, 0] if c < seats else [0, 1, 0] if c % 2 else [0, 0, 1] for c in range(candidates)
    ]
    return {"voter": voter, "ballot": B.encrypt_ballot(election, voter, marks)}


def _check(args):
    election, fp, entries = args
    started = time.process_time()
    for e in entries:
        B.check_ballot(election, fp, e["ballot"], e["voter"])
    return time.process_time() - started


def _chunks(items, n):
    size = -(-len(items) // n)
    return [items[i : i + size] for i in range(0, len(items), size)]


def browser(election, runs: int) -> dict:
    from playwright.sync_api import sync_playwright

    chromium = os.environ.get("LIANGHUI_CHROMIUM", "/usr/bin/chromium")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=chromium, headless=True, args=["--no-sandbox"])
        context = b.new_context(
            viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True
        )
        page = context.new_page()
        page.goto("about:blank")
        page.add_script_tag(path=str(STATIC / "vendor" / "noble-curves-2.4.0.js"))
        page.add_script_tag(path=str(STATIC / "ballot-crypto.js"))
        times = page.evaluate(
            """([e, runs]) => {
                const out = [];
                LianghuiBallot.encryptBallot(e, 'warm-up', [[1, 0, 0]]);
                for (let i = 0; i < runs; i++) {
                    const t = performance.now();
                    LianghuiBallot.encryptBallot(e, 'v' + i, [[0, 1, 0]]);
                    out.push(performance.now() - t);
                }
                return out;
            }""",
            [election, runs],
        )
        b.close()
    return {
        "ms_per_ballot": {
            "min": round(min(times), 1),
            "median": round(statistics.median(times), 1),
            "max": round(max(times), 1),
        },
        "runs": runs,
        "viewport": "390x844 mobile",
    }


def run(argv) -> dict:
    parser = argparse.ArgumentParser(prog="python -m bench ballots")
    parser.add_argument("--ballots", type=int, default=3000)
    parser.add_argument("--candidates", type=int, default=30)
    parser.add_argument("--seats", type=int, default=20)
    parser.add_argument("--election-ballots", type=int, default=200)
    parser.add_argument("--browser-runs", type=int, default=10)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--no-browser", action="store_true")
    args = parser.parse_args(argv)
    out = {
        "benchmark": "ballots",
        "machine": {"cpus": os.cpu_count(), "load_average_1m": round(os.getloadavg()[0], 2)},
    }
    trustees, ceremony, y, vks = _ceremony()
    election = B.make_election("bench-vote", "表决", [QUESTION], y, 2, vks)
    fp = B.fingerprint(election)
    if not args.no_browser:
        log("browser: encrypting in Chromium …")
        out["browser"] = browser(election, args.browser_runs)

    log(f"phones: making {args.ballots} ballots …")
    started = time.perf_counter()
    work = [(election, c[0], len(c)) for c in _chunks(list(range(args.ballots)), args.jobs * 4)]
    with ProcessPoolExecutor(args.jobs) as pool:
        entries = [e for part in pool.map(_make, work) for e in part]
    out["phones"] = {"ballots": len(entries), "wall_s": round(time.perf_counter() - started, 1)}

    log("check: one process …")
    sample = entries[: min(300, len(entries))]
    cpu = _check((election, fp, sample))
    log(f"check: {args.jobs} processes …")
    started = time.perf_counter()
    with ProcessPoolExecutor(args.jobs) as pool:
        list(pool.map(_check, [(election, fp, c) for c in _chunks(entries, args.jobs * 4)]))
    wall = time.perf_counter() - started
    out["check"] = {
        "cpu_ms_per_verified_vote": round(cpu / len(sample) * 1000, 2),
        "verified_votes_per_s": round(len(entries) / wall),
        "processes": args.jobs,
        "target": ">= 1,000 verified votes/s (2 workers, with the HTTP and database work)",
    }

    log("close: tally, two trustees, combination …")
    started = time.perf_counter()
    # As the server reads them at close: checked when each press was accepted, not again.
    cts = [
        [
            E.Ciphertext(bytes.fromhex(c["alpha"]), bytes.fromhex(c["beta"]))
            for c in e["ballot"]["answers"][0]["choices"]
        ]
        for e in entries
    ]
    tally = B.encrypted_tally(election, [[row] for row in cts])
    tally_ms = (time.perf_counter() - started) * 1000
    alphas = [c.alpha for c in tally[0]]
    started = time.perf_counter()
    partials = [trustees[j - 1].partial_decryption(fp, alphas) for j in (1, 3)]
    trustee_ms = (time.perf_counter() - started) * 1000 / 2
    started = time.perf_counter()
    counts = R.decrypt_totals(
        election, fp, tally, {p["trustee"]: p for p in partials}, len(entries)
    )
    combine_ms = (time.perf_counter() - started) * 1000
    expected = [sum(1 for i in range(len(entries)) if i % 3 == a) for a in range(3)]
    assert counts == [expected], (counts, expected)
    out["close"] = {
        "tally_ms": round(tally_ms),
        "one_trustee_ms": round(trustee_ms),
        "check_and_combine_ms": round(combine_ms),
        "close_to_result_ms": round(tally_ms + trustee_ms + combine_ms),
        "target_ms": 2000,
    }

    log("verify: the whole record …")
    record = R.build(
        election,
        ceremony,
        {1: "一", 2: "二", 3: "三"},
        entries,
        tally,
        partials,
        counts,
    )
    started = time.perf_counter()
    verdict = R.verify(record, jobs=args.jobs)
    assert verdict.ok, verdict.message
    out["verify"] = {"ballots": len(entries), "wall_s": round(time.perf_counter() - started, 1)}

    log(f"election: {args.election_ballots} ballots × {args.candidates} candidates …")
    q = dict(QUESTION)
    el = B.make_election(
        "bench-election",
        "选举",
        [q] * args.candidates,
        y,
        2,
        vks,
        constraints=[
            {"choices": [[c, 0] for c in range(args.candidates)], "min": 0, "max": args.seats}
        ],
    )
    efp = B.fingerprint(el)
    with ProcessPoolExecutor(args.jobs) as pool:
        ebs = list(
            pool.map(
                _make_election_ballot,
                [(el, str(i), args.candidates, args.seats) for i in range(args.election_ballots)],
            )
        )
    cpu = _check((el, efp, ebs))
    per = cpu / len(ebs)
    out["election"] = {
        "ballots_checked": len(ebs),
        "candidates": args.candidates,
        "cpu_ms_per_ballot": round(per * 1000, 1),
        "scaled_verify_3000_s": round(per * 3000 / args.jobs, 1),
        "scaled_note": f"3,000 × the measured CPU per ballot over {args.jobs} processes; not run",
        "target_verify_s": 60,
    }
    return out
