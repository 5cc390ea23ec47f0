"""The live push's coalescing: a cast is pushed at once or at the window's end, never lost.

The snapshot builder and the channel layer are replaced by recorders, and the clock is
the event loop's: what is tested is when pushes go out and what the last one carries.
"""

import asyncio
import time

import pytest

from lianghui.sessions import live


@pytest.fixture
def pushes(monkeypatch):
    """Record each push as the state the builder returned for it: a counter of changes."""
    sent: list[tuple[float, int, bool]] = []
    changes = {"n": 0}

    class Layer:
        async def group_send(self, group, message):
            sent.append((asyncio.get_running_loop().time(), *message["state"]))

    async def broadcast(meeting_id, in_request=True, light=False):
        live._last_sent[meeting_id] = time.monotonic()
        await Layer().group_send(live.group_name(meeting_id), {"state": (changes["n"], light)})

    monkeypatch.setattr(live, "_broadcast", broadcast)
    monkeypatch.setattr(live, "THROTTLE", 0.2)
    live._last_sent.clear()
    live._pending.clear()
    yield sent, changes
    live._last_sent.clear()
    live._pending.clear()


def test_a_burst_of_casts_is_one_push_now_and_one_at_the_windows_end(pushes):
    sent, changes = pushes

    async def burst():
        for _ in range(20):  # twenty casts within a tenth of the window
            changes["n"] += 1
            await live._push(7, urgent=False)
            await asyncio.sleep(0.001)
        await asyncio.sleep(0.4)

    asyncio.run(burst())
    assert [n for _, n, _ in sent] == [1, 20], "the first cast at once, the last one trailing"
    assert all(light for *_, light in sent)
    assert sent[1][0] - sent[0][0] == pytest.approx(0.2, abs=0.08)


def test_an_urgent_change_is_never_held_back_and_takes_the_pending_push_with_it(pushes):
    sent, changes = pushes

    async def cast_then_close():
        changes["n"] += 1
        await live._push(7, urgent=False)  # pushed at once
        changes["n"] += 1
        await live._push(7, urgent=False)  # within the window: a trailing push waits
        changes["n"] += 1
        await live._push(7, urgent=True)  # the close: now, and it carries everything
        await asyncio.sleep(0.4)

    asyncio.run(cast_then_close())
    assert [(n, light) for _, n, light in sent] == [(1, True), (3, False)]


def test_meetings_are_throttled_apart(pushes):
    sent, changes = pushes

    async def two_halls():
        await live._push(1, urgent=False)
        await live._push(2, urgent=False)

    asyncio.run(two_halls())
    assert len(sent) == 2


def test_a_cast_committed_while_a_push_is_due_rides_on_it_without_a_hop(pushes, monkeypatch):
    """After commit, a worker thread's non-urgent change finds a trailing push listed for its
    meeting: it is not sent to the event loop at all, and that push carries it."""
    sent, changes = pushes
    hops = []
    monkeypatch.setattr(live, "async_to_sync", lambda fn: hops.append(fn))

    async def casts_in_a_worker_thread():
        changes["n"] += 1
        await live._push(7, urgent=False)  # pushed at once
        changes["n"] += 1
        await live._push(7, urgent=False)  # within the window: a trailing push is listed

        def batch_committed():
            changes["n"] += 1
            live._send(7, urgent=False)

        await asyncio.get_running_loop().run_in_executor(None, batch_committed)
        await asyncio.sleep(0.4)

    asyncio.run(casts_in_a_worker_thread())
    assert hops == []
    assert [n for _, n, _ in sent] == [1, 3], "the trailing push carries the third change"
