"""The checking processes: the same outcome as check_ballot, and none outlives its server."""

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from lianghui.ballots import ballot as B
from lianghui.ballots import checker

from .helpers import vote_election

ROOT = Path(__file__).resolve().parents[3]


@pytest.fixture(scope="module")
def vote():
    election, _, _ = vote_election(3, 2, "checker-tests")
    return election, B.fingerprint(election)


def test_each_ballot_gets_check_ballots_outcome_in_order(vote):
    election, fp = vote
    good = B.encrypt_ballot(election, "1", [[1, 0, 0]])
    swapped = B.encrypt_ballot(election, "2", [[0, 1, 0]])
    choices = swapped["answers"][0]["choices"]
    choices[0], choices[1] = choices[1], choices[0]  # each proof now lies
    other_voters = B.encrypt_ballot(election, "3", [[0, 0, 1]])
    items = [("1", good), ("2", swapped), ("4", other_voters)]
    found = checker.pool().submit(checker.check_each, election, fp, items).result(timeout=60)
    expected = []
    for voter, ballot in items:
        try:
            B.check_ballot(election, fp, ballot, voter)
            expected.append(None)
        except B.BallotError as problem:
            expected.append((problem.code, problem.message))
    assert found == expected
    assert found[0] is None and found[1][0] == "bad_proof" and found[2][0] == "wrong_voter"


def test_the_checking_processes_run_at_idle_priority_and_end_with_their_server(tmp_path):
    """A worker killed outright (SIGKILL, the OOM killer) leaves no checking process behind."""
    script = tmp_path / "server.py"
    script.write_text(
        textwrap.dedent(
            """
            import os, sys, time
            from lianghui.ballots import checker

            if __name__ == "__main__":
                checker.warm()
                pids = [checker.pool().submit(os.getpid).result() for _ in range(8)]
                policies = [checker.pool().submit(os.sched_getscheduler, 0).result()]
                print(" ".join(map(str, sorted(set(pids)))), policies[0], flush=True)
                time.sleep(120)
            """
        )
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    server = subprocess.Popen(
        [sys.executable, str(script)], stdout=subprocess.PIPE, text=True, env=env
    )
    try:
        line = server.stdout.readline().split()
        children, policy = [int(p) for p in line[:-1]], int(line[-1])
        assert children and server.pid not in children
        if hasattr(os, "SCHED_IDLE"):
            assert policy == os.SCHED_IDLE
        server.send_signal(signal.SIGKILL)
        server.wait(timeout=10)
        deadline = time.monotonic() + 10
        while any(_alive(p) for p in children) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not any(_alive(p) for p in children)
    finally:
        server.kill()


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().split()[2] != "Z"  # a zombie has ended (reaped by init soon)
    except FileNotFoundError:
        return False


def test_a_checking_process_killed_is_replaced_by_new_ones(vote):
    from concurrent.futures.process import BrokenProcessPool

    election, fp = vote
    ballot = B.encrypt_ballot(election, "1", [[1, 0, 0]])
    victim = checker.pool().submit(os.getpid).result(timeout=60)
    os.kill(victim, signal.SIGKILL)
    with pytest.raises(BrokenProcessPool):
        for _ in range(50):  # the pool notices the death within moments
            checker.pool().submit(os.getpid).result(timeout=60)
            time.sleep(0.05)
    checker.replace_broken()
    assert checker.pool().submit(checker.check_each, election, fp, [("1", ballot)]).result(
        timeout=60
    ) == [None]
