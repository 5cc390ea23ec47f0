"""The hot path's BatchWriter on its own: every press gets its own batch's answer.

The database write (hot_path._write) is replaced by a stub that answers each press with its
token, so what is checked here is only the writer's bookkeeping: which task owns which
press, and that no task answers a press another task is writing.
"""

import asyncio
import threading
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

    async def write(presses, waiting=None):
        if batches is not None:
            batches.append([p.client_token for p in presses])
        for _ in range(ticks()):
            await asyncio.sleep(0)
        return [("stored", p.client_token) for p in presses]

    return write


def releasing_stub(ticks=lambda: 0, on_release=None):
    """A _release (the connection handed back when the queue runs dry) that takes `ticks()`
    loop turns, calling on_release() first."""

    async def release():
        if on_release is not None:
            on_release()
        for _ in range(ticks()):
            await asyncio.sleep(0)

    return release


def test_a_press_sent_while_the_connection_is_handed_back_is_written(monkeypatch):
    # The queue ran dry and the drain task is handing its connection back: it is not done,
    # so a press submitted now joins its queue and starts no task. The task must write it
    # before it ends (else its done-callback would fail the press as left behind).
    batches: list[list[str]] = []
    late: list[asyncio.Future] = []
    writer_box = []
    monkeypatch.setattr(hot_path, "_write", answering_stub(batches=batches))
    monkeypatch.setattr(
        hot_path,
        "_release",
        releasing_stub(
            lambda: 1, lambda: late or late.append(writer_box[0].submit(press("during")))
        ),
    )

    async def run():
        writer = hot_path.BatchWriter(asyncio.get_running_loop())
        writer_box.append(writer)
        first = await writer.submit(press("first"))
        return first, await late[0]

    assert in_own_loop(run()) == (("stored", "first"), ("stored", "during"))
    assert batches == [["first"], ["during"]]


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
        patch.setattr(hot_path, "_release", releasing_stub(lambda: next(turns, 0)))
        answers = in_own_loop(run())
    assert answers == {f"t{i}": ("stored", f"t{i}") for i in range(len(plan))}
    written = [token for batch in batches for token in batch]
    assert sorted(written) == sorted(answers), "every press written exactly once"


def test_presses_arriving_at_hall_rates_share_a_batch(monkeypatch):
    # A lone press is written at once. Once presses are arriving (a batch started moments
    # ago), a small batch waits LINGER for the presses behind it, so they share one commit.
    # The linger and the "arriving" window are made long: on a loaded machine a few
    # milliseconds of sleep can overshoot the real ones, and this checks the rule, not them.
    batches: list[list[str]] = []
    monkeypatch.setattr(hot_path, "_write", answering_stub(batches=batches))
    monkeypatch.setattr(hot_path, "LINGER", 0.5)
    monkeypatch.setattr(hot_path, "LINGER_QUIET", 0.5)
    monkeypatch.setattr(hot_path, "ARRIVING", 30.0)

    async def run():
        writer = hot_path.BatchWriter(asyncio.get_running_loop())
        first = writer.submit(press("lone"))
        await first
        assert batches == [["lone"]]  # written without waiting
        second = writer.submit(press("a"))
        for _ in range(3):  # the next press comes within the linger
            await asyncio.sleep(0)
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


@pytest.mark.django_db(transaction=True)
def test_the_writer_thread_keeps_its_connection_while_presses_come_then_hands_it_back(
    monkeypatch,
):
    from django.db import connection

    seen: list[tuple[str, int]] = []
    second: list[asyncio.Future] = []

    def write_batch(presses, loop=None, waiting=None):
        connection.ensure_connection()
        seen.append((threading.current_thread().name, id(connection.connection)))
        return [("stored", p.client_token) for p in presses]

    monkeypatch.setattr(hot_path, "write_batch", write_batch)

    async def run():
        writer = hot_path.BatchWriter(asyncio.get_running_loop())
        first = writer.submit(press("a"))
        # Submitted while the first batch is being written: the same drain writes it next.
        asyncio.get_running_loop().call_soon(lambda: second.append(writer.submit(press("b"))))
        answers = [await first]
        answers.append(await second[0])
        await writer.task  # the drain ends when the queue has run dry
        return answers

    assert in_own_loop(run()) == [("stored", "a"), ("stored", "b")]
    assert len(seen) == 2 and seen[0] == seen[1], "one thread, one connection for the drain"
    assert seen[0][0].startswith("cast-writer")
    left_open = hot_path._thread().submit(lambda: connection.connection is not None).result()
    assert not left_open, "handed back when the queue ran dry"


def test_a_lingering_batch_goes_as_soon_as_it_is_full(monkeypatch):
    batches: list[list[str]] = []
    monkeypatch.setattr(hot_path, "_write", answering_stub(batches=batches))
    monkeypatch.setattr(hot_path, "LINGER", 30.0)  # the test would time out waiting it out
    monkeypatch.setattr(hot_path, "LINGER_QUIET", 30.0)

    async def run():
        loop = asyncio.get_running_loop()
        writer = hot_path.BatchWriter(loop)
        writer.last_batch = loop.time()  # presses are arriving: a small batch lingers
        futures = [writer.submit(press("first"))]
        for _ in range(3):
            await asyncio.sleep(0)
        assert writer.lingering is not None and not batches
        futures += [writer.submit(press(f"p{i}")) for i in range(1, hot_path.LINGER_BELOW)]
        return await asyncio.wait_for(asyncio.gather(*futures), timeout=5)

    answers = in_own_loop(run())
    assert len(answers) == hot_path.LINGER_BELOW
    assert batches == [["first"] + [f"p{i}" for i in range(1, hot_path.LINGER_BELOW)]]


def test_presses_at_hall_rates_linger_longer_than_in_a_burst():
    """The linger follows the rate presses came at since the previous batch was taken: the
    longer one at hall rates (fewer commits), the shorter one in a burst (the cores are busy
    already)."""
    writer = hot_path.BatchWriter(asyncio.new_event_loop())
    writer.last_batch = 100.0
    writer.queue = [(press("a"), None), (press("b"), None)]
    assert writer.linger_for(100.02) == hot_path.LINGER_QUIET  # 100 presses a second
    writer.queue *= 4
    assert writer.linger_for(100.02) == hot_path.LINGER  # 400 a second
    writer.queue = writer.queue[:1]
    # One press right behind a quick write: measured over LINGER, 100 a second.
    assert writer.linger_for(100.001) == hot_path.LINGER_QUIET
    writer.loop.close()


def test_checked_ballots_are_recorded_only_while_no_press_waits(monkeypatch):
    """Every batch's ballots go to be checked once it is written; their outcomes are
    recorded by the drain task only when the queue is empty, and a press that comes while
    outcomes are recorded is written before the next are."""
    events: list[tuple] = []

    async def write(presses, waiting=None):
        events.append(("write", [p.client_token for p in presses]))
        waiting += [p.client_token for p in presses]
        return [("stored", p.client_token) for p in presses]

    async def check_proofs(chunk):
        await asyncio.sleep(0)
        return [None] * len(chunk), []

    async def record(checked, parts):
        events.append(("record", [token for token, _ in checked], len(writer.queue)))
        if not late:  # a press comes while the first outcomes are recorded
            late.append(writer.submit(press("late")))
        await asyncio.sleep(0)

    monkeypatch.setattr(hot_path, "_write", write)
    monkeypatch.setattr(hot_path, "_check_proofs", check_proofs)
    monkeypatch.setattr(hot_path, "_record_checks", record)
    monkeypatch.setattr(
        hot_path, "_release", releasing_stub(on_release=lambda: events.append(("release",)))
    )
    late: list[asyncio.Future] = []
    writer = None
    tokens = [f"a{i}" for i in range(hot_path.CHECK_CHUNK + 3)]

    async def run():
        nonlocal writer
        writer = hot_path.BatchWriter(asyncio.get_running_loop())
        answers = await asyncio.gather(*(writer.submit(press(t)) for t in tokens))
        while not late:
            await asyncio.sleep(0)
        answers.append(await late[0])
        while not writer.task.done() or writer.checks:
            await asyncio.sleep(0)
        return answers

    answers = in_own_loop(run())
    assert [a[1] for a in answers] == [*tokens, "late"]
    records = [e for e in events if e[0] == "record"]
    assert all(queued == 0 for _, _, queued in records)  # never while a press waited
    assert sorted(t for _, chunk, _ in records for t in chunk) == sorted([*tokens, "late"])
    first_record = events.index(records[0])
    assert events[first_record + 1] == ("write", ["late"])  # before anything else is recorded
    assert events[-1] == ("release",)  # the connection handed back once all is recorded


def test_checks_wait_while_presses_come_at_burst_rates(monkeypatch):
    """Presses faster than HOLD_CHECKS_ABOVE a second: their ballots are not sent to be
    checked until the rate has dropped, and then every one is."""
    sent: list[tuple[float, list]] = []
    recorded: list[str] = []

    async def write(presses, waiting=None):
        waiting += [p.client_token for p in presses]
        return [("stored", p.client_token) for p in presses]

    async def check_proofs(chunk):
        sent.append((asyncio.get_running_loop().time(), list(chunk)))
        return [None] * len(chunk), []

    async def record(checked, parts):
        recorded.extend(token for token, _ in checked)

    monkeypatch.setattr(hot_path, "_write", write)
    monkeypatch.setattr(hot_path, "_check_proofs", check_proofs)
    monkeypatch.setattr(hot_path, "_record_checks", record)
    monkeypatch.setattr(hot_path, "_release", releasing_stub())
    monkeypatch.setattr(hot_path, "RATE_WINDOW", 0.5)
    monkeypatch.setattr(hot_path, "HOLD_CHECKS_ABOVE", 50)
    tokens = [f"b{i}" for i in range(60)]

    async def run():
        loop = asyncio.get_running_loop()
        writer = hot_path.BatchWriter(loop)
        started = loop.time()
        answers = []
        for clump in range(0, len(tokens), 10):  # ten at once, every 30 ms
            answers += [writer.submit(press(t)) for t in tokens[clump : clump + 10]]
            await asyncio.sleep(0.03)
        last_press = loop.time()
        await asyncio.gather(*answers)
        while len(recorded) < len(tokens) and loop.time() - started < 5:
            await asyncio.sleep(0.01)
        return last_press

    last_press = in_own_loop(run())
    assert sorted(recorded) == sorted(tokens)
    # While the presses were coming, none went to be checked: they waited for the lull.
    assert min(at for at, _ in sent) >= last_press, sent
