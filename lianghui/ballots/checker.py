"""Checking ballots in processes of their own, at the lowest CPU priority.

A server answers presses in its event loop; checking a ballot's proofs is ~3 ms of CPU,
96% inside libsodium. In a thread of the server's process each of a check's ~50 libsodium
calls gives the GIL up and must win it back from the event loop, which holds it while it
serves requests: the checks crawl exactly when the server is busy. A process of its own has
its own GIL, and at the lowest priority (SCHED_IDLE) it gets the CPU only when the requests
leave it idle: presses are answered first, and their proofs are checked between them.
"""

import multiprocessing
import multiprocessing.connection
import os
import threading
from concurrent.futures import ProcessPoolExecutor

from . import elgamal
from .ballot import BallotError, check_ballot

Outcome = tuple[str, str] | None  # (code, message) of a BallotError, or None: it passed
# The product of some ballots' ciphertexts, question by question and choice by choice, each
# as a ballot carries a ciphertext ({"alpha": hex, "beta": hex}).
Sums = list[list[dict[str, str]]]


def check_each(election: dict, fingerprint: str, ballots: list[tuple[str, dict]]) -> list[Outcome]:
    """check_ballot on each (voter index, ballot); its outcome, in order."""
    outcomes: list[Outcome] = []
    for voter, ballot in ballots:
        try:
            check_ballot(election, fingerprint, ballot, voter)
        except BallotError as problem:
            outcomes.append((problem.code, problem.message))
        else:
            outcomes.append(None)
    return outcomes


def check_and_add(
    election: dict, fingerprint: str, ballots: list[tuple[str, dict]]
) -> tuple[list[Outcome], Sums | None]:
    """check_each, and the product of the ciphertexts of the ballots that passed (None if
    none did): a part of the tally, made here while the checking process has the ballots
    in hand, so that the close multiplies a few hundred parts instead of every ballot."""
    outcomes = check_each(election, fingerprint, ballots)
    passed = [ballot for (_, ballot), outcome in zip(ballots, outcomes, strict=True) if not outcome]
    return outcomes, (ciphertext_sums(passed) if passed else None)


def ciphertext_sums(ballots: list[dict]) -> Sums:
    """The product of the ballots' ciphertexts, question by question, choice by choice. The
    ballots have passed check_ballot (every ciphertext is a valid group element), so the
    points are read without checking them again."""
    sums: Sums = []
    for q, answer in enumerate(ballots[0]["answers"]):
        sums.append([])
        for c in range(len(answer["choices"])):
            product = elgamal.product(
                elgamal.Ciphertext.from_checked_json(b["answers"][q]["choices"][c]) for b in ballots
            )
            sums[q].append(product.to_json())
    return sums


def _start_child() -> None:
    """In each checking process as it starts. SCHED_IDLE (Linux): the CPU only when no other
    task of the server wants it, given up the moment one does (elsewhere: the highest
    niceness). And it ends with its worker: a worker killed (SIGKILL, the OOM killer) would
    otherwise leave its checking processes waiting for work forever."""
    try:
        os.sched_setscheduler(0, os.SCHED_IDLE, os.sched_param(0))
    except (AttributeError, OSError):
        os.nice(19)
    parent = multiprocessing.parent_process()
    if parent is not None:
        threading.Thread(target=_end_with, args=(parent.sentinel,), daemon=True).start()


def _end_with(sentinel: int) -> None:
    multiprocessing.connection.wait([sentinel])  # ready when the parent has ended
    os._exit(1)


_pool: ProcessPoolExecutor | None = None


def pool() -> ProcessPoolExecutor:
    """One process per core, started on first use (spawned: a fork of a server with threads
    and an event loop could inherit a held lock)."""
    global _pool
    if _pool is None:
        _pool = ProcessPoolExecutor(
            max_workers=os.cpu_count() or 1,
            mp_context=multiprocessing.get_context("spawn"),
            initializer=_start_child,
        )
    return _pool


def replace_broken() -> None:
    """After BrokenProcessPool (a checking process died: killed, out of memory): the next
    pool() starts new processes. Pool-wide: the executor refuses all work once broken."""
    global _pool
    broken, _pool = _pool, None
    if broken is not None:
        broken.shutdown(wait=False, cancel_futures=True)


def warm() -> None:
    """Start every checking process now: a process spends ~0.3 s of CPU importing before it
    lowers its priority, which must not happen in the first seconds of a vote."""
    for future in [pool().submit(os.getpid) for _ in range(os.cpu_count() or 1)]:
        future.result()


def _forget_pool() -> None:
    global _pool
    _pool = None  # a forked child has the parent's pool object but none of its processes


os.register_at_fork(after_in_child=_forget_pool)
