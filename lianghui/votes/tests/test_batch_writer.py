"""The hot path's BatchWriter on its own: every press gets its own batch's answer.

The database write (hot_path._write) is replaced by a stub that answers each press with its
token, so what is checked here is only the writer's bookkeeping: which task owns which
press, and that no task answers a press another task is writing.
"""

import asyncio
from concurrent.futures import ThreadPoolExecutor

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lianghui.votes import hot_path


def in_own_loop(coroutine):
    """asyncio.run in a thread of its own: in a full test run the browser tests' Playwright
    keeps an event loop running in the main thread, where asyncio.run refuses to start."""
    with ThreadPoolExecutor(1) as thread:
        return thread.submit(asyncio.run, coroutine).result()


def press(token: str) -> hot_path.Press:
    return hot_path.Press(1, "k" * 32, "yes", token)


def answering_stub(ticks=lambda: 0, batches=None):
    """A _write that answers each press with ("stored", its token), after `ticks()` loop turns."""

    async def write(presses):
        if batches is not None:
            batches.append([p.client_token for p in presses])
        for _ in range(ticks()):
            await asyncio.sleep(0)
        return [("stored", p.client_token) for p in presses]

    return write


def test_a_press_sent_as_the_last_batch_finishes_gets_its_own_answer(monkeypatch):
    # The first press's answer is delivered (its future's callbacks run) in the same loop
    # turn in which the drain task finishes, but before the task's done-callbacks run. A
    # press submitted right then starts a new task; the old task's done-callback must not
    # fail it as if it had been left behind.
    monkeypatch.setattr(hot_path, "_write", answering_stub())

    async def run():
        writer = hot_path.BatchWriter(asyncio.get_running_loop())
        second: list[asyncio.Future] = []
        first = writer.submit(press("first"))
        first.add_done_callback(lambda _: second.append(writer.submit(press("second"))))
        answer = await first
        await asyncio.sleep(0)  # the old task's done-callbacks run now
        return answer, await second[0]

    assert in_own_loop(run()) == (("stored", "first"), ("stored", "second"))


@settings(max_examples=200, deadline=None)
@given(
    plan=st.lists(
        st.tuples(
            st.integers(min_value=0, max_value=4),  # loop turns to wait before pressing
            st.booleans(),  # press from the callback of the previous press's answer
        ),
        min_size=1,
        max_size=30,
    ),
    write_ticks=st.lists(st.integers(min_value=0, max_value=3), min_size=1, max_size=10),
)
def test_presses_at_any_moment_each_get_their_real_answer(plan, write_ticks):
    turns = iter(write_ticks * 100)
    batches: list[list[str]] = []

    async def run():
        loop = asyncio.get_running_loop()
        writer = hot_path.BatchWriter(loop)
        # token → a future holding the press's future (set once the press is submitted)
        submitted: dict[str, asyncio.Future] = {}
        last_press: asyncio.Future | None = None
        for i, (wait, from_callback) in enumerate(plan):
            token = f"t{i}"
            for _ in range(wait):
                await asyncio.sleep(0)
            submitted[token] = loop.create_future()
            if from_callback and last_press is not None and not last_press.done():
                last_press.add_done_callback(
                    lambda _, t=token: submitted[t].set_result(writer.submit(press(t)))
                )
            else:
                last_press = writer.submit(press(token))
                submitted[token].set_result(last_press)
        return {token: await (await holder) for token, holder in submitted.items()}

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(hot_path, "_write", answering_stub(lambda: next(turns, 0), batches))
        answers = in_own_loop(run())
    assert answers == {f"t{i}": ("stored", f"t{i}") for i in range(len(plan))}
    written = [token for batch in batches for token in batch]
    assert sorted(written) == sorted(answers), "every press written exactly once"


def test_presses_arriving_at_hall_rates_share_a_batch(monkeypatch):
    # A lone press is written at once. Once presses are arriving (a batch started moments
    # ago), a small batch waits LINGER for the presses behind it, so they share one commit.
    batches: list[list[str]] = []
    monkeypatch.setattr(hot_path, "_write", answering_stub(batches=batches))

    async def run():
        writer = hot_path.BatchWriter(asyncio.get_running_loop())
        first = writer.submit(press("lone"))
        await first
        assert batches == [["lone"]]  # written without waiting
        second = writer.submit(press("a"))
        await asyncio.sleep(hot_path.LINGER / 5)  # the next press comes within the linger
        third = writer.submit(press("b"))
        return await asyncio.gather(first, second, third)

    answers = in_own_loop(run())
    assert answers == [("stored", "lone"), ("stored", "a"), ("stored", "b")]
    assert batches == [["lone"], ["a", "b"]]


def test_a_full_batch_does_not_wait(monkeypatch):
    batches: list[list[str]] = []
    monkeypatch.setattr(hot_path, "_write", answering_stub(batches=batches))

    async def run():
        loop = asyncio.get_running_loop()
        writer = hot_path.BatchWriter(loop)
        writer.last_batch = loop.time()  # presses are arriving
        futures = [writer.submit(press(f"p{i}")) for i in range(hot_path.LINGER_BELOW)]
        loop.call_soon(lambda: futures.append(writer.submit(press("late"))))
        await futures[0]
        return await asyncio.gather(*futures)

    answers = in_own_loop(run())
    assert batches[0] == [f"p{i}" for i in range(hot_path.LINGER_BELOW)]  # did not wait
    assert batches[1:] == [["late"]] and len(answers) == hot_path.LINGER_BELOW + 1
