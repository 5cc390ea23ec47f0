"""A worker's listener per meeting: one group membership, every socket written, none waited on.

The channel layer is this process's own (the one a single-process deployment runs); the
sockets are recorders with the consumer's send_state.
"""

import asyncio

from lianghui.hall import fanout
from lianghui.sessions import live
from lianghui.sessions.local_layer import LocalChannelLayer


class Socket:
    def __init__(self, stuck: bool = False):
        self.got: list[str] = []
        self.stuck = asyncio.Event() if stuck else None

    async def send_state(self, text: str) -> None:
        if self.stuck is not None:
            await self.stuck.wait()  # a full connection: its write waits
        self.got.append(text)


async def _push(layer, meeting_id: int, text: str) -> None:
    await layer.group_send(live.group_name(meeting_id), {"type": "hall.state", "text": text})
    for _ in range(5):  # the listener's receive, then each socket's write
        await asyncio.sleep(0)


def test_one_membership_per_worker_and_meeting_and_every_socket_written():
    async def scenario():
        fanout._listeners.clear()
        layer = LocalChannelLayer()
        a, b, elsewhere = Socket(), Socket(), Socket()
        await fanout.join(layer, 1, a)
        await fanout.join(layer, 1, b)
        await fanout.join(layer, 2, elsewhere)
        assert len(layer.groups[live.group_name(1)]) == 1, "one channel for both sockets"
        await _push(layer, 1, "state 1")
        assert a.got == b.got == ["state 1"] and elsewhere.got == []
        fanout.leave(1, a)
        await _push(layer, 1, "state 2")
        assert a.got == ["state 1"] and b.got == ["state 1", "state 2"]
        fanout.leave(1, b)
        fanout.leave(2, elsewhere)
        await asyncio.sleep(0.01)
        assert 1 not in fanout._listeners and 2 not in fanout._listeners
        assert not layer.groups.get(live.group_name(1)), "the last socket out leaves the group"

    asyncio.run(scenario())


def test_a_socket_whose_write_waits_holds_nobody_back():
    async def scenario():
        fanout._listeners.clear()
        layer = LocalChannelLayer()
        stuck, fine = Socket(stuck=True), Socket()
        await fanout.join(layer, 1, stuck)
        await fanout.join(layer, 1, fine)
        await _push(layer, 1, "state 1")
        await _push(layer, 1, "state 2")
        assert fine.got == ["state 1", "state 2"] and stuck.got == []
        stuck.stuck.set()  # its connection drains
        await asyncio.sleep(0.01)
        assert sorted(stuck.got) == ["state 1", "state 2"]
        fanout.leave(1, stuck)
        fanout.leave(1, fine)

    asyncio.run(scenario())


def test_a_listener_left_by_a_stopped_event_loop_is_replaced():
    """A test server (or a restarted loop) leaves its listener behind; the next one listens."""
    layer = LocalChannelLayer()

    async def first():
        fanout._listeners.clear()
        await fanout.join(layer, 1, Socket())

    async def second():
        socket = Socket()
        await fanout.join(layer, 1, socket)
        await _push(layer, 1, "state")
        assert socket.got == ["state"]
        fanout.leave(1, socket)

    asyncio.run(first())
    asyncio.run(second())


def test_a_layer_that_fails_before_listening_fails_the_join():
    class Down(LocalChannelLayer):
        async def group_add(self, group, channel):
            raise ConnectionError("Redis is down")

    async def scenario():
        fanout._listeners.clear()
        try:
            await fanout.join(Down(), 1, Socket())
        except ConnectionError:
            return True
        return False

    assert asyncio.run(scenario()), "the socket's connect fails; the screen polls instead"
    fanout._listeners.clear()


def test_a_push_to_many_sockets_lets_the_event_loop_turn_between_chunks(monkeypatch):
    """A press arriving during a push to every screen is read after one chunk of writes,
    not after all of them: no turn of the event loop writes more than a chunk."""
    monkeypatch.setattr(fanout, "CHUNK", 3)
    turn = [0]

    class Counted(Socket):
        async def send_state(self, text: str) -> None:
            self.got.append(turn[0])  # the turn of the loop this write ran in

    async def scenario():
        loop = asyncio.get_running_loop()

        def tick():  # runs once in every turn of the loop
            turn[0] += 1
            loop.call_soon(tick)

        fanout._listeners.clear()
        layer = LocalChannelLayer()
        sockets = [Counted() for _ in range(10)]
        for socket in sockets:
            await fanout.join(layer, 1, socket)
        loop.call_soon(tick)
        await _push(layer, 1, "state")
        await asyncio.sleep(0.01)
        for socket in sockets:
            fanout.leave(1, socket)
        return [t for s in sockets for t in s.got]

    turns = asyncio.run(scenario())
    assert len(turns) == 10, "every socket written once"
    per_turn = {t: turns.count(t) for t in turns}
    assert max(per_turn.values()) <= 3, f"at most a chunk of writes in a turn: {per_turn}"
    assert len(per_turn) == 4, f"10 sockets, chunks of 3: four turns: {per_turn}"
