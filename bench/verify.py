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
function and the CPU time those calls take per check (measured in place, by wrapping the
group module's handle on libsodium during a further pass over up to 100 ballots);
``other_us`` is the rest (parsing, hashing, Python).

With ``--instructions N`` (needs valgrind): the instructions one check executes (表决: N
ballots; election: at most N, at most ``--election-ballots``),
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
    """Stands for the group module's libsodium handle: counts the calls made through it and
    the CPU time they take (two reads of the process's CPU clock per call; what such a pair
    of reads costs is measured beforehand and taken off, `_clock_pair_s`)."""

    def __init__(self, lib, counts, cpu):
        self._lib, self._counts, self._cpu = lib, counts, cpu

    def __getattr__(self, name):
        fn = getattr(self._lib, name)
        clock = time.process_time

        def counted(*args):
            t0 = clock()
            rc = fn(*args)
            self._cpu[name] += clock() - t0
            self._counts[name] += 1
            return rc

        return counted


def _clock_pair_s(n: int = 20000) -> float:
    """The CPU time of two consecutive reads of the CPU clock (a system call each)."""
    clock = time.process_time
    t0 = clock()
    for _ in range(n):
        clock()
        clock()
    return (clock() - t0) / n


def libsodium_per_check(election, fp, entries, cpu_ms_per_check: float) -> dict:
    """Calls of each libsodium function per check and their µs per check, measured in place
    over `entries` (so with the caches as a real check leaves them); `other_us` is the rest
    of `cpu_ms_per_check` (measured without the wrapper)."""
    counts: collections.Counter = collections.Counter()
    cpu: collections.Counter = collections.Counter()
    real = G._lib
    G._lib = _Counting(real, counts, cpu)
    try:
        for e in entries:
            B.check_ballot(election, fp, e["ballot"], e["voter"])
    finally:
        G._lib = real
    n = len(entries)
    pair = _clock_pair_s()
    calls = {name: counts[name] // n for name in sorted(counts)}
    us = {name: round((cpu[name] / n - calls[name] * pair) * 1e6, 1) for name in sorted(cpu)}
    return {
        "libsodium_calls": calls,
        "libsodium_us": us,
        "libsodium_us_per_call": {
            name: round(us[name] / calls[name], 1) for name in calls if calls[name]
        },
        "other_us": round(cpu_ms_per_check * 1e3 - sum(us.values()), 1),
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

    out: dict = {"benchmark": "verify"}

    log(f"表决: making {args.ballots} ballots …")
    vote = _election([QUESTION], name="bench-verify-vote")
    entries = [
        {"voter": f"v{i}", "ballot": B.encrypt_ballot(vote, f"v{i}", [MARKS[i % 3]])}
        for i in range(args.ballots)
    ]
    log("表决: checking …")
    cost = check_cost(vote, entries, args.repeat)
    ms = cost["cpu_ms_per_check"]
    calls = libsodium_per_check(vote, cost.pop("fp"), entries[:100], ms)
    out["vote"] = {
        **cost,
        **calls,
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
        ms = cost["cpu_ms_per_check"]
        calls = libsodium_per_check(election, cost.pop("fp"), entries, ms)
        out["election"] = {
            "candidates": n,
            "seats": args.seats,
            **cost,
            **calls,
            "record_of_3000_cpu_s": round(3000 * ms / 1e3, 1),
            "record_of_3000_on_2_cores_s": round(3000 * ms / 1e3 / 2, 1),
        }
        if args.instructions:
            n = min(args.instructions, len(entries))
            log(f"选举: counting instructions over {n} checks (valgrind) …")
            out["election"]["instructions"] = instructions_per_check(election, entries, n)
    return out
