"""The live push: send a meeting's new state to its screens, after commit only.

Actions call meeting_changed(); nothing is sent if the transaction rolls back. The state
itself is built by a function the hall app registers (sessions cannot import votes or
speakers). Frequent, minor changes (each vote cast) are coalesced: at most one push per
meeting every THROTTLE seconds across all workers, with a trailing push so the last change
is never lost.

An urgent change made by an HTTP request (the chair opens or closes a vote) is held until
the response has been sent: its state is built at commit, on the request's connection, and
sent when the request finishes. Sending it is one message per screen, and in a hall of
3,000 screens the worker's event loop spent a third of a second on them before it wrote
the chair's response.
"""

import asyncio
import json
import logging
import threading
import time
from collections.abc import Awaitable, Callable

from asgiref.sync import async_to_sync, sync_to_async
from channels.layers import get_channel_layer
from django.core.cache import cache
from django.db import close_old_connections, connections, transaction

log = logging.getLogger(__name__)

# A vote cast moves one number on the screens; in the opening seconds of a vote a hall casts
# hundreds a second. Each push is one websocket send per connected screen and tablet (3,000
# in a national session): at 0.25 s, two workers spent more CPU sending the count than
# storing the votes. Once a second is as often as anyone in the hall reads it, and it is
# once a second for the hall, not per worker: wall-clock time is cut into THROTTLE-long
# slots, and the worker that first claims a slot in the shared cache (Redis, with several
# workers) sends the count for all of them. Its state is built after the claim, so it
# carries every cast committed before; a worker whose last cast came after the claim sends
# in the next slot. With two workers this halved the sends to screens in a burst.
THROTTLE = 1.0
SLOT_KEPT = 10  # seconds a claim stays in the cache: far longer than a slot
_builder: Callable[..., dict] | None = None
_changed: dict[int, float] = {}  # meeting -> wall time of this worker's latest cast committed
_pending: dict[int, asyncio.TimerHandle] = {}
# The request this thread serves: meeting id -> the state to send once its response is out
# (None outside a request). A thread serves one request at a time.
_held = threading.local()
# A thread that writes casts for an event loop (the hall's cast writer) hands the count's
# push to that loop and goes on: waiting for it (claim the slot, build the state, publish)
# kept a batch's presses unanswered, and when the loop was busy writing a push to every
# screen the writer could not even start, so every press behind it waited too.
_hand_off = threading.local()
_detached: set[asyncio.Task] = set()  # pushes handed off, kept until done


def register_snapshot_builder(builder: Callable[..., dict]) -> None:
    global _builder
    _builder = builder


def group_name(meeting_id: int) -> str:
    return f"meeting.{meeting_id}"


def meeting_changed(meeting_id: int, urgent: bool = True) -> None:
    transaction.on_commit(lambda: _send(meeting_id, urgent))


def snapshot(meeting_id: int, light: bool = False) -> dict:
    """The meeting's state; light: only counts changed since the last one (a vote cast)."""
    if _builder is None:
        return {"type": "hall.state", "version": 0, "meeting": {"id": meeting_id}}
    return _builder(meeting_id, light=light)


def _snapshot_in_worker(meeting_id: int, light: bool) -> dict:
    # A worker thread has no request around it to close its database connection: without
    # this it would keep one open (or a pooled one borrowed) for as long as the thread lives.
    try:
        return snapshot(meeting_id, light)
    finally:
        close_old_connections()


def hand_counts_to(loop: asyncio.AbstractEventLoop | None) -> None:
    """In a thread that writes casts for `loop`: pushes of the count run there, unwaited
    (None: this thread pushes and waits again)."""
    _hand_off.loop = loop


def _start_count(meeting_id: int) -> None:
    """In the event loop: a count push handed off by a cast writer."""
    if meeting_id in _pending:
        return  # a trailing push is due and will carry the change
    task = asyncio.get_running_loop().create_task(_count_later(meeting_id, trailing=False))
    _detached.add(task)
    task.add_done_callback(_detached.discard)


def hold_until_response(**kwargs) -> None:
    """request_started: urgent pushes of this request wait for its response to be sent."""
    send_held()  # a request that never finished (no request_finished) hands its pushes on
    _held.states = {}


def send_held(**kwargs) -> None:
    """request_finished (the response is out): send what the request held, newest state."""
    held = getattr(_held, "states", None)
    _held.states = None
    for meeting_id, text in (held or {}).items():
        _run(_deliver, meeting_id, text)


def _send(meeting_id: int, urgent: bool) -> None:
    if not urgent:
        _changed[meeting_id] = time.time()
    if not urgent and meeting_id in _pending:
        # A trailing push is due and carries this change: it leaves _pending before it
        # builds the state, so a change committed while it is still listed is in that state.
        # (A dict lookup from this thread is safe; skipping saves a hop to the event loop for
        # every cast batch in the opening seconds of a vote.)
        return
    loop = getattr(_hand_off, "loop", None)
    if not urgent and loop is not None:
        loop.call_soon_threadsafe(_start_count, meeting_id)
        return
    held = getattr(_held, "states", None)
    if urgent and held is not None:
        if get_channel_layer() is None:
            return
        # Built now, after this commit, so it shows the change; any state built later has a
        # version at least as high, so sending this one late never undoes a newer one.
        try:
            _claim_slot_now(meeting_id)
            held[meeting_id] = _text(snapshot(meeting_id))
        except Exception:  # as a failed push: the screens catch up by polling
            log.warning("live state for meeting %s failed", meeting_id, exc_info=True)
        return
    _run(_push, meeting_id, urgent)


def _run(push: Callable[..., Awaitable[None]], *args) -> None:
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        pass  # the usual case: a sync thread (a request, a command); async_to_sync works
    else:
        # A sync caller inside a running event loop (a script or test driving a browser):
        # async_to_sync would refuse, so push from a short-lived thread of its own.
        threading.Thread(target=_run_and_close, args=(push, *args), daemon=True).start()
        return
    try:
        async_to_sync(push)(*args)
    except Exception:  # a screen that misses a push catches up by polling; the action stands
        log.warning("live push for meeting %s failed", args[0], exc_info=True)


def _run_and_close(push: Callable[..., Awaitable[None]], *args) -> None:
    """_run in a thread of its own, which then hands its database connection back. The
    state is built in this thread (thread-sensitive code runs in the thread that called
    async_to_sync). Left open, the connection outlived the thread: with the PostgreSQL
    pool it stayed lent out, and a browser test that pushed 20 times from its own thread
    ran the pool of 20 dry (every request then waited 30 s and failed)."""
    try:
        _run(push, *args)
    finally:
        connections.close_all()


async def _push(meeting_id: int, urgent: bool) -> None:
    if urgent:
        handle = _pending.pop(meeting_id, None)
        if handle:
            handle.cancel()
        await sync_to_async(_claim_slot_now, thread_sensitive=False)(meeting_id)
        await _broadcast(meeting_id)
        return
    if meeting_id not in _pending:
        await _count(meeting_id)


async def _count(meeting_id: int, in_request: bool = True) -> None:
    """A cast's push: now if this worker claims the current slot, else left to the worker
    that did (when it claimed after this worker's last cast), else at the next slot."""
    now = time.time()
    slot = int(now // THROTTLE)
    mine, claimed_at = await _claim(meeting_id, slot, now)
    if mine:
        await _broadcast(meeting_id, in_request, light=True)
        return
    if claimed_at >= _changed.get(meeting_id, 0.0):
        return  # it builds after claiming: our casts were committed by then
    loop = asyncio.get_running_loop()
    _pending[meeting_id] = loop.call_later(
        (slot + 1) * THROTTLE - now, lambda: loop.create_task(_count_later(meeting_id))
    )


async def _claim(meeting_id: int, slot: int, now: float) -> tuple[bool, float]:
    """Claim a slot in the cache all workers share: (claimed by us, when it was claimed)."""
    return await sync_to_async(_claim_sync, thread_sensitive=False)(meeting_id, slot, now)


def _claim_sync(meeting_id: int, slot: int, now: float) -> tuple[bool, float]:
    key = f"live.count.{meeting_id}.{slot}"
    if cache.add(key, now, timeout=SLOT_KEPT):
        return True, now
    at = cache.get(key)
    return (True, now) if at is None else (False, float(at))


def _claim_slot_now(meeting_id: int) -> None:
    """Before an urgent state is built: it is the push of the current slot. A vote opens and
    the first presses come within milliseconds; their count then goes out at the next slot,
    not as a second push to every screen right behind the opening's (casts committed after
    this claim are not in the urgent state, and their worker sends them at the next slot).
    Only a saving: if the cache fails, the urgent state goes out all the same."""
    now = time.time()
    try:
        _claim_sync(meeting_id, int(now // THROTTLE), now)
    except Exception:
        log.warning("claiming the live slot for meeting %s failed", meeting_id, exc_info=True)


async def _count_later(meeting_id: int, trailing: bool = True) -> None:
    """A count push outside any request: trailing, or handed off by a cast writer (which
    leaves a trailing push listed meanwhile where it is: that timer is still due)."""
    if trailing:
        _pending.pop(meeting_id, None)
    try:
        await _count(meeting_id, in_request=False)
    except Exception:
        log.warning("live count push for meeting %s failed", meeting_id, exc_info=True)


async def _broadcast(meeting_id: int, in_request: bool = True, light: bool = False) -> None:
    if get_channel_layer() is None:
        return
    # In a request, build in the request's own thread (its connection, just committed);
    # a trailing push runs after the request ended, so it takes a worker thread.
    build = snapshot if in_request else _snapshot_in_worker
    state = await sync_to_async(build, thread_sensitive=in_request)(meeting_id, light)
    await _deliver(meeting_id, _text(state))


async def _deliver(meeting_id: int, text: str) -> None:
    # A trailing push due for the meeting stays due: it may carry a change committed after
    # this state was built (a held state is built at commit and sent later).
    layer = get_channel_layer()
    if layer is not None:
        await layer.group_send(group_name(meeting_id), {"type": "hall.state", "text": text})


def _text(state: dict) -> str:
    return json.dumps(state, ensure_ascii=False, separators=(",", ":"))
