"""The CPU cost of checking one encrypted press, independent of how busy the machine is.

    python -m bench verify [--ballots 300] [--election-ballots 10] [--candidates 30]
                           [--seats 20] [--repeat 3] [--instructions 20]

No server, no database, one thread: ``--ballots`` 表决 ballots (and ``--election-ballots``
election ballots of ``--candidates`` candidates) are made beforehand as the simulated phones
make them, then each is checked with ``lianghui.ballots.ballot.check_ballot``, the function
the server runs on every press and ``lianghui verify`` on every ballot of a record. The
figure is CPU time of this process (``time.process_time``), the best of ``--repeat`` passes,
so other work on the machine changes it little (it shares caches and frequency, not CPU
time).

Also reported, to say where the time goes: how many times one check calls each libsodium
function (counted by wrapping the group module's handle on libsodium during one check) and
what one call of each costs here (best of three passes of 2,000 calls), and their product
per press; ``other_us`` is the rest (parsing, hashing, Python).

With ``--instructions N`` (needs valgrind): the instructions one 表决 check executes,
counted by ``valgrind --tool=callgrind`` in a child process that checks N ballots, less a
child that loads them and checks none, divided by N. That count does not depend on the
machine's load at all, and is the figure to compare two versions of the code by.

JSON on stdout, progress on stderr.
"""

import argparse
import collections
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

from lianghui.ballots import ballot as B
from lianghui.ballots import group as G
from lianghui.ballots import threshold as T

QUESTION = {"answers": ["赞成", "反对", "弃权"], "min": 1, "max": 1}
MARKS = ([1, 0, 0], [0, 1, 0], [0, 0, 1])


def log(*args):
    print(*args, file=sys.stderr, flush=True)


def _election(questions, constraints=None, name="bench-verify"):
    trustees = [T.Trustee.new(name, j, 2) for j in range(1, 4)]
    eks = {t.index: G.base_mul(t.decryption_key) for t in trustees}
    contributions = [t.public_contribution(eks) for t in trustees]
    commitments = [[G.point_from_str(a) for a in c["coefexps"]] for c in contributions]
    y = T.joint_public_key(commitments)
    vks = [T.verification_key(commitments, j) for j in range(1, 4)]
    return B.make_election(name, name, questions, y, 2, vks, constraints)


class _Counting:
    """Stands for the group module's libsodium handle and counts the calls made through it."""

    def __init__(self, lib, counts):
        self._lib, self._counts = lib, counts

    def __getattr__(self, name):
        fn = getattr(self._lib, name)

        def counted(*args):
            self._counts[name] += 1
            return fn(*args)

        return counted


def calls_per_check(election, fp, entry) -> dict[str, int]:
    counts: collections.Counter = collections.Counter()
    real = G._lib
    G._lib = _Counting(real, counts)
    try:
        B.check_ballot(election, fp, entry["ballot"], entry["voter"])
    finally:
        G._lib = real
    return dict(sorted(counts.items()))


def _best_us(fn, n=2000, passes=3) -> float:
    best = float("inf")
    for _ in range(passes):
        t0 = time.process_time()
        for _ in range(n):
            fn()
        best = min(best, time.process_time() - t0)
    return best / n * 1e6


def unit_costs_us() -> dict[str, float]:
    s, t = G.random_scalar(), G.random_scalar()
    p, q = G.base_mul(s), G.base_mul(t)
    out = G._ffi.new("unsigned char[32]")
    sb = s.to_bytes(32, "little")
    lib = G._lib
    return {
        name: round(_best_us(fn), 1)
        for name, fn in {
            "crypto_scalarmult_ed25519_noclamp": lambda: lib.crypto_scalarmult_ed25519_noclamp(
                out, sb, p
            ),
            "crypto_scalarmult_ed25519_base_noclamp": (
                lambda: lib.crypto_scalarmult_ed25519_base_noclamp(out, sb)
            ),
            "crypto_core_ed25519_add": lambda: lib.crypto_core_ed25519_add(out, p, q),
            "crypto_core_ed25519_sub": lambda: lib.crypto_core_ed25519_sub(out, p, q),
            "crypto_core_ed25519_is_valid_point": lambda: lib.crypto_core_ed25519_is_valid_point(p),
        }.items()
    }


def check_cost(election, entries, repeat: int) -> dict:
    fp = B.fingerprint(election)
    best = float("inf")
    for _ in range(repeat):
        t0 = time.process_time()
        for e in entries:
            B.check_ballot(election, fp, e["ballot"], e["voter"])
        best = min(best, time.process_time() - t0)
    ms = best / len(entries) * 1e3
    return {"ballots": len(entries), "cpu_ms_per_check": round(ms, 3), "fp": fp}


def _breakdown(calls: dict[str, int], units: dict[str, float], cpu_ms: float) -> dict:
    per = {name: round(n * units[name], 1) for name, n in calls.items()}
    return {
        "libsodium_calls": calls,
        "libsodium_us": per,
        "other_us": round(cpu_ms * 1e3 - sum(per.values()), 1),
    }


_CHILD = """
import json, sys
from lianghui.ballots import ballot as B
election, entries = json.load(open(sys.argv[1]))
fp = B.fingerprint(election)
for e in entries[: int(sys.argv[2])]:
    B.check_ballot(election, fp, e["ballot"], e["voter"])
"""


def _callgrind_total(path: str, n: int) -> int:
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "callgrind.out")
        subprocess.run(
            ["valgrind", "--tool=callgrind", f"--callgrind-out-file={out}"]
            + [sys.executable, "-c", _CHILD, path, str(n)],
            check=True,
            capture_output=True,
            env={**os.environ, "PYTHONHASHSEED": "0"},
        )
        with open(out) as f:
            totals = re.search(r"^(?:totals|summary): (\d+)", f.read(), re.M)
    return int(totals.group(1))


def instructions_per_check(election, entries, n: int) -> dict:
    """Instructions of one check, counted by callgrind (see the module's docstring)."""
    if shutil.which("valgrind") is None:
        return {"skipped": "valgrind is not installed"}
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as f:
        json.dump([election, entries[:n]], f)
    try:
        base = _callgrind_total(f.name, 0)
        full = _callgrind_total(f.name, n)
    finally:
        os.unlink(f.name)
    return {"ballots": n, "millions_per_check": round((full - base) / n / 1e6, 2)}


def run(argv) -> dict:
    parser = argparse.ArgumentParser(prog="python -m bench verify")
    parser.add_argument("--ballots", type=int, default=300)
    parser.add_argument("--election-ballots", type=int, default=10)
    parser.add_argument("--candidates", type=int, default=30)
    parser.add_argument("--seats", type=int, default=20)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--instructions", type=int, default=0, metavar="N")
    args = parser.parse_args(argv)

    log("unit costs …")
    units = unit_costs_us()
    out: dict = {"benchmark": "verify", "libsodium_call_us": units}

    log(f"表决: making {args.ballots} ballots …")
    vote = _election([QUESTION], name="bench-verify-vote")
    entries = [
        {"voter": f"v{i}", "ballot": B.encrypt_ballot(vote, f"v{i}", [MARKS[i % 3]])}
        for i in range(args.ballots)
    ]
    log("表决: checking …")
    cost = check_cost(vote, entries, args.repeat)
    calls = calls_per_check(vote, cost.pop("fp"), entries[0])
    ms = cost["cpu_ms_per_check"]
    out["vote"] = {
        **cost,
        **_breakdown(calls, units, ms),
        "verified_votes_per_cpu_second": round(1000 / ms),
    }
    if args.instructions:
        log(f"表决: counting instructions over {args.instructions} checks (valgrind) …")
        out["vote"]["instructions"] = instructions_per_check(vote, entries, args.instructions)

    if args.election_ballots:
        n = args.candidates
        log(f"选举: making {args.election_ballots} ballots of {n} candidates …")
        election = _election(
            [QUESTION] * n,
            [{"choices": [[q, 0] for q in range(n)], "min": 0, "max": args.seats}],
            name="bench-verify-election",
        )
        entries = []
        for i in range(args.election_ballots):
            marks = [MARKS[(i + q) % 3] for q in range(n)]
            yes = [q for q in range(n) if marks[q][0]]
            for q in yes[args.seats :]:  # at most `seats` 赞成: the rest abstain
                marks[q] = MARKS[2]
            entries.append({"voter": f"e{i}", "ballot": B.encrypt_ballot(election, f"e{i}", marks)})
        log("选举: checking …")
        cost = check_cost(election, entries, args.repeat)
        calls = calls_per_check(election, cost.pop("fp"), entries[0])
        ms = cost["cpu_ms_per_check"]
        out["election"] = {
            "candidates": n,
            "seats": args.seats,
            **cost,
            **_breakdown(calls, units, ms),
            "record_of_3000_cpu_s": round(3000 * ms / 1e3, 1),
            "record_of_3000_on_2_cores_s": round(3000 * ms / 1e3 / 2, 1),
        }
    return out
