"""A worker's share of a push: one listener per meeting writes each new state to its sockets.

Channels delivers a group message to every channel in the group. With a channel per screen
that is, for each push and each screen, a queue put, a receive task woken, the consumer's
dispatch loop turning once more (asyncio.wait over its receives, a new receive task) and
the message decoded again. In a burst with 3,000 screens that bookkeeping took more of a
worker's CPU than writing the frames. So a worker joins a meeting's group once, with a
channel of its own, and hands each state it receives to its sockets for that meeting.

Each socket's write is a task of its own: a screen whose connection is full (a tablet
that walked out of the Wi-Fi) waits alone and holds nobody else's state back.

The writes start CHUNK at a time, the event loop turning between chunks: started all at
once, a push to a worker's 1,500 sockets ran in one turn of the loop, so a press that
arrived meanwhile (and the answers of presses just stored) waited for all of it. Between
chunks the loop reads the presses and answers them.
"""

import asyncio
import logging

from lianghui.sessions import live

log = logging.getLogger(__name__)

RETRY_AFTER = 1.0  # seconds before listening again after the channel layer failed
CHUNK = 100  # sockets whose writes start in one turn of the event loop


class Listener:
    """One meeting's states, received once in this worker and written to its sockets."""

    def __init__(self, layer, meeting_id: int):
        self.layer, self.meeting_id = layer, meeting_id
        self.loop = asyncio.get_running_loop()
        self.sockets: set = set()  # consumers with a send_state(text) coroutine
        self.channel: str | None = None
        self.ready = self.loop.create_future()
        self.task = self.loop.create_task(self._run())
        self._writes: set[asyncio.Task] = set()

    async def _run(self) -> None:
        group = live.group_name(self.meeting_id)
        while True:
            try:
                if self.channel is None:
                    self.channel = await self.layer.new_channel()
                    await self.layer.group_add(group, self.channel)
                    if not self.ready.done():
                        self.ready.set_result(None)
                message = await self.layer.receive(self.channel)
            except asyncio.CancelledError:
                raise
            except Exception as e:
                if not self.ready.done():  # never listened: the socket's connect fails
                    self.ready.set_exception(e)
                    return
                # Redis went away while screens listen: they poll meanwhile; listen again.
                log.warning("live listener for meeting %s failed", self.meeting_id, exc_info=True)
                self.channel = None
                await asyncio.sleep(RETRY_AFTER)
                continue
            if message.get("type") == "hall.state":
                await self.write(message["text"])

    async def write(self, text: str) -> None:
        sockets = list(self.sockets)
        for start in range(0, len(sockets), CHUNK):
            if start:
                await asyncio.sleep(0)  # the loop turns: presses are read and answered
            for socket in sockets[start : start + CHUNK]:
                task = self.loop.create_task(socket.send_state(text))
                self._writes.add(task)
                task.add_done_callback(self._writes.discard)

    def stop(self) -> None:
        self.task.cancel()
        if self.channel is not None:
            discard = self.layer.group_discard(live.group_name(self.meeting_id), self.channel)
            task = self.loop.create_task(discard)
            self._writes.add(task)  # kept until done, as the writes are
            task.add_done_callback(self._writes.discard)


# This worker's listeners, by meeting. A listener belongs to the event loop it was made on:
# a test server that stopped leaves one behind, which the next loop replaces.
_listeners: dict[int, Listener] = {}


async def join(layer, meeting_id: int, socket) -> None:
    """From now on, every state pushed for the meeting reaches this socket."""
    listener = _listeners.get(meeting_id)
    if listener is None or listener.loop is not asyncio.get_running_loop() or listener.task.done():
        listener = _listeners[meeting_id] = Listener(layer, meeting_id)
    await asyncio.shield(listener.ready)
    listener.sockets.add(socket)


def leave(meeting_id: int, socket) -> None:
    listener = _listeners.get(meeting_id)
    if listener is None:
        return
    listener.sockets.discard(socket)
    if not listener.sockets:
        del _listeners[meeting_id]
        listener.stop()
