"""Screens: N websocket clients on one meeting's live channel; time from closing a vote to
its published result on every screen.

    python -m bench screens [--clients 3000] [--workers 2] [--port 8124] [--repeat 3]
                            [--connect-concurrency 200] [--timeout 10] [--delegates 300]
                            [--compression deflate|none] [--trace]
                            [--skip-close-old-connections] [--server-gc-threshold G0,G1,G2]
                            [--wipe-database]
    python -m bench.screens …   (the same, JSON on stdout)

Target (docs/architecture.md, quality bars): 3,000 connected screens get a new state within 1 second of it
happening; the result on every screen within 1 second of closing. ``within_target`` is
true when ``--clients`` is at least 3,000, every client connected, and in every repeat
every client received the published result within 1,000 ms of the close being sent.

Database: PostgreSQL when DATABASE_URL is set — the benchmark OWNS that database and
wipes it (``flush``) first: use a dedicated one such as
``postgres://postgres@127.0.0.1:5432/lianghui_bench_screens`` (created when missing; only
loopback hosts, and a name containing "bench" unless ``--wipe-database``). Without
DATABASE_URL: a fresh SQLite file in a temporary LIANGHUI_DATA_DIR (one worker).
REDIS_URL (e.g. ``redis://127.0.0.1:6379/2``, this benchmark's own db number) is passed to
the server and selects channels-redis's pub/sub layer; it is required for ``--workers`` > 1.
Without it (one worker) the server's in-memory layer carries the push. Redis pub/sub
channels are not scoped by db number; lianghui prefixes them with it, so two benchmarks on
one Redis with different db numbers do not hear each other.

Steps (only steps 4 and 5 are timed):

1. Setup in this process: migrate, ``load_demo(delegates=…, votes=False)``, the congress's
   第三次全体会议 (delegates already checked in by the demo), a secret electronic poll
   created and opened through ``lianghui.votes.actions`` by the secretariat account
   (``entitled`` > 0). The snapshot the screens receive is built here 20 times to report
   its build time and size (``snapshot``).
2. ``lianghui serve --workers W --port P`` as a subprocess with DATABASE_URL, REDIS_URL, a
   temporary LIANGHUI_DATA_DIR, a fixed SECRET_KEY (the screen token is signed with it and
   computed here with ``lianghui.hall.tokens.screen_token``) and
   ALLOWED_HOSTS=127.0.0.1,localhost; stopped at the end whatever happens. The secretariat
   signs in through the login form over HTTP.
3. N clients (``websockets``, asyncio, uvloop when installed) connect to
   ``ws://127.0.0.1:P/ws/meetings/<id>/?token=<screen token>`` with ``Origin:
   http://127.0.0.1:P``, ``--connect-concurrency`` at a time; each waits for its initial
   snapshot (which must show the open poll). ``connect`` reports the time from starting
   the handshake to the snapshot, and failures by kind. The server's memory is the VmRSS
   of its process tree (/proc/<pid>/status), after a warm-up and again after the N
   connections: ``memory.per_connection_kb`` = delta / N. Client compression: by default
   the client offers permessage-deflate as browsers do (``--compression none`` turns it
   off, to measure its cost on the server).
4. Per repeat (timed): the secretariat closes the poll over HTTP
   (``POST /api/votes/{id}/close`` with the CSRF header; the poll publishes at once). t0 is
   just before the request is written; each client's time is when it reads the first
   message, after t0, whose ``poll`` has this id and ``state == "published"``. Reported:
   p50/p99/max of (t − t0) in ms over the clients, ``within_1s``, ``missing`` (nothing
   within ``--timeout`` seconds), the close request's own duration, the first and last
   client, the same per server worker (each client's connection is mapped to the worker
   process that holds it through /proc/net/tcp), CPU seconds used by each server process,
   this client, Redis and PostgreSQL during the window, and the client's event-loop lag (a
   2 ms ticker: how late the client could have been in reading what had already arrived).
   Before each further repeat a fresh poll is created and opened over HTTP, and we wait
   until every client has its "open" state (reported as ``open_push``, same measures):
   nothing is left in flight when the next close is timed.
5. After the repeats (timed the same way): one seated delegate checks in at the desk
   (``POST /api/attendance/meetings/{id}/checkins``); each client's time is when its state
   shows that delegate's seat among those present on the seat map (``checkin_to_seat_map``).
   The meeting is seated in setup (the demo's plan, or one made on a 3,135-seat hall) and
   that delegate's own check-in from the demo removed. ``within_target`` needs it within 1 s
   on every screen as well.

Before connecting, each worker is warmed up: a few websocket connections, and 20 HTTP
requests per worker (a worker's first request loads Django's URLconf, about a second of CPU).

Where the time goes (``--trace``): the server is started with a ``sitecustomize.py`` on its
PYTHONPATH (written into the temporary folder; nothing in lianghui/ is touched) that wraps a
few functions in every server process and logs CLOCK_MONOTONIC timestamps, the clock of this
process's ``perf_counter``. Each timed push then gets ``server_trace`` (ms after t0):
``request`` (the HTTP request in the worker that took it: start, the after-commit push
start/end, the broadcast start/end, i.e. until the state was published to the layer),
``snapshot_build``, and per worker: the layer message in and queued to every consumer,
``consumers_woken`` (channels' ``dispatch`` entered), ``consumers_hopped`` (after channels'
``await aclose_old_connections()``, a sync_to_async hop to the process's one
thread-sensitive thread, made before every handler call), the websocket sends, and
``gc_pauses_10ms_or_more``.

Experiments (they imply ``--trace``; the output says which were on):
``--skip-close-old-connections`` makes the consumers skip that hop for ``hall.state`` (its
handler only sends text); ``--server-gc-threshold G0,G1,G2`` calls ``gc.set_threshold`` in
every server process. They measure changes proposed for lianghui, they are not the product.

The client process freezes its objects out of the garbage collector after connecting and
disables it while a push is timed, so that its own pauses are not counted as the server's.
The clients run on the same machine as the server: on a 2-core machine they take 0.25-0.4
CPU-seconds per push of 3,000 messages from the server's share. ``cpu_seconds`` reports the
server's processes, this client, Redis, PostgreSQL and ``other_processes`` (the rest of the
machine) during each timed window; ``machine.load_average_*`` the load around the run.

Helpers are imported from bench.votes (database checks, the server subprocess, the login,
the HTTP client ``Pool``, the CPU meter).
"""

import argparse
import asyncio
import contextlib
import gc
import json
import os
import resource
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from bench.votes import (
    CpuMeter,
    Pool,
    _check_database_url,
    _code_state,
    _ensure_postgres_database,
    _headers,
    _http_login,
    _pct,
    _port_free,
    _start_server,
    _stop_server,
    _wait_until_up,
)
from lianghui.audit.signing import new_private_key

LOOPBACK = {"127.0.0.1", "localhost", "::1"}
SECRET_KEY = "bench-screens-fixed-secret-key-0d7c1e5a9b3f4e6a8c2d"
TARGET = {"clients": 3000, "every_client_within_ms": 1000}


def _say(*parts) -> None:
    print("[bench screens]", *parts, file=sys.stderr, flush=True)


# --------------------------------------------------------------------------- setup


def _environment() -> dict:
    data_dir = tempfile.mkdtemp(prefix="lianghui-bench-screens-")
    os.environ["LIANGHUI_DATA_DIR"] = data_dir
    os.environ["SECRET_KEY"] = SECRET_KEY  # before django.setup(): tokens are signed with it
    # `lianghui serve` refuses to start without an audit signing key (lianghui.checks).
    os.environ["LIANGHUI_AUDIT_KEY"] = new_private_key()
    os.environ["ALLOWED_HOSTS"] = "127.0.0.1,localhost"
    os.environ["LIANGHUI_CACHE_PREFIX"] = f"lianghui-bench-screens-{os.getpid()}-{int(time.time())}"
    os.environ["DJANGO_SETTINGS_MODULE"] = "lianghui.settings"
    return {"data_dir": data_dir}


def _check_redis_url(url: str) -> None:
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    if parts.scheme == "unix":
        return
    if (parts.hostname or "") not in LOOPBACK:
        raise SystemExit("REDIS_URL must point at this machine (127.0.0.1)")


def _setup(delegates: int) -> dict:
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db import connection

    from lianghui.demo import load_demo
    from lianghui.sessions.models import Meeting
    from lianghui.votes import actions

    started = time.perf_counter()
    call_command("migrate", interactive=False, verbosity=0)
    if connection.vendor == "postgresql":
        _say("flushing the benchmark database")
        call_command("flush", interactive=False, verbosity=0)
    accounts = load_demo(delegates=delegates, votes=False)
    meeting = Meeting.objects.get(
        title__contains="第三次全体会议", session__title__contains="人民代表大会"
    )
    staff = get_user_model().objects.get(username=accounts.secretariat)
    # A secret electronic vote is encrypted: the meeting's key first (no vote here is cast
    # in, so each closes at 0 without a decryption).
    from bench.trustees import ceremony

    ceremony(meeting, staff)
    seat = _seat_to_check_in(meeting, staff)
    poll = actions.create_poll(meeting, actions.PollSettings(question="大屏基准测试表决 1"), staff)
    poll, _ = actions.open_poll(poll, staff)
    if not poll.entitled:
        raise RuntimeError("the poll opened with entitled == 0: nobody checked in")
    return {
        "accounts": accounts,
        "meeting_id": meeting.pk,
        "poll_id": poll.pk,
        "entitled": poll.entitled,
        "seconds": time.perf_counter() - started,
        **seat,
    }


def _seat_to_check_in(meeting, staff) -> dict:
    """A seat plan for the meeting, and one seated delegate not checked in (whose check-in
    is timed to the seat map of every screen).

    The demo seats its closing plenary when the hall fits; otherwise (thousands of
    delegates) the meeting is seated here on a hall as large as the benchmark of seat plans
    uses. The delegate's check-in made by the demo, if any, is removed before the vote opens.
    """
    from bench.seats import blocks
    from lianghui.attendance.actions import set_checkin_open
    from lianghui.attendance.models import CheckIn
    from lianghui.halls import seating
    from lianghui.halls.actions import create_from_blocks
    from lianghui.halls.models import Category, SeatPlan

    plan = SeatPlan.objects.filter(meeting=meeting).first()
    if plan is None:
        hall = create_from_blocks("基准会址", "大屏基准会场", blocks(), staff)
        plan = seating.make_plan(meeting, hall, staff)
    seated = plan.assignments.filter(category=Category.MEMBER).order_by("seat_id").first()
    CheckIn.objects.filter(meeting=meeting, person_id=seated.person_id).delete()
    set_checkin_open(meeting, True, staff)  # the desk is open, as while delegates arrive
    return {"checkin_person_id": seated.person_id, "checkin_seat_id": seated.seat_id}


def _snapshot_cost(meeting_id: int, n: int = 20) -> dict:
    """Build the screens' state in this process, as the server does for each push."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from lianghui.sessions import live

    times, dumps = [], []
    with CaptureQueriesContext(connection) as ctx:
        live.snapshot(meeting_id)
    for _ in range(n):
        t = time.perf_counter()
        state = live.snapshot(meeting_id)
        times.append((time.perf_counter() - t) * 1000)
        t = time.perf_counter()
        text = json.dumps(state, ensure_ascii=False, separators=(",", ":"))
        dumps.append((time.perf_counter() - t) * 1000)
    return {
        "build_ms_median": round(statistics.median(times), 2),
        "json_ms_median": round(statistics.median(dumps), 3),
        "queries": len(ctx.captured_queries),
        "bytes": len(text.encode()),
    }


# --------------------------------------------------------------------------- /proc


def _read_proc_stat(pid: int):
    try:
        with open(f"/proc/{pid}/stat") as f:
            text = f.read()
    except OSError:
        return None
    fields = text[text.rindex(")") + 2 :].split()
    return int(fields[1]), int(fields[11]) + int(fields[12])  # ppid, utime+stime (ticks)


def _tree(root: int) -> list[int]:
    """The root process and all its descendants."""
    parents = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            s = _read_proc_stat(int(entry))
            if s:
                parents[int(entry)] = s[0]
    out, todo = [], [root]
    while todo:
        pid = todo.pop()
        if pid in parents:
            out.append(pid)
            todo += [p for p, pp in parents.items() if pp == pid]
    return sorted(out)


def _cmdline(pid: int) -> str:
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as f:
            return f.read().replace(b"\0", b" ").decode(errors="replace").strip()
    except OSError:
        return ""


def _rss_kb(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def _memory(root: int) -> dict:
    per = {pid: _rss_kb(pid) for pid in _tree(root)}
    return {"total_kb": sum(per.values()), "per_process_kb": per}


def _cpu_ticks(pids) -> dict:
    out = {}
    for pid in pids:
        s = _read_proc_stat(pid)
        if s:
            out[pid] = s[1]
    return out


def _socket_owners(pids, server_port: int) -> dict[int, int]:
    """Client port → server pid holding that connection (from /proc/net/tcp and fds)."""
    inode_to_pid = {}
    for pid in pids:
        with contextlib.suppress(OSError):
            for fd in os.listdir(f"/proc/{pid}/fd"):
                with contextlib.suppress(OSError):
                    link = os.readlink(f"/proc/{pid}/fd/{fd}")
                    if link.startswith("socket:["):
                        inode_to_pid[int(link[8:-1])] = pid
    owners = {}
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        with contextlib.suppress(OSError), open(table) as f:
            next(f)
            for line in f:
                cols = line.split()
                local_port = int(cols[1].rsplit(":", 1)[1], 16)
                remote_port = int(cols[2].rsplit(":", 1)[1], 16)
                inode = int(cols[9])
                if local_port == server_port and inode in inode_to_pid:
                    owners[remote_port] = inode_to_pid[inode]
    return owners


# --------------------------------------------------------------------------- --trace

# Written as sitecustomize.py into a temporary folder put on the server's PYTHONPATH (only
# with --trace): every server process (uvicorn's spawned workers too) wraps a few functions
# of live.py, channels and channels-redis to log CLOCK_MONOTONIC timestamps (the same clock
# as this process's perf_counter) into trace-<pid>.jsonl. Nothing in lianghui/ is changed.
TRACE_HOOK = """
import asyncio, json, os, time

_DIR = os.environ["LIANGHUI_BENCH_TRACE_DIR"]
_events, _sends, _woken, _hopped = [], [], [], []
_state = {"burst": False, "flush": None}
_SKIP_HOP = os.environ.get("LIANGHUI_BENCH_SKIP_CLOSE_OLD_CONNECTIONS") == "1"


def _log(kind, **data):
    _events.append({"pid": os.getpid(), "kind": kind, "t": time.perf_counter(), **data})


def _flush():
    _state["flush"] = None
    latest = max([t[-1] for t in (_sends, _woken, _hopped) if t] or [0.0])
    if _state["burst"] and time.perf_counter() - latest < 0.5:  # a push still going out
        _flush_later(0.5)
        return
    for kind, times in (("sends", _sends), ("woken", _woken), ("hopped", _hopped)):
        times.sort()
        if _state["burst"] and times:
            _events.append({"pid": os.getpid(), "kind": kind, "t": times[0], "n": len(times),
                            "first": times[0], "p50": times[len(times) // 2],
                            "last": times[-1]})
        times.clear()
    _state["burst"] = False
    events = [e for e in _events if e["kind"] != "snapshot" or e.get("push")]
    _events.clear()
    with open(os.path.join(_DIR, "trace-%d.jsonl" % os.getpid()), "a") as f:
        for e in events:
            f.write(json.dumps(e) + "\\n")


def _flush_later(delay=1.5):
    if _state["flush"] is None:
        _state["flush"] = asyncio.get_running_loop().call_later(delay, _flush)


def _burst_begins():
    if not _state["burst"]:
        _sends.clear()
        _woken.clear()
        _hopped.clear()
        _state["burst"] = True
    _flush_later()


import gc

_gc_start = {}


def _gc_callback(phase, info):  # collections of 10 ms or more: a pause in the fan-out
    if phase == "start":
        _gc_start["t"] = time.perf_counter()
    elif "t" in _gc_start and time.perf_counter() - _gc_start["t"] >= 0.01:
        _log("gc", start=_gc_start["t"], generation=info.get("generation"),
             collected=info.get("collected"))


gc.callbacks.append(_gc_callback)
if os.environ.get("LIANGHUI_BENCH_GC_THRESHOLD"):  # experiment: fewer full collections
    gc.set_threshold(*(int(x) for x in os.environ["LIANGHUI_BENCH_GC_THRESHOLD"].split(",")))

from lianghui.sessions import live

_orig_send, _orig_broadcast, _orig_snapshot = live._send, live._broadcast, live.snapshot
_in_push = {"on": False}


# (*args, **kwargs: live.py's signatures change; the hooks only take times.)
def _send(*args, **kwargs):
    _log("push_start")
    _orig_send(*args, **kwargs)
    _log("push_end")


async def _broadcast(*args, **kwargs):
    _log("broadcast_start")
    _in_push["on"] = True
    try:
        await _orig_broadcast(*args, **kwargs)
    finally:
        _in_push["on"] = False
    _log("broadcast_end")
    _flush_later()


def snapshot(*args, **kwargs):
    t = time.perf_counter()
    out = _orig_snapshot(*args, **kwargs)
    _log("snapshot", start=t, push=_in_push["on"])
    return out


live._send, live._broadcast, live.snapshot = _send, _broadcast, snapshot

from channels_redis import pubsub

_orig_receive = pubsub.RedisSingleShardConnection._receive_message


def _receive_message(self, message):
    t = time.perf_counter()
    _orig_receive(self, message)
    if message is not None:
        name = message["channel"]
        name = name.decode() if isinstance(name, bytes) else name
        if "__group__" in name:
            _log("layer_in", start=t, channels=len(self.channel_layer.groups.get(name, ())),
                 bytes=len(message["data"]))
            _burst_begins()


pubsub.RedisSingleShardConnection._receive_message = _receive_message

from channels import layers

_orig_group_send = layers.InMemoryChannelLayer.group_send


async def _group_send(self, group, message):
    t = time.perf_counter()
    await _orig_group_send(self, group, message)
    _log("layer_in", start=t, channels=len(self.groups.get(group, {})))
    _burst_begins()


layers.InMemoryChannelLayer.group_send = _group_send

from channels.generic import websocket

_orig_ws_send = websocket.AsyncWebsocketConsumer.send


async def _ws_send(self, *args, **kwargs):
    await _orig_ws_send(self, *args, **kwargs)
    if _state["burst"]:
        _sends.append(time.perf_counter())


websocket.AsyncWebsocketConsumer.send = _ws_send

# channels' AsyncConsumer.dispatch, with timestamps: woken (the message reached the consumer's
# task), hopped (after `await aclose_old_connections()`: a sync_to_async hop to the process's
# one thread-sensitive thread), then the handler. With the experiment switched on, the hop is
# skipped for "hall.state" (its handler only sends text: no database).
from channels import consumer as _consumer
from channels.db import aclose_old_connections


async def _dispatch(self, message):
    handler = getattr(self, _consumer.get_handler_name(message), None)
    if handler:
        push = message.get("type") == "hall.state"
        if push and _state["burst"]:
            _woken.append(time.perf_counter())
        if not (push and _SKIP_HOP):
            await aclose_old_connections()
        if push and _state["burst"]:
            _hopped.append(time.perf_counter())
        await handler(message)
    else:
        raise ValueError("No handler for message type %s" % message["type"])


_consumer.AsyncConsumer.dispatch = _dispatch

from django.core.handlers import asgi as _asgi

_orig_handle = _asgi.ASGIHandler.handle


async def _handle(self, scope, receive, send):
    path = scope.get("path", "")
    timed = scope.get("method") == "POST" and path.startswith("/api/votes/")
    if timed:
        _log("http_start", path=path)
    try:
        return await _orig_handle(self, scope, receive, send)
    finally:
        if timed:
            _log("http_end", path=path)
            _flush_later()


_asgi.ASGIHandler.handle = _handle
"""


def _trace_setup(data_dir: str) -> str:
    folder = Path(data_dir) / "trace"
    folder.mkdir()
    (folder / "sitecustomize.py").write_text(TRACE_HOOK)
    return str(folder)


def _trace_read(folder: str, t0: float, t_end: float) -> dict:
    """The server's timestamps for one timed push, in ms after t0."""
    events = []
    for path in Path(folder).glob("trace-*.jsonl"):
        for line in path.read_text().splitlines():
            e = json.loads(line)
            # the timed request starts after t0; a push's last send may end after t_end
            if t0 <= e["t"] <= t_end + 1.0:
                events.append(e)

    def ms(t):
        return round((t - t0) * 1000, 1)

    out: dict = {}
    for e in sorted(events, key=lambda e: e["t"]):
        pid = str(e["pid"])
        kind = e["kind"]
        if kind == "snapshot":
            out.setdefault("snapshot_build", []).append(
                {"pid": pid, "start_ms": ms(e["start"]), "end_ms": ms(e["t"])}
            )
        elif kind in (
            "http_start",
            "http_end",
            "push_start",
            "push_end",
            "broadcast_start",
            "broadcast_end",
        ):
            out.setdefault("request", {}).setdefault(pid, {})[kind + "_ms"] = ms(e["t"])
        elif kind == "layer_in":
            w = out.setdefault("workers", {}).setdefault(pid, {})
            w["layer_message_in_ms"] = ms(e["start"])
            w["queued_to_all_consumers_ms"] = ms(e["t"])
            w["consumers"] = e["channels"]
            if "bytes" in e:
                w["message_bytes"] = e["bytes"]
        elif kind == "gc":
            out.setdefault("gc_pauses_10ms_or_more", []).append(
                {
                    "pid": pid,
                    "generation": e["generation"],
                    "start_ms": ms(e["start"]),
                    "ms": round((e["t"] - e["start"]) * 1000, 1),
                }
            )
        elif kind in ("woken", "hopped"):
            w = out.setdefault("workers", {}).setdefault(pid, {})
            w[f"consumers_{kind}"] = {
                "n": e["n"],
                "first_ms": ms(e["first"]),
                "p50_ms": ms(e["p50"]),
                "last_ms": ms(e["last"]),
            }
        elif kind == "sends":
            w = out.setdefault("workers", {}).setdefault(pid, {})
            w["ws_sends"] = e["n"]
            w["first_send_done_ms"] = ms(e["first"])
            w["p50_send_done_ms"] = ms(e["p50"])
            w["last_send_done_ms"] = ms(e["last"])
            w["send_phase_ms"] = round((e["last"] - e["first"]) * 1000, 1)
            if e["n"] > 1:
                w["us_per_send"] = round((e["last"] - e["first"]) * 1e6 / (e["n"] - 1), 1)
    return out


# --------------------------------------------------------------------------- clients


class Screens:
    """N websocket clients; each reads every message and reports the first one, after the
    watch is armed, that the watch accepts (a poll's id and state, a seat checked in)."""

    def __init__(self):
        self.conns: list = []
        self.ports: list[int] = []
        self.got: list[float | None] = []
        self.alive: list[bool] = []
        self.watch: Callable[[dict], bool] | None = None
        self.count = 0
        self.done = asyncio.Event()
        self.bad_messages = 0
        self.tasks: list = []

    def add(self, ws) -> None:
        i = len(self.conns)
        self.conns.append(ws)
        self.ports.append(ws.local_address[1])
        self.got.append(None)
        self.alive.append(True)
        self.tasks.append(asyncio.get_running_loop().create_task(self._read(i, ws)))

    async def _read(self, i: int, ws) -> None:
        try:
            async for message in ws:
                t = time.perf_counter()
                watch = self.watch
                if watch is None or self.got[i] is not None:
                    continue
                try:
                    state = json.loads(message)
                except ValueError:
                    self.bad_messages += 1
                    continue
                if watch(state):
                    self.got[i] = t
                    self.count += 1
                    if self.count >= sum(self.alive):
                        self.done.set()
        except Exception:  # a dropped connection: counted as never received
            pass
        finally:
            self.alive[i] = False
            if self.watch is not None and self.count >= sum(self.alive):
                self.done.set()

    def arm(self, watch: Callable[[dict], bool]) -> None:
        self.got = [None] * len(self.conns)
        self.count = 0
        self.done = asyncio.Event()
        self.watch = watch

    def disarm(self) -> None:
        self.watch = None

    async def close(self) -> None:
        async def one(ws):
            with contextlib.suppress(Exception):
                await asyncio.wait_for(ws.close(), 5)

        sem = asyncio.Semaphore(500)

        async def bounded(ws):
            async with sem:
                await one(ws)

        with contextlib.suppress(asyncio.TimeoutError):
            await asyncio.wait_for(asyncio.gather(*(bounded(w) for w in self.conns)), 60)
        for t in self.tasks:
            t.cancel()


def poll_is(poll_id: int, state: str) -> Callable[[dict], bool]:
    """The watch for a vote's new state on the screens."""

    def seen(snapshot: dict) -> bool:
        poll = snapshot.get("poll") or {}
        return poll.get("id") == poll_id and poll.get("state") == state

    return seen


def seat_present(seat_id: int) -> Callable[[dict], bool]:
    """The watch for a check-in on the seat map: the person's seat among those present."""

    def seen(snapshot: dict) -> bool:
        return seat_id in ((snapshot.get("seats") or {}).get("present") or ())

    return seen


async def _connect_one(url: str, origin: str, compression, expect_poll: int | None):
    from websockets.asyncio.client import connect

    ws = await connect(
        url,
        origin=origin,
        compression=compression,
        proxy=None,
        open_timeout=180,
        ping_interval=None,  # the server pings every 20 s; the client answers
        close_timeout=2,
        max_queue=None,
    )
    try:
        first = json.loads(await asyncio.wait_for(ws.recv(), 180))
        if first.get("type") != "hall.state":
            raise RuntimeError(f"unexpected first message {str(first)[:100]}")
        poll = first.get("poll") or {}
        if expect_poll is not None and (poll.get("id"), poll.get("state")) != (expect_poll, "open"):
            raise RuntimeError(f"snapshot shows poll {poll.get('id')} {poll.get('state')}")
    except BaseException:
        await ws.close()
        raise
    return ws, len(json.dumps(first, ensure_ascii=False).encode())


async def _connect_all(
    screens: Screens, n: int, url: str, origin: str, compression, concurrency: int, poll_id
) -> dict:
    sem = asyncio.Semaphore(concurrency)
    times, failures = [], {}
    sizes = []

    async def one():
        async with sem:
            t = time.perf_counter()
            try:
                ws, size = await _connect_one(url, origin, compression, poll_id)
            except Exception as e:  # counted by kind
                key = type(e).__name__ + (f": {str(e)[:80]}" if str(e) else "")
                failures[key] = failures.get(key, 0) + 1
                return
            times.append(time.perf_counter() - t)
            sizes.append(size)
            screens.add(ws)

    started = time.perf_counter()
    with contextlib.suppress(asyncio.TimeoutError):
        await asyncio.wait_for(asyncio.gather(*(one() for _ in range(n))), max(300, n / 5))
    wall = time.perf_counter() - started
    failed = n - len(screens.conns)
    if failed > sum(failures.values()):
        failures["timeout (connect phase time limit)"] = failed - sum(failures.values())
    times.sort()
    return {
        "connected": len(screens.conns),
        "failures": failed,
        "failures_by_kind": failures,
        "wall_s": round(wall, 2),
        "per_s": round(len(times) / wall, 1) if wall else None,
        "handshake_to_snapshot_ms": {
            "p50": round(1000 * _pct(times, 50), 1),
            "p99": round(1000 * _pct(times, 99), 1),
            "max": round(1000 * times[-1], 1) if times else None,
        },
        "snapshot_bytes": sizes[0] if sizes else None,
    }


async def _warm_up(url: str, origin: str, compression, k: int) -> None:
    """A few connections so every worker has imported and connected what it needs."""
    conns = await asyncio.gather(
        *(_connect_one(url, origin, compression, None) for _ in range(k)),
        return_exceptions=True,
    )
    for c in conns:
        if isinstance(c, tuple):
            await c[0].close()


# --------------------------------------------------------------------------- timing


class LoopLag:
    """A 2 ms ticker: how late this process's event loop ran it, while armed."""

    def __init__(self):
        self.lags: list[float] = []
        self.task = None

    async def _tick(self):
        loop = asyncio.get_running_loop()
        while True:
            t = loop.time()
            await asyncio.sleep(0.002)
            self.lags.append(loop.time() - t - 0.002)

    def start(self):
        self.lags = []
        self.task = asyncio.get_running_loop().create_task(self._tick())

    def stop(self) -> dict:
        self.task.cancel()
        lags = sorted(self.lags) or [0.0]
        return {
            "p50": round(1000 * _pct(lags, 50), 2),
            "max": round(1000 * lags[-1], 1),
            "sum_over_5ms": round(1000 * sum(x for x in lags if x > 0.005), 1),
        }


def _latencies(screens: Screens, t0: float, owners: dict, workers: list[int]) -> dict:
    lat = sorted((g - t0) * 1000 for g in screens.got if g is not None)
    n = len(screens.conns)
    out = {
        "clients": n,
        "received": len(lat),
        "within_1s": sum(1 for x in lat if x <= 1000),
        "missing": n - len(lat),
        "p50_ms": round(_pct(lat, 50), 1) if lat else None,
        "p99_ms": round(_pct(lat, 99), 1) if lat else None,
        "max_ms": round(lat[-1], 1) if lat else None,
        "first_ms": round(lat[0], 1) if lat else None,
        "_lat": lat,
    }
    per_worker = {}
    for pid in workers:
        w = sorted(
            (g - t0) * 1000
            for g, port in zip(screens.got, screens.ports, strict=True)
            if g is not None and owners.get(port) == pid
        )
        total = sum(1 for port in screens.ports if owners.get(port) == pid)
        if total:
            per_worker[str(pid)] = {
                "clients": total,
                "received": len(w),
                "first_ms": round(w[0], 1) if w else None,
                "p50_ms": round(_pct(w, 50), 1) if w else None,
                "last_ms": round(w[-1], 1) if w else None,
            }
    if len(per_worker) > 0:
        out["per_worker"] = per_worker
    return out


async def _timed(
    screens: Screens,
    pool: Pool,
    method_path: tuple[str, str],
    headers: dict,
    body: bytes,
    watch: Callable[[dict], bool],
    timeout: float,
    meter: CpuMeter,
    server_pids: list[int],
    owners: dict,
    workers: list[int],
    trace_dir: str | None = None,
) -> dict:
    """Send one request (the state change) and wait until every client has the new state."""
    screens.arm(watch)
    cpu_before = meter.sample()
    ticks_before = _cpu_ticks(server_pids)
    lag = LoopLag()
    lag.start()
    gc.disable()  # no collection pause in this client while it times the push
    try:
        t0 = time.perf_counter()
        status, text = await pool.request(*method_path, headers, body)
        t_response = time.perf_counter()
        if status not in (200, 201):
            screens.disarm()
            raise RuntimeError(f"{method_path[1]}: HTTP {status} {text[:300]!r}")
        with contextlib.suppress(asyncio.TimeoutError):
            left = timeout - (time.perf_counter() - t0)
            await asyncio.wait_for(screens.done.wait(), max(left, 0.001))
        t_end = time.perf_counter()
    finally:
        gc.enable()
        loop_lag = lag.stop()
    cpu_after = meter.sample()
    ticks_after = _cpu_ticks(server_pids)
    screens.disarm()
    tick = os.sysconf("SC_CLK_TCK")
    out = _latencies(screens, t0, owners, workers)
    out["request_ms"] = round((t_response - t0) * 1000, 1)
    out["window_s"] = round(t_end - t0, 3)
    out["cpu_seconds"] = {
        "server_by_pid": {
            str(p): round((ticks_after.get(p, 0) - ticks_before.get(p, 0)) / tick, 2)
            for p in server_pids
        },
        **{
            k: round(cpu_after[k] - cpu_before[k], 2)
            for k in ("client", "server", "redis", "postgres", "machine_busy")
        },
    }
    ours = sum(out["cpu_seconds"][k] for k in ("client", "server", "redis", "postgres"))
    out["cpu_seconds"]["other_processes"] = round(
        max(0.0, out["cpu_seconds"]["machine_busy"] - ours), 2
    )
    out["cpu_seconds"]["machine_available"] = round((t_end - t0) * (os.cpu_count() or 1), 2)
    out["client_loop_lag_ms"] = loop_lag
    if trace_dir:
        await asyncio.sleep(2.5)  # the hooks write 1.5 s after a push began
        out["server_trace"] = _trace_read(trace_dir, t0, t_end)
    return out


# --------------------------------------------------------------------------- run


def run(argv) -> dict:
    parser = argparse.ArgumentParser(prog="python -m bench screens")
    parser.add_argument("--clients", type=int, default=3000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--port", type=int, default=8124)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--connect-concurrency", type=int, default=200)
    parser.add_argument(
        "--timeout", type=float, default=10.0, help="seconds to wait for every client"
    )
    parser.add_argument("--delegates", type=int, default=300)
    parser.add_argument(
        "--compression",
        choices=("deflate", "none"),
        default="deflate",
        help="client offers permessage-deflate (as browsers do) or not",
    )
    parser.add_argument(
        "--trace",
        action="store_true",
        help="log server-side timestamps of each push (hooks on the server's PYTHONPATH)",
    )
    parser.add_argument(
        "--skip-close-old-connections",
        action="store_true",
        help="EXPERIMENT (implies --trace): the server's consumers skip channels' "
        "per-message close_old_connections thread hop for hall.state pushes",
    )
    parser.add_argument(
        "--wipe-database", action="store_true", help="allow a DATABASE_URL name without 'bench'"
    )
    parser.add_argument(
        "--server-gc-threshold",
        metavar="G0,G1,G2",
        help="EXPERIMENT (implies --trace): gc.set_threshold(G0, G1, G2) in every server "
        "process (Python's default is 700,10,10)",
    )
    args = parser.parse_args(argv)
    args.trace = args.trace or args.skip_close_old_connections or bool(args.server_gc_threshold)

    database_url = os.environ.get("DATABASE_URL", "")
    dbname = None
    if database_url:
        dbname, _ = _check_database_url(database_url, args.wipe_database)
        _ensure_postgres_database(database_url, dbname)
    redis_url = os.environ.get("REDIS_URL", "")
    if redis_url:
        _check_redis_url(redis_url)
    workers = args.workers if database_url else 1
    if workers != args.workers:
        _say("SQLite: one worker")
    if workers > 1 and not redis_url:
        raise SystemExit(
            "--workers > 1 needs REDIS_URL (e.g. redis://127.0.0.1:6379/2): "
            "the server refuses otherwise"
        )
    if not _port_free(args.port):
        raise SystemExit(f"port {args.port} is in use")
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if hard == resource.RLIM_INFINITY or hard > soft:
        resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    nofile = resource.getrlimit(resource.RLIMIT_NOFILE)[0]
    if nofile != resource.RLIM_INFINITY and nofile < args.clients + 200:
        raise SystemExit(f"open-file limit {nofile} is too low for {args.clients} clients")
    load_at_start = _loadavg()
    env = _environment()
    try:
        return _run(args, env, database_url, dbname, redis_url, workers, load_at_start, nofile)
    finally:
        shutil.rmtree(env["data_dir"], ignore_errors=True)


def _run(args, env, database_url, dbname, redis_url, workers, load_at_start, nofile) -> dict:
    _say("database:", "postgresql " + dbname if database_url else "sqlite (temporary)")
    setup = _setup(args.delegates)
    _say(
        f"meeting {setup['meeting_id']}, poll {setup['poll_id']} open, entitled {setup['entitled']}"
    )
    snapshot = _snapshot_cost(setup["meeting_id"])
    from django.conf import settings
    from django.db import connections

    from lianghui.demo import DEMO_PASSWORD
    from lianghui.hall.tokens import screen_token

    token = screen_token(setup["meeting_id"])
    layer = settings.CHANNEL_LAYERS["default"]["BACKEND"].rsplit(".", 1)[-1]
    connections.close_all()

    log_path = Path(env["data_dir"]) / "server.log"
    trace_dir = None
    saved_pythonpath = os.environ.get("PYTHONPATH")
    if args.trace:
        trace_dir = _trace_setup(env["data_dir"])
        os.environ["LIANGHUI_BENCH_TRACE_DIR"] = trace_dir
        os.environ["PYTHONPATH"] = os.pathsep.join(filter(None, [trace_dir, saved_pythonpath]))
        if args.skip_close_old_connections:
            os.environ["LIANGHUI_BENCH_SKIP_CLOSE_OLD_CONNECTIONS"] = "1"
        if args.server_gc_threshold:
            os.environ["LIANGHUI_BENCH_GC_THRESHOLD"] = args.server_gc_threshold
    try:
        proc = _start_server(workers, args.port, log_path)
    finally:  # only the server gets the hooks
        os.environ.pop("LIANGHUI_BENCH_TRACE_DIR", None)
        os.environ.pop("LIANGHUI_BENCH_SKIP_CLOSE_OLD_CONNECTIONS", None)
        os.environ.pop("LIANGHUI_BENCH_GC_THRESHOLD", None)
        if saved_pythonpath is None:
            os.environ.pop("PYTHONPATH", None)
        else:
            os.environ["PYTHONPATH"] = saved_pythonpath
    try:
        _wait_until_up(proc, args.port)
        runner_factory = None
        try:
            import uvloop

            runner_factory = uvloop.new_event_loop
        except ImportError:
            pass
        with asyncio.Runner(loop_factory=runner_factory) as runner:
            result = runner.run(
                asyncio.wait_for(
                    _clients(args, setup, token, proc.pid, workers, DEMO_PASSWORD, trace_dir),
                    timeout=600 + args.clients / 5 + args.repeat * 3 * args.timeout,
                )
            )
        result["client_event_loop"] = "uvloop" if runner_factory else "asyncio"
        result["client_gc"] = "frozen after connecting; disabled while a push is timed"
    finally:
        _say("stopping the server")
        _stop_server(proc)
        tail = log_path.read_text(errors="replace")[-3000:] if log_path.exists() else ""
        if tail.strip():
            _say("server log (tail):\n" + tail)

    repeats = result.pop("repeats")
    all_lat = result.pop("all_latencies")
    all_lat.sort()
    n = args.clients
    connected = result["connect"]["connected"]
    every = all(r["close"]["within_1s"] == n for r in repeats)
    every = every and result["checkin_to_seat_map"]["within_1s"] == n
    overall = {
        "samples": len(all_lat),
        "p50_ms": round(_pct(all_lat, 50), 1) if all_lat else None,
        "p99_ms": round(_pct(all_lat, 99), 1) if all_lat else None,
        "max_ms": round(all_lat[-1], 1) if all_lat else None,
        "within_1s": sum(1 for x in all_lat if x <= 1000),
        "missing": sum(r["close"]["missing"] for r in repeats),
    }
    return {
        "benchmark": "screens",
        "database": settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1],
        "channel_layer": layer,
        "redis": bool(redis_url),
        "workers": workers,
        "clients": n,
        "client_compression": args.compression,
        "server_traced": args.trace,
        "experiment_skip_close_old_connections": args.skip_close_old_connections,
        "experiment_server_gc_threshold": args.server_gc_threshold,
        "machine": {
            "cpus": os.cpu_count(),
            "python": sys.version.split()[0],
            "load_average_at_start": load_at_start,
            "load_average_at_end": _loadavg(),
            "open_file_limit": nofile,
        },
        "code": _code_state(),
        "setup": {
            "migrate_and_demo_s": round(setup["seconds"], 1),
            "meeting_id": setup["meeting_id"],
            "entitled": setup["entitled"],
        },
        "snapshot": snapshot,
        **result,
        "repeats": repeats,
        "overall_close_to_screen": overall,
        "target": TARGET,
        "all_within_1s": connected == n and every,
        "within_target": connected == n and every and n >= TARGET["clients"],
    }


async def _clients(args, setup, token, server_pid, workers, password, trace_dir) -> dict:
    port = args.port
    base = f"http://127.0.0.1:{port}"
    url = f"ws://127.0.0.1:{port}/ws/meetings/{setup['meeting_id']}/?token={token}"
    origin = f"http://127.0.0.1:{port}"
    compression = "deflate" if args.compression == "deflate" else None

    staff_cookies, _ = await _http_login(base, setup["accounts"].secretariat, password)
    headers = _headers(staff_cookies)
    pool = Pool(port, 2)
    await _warm_up(url, origin, compression, 10 * workers)
    # Each worker's first HTTP request loads Django's URLconf and the API (about a second
    # of CPU): 20 requests per worker on fresh connections, so none is left cold.
    warm = Pool(port, 20 * workers)
    try:
        await asyncio.gather(
            *(
                warm.request("GET", f"/api/votes/{setup['poll_id']}", headers)
                for _ in range(20 * workers)
            )
        )
    finally:
        warm.close()
    await asyncio.sleep(1.0)
    server_pids = _tree(server_pid)
    worker_pids = (
        [p for p in server_pids if p != server_pid and "resource_tracker" not in _cmdline(p)]
        if workers > 1
        else [server_pid]
    )
    mem_before = _memory(server_pid)
    _say(f"server processes {server_pids} (workers {worker_pids}); RSS {mem_before['total_kb']} kB")

    screens = Screens()
    _say(f"connecting {args.clients} clients, {args.connect_concurrency} at a time")
    connect = await _connect_all(
        screens,
        args.clients,
        url,
        origin,
        compression,
        args.connect_concurrency,
        setup["poll_id"],
    )
    _say(f"connect: {connect}")
    await asyncio.sleep(1.0)
    gc.collect()
    gc.freeze()  # the clients' objects: out of this process's later collections
    mem_after = _memory(server_pid)
    owners = _socket_owners(server_pids, port)
    per_worker_clients = {
        str(p): sum(1 for port_ in screens.ports if owners.get(port_) == p) for p in worker_pids
    }
    n_conn = max(len(screens.conns), 1)
    memory = {
        "before_kb": mem_before["total_kb"],
        "after_kb": mem_after["total_kb"],
        "per_connection_kb": round((mem_after["total_kb"] - mem_before["total_kb"]) / n_conn, 1),
        "per_process_before_kb": mem_before["per_process_kb"],
        "per_process_after_kb": mem_after["per_process_kb"],
    }
    meter = CpuMeter(server_pid)
    repeats, all_lat = [], []
    poll_id = setup["poll_id"]
    try:
        for r in range(args.repeat):
            entry: dict = {"repeat": r + 1}
            if r > 0:
                status, text = await pool.request(
                    "POST",
                    "/api/votes/",
                    {**headers, "Content-Type": "application/json"},
                    json.dumps(
                        {"meeting_id": setup["meeting_id"], "question": f"大屏基准测试表决 {r + 1}"}
                    ).encode(),
                )
                if status != 201:
                    raise RuntimeError(f"create poll: HTTP {status} {text[:300]!r}")
                poll_id = json.loads(text)["id"]
                entry["open_push"] = await _timed(
                    screens,
                    pool,
                    ("POST", f"/api/votes/{poll_id}/open"),
                    headers,
                    b"",
                    poll_is(poll_id, "open"),
                    args.timeout,
                    meter,
                    server_pids,
                    owners,
                    worker_pids,
                    trace_dir,
                )
                entry["open_push"].pop("_lat")
                _say(f"repeat {r + 1}: open push {_brief(entry['open_push'])}")
            await asyncio.sleep(1.0)
            entry["poll_id"] = poll_id
            entry["close"] = await _timed(
                screens,
                pool,
                ("POST", f"/api/votes/{poll_id}/close"),
                headers,
                b"",
                poll_is(poll_id, "published"),
                args.timeout,
                meter,
                server_pids,
                owners,
                worker_pids,
                trace_dir,
            )
            all_lat += entry["close"].pop("_lat")
            _say(f"repeat {r + 1}: close → published {_brief(entry['close'])}")
            repeats.append(entry)
            await asyncio.sleep(0.5)
        checkin = await _timed(
            screens,
            pool,
            ("POST", f"/api/attendance/meetings/{setup['meeting_id']}/checkins"),
            {**headers, "Content-Type": "application/json"},
            json.dumps({"person_id": setup["checkin_person_id"], "method": "desk"}).encode(),
            seat_present(setup["checkin_seat_id"]),
            args.timeout,
            meter,
            server_pids,
            owners,
            worker_pids,
            trace_dir,
        )
        checkin.pop("_lat")
        _say(f"check-in → seat map {_brief(checkin)}")
    finally:
        pool.close()
        _say("closing the clients")
        await screens.close()
    return {
        "connect": connect,
        "clients_per_worker": per_worker_clients,
        "memory": memory,
        "bad_messages": screens.bad_messages,
        "repeats": repeats,
        "checkin_to_seat_map": checkin,
        "all_latencies": all_lat,
    }


def _loadavg() -> list[float]:
    with open("/proc/loadavg") as f:
        return [float(x) for x in f.read().split()[:3]]


def _brief(r: dict) -> str:
    return (
        f"p50 {r['p50_ms']} p99 {r['p99_ms']} max {r['max_ms']} ms, "
        f"within 1 s {r['within_1s']}/{r['clients']}, missing {r['missing']}, "
        f"request {r['request_ms']} ms"
    )


if __name__ == "__main__":
    json.dump(run(sys.argv[1:]), sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")
