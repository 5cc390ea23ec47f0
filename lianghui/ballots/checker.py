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

from .ballot import BallotError, check_ballot

Outcome = tuple[str, str] | None  # (code, message) of a BallotError, or None: it passed


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
