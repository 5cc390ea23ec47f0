"""The live push's coalescing: a cast is pushed at once or in the next slot, never lost,
and once a slot for the whole hall, whichever worker claims it.

The snapshot builder and the channel layer are replaced by recorders, the shared cache by
one of this test's own; the clock is the wall clock the slots are cut from.
"""

import asyncio
import time

import pytest
from django.core.cache.backends.locmem import LocMemCache

from lianghui.sessions import live


@pytest.fixture
def pushes(monkeypatch):
    """Record each push as the state the builder returned for it: a counter of changes."""
    sent: list[tuple[float, int, bool]] = []
    changes = {"n": 0}

    class Layer:
        async def group_send(self, group, message):
            sent.append((time.time(), *message["state"]))

    async def broadcast(meeting_id, in_request=True, light=False):
        await Layer().group_send(live.group_name(meeting_id), {"state": (changes["n"], light)})

    monkeypatch.setattr(live, "_broadcast", broadcast)
    monkeypatch.setattr(live, "THROTTLE", 0.2)
    monkeypatch.setattr(live, "cache", LocMemCache("live-test", {}))
    live.cache.clear()  # locmem caches of one name share their store across tests
    live._changed.clear()
    live._pending.clear()
    yield sent, changes
    live._changed.clear()
    live._pending.clear()


async def _cast(changes, meeting_id=7):
    """A cast committed in this worker, then its push (what _send hands the event loop)."""
    changes["n"] += 1
    live._changed[meeting_id] = time.time()
    await live._push(meeting_id, urgent=False)


async def _slot_start():
    """Wait for a fresh slot, so that a test's casts fall in one slot."""
    await asyncio.sleep(live.THROTTLE - time.time() % live.THROTTLE + 0.005)


def test_a_burst_of_casts_is_one_push_now_and_one_at_the_next_slot(pushes):
    sent, changes = pushes

    async def burst():
        await _slot_start()
        for _ in range(20):  # twenty casts within a tenth of the slot
            await _cast(changes)
            await asyncio.sleep(0.001)
        await asyncio.sleep(0.4)

    asyncio.run(burst())
    assert [n for _, n, _ in sent] == [1, 20], "the first cast at once, the last one trailing"
    assert all(light for *_, light in sent)
    next_slot = (int(sent[0][0] // 0.2) + 1) * 0.2
    assert sent[1][0] == pytest.approx(next_slot, abs=0.08)


def test_a_slot_another_worker_claimed_after_our_last_cast_is_left_to_it(pushes):
    sent, changes = pushes

    async def other_worker_claims_after():
        await _slot_start()
        changes["n"] += 1
        live._changed[7] = time.time()
        now = time.time() + 0.001  # the other worker claims after our commit
        assert (await live._claim(7, int(now // live.THROTTLE), now))[0]
        await live._push(7, urgent=False)
        await asyncio.sleep(0.5)

    asyncio.run(other_worker_claims_after())
    assert sent == [], "its push, built after its claim, carries our cast"


def test_a_slot_another_worker_claimed_before_our_cast_leaves_us_the_next_one(pushes):
    sent, changes = pushes

    async def other_worker_claimed_before():
        await _slot_start()
        now = time.time()
        assert (await live._claim(7, int(now // live.THROTTLE), now))[0]
        await asyncio.sleep(0.01)
        await _cast(changes)
        await asyncio.sleep(0.5)

    asyncio.run(other_worker_claimed_before())
    assert [n for _, n, _ in sent] == [1]
    assert sent[0][0] % 0.2 < 0.08, "at the start of the next slot"


def test_an_urgent_change_is_never_held_back_and_takes_the_pending_push_with_it(pushes):
    sent, changes = pushes

    async def cast_then_close():
        await _slot_start()
        await _cast(changes)  # pushed at once
        await _cast(changes)  # within the slot: a trailing push waits
        changes["n"] += 1
        await live._push(7, urgent=True)  # the close: now, and it carries everything
        await asyncio.sleep(0.4)

    asyncio.run(cast_then_close())
    assert [(n, light) for _, n, light in sent] == [(1, True), (3, False)]


def test_meetings_are_throttled_apart(pushes):
    sent, changes = pushes

    async def two_halls():
        await _cast(changes, 1)
        await _cast(changes, 2)

    asyncio.run(two_halls())
    assert len(sent) == 2


def test_a_cast_committed_while_a_push_is_due_rides_on_it_without_a_hop(pushes, monkeypatch):
    """After commit, a worker thread's non-urgent change finds a trailing push listed for its
    meeting: it is not sent to the event loop at all, and that push carries it."""
    sent, changes = pushes
    hops = []
    monkeypatch.setattr(live, "async_to_sync", lambda fn: hops.append(fn))

    async def casts_in_a_worker_thread():
        await _slot_start()
        await _cast(changes)  # pushed at once
        await _cast(changes)  # within the slot: a trailing push is listed

        def batch_committed():
            changes["n"] += 1
            live._send(7, urgent=False)

        await asyncio.get_running_loop().run_in_executor(None, batch_committed)
        await asyncio.sleep(0.4)

    asyncio.run(casts_in_a_worker_thread())
    assert hops == []
    assert [n for _, n, _ in sent] == [1, 3], "the trailing push carries the third change"


def _writer_commits(changes, loop, meeting_id=7):
    """In a thread: what the hall's cast writer does when a batch commits."""
    changes["n"] += 1
    live.hand_counts_to(loop)
    try:
        live._send(meeting_id, urgent=False)
    finally:
        live.hand_counts_to(None)


def test_a_cast_writer_hands_the_count_to_its_event_loop_and_goes_on(pushes):
    """The hall's cast writer does not wait for the count's push (claim, build, publish):
    its batch is answered at once; the push runs on the event loop and carries the cast."""
    sent, changes = pushes

    async def a_batch_in_the_writer_thread():
        loop = asyncio.get_running_loop()
        await _slot_start()

        def batch_committed():
            _writer_commits(changes, loop)
            return len(sent)

        sent_before_the_writer_went_on = await asyncio.to_thread(batch_committed)
        await asyncio.sleep(0.1)
        return sent_before_the_writer_went_on

    assert asyncio.run(a_batch_in_the_writer_thread()) == 0, "the writer did not wait"
    assert [n for _, n, _ in sent] == [1], "the push ran on the loop, with the cast"
    assert not live._detached, "the handed-off push is not kept once done"


def test_a_handed_off_count_rides_on_a_trailing_push_already_due(pushes):
    sent, changes = pushes

    async def casts():
        loop = asyncio.get_running_loop()
        await _slot_start()
        await _cast(changes)  # pushed at once
        await _cast(changes)  # within the slot: a trailing push is listed

        await asyncio.to_thread(_writer_commits, changes, loop)
        await asyncio.sleep(0.4)

    asyncio.run(casts())
    assert [n for _, n, _ in sent] == [1, 3], "one push now, the trailing one carries the rest"


def test_an_urgent_push_is_its_slots_push_so_the_first_casts_go_at_the_next_slot(pushes):
    """A vote opens and presses follow within milliseconds: their count is not a second push
    to every screen right behind the opening, but the next slot's."""
    sent, changes = pushes

    async def open_then_presses():
        await _slot_start()
        changes["n"] += 1
        await live._push(7, urgent=True)  # the vote opens
        for _ in range(5):
            await _cast(changes)
        await asyncio.sleep(0.4)

    asyncio.run(open_then_presses())
    assert [(n, light) for _, n, light in sent] == [(1, False), (6, True)]
    next_slot = (int(sent[0][0] // 0.2) + 1) * 0.2
    assert sent[1][0] == pytest.approx(next_slot, abs=0.08)


def test_a_handed_off_push_leaves_a_trailing_push_listed_meanwhile(pushes, monkeypatch):
    """A trailing push listed after the hand-off was queued stays listed until its timer
    runs: the handed-off push does not take its place in the list."""
    sent, changes = pushes

    async def scenario():
        loop = asyncio.get_running_loop()
        await _slot_start()
        live._start_count(7)  # handed off: its task has not run yet
        timer = loop.call_later(10, lambda: None)
        live._pending[7] = timer  # a trailing push listed meanwhile
        await asyncio.sleep(0.05)
        listed = live._pending.get(7)
        timer.cancel()
        return listed is timer

    assert asyncio.run(scenario()), "the trailing push is still listed"


@pytest.mark.django_db(transaction=True)
def test_a_push_from_inside_an_event_loop_hands_its_thread_connection_back(monkeypatch):
    """A sync caller with an event loop running in its thread (a script, a test driving a
    browser) pushes from a short-lived thread, where the state is built on that thread's
    own database connection: the thread closes it when done, or a connection pool lends it
    out for good."""
    import threading

    from asgiref.sync import sync_to_async
    from django.contrib.auth.models import User
    from django.db import connections

    seen = []

    def build(meeting_id):
        User.objects.exists()  # the snapshot's queries, on this thread's connection
        seen.append((threading.current_thread(), connections["default"]))

    async def push(meeting_id, urgent):
        await sync_to_async(build)(meeting_id)

    async def in_a_loop():
        live._run(push, 1, True)

    asyncio.run(in_a_loop())
    deadline = time.monotonic() + 10
    while not seen or seen[0][0].is_alive():
        assert time.monotonic() < deadline, "the push's thread did not end"
        time.sleep(0.01)
    thread, its_connection = seen[0]
    assert thread is not threading.main_thread()
    assert its_connection.connection is None  # closed: handed back
