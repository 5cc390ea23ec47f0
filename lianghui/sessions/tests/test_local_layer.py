"""The single-process channel layer sweeps for expired entries once a second, not per call."""

import asyncio

from lianghui.sessions import local_layer
from lianghui.sessions.local_layer import LocalChannelLayer


def test_a_push_to_many_screens_sweeps_once_and_still_reaches_each(monkeypatch):
    layer = LocalChannelLayer()
    sweeps = []
    monkeypatch.setattr(
        local_layer.InMemoryChannelLayer, "_clean_expired", lambda self: sweeps.append(1)
    )

    async def hall():
        names = [await layer.new_channel() for _ in range(500)]
        for name in names:
            await layer.group_add("meeting.1", name)
        await layer.group_send("meeting.1", {"type": "hall.state", "text": "1"})
        got = [await layer.receive(name) for name in names]
        return got

    got = asyncio.run(hall())
    assert len(got) == 500 and all(m["text"] == "1" for m in got)
    assert len(sweeps) <= 1, f"{len(sweeps)} sweeps for one push (Channels' own layer: 501)"


def test_expired_messages_and_memberships_still_go(monkeypatch):
    layer = LocalChannelLayer(expiry=60, group_expiry=60)
    clock = {"now": 1000.0}
    monkeypatch.setattr(local_layer.time, "monotonic", lambda: clock["now"])

    async def stale():
        await layer.group_add("meeting.1", "screen.inmemory!a")
        await layer.send("screen.inmemory!b", {"type": "hall.state"})
        layer.groups["meeting.1"]["screen.inmemory!a"] -= 120  # joined two minutes ago
        queue = layer.channels["screen.inmemory!b"]
        expires, message = queue.get_nowait()
        queue.put_nowait((expires - 120, message))  # sent two minutes ago
        clock["now"] += local_layer.SWEEP_EVERY + 0.01
        layer._clean_expired()

    asyncio.run(stale())
    assert "screen.inmemory!b" not in layer.channels
    assert "screen.inmemory!a" not in layer.groups["meeting.1"]
