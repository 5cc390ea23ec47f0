"""Electronic votes over HTTP against the real server: the hall, saturation, a crash.

    python -m bench votes [--delegates 3000] [--scenario all|hall|saturation|crash|both|
                                                         burst|burst-crash]
                          [--ballot secret|named] [--window 10] [--screens 3000]
                          [--concurrency 200] [--workers 2]
                          [--port 8123]
                          [--http-logins 20] [--profile 0] [--seed N] [--wipe-database]

Database: PostgreSQL when DATABASE_URL is set — the benchmark OWNS that database and
wipes it (``flush``) first, so point it at a dedicated one such as ``lianghui_bench``
(it is created when missing; only loopback hosts are accepted, and a database whose
name does not contain "bench" is refused unless ``--wipe-database`` is given).
Without DATABASE_URL: a fresh SQLite file in a temporary LIANGHUI_DATA_DIR, served by
one worker. REDIS_URL, when set, is passed to the server (needed for ``--workers`` > 1).

Steps (only step 4 is timed):

1. Setup, in this process through the ORM: migrate, ``load_demo(delegates=N)``, a new
   plenary meeting in the congress session with its check-in desk open, a Django user
   for every delegate (one password hash computed once and copied), every delegate
   checked in (capacity "voting", at the desk), the meeting's tally key made by three
   delegates' devices played here (bench/trustees.py), and a poll created by the
   secretariat account: secret (``--ballot secret``, the default) or named (``--ballot
   named``, 记名). Before each scenario every delegate's press is made here as the phone
   makes it (client CPU per ballot reported): for a secret poll a real encrypted ballot with
   its proofs, {"ballot", "client_token"}; for a named poll {"choice", "client_token"}.
2. ``lianghui serve --workers W --port P`` as a subprocess (same environment, a fixed
   SECRET_KEY, ALLOWED_HOSTS=127.0.0.1); stopped at the end whatever happens.
3. Sign-in: the secretariat and ``--http-logins`` delegates sign in through the login
   form over HTTP; the other delegates get a session written in this process exactly as
   ``django.contrib.auth.login`` writes it (a real sign-in costs one PBKDF2 hash, about
   0.2 s of CPU each: 3,000 of them would take 5-10 minutes of setup). Every delegate's
   session is then checked over HTTP with GET /api/people/me (which also loads it into
   the server's session cache, as a real sign-in would have).
4. Scenarios, each on a freshly opened poll with entitled == N:
   * hall: each delegate presses once, at a moment drawn uniformly over ``--window``
     seconds: POST /api/votes/{id}/cast with that press, over ``--concurrency``
     connections used in turn (so that, as with a hall's tablets, every worker gets its
     share). The server answers a secret press once stored and checks its proofs just
     after, in processes of their own; the close checks whatever is still waiting.
   * saturation: the same N casts with ``--concurrency`` requests always in flight.
   * crash (2+ workers): the hall, with one worker killed (SIGKILL) halfway through; the
     clients whose connections broke press again with the same token.
   * burst, burst-crash: the hall as it is, in bench/burst.py (a connection per tablet,
     80% of the presses in the first 3 s, 3,000 screens watching; the crash variant kills
     a worker when at least 50 presses are in flight).
   After each, the secretariat closes the poll over HTTP and we time close → the result
   readable at GET /api/votes/{id}/result, with k trustees' devices online for a secret
   poll (each polls its pending decryptions every 250 ms, as trustee.js does, and
   answers); then the database is checked: voters, ballots (encrypted or named) and the
   tally must all equal N, no duplicate voter, the tally equal to the acknowledged choices;
   for a named poll the roll call holds every acknowledged voter once with the choice they
   pressed, and no one else.

The timed phases use ``Pool`` below, a minimal HTTP/1.1 keep-alive client on asyncio
streams (at most ``--concurrency`` connections); each request carries its delegate's
``Cookie`` and ``X-CSRFToken`` headers. Latency is measured from just before a request
waits for a connection to the end of its response: it includes the wait for a free
connection, the server's queue and the network. A cast whose connection is lost, or that gets a
503, is retried with the same client token, up to 5 tries (the server counts a token
once); nothing else is retried. CPU time used by the client, the server's processes, PostgreSQL, Redis and the
rest of the machine during each scenario is reported, so a run on a 2-core machine shows
whether the client, or other work on the machine, was the limit. See bench/README.md.

``--profile N`` (after the scenarios, server stopped) casts N votes in this process through
django.test.Client (the whole middleware stack) under cProfile and reports where a
cast's time goes: session, user lookup, CSRF, the cast transaction, the audit chain,
the live push, SQL and commit. That is the Django path: the API route that the server's
hot path (lianghui/votes/hot_path.py) hands on the requests it does not answer itself;
the scenarios above measure the hot path.
"""

import argparse
import asyncio
import contextlib
import cProfile
import gc
import json
import os
import pstats
import random
import re
import resource
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

from bench import burst, guard, trustees
from bench.planner import analyze
from lianghui.audit.signing import new_private_key

CHOICES = ("yes", "no", "abstain")
DISTURBED_OVER = 0.20  # other work's share of the machine's CPU that marks a run disturbed
LOOPBACK = {"127.0.0.1", "localhost", "::1", ""}
TARGETS = {
    "hall": {
        "p99_ms_below": 100,
        "lost": 0,
        "doubled": 0,
        "errors": 0,
        # With k trustees' devices online that look for work every 250 ms, as trustee.js
        # does (an encrypted vote's result needs their partial decryptions).
        "close_to_result_ms_below": 2000,
        "server_cpu_ms_per_vote_at_most": 1.0,  # judged on PostgreSQL
    },
    "burst": burst.TARGETS,
    "burst-crash": {
        "killed_with_presses_in_flight_at_least": burst.CRASH_IN_FLIGHT,
        "lost": 0,
        "doubled": 0,
        "errors_after_retries": 0,
    },
    "crash": {"lost": 0, "doubled": 0, "errors_after_retries": 0},
    "saturation": {
        "votes_per_s_at_least": 1000,  # verified votes: every press a ballot with proofs
        "judged_on": "postgresql",
        "late_over_early_deciles_throughput_at_least": 0.8,
        "lost": 0,
        "doubled": 0,
    },
}


def _say(*parts) -> None:
    print("[bench votes]", *parts, file=sys.stderr, flush=True)


def _loadavg() -> list[float]:
    with open("/proc/loadavg") as f:
        return [float(x) for x in f.read().split()[:3]]


# --------------------------------------------------------------------------- setup


def _check_database_url(url: str, allow_any_name: bool) -> tuple[str, str]:
    parts = urlsplit(url)
    if parts.scheme not in ("postgres", "postgresql"):
        raise SystemExit(
            f"DATABASE_URL must be postgres://… for this benchmark, not {parts.scheme}"
        )
    if (parts.hostname or "") not in LOOPBACK and not (parts.hostname or "").startswith("/"):
        raise SystemExit(
            "DATABASE_URL must point at this machine (127.0.0.1): the benchmark wipes it"
        )
    if reason := guard.refusal(url, allow_any_name):
        raise SystemExit(reason)
    return guard.database_name(url), parts.hostname or "127.0.0.1"


def _ensure_postgres_database(url: str, name: str) -> None:
    import psycopg

    parts = urlsplit(url)
    admin = parts._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True, connect_timeout=10) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            _say(f"creating database {name}")
            conn.execute(f'CREATE DATABASE "{name}"')


def _environment(args) -> dict:
    """The environment shared by this process and the server it starts."""
    data_dir = tempfile.mkdtemp(prefix="lianghui-bench-votes-")
    os.environ["LIANGHUI_DATA_DIR"] = data_dir
    os.environ["SECRET_KEY"] = "bench-votes-" + secrets.token_hex(24)
    # `lianghui serve` refuses to start without an audit signing key (lianghui.checks).
    os.environ["LIANGHUI_AUDIT_KEY"] = new_private_key()
    os.environ["ALLOWED_HOSTS"] = "127.0.0.1"
    # Sessions cached in Redis must not meet another run's (ids restart after a flush).
    os.environ["LIANGHUI_CACHE_PREFIX"] = f"lianghui-bench-{os.getpid()}-{int(time.time())}"
    os.environ["DJANGO_SETTINGS_MODULE"] = "lianghui.settings"
    return {"data_dir": data_dir}


def _setup_database(args) -> dict:
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    started = time.perf_counter()
    call_command("migrate", interactive=False, verbosity=0)
    if connection.vendor == "postgresql":
        _say("flushing the benchmark database")
        call_command("flush", interactive=False, verbosity=0)
    from lianghui.demo import load_demo

    # Without the seed's votes: each would be N real encrypted ballots made and checked here.
    accounts = load_demo(delegates=args.delegates, votes=False)
    return {"accounts": accounts, "seconds": time.perf_counter() - started}


def _setup_hall(accounts) -> dict:
    """A meeting with every delegate a user, checked in before any poll opens."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password
    from django.db import transaction
    from django.utils import timezone

    from lianghui.attendance.models import Capacity, CheckIn, Method
    from lianghui.demo import DEMO_PASSWORD
    from lianghui.people.models import Organisation, OrgKind, Person
    from lianghui.sessions import roster
    from lianghui.sessions.models import Meeting, MeetingKind

    user_model = get_user_model()
    staff = user_model.objects.get(username=accounts.secretariat)
    congress = Organisation.objects.get(kind=OrgKind.CONGRESS, parent__isnull=True)
    plenary = (
        Meeting.objects.filter(session__term__body=congress, kind=MeetingKind.PLENARY, group=None)
        .order_by("starts_at")
        .last()
    )
    with transaction.atomic():
        meeting = Meeting.objects.create(
            session=plenary.session,
            kind=MeetingKind.PLENARY,
            title="表决性能测试全体会议（基准测试）",
            starts_at=plenary.starts_at + timedelta(hours=3),
            venue=plenary.venue,
            checkin_open=True,
            self_checkin=True,
            synthetic_time=True,
        )
        member_ids = sorted(set(roster.member_ids(meeting).values_list("person_id", flat=True)))
        people = list(Person.objects.filter(pk__in=member_ids).select_related("user"))
        password = make_password(DEMO_PASSWORD)  # one hash, copied to every bench user
        new_users = [
            user_model(username=f"bench{p.pk}", password=password, is_active=True)
            for p in people
            if p.user_id is None
        ]
        user_model.objects.bulk_create(new_users, batch_size=1000)
        # Delegates who already have an account (the demo's own, or an inactive one the demo
        # made to replay its votes) sign in with the same password here.
        user_model.objects.filter(
            pk__in=[p.user_id for p in people if p.user_id is not None]
        ).update(password=password, is_active=True)
        by_name = dict(
            user_model.objects.filter(username__startswith="bench").values_list("username", "pk")
        )
        linked = []
        for p in people:
            if p.user_id is None:
                p.user_id = by_name[f"bench{p.pk}"]
                linked.append(p)
        Person.objects.bulk_update(linked, ["user"], batch_size=1000)
        now = timezone.now()
        CheckIn.objects.bulk_create(
            [
                CheckIn(
                    meeting=meeting,
                    person_id=pid,
                    capacity=Capacity.VOTING,
                    method=Method.DESK,
                    at=now,
                    recorded_by=staff,
                )
                for pid in member_ids
            ],
            batch_size=1000,
        )
    users = dict(Person.objects.filter(pk__in=member_ids).values_list("user_id", "user__username"))
    return {"meeting": meeting, "staff": staff, "users": users, "members": len(member_ids)}


def _new_poll(meeting, staff, label: str, open_it: bool = True, secret: bool = True):
    """Create (and open) an electronic poll, secret or named (记名); returns it (entitled =
    checked-in members)."""
    from lianghui.votes import actions

    settings_ = actions.PollSettings(question=f"基准测试表决：{label}", secret=secret)
    poll = actions.create_poll(meeting, settings_, staff)
    if open_it:
        poll, warnings = actions.open_poll(poll, staff)
    return poll


def _make_sessions(user_ids) -> dict:
    """Write one session per user exactly as django.contrib.auth.login() fills it."""
    from importlib import import_module

    from django.conf import settings
    from django.contrib.auth import (
        BACKEND_SESSION_KEY,
        HASH_SESSION_KEY,
        SESSION_KEY,
        get_user_model,
    )
    from django.contrib.sessions.models import Session
    from django.utils import timezone
    from django.utils.crypto import get_random_string

    store_class = import_module(settings.SESSION_ENGINE).SessionStore
    encoder = store_class()
    expire = timezone.now() + timedelta(seconds=settings.SESSION_COOKIE_AGE)
    # The backend that signs a password in (the first in the list is django-axes' lockout
    # check, which authenticates nobody): what django.contrib.auth.login records.
    backend = "django.contrib.auth.backends.ModelBackend"
    rows, cookies = [], {}
    for user in get_user_model().objects.filter(pk__in=list(user_ids)):
        key = get_random_string(32, "abcdefghijklmnopqrstuvwxyz0123456789")
        data = {
            SESSION_KEY: user._meta.pk.value_to_string(user),
            BACKEND_SESSION_KEY: backend,
            HASH_SESSION_KEY: user.get_session_auth_hash(),
        }
        rows.append(Session(session_key=key, session_data=encoder.encode(data), expire_date=expire))
        # CSRF cookie secret: 32 letters/digits, sent back as X-CSRFToken as the page's JS does.
        cookies[user.pk] = {"sessionid": key, "csrftoken": get_random_string(32)}
    Session.objects.bulk_create(rows, batch_size=1000)
    return cookies


def _close_db() -> None:
    from django.db import connections

    connections.close_all()


# --------------------------------------------------------------------------- server


def _port_free(port: int) -> bool:
    with socket.socket() as s:
        return s.connect_ex(("127.0.0.1", port)) != 0


def _start_server(workers: int, port: int, log_path: Path) -> subprocess.Popen:
    script = Path(sys.executable).with_name("lianghui")
    command = [str(script)] if script.exists() else [sys.executable, "-m", "lianghui.cli"]
    command += ["serve", "--host", "127.0.0.1", "--port", str(port), "--workers", str(workers)]
    _say("starting", " ".join(command))
    log = open(log_path, "wb")  # noqa: SIM115 - closed with the process
    proc = subprocess.Popen(
        command, env=dict(os.environ), stdout=log, stderr=subprocess.STDOUT, start_new_session=True
    )
    proc._bench_log = log  # type: ignore[attr-defined]
    return proc


def _wait_until_up(proc, port: int, timeout: float = 60) -> None:
    import httpx

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"server exited with {proc.returncode}")
        try:
            r = httpx.get(f"http://127.0.0.1:{port}/api/sessions/", timeout=2)
            if r.status_code < 500:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"server did not answer within {timeout}s")


def _stop_server(proc) -> None:
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)  # the group this benchmark started
            proc.wait(timeout=10)
    # Workers left behind by a killed parent: same process group, started by us.
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGKILL)
    proc._bench_log.close()


# --------------------------------------------------------------------------- CPU use


def _cmdline(pid: int) -> str:
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as f:
            return f.read().replace(b"\0", b" ").decode(errors="replace").strip()
    except OSError:
        return ""


def _proc_stat(pid: int):
    try:
        with open(f"/proc/{pid}/stat") as f:
            text = f.read()
    except OSError:
        return None
    comm = text[text.index("(") + 1 : text.rindex(")")]
    fields = text[text.rindex(")") + 2 :].split()
    # fields[0] is state (field 3); utime..cstime are fields 14..17, ppid is field 4.
    return comm, int(fields[1]), [int(x) for x in fields[11:15]]


def _tree_ticks(pid: int) -> int:
    """utime + stime of a process and of its descendants (ticks)."""
    stat = _proc_stat(pid)
    if not stat:
        return 0
    total = sum(stat[2][:2])
    try:
        tasks = list(Path(f"/proc/{pid}/task").iterdir())
    except OSError:
        return total
    for task in tasks:
        try:
            children = (task / "children").read_text().split()
        except OSError:
            continue
        total += sum(_tree_ticks(int(child)) for child in children)
    return total


class CpuMeter:
    """CPU seconds of the server's processes, PostgreSQL's and Redis's, from /proc.

    A process's own utime+stime; plus, for the PostgreSQL postmaster, the time of its
    children already reaped (cutime+cstime): backends that lived for one request.

    pg_database: on a shared machine other work uses the same PostgreSQL. With a database
    name, "postgres" counts only the postmaster, its background processes and the backends
    of that database (their process title names it), summed per process between samples
    (a backend that ended between two samples loses its last part: it shows in "other");
    with False (SQLite) it counts nothing; None counts every PostgreSQL process.

    client_pids: processes of the client besides this one (the burst's screens), counted
    as the client's.

    A server process killed by the benchmark (the crash scenarios) is gone from the samples
    after it: `departing` reads its CPU (and its children's) just before the kill, and the
    samples count that, or the server's CPU would shrink by all it had used.
    """

    def __init__(self, server_pid: int, pg_database: str | None | bool = None):
        self.server_pid = server_pid
        self.client_pids: list[int] = []
        self._departed: dict[int, int] = {}  # pid -> its tree's ticks just before its kill
        self.tick = os.sysconf("SC_CLK_TCK")
        self.pg_database = pg_database
        self._pg_seen: dict[int, int] = {}
        self._pg_total = 0

    def _pg_ours(self, stats: dict) -> int:
        """Ticks of this benchmark's PostgreSQL processes since the first sample."""
        for pid, (comm, ppid, times) in stats.items():
            if comm != "postgres":
                continue
            if stats.get(ppid, ("",))[0] == "postgres":  # a child of the postmaster
                title = _cmdline(pid).split()
                if "(" in " ".join(title) and self.pg_database not in title:
                    continue  # another database's client backend
                if "worker" in title and self.pg_database not in title:
                    continue  # an autovacuum worker on another database
                ticks = sum(times[:2])
            else:
                ticks = sum(times[:2])  # the postmaster's own, not its reaped children
            last = self._pg_seen.get(pid)
            self._pg_total += ticks - last if last is not None else 0
            self._pg_seen[pid] = ticks
        return self._pg_total

    def sample(self) -> dict:
        stats = {}
        for entry in os.listdir("/proc"):
            if entry.isdigit():
                s = _proc_stat(int(entry))
                if s:
                    stats[int(entry)] = s
        children = {}
        for pid, (_, ppid, _) in stats.items():
            children.setdefault(ppid, []).append(pid)
        server, pg, redis = 0, 0, 0

        def tree(pid):
            total = 0
            for child in children.get(pid, []):
                total += sum(stats[child][2][:2]) + tree(child)
            return total

        workers = {}
        if self.server_pid in stats:
            server = sum(stats[self.server_pid][2][:2]) + tree(self.server_pid)
            for child in children.get(self.server_pid, []):  # uvicorn's workers
                workers[child] = (sum(stats[child][2][:2]) + tree(child)) / self.tick
        for pid, ticks in self._departed.items():
            if pid not in stats:  # killed: what it had used, read just before
                server += ticks
                workers[pid] = ticks / self.tick
        for pid, (comm, ppid, times) in stats.items():
            if comm == "postgres" and stats.get(ppid, ("",))[0] != "postgres":
                if self.pg_database is None:
                    pg += sum(times) + tree(pid)  # the postmaster: reaped backends too
            elif comm.startswith("redis-server"):
                redis += sum(times[:2])
        if isinstance(self.pg_database, str):
            pg = self._pg_ours(stats)
        usage = resource.getrusage(resource.RUSAGE_SELF)
        helpers = sum(sum(stats[pid][2][:2]) for pid in self.client_pids if pid in stats)
        with open("/proc/stat") as f:
            cpu = [int(x) for x in f.readline().split()[1:]]
        busy = sum(cpu) - cpu[3] - cpu[4]  # all but idle and iowait
        return {
            "client": usage.ru_utime + usage.ru_stime + helpers / self.tick,
            "server": server / self.tick,
            "postgres": pg / self.tick,
            "redis": redis / self.tick,
            "machine_busy": busy / self.tick,
            "workers": workers,
        }

    def departing(self, pid: int) -> None:
        """A server process is about to be killed: keep its CPU so far, its children's too."""
        self._departed[pid] = _tree_ticks(pid)

    @staticmethod
    def delta(before: dict, after: dict, votes: int, elapsed: float) -> dict:
        """CPU seconds used while the scenario ran; "other" is the rest of the machine's
        busy time: processes that are not part of this benchmark (a shared machine). A
        run where "other" used more than DISTURBED_OVER of the machine is ``disturbed``:
        its timing targets are reported, not judged."""
        out = {k: round(after[k] - before[k], 2) for k in before if k != "workers"}
        # Each server process's share (a worker that took most connections does most of
        # the work: uvicorn's workers accept from one socket as they come free).
        out["server_by_process"] = sorted(
            (round(t - before["workers"].get(pid, 0.0), 2) for pid, t in after["workers"].items()),
            reverse=True,
        )
        ours = sum(out[k] for k in ("client", "server", "postgres", "redis"))
        out["other"] = round(max(0.0, out["machine_busy"] - ours), 2)
        out["machine_available"] = round(elapsed * (os.cpu_count() or 1), 2)
        out["other_share_of_machine"] = round(out["other"] / max(out["machine_available"], 1e-9), 3)
        out["disturbed"] = out["other_share_of_machine"] > DISTURBED_OVER
        out["ms_per_vote"] = {
            k: round(1000 * out[k] / votes, 3)
            for k in ("client", "server", "postgres", "redis", "other")
            if votes
        }
        return out


class PgSampler(threading.Thread):
    """Every 20 ms, what the database's active backends are waiting for (pg_stat_activity)."""

    def __init__(self, url: str, dbname: str):
        super().__init__(daemon=True)
        self.url, self.dbname = url, dbname
        self.samples = 0
        self.counts: dict[str, int] = {}
        self.stop = threading.Event()

    def run(self):
        import psycopg

        with psycopg.connect(self.url, autocommit=True, connect_timeout=10) as conn:
            while not self.stop.is_set():
                rows = conn.execute(
                    "SELECT state, coalesce(wait_event_type, 'CPU'), coalesce(wait_event, '')"
                    " FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()"
                    " AND backend_type = 'client backend'",
                    [self.dbname],
                ).fetchall()
                self.samples += 1
                for state, wtype, event in rows:
                    if state == "idle":
                        continue
                    key = f"{state}: {wtype}{'/' + event if event else ''}"
                    self.counts[key] = self.counts.get(key, 0) + 1
                time.sleep(0.02)

    def report(self) -> dict:
        n = max(self.samples, 1)
        return {
            "samples": self.samples,
            "mean_backends_per_sample": {
                k: round(v / n, 2) for k, v in sorted(self.counts.items(), key=lambda kv: -kv[1])
            },
        }


# --------------------------------------------------------------------------- HTTP


class ConnectionLost(Exception):
    """The server closed a kept-alive connection, or the response was cut short."""


class Pool:
    """A minimal HTTP/1.1 keep-alive client on asyncio streams: what the timed phases use.

    At most ``size`` connections to 127.0.0.1:port, opened when first needed and reused;
    a request waits for a free connection. Responses are read by Content-Length (or
    chunked). A connection idle for more than 4 s is reopened rather than reused, so a
    request never meets uvicorn's 5 s keep-alive timeout closing it. No cookies are kept:
    each request carries its delegate's headers. (httpx was measured at 4-13 ms of client
    CPU per request with a pool of 200 connections on this machine, 70-170 requests/s
    against a server that does nothing: it would have measured itself.)

    By default the connection used last is used next, so a light load keeps few of them
    busy. ``in_turn`` uses the connection idle longest instead, so that every one carries
    its share, as a hall's tablets each press on their own: with a socket per worker
    (SO_REUSEPORT), a light load then falls on every worker rather than on whichever
    accepted the few busy connections.
    """

    IDLE_LIMIT = 4.0

    def __init__(self, port: int, size: int, timeout: float = 30.0, in_turn: bool = False):
        self.port, self.size, self.timeout = port, size, timeout
        self.idle: asyncio.Queue = asyncio.Queue() if in_turn else asyncio.LifoQueue()
        self.opened = 0
        self.connects = 0  # TCP connections opened, ever
        self.host = f"127.0.0.1:{port}".encode()

    async def _acquire(self):
        while True:
            if not self.idle.empty() or self.opened >= self.size:
                reader, writer, last = await self.idle.get()
                if time.monotonic() - last < self.IDLE_LIMIT and not reader.at_eof():
                    return reader, writer
                writer.close()
                self.opened -= 1
                continue
            self.opened += 1
            try:
                reader, writer = await asyncio.open_connection("127.0.0.1", self.port)
            except OSError:
                self.opened -= 1
                raise
            self.connects += 1
            return reader, writer

    async def open(self) -> None:
        """Open the pool's connections now (before the clock starts), without a request."""
        conns = [await self._acquire() for _ in range(self.size - self.opened)]
        for conn in conns:
            self._release(conn, True)

    def _release(self, conn, reusable: bool) -> None:
        reader, writer = conn
        if reusable:
            self.idle.put_nowait((reader, writer, time.monotonic()))
        else:
            writer.close()
            self.opened -= 1

    async def request(self, method: str, path: str, headers: dict, body: bytes = b""):
        """Send one request; returns (status, body bytes)."""
        return await asyncio.wait_for(self._request(method, path, headers, body), self.timeout)

    async def _request(self, method, path, headers, body):
        conn = await self._acquire()
        reader, writer = conn
        lines = [f"{method} {path} HTTP/1.1".encode(), b"Host: " + self.host]
        lines += [f"{k}: {v}".encode() for k, v in headers.items()]
        if body or method == "POST":
            lines.append(b"Content-Length: %d" % len(body))
        ok = False
        try:
            writer.write(b"\r\n".join(lines) + b"\r\n\r\n" + body)
            status_line = await reader.readline()
            if not status_line:
                raise ConnectionLost("connection closed before the response")
            status = int(status_line.split()[1])
            length, chunked, close = None, False, False
            while True:
                line = await reader.readline()
                if line in (b"\r\n", b""):
                    break
                name, _, value = line.partition(b":")
                name = name.strip().lower()
                if name == b"content-length":
                    length = int(value)
                elif name == b"transfer-encoding" and b"chunked" in value.lower():
                    chunked = True
                elif name == b"connection" and b"close" in value.lower():
                    close = True
            if chunked:
                data = b""
                while True:
                    size = int((await reader.readline()).split(b";")[0], 16)
                    if size == 0:
                        await reader.readline()
                        break
                    data += await reader.readexactly(size + 2)
                    data = data[:-2]
            else:
                data = await reader.readexactly(length or 0)
            ok = not close
            return status, data
        except (asyncio.IncompleteReadError, ConnectionError) as e:
            raise ConnectionLost(str(e)) from e
        finally:
            self._release(conn, ok)

    def close(self) -> None:
        while not self.idle.empty():
            self.idle.get_nowait()[1].close()


def _headers(cookies: dict) -> dict:
    return {
        "Cookie": f"sessionid={cookies['sessionid']}; csrftoken={cookies['csrftoken']}",
        "X-CSRFToken": cookies["csrftoken"],
    }


async def _http_login(base: str, username: str, password: str) -> tuple[dict, float]:
    """Sign in through the login form; returns the cookies and the POST's duration."""
    import httpx

    async with httpx.AsyncClient(base_url=base, timeout=30) as client:
        page = await client.get("/accounts/login/")
        page.raise_for_status()
        token = client.cookies["csrftoken"]
        started = time.perf_counter()
        r = await client.post(
            "/accounts/login/",
            data={"username": username, "password": password, "csrfmiddlewaretoken": token},
        )
        took = time.perf_counter() - started
        if r.status_code != 302 or "sessionid" not in client.cookies:
            raise RuntimeError(f"sign-in of {username} failed: HTTP {r.status_code}")
        return {
            "sessionid": client.cookies["sessionid"],
            "csrftoken": client.cookies["csrftoken"],
        }, took


async def _sign_in(base, logins: dict, password: str, concurrency: int) -> tuple[dict, list]:
    sem = asyncio.Semaphore(concurrency)
    out, times = {}, []

    async def one(key, username):
        async with sem:
            out[key], took = await _http_login(base, username, password)
            times.append(took)

    await asyncio.wait_for(asyncio.gather(*(one(k, u) for k, u in logins.items())), timeout=600)
    return out, times


async def _verify_sessions(port, cookies: dict, expected_person: dict, concurrency: int) -> int:
    """GET /api/people/me for every delegate: the session is accepted and is theirs."""
    pool = Pool(port, concurrency)
    sem = asyncio.Semaphore(concurrency)
    bad = []

    async def one(uid, c):
        async with sem:
            status, body = await pool.request("GET", "/api/people/me", _headers(c))
            if status != 200 or json.loads(body)["id"] != expected_person[uid]:
                bad.append((uid, status))

    try:
        await asyncio.wait_for(
            asyncio.gather(*(one(u, c) for u, c in cookies.items())), timeout=600
        )
    finally:
        pool.close()
    if bad:
        raise RuntimeError(f"{len(bad)} delegates not signed in, e.g. {bad[:5]}")
    return len(cookies)


async def _warm(pool: Pool, poll_id: int) -> None:
    """Open the pool's connections before the clock starts."""
    await asyncio.gather(
        *(pool.request("GET", f"/api/votes/{poll_id}", {}) for _ in range(pool.size))
    )


# Session key -> (the press's body, the choice it holds): made before each scenario
# (bench/trustees.py), so the clock measures the server, not the phones' encryption.
PRESSES: dict = {}


def _ballot(cookies: dict) -> tuple[dict, str]:
    """This delegate's press and its choice (kept here, to compare with the tally)."""
    return PRESSES[cookies["sessionid"]]


MAX_TRIES = 5


async def _cast(pool: Pool, poll_id: int, cookies: dict, record: list) -> None:
    """One press. A lost connection or a 503 ("not stored, press again") is retried with the
    same client token, as a delegate presses again (the server counts a token once), up to
    MAX_TRIES times with a short pause; the latency covers every try."""
    ballot, choice = _ballot(cookies)
    body = json.dumps(ballot).encode()
    headers = {**_headers(cookies), "Content-Type": "application/json"}
    sent = time.perf_counter()
    tries = 0
    while True:
        tries += 1
        try:
            status, _ = await pool.request("POST", f"/api/votes/{poll_id}/cast", headers, body)
        except ConnectionLost as e:
            status = type(e).__name__
        except OSError as e:  # refused: the worker that held the connection is gone
            status = type(e).__name__
        except Exception as e:  # every other failure (a timeout) counts as an error
            status = type(e).__name__
            break
        if status in (201, 200) or (isinstance(status, int) and status != 503):
            break
        if tries >= MAX_TRIES:
            break
        await asyncio.sleep(0.05 * tries)
    record.append((sent, time.perf_counter(), status, choice, tries, ballot["client_token"]))


class _WorkerKiller:
    """Kills one of the server's worker processes with SIGKILL: no cleanup, no answer."""

    def __init__(self, server_pid: int, meter: CpuMeter | None = None):
        self.server_pid = server_pid
        self.meter = meter  # told of the kill, so that the worker's CPU still counts
        self.killed: int | None = None
        self.at: float | None = None

    def _workers(self) -> list[int]:
        pids = []
        for task in Path(f"/proc/{self.server_pid}/task").iterdir():
            children = (task / "children").read_text().split()
            for pid in map(int, children):
                cmdline = Path(f"/proc/{pid}/cmdline").read_bytes()
                if b"spawn_main" in cmdline:  # uvicorn's workers, not a resource tracker
                    pids.append(pid)
        return pids

    def __call__(self) -> None:
        workers = self._workers()
        if workers:
            self.killed, self.at = workers[0], time.perf_counter()
            if self.meter is not None:
                self.meter.departing(self.killed)
            os.kill(self.killed, signal.SIGKILL)
            _say(f"crash: killed worker {self.killed} of {workers}")

    def report(self) -> dict:
        time.sleep(0.5)
        return {"pid": self.killed, "workers_after": len(self._workers())}


async def _hall(
    port, poll_id, cookies: list, window: float, connections: int, meter, at_half=None
) -> dict:
    """Each delegate presses once at a moment drawn uniformly over the window.

    at_half: called once when half the window has passed (the crash scenario kills a worker).
    """
    records: list = []
    lags: list = []
    pool = Pool(port, connections, in_turn=True)
    try:
        await _warm(pool, poll_id)
        cpu_before = meter.sample()
        loop = asyncio.get_running_loop()
        presses = sorted((random.uniform(0, window), i) for i in range(len(cookies)))
        tasks = []
        start = loop.time()
        # One scheduler: sleep until the next press is due, then start that delegate's cast.
        for at, i in presses:
            delay = start + at - loop.time()
            if delay > 0:
                await asyncio.sleep(delay)
            if at_half and at >= window / 2:
                at_half()
                at_half = None
            lags.append(loop.time() - (start + at))
            tasks.append(loop.create_task(_cast(pool, poll_id, cookies[i], records)))
        await asyncio.wait_for(asyncio.gather(*tasks), timeout=120)
        cpu_after = meter.sample()
    finally:
        pool.close()
    out = _summary(records)
    out["cpu_seconds"] = CpuMeter.delta(cpu_before, cpu_after, len(records), out["elapsed_s"])
    lags.sort()
    out["client_send_lag_ms"] = {
        "p50": round(1000 * _pct(lags, 50), 2),
        "p99": round(1000 * _pct(lags, 99), 2),
        "max": round(1000 * lags[-1], 2),
    }
    return out


async def _saturation(port, poll_id, cookies: list, concurrency: int, meter) -> dict:
    """The same casts with ``concurrency`` requests always in flight."""
    records: list = []
    pool = Pool(port, concurrency)
    try:
        await _warm(pool, poll_id)
        cpu_before = meter.sample()
        queue = iter(cookies)

        async def worker():
            for c in queue:
                await _cast(pool, poll_id, c, records)

        await asyncio.wait_for(asyncio.gather(*(worker() for _ in range(concurrency))), timeout=600)
        cpu_after = meter.sample()
    finally:
        pool.close()
    out = _summary(records)
    out["cpu_seconds"] = CpuMeter.delta(cpu_before, cpu_after, len(records), out["elapsed_s"])
    out["deciles"] = _deciles(records)
    # Decile 1 holds the start (all requests arrive at once) and decile 10 the drain (the
    # last requests in flight finish with nothing behind them). The server commits casts in
    # batches, so one decile (~0.1 s at 3,000 votes/s) spans only a few commits and its
    # rate is quantised: compare deciles 2-5 with deciles 6-9, four at a time.
    d = out["deciles"]

    def rate(first: int, last: int) -> float:  # votes/s over deciles first..last (1-based)
        chunk = d[first - 1 : last]
        seconds = sum(x["votes"] / x["votes_per_s"] for x in chunk)
        return sum(x["votes"] for x in chunk) / seconds

    def latency(first: int, last: int) -> float:
        chunk = d[first - 1 : last]
        return sum(x["mean_latency_ms"] * x["votes"] for x in chunk) / sum(
            x["votes"] for x in chunk
        )

    out["late_over_early_deciles"] = {
        "deciles": [[2, 5], [6, 9]],
        "throughput": round(rate(6, 9) / rate(2, 5), 3),
        "mean_latency": round(latency(6, 9) / latency(2, 5), 3),
    }
    return out


def _pct(sorted_values: list, p: float) -> float:
    if not sorted_values:
        return float("nan")
    return sorted_values[min(len(sorted_values) - 1, round(p / 100 * (len(sorted_values) - 1)))]


def _summary(records: list) -> dict:
    first_sent = min(r[0] for r in records)
    last_done = max(r[1] for r in records)
    elapsed = last_done - first_sent
    latencies = sorted((r[1] - r[0]) * 1000 for r in records)
    errors: dict = {}
    accepted = {c: 0 for c in CHOICES}
    acknowledged = {}  # client token -> choice, of every press the server said it stored
    for _, _, status, choice, tries, token in records:
        # A 200 on a retry: the first try was stored before its answer was lost.
        if status == 201 or (status == 200 and tries > 1):
            accepted[choice] += 1
            acknowledged[token] = choice
        elif not (isinstance(status, int) and 200 <= status < 300):
            errors[str(status)] = errors.get(str(status), 0) + 1
    return {
        "requests": len(records),
        "elapsed_s": round(elapsed, 3),
        "votes_per_s": round(len(records) / elapsed, 1),
        "latency_ms": {
            "p50": round(_pct(latencies, 50), 2),
            "p95": round(_pct(latencies, 95), 2),
            "p99": round(_pct(latencies, 99), 2),
            "max": round(latencies[-1], 2),
            "mean": round(statistics.fmean(latencies), 2),
        },
        "retried": sum(1 for r in records if r[4] > 1),
        "errors": sum(errors.values()),
        "errors_by_status": errors,
        "accepted": accepted,
        "_acknowledged": acknowledged,  # for _verify; not in the report
    }


def _deciles(records: list) -> list:
    done = sorted(records, key=lambda r: r[1])
    n = len(done)
    out, previous_end = [], min(r[0] for r in done)
    for k in range(10):
        chunk = done[k * n // 10 : (k + 1) * n // 10]
        if not chunk:
            continue
        end = chunk[-1][1]
        out.append(
            {
                "decile": k + 1,
                "votes": len(chunk),
                "votes_per_s": round(len(chunk) / max(end - previous_end, 1e-9), 1),
                "mean_latency_ms": round(statistics.fmean((r[1] - r[0]) * 1000 for r in chunk), 2),
            }
        )
        previous_end = end
    return out


async def _close_and_read(port, poll_id: int, staff_cookies: dict, online=None) -> dict:
    """The secretariat closes the poll; time until GET …/result answers 200 (the trustees'
    devices, `online(stop)`, decrypting the totals meanwhile)."""
    pool = Pool(port, 2)
    stop = asyncio.Event()
    devices = asyncio.get_running_loop().create_task(online(stop)) if online else None
    try:
        started = time.perf_counter()
        status, text = await pool.request(
            "POST", f"/api/votes/{poll_id}/close", _headers(staff_cookies)
        )
        closed = time.perf_counter()
        if status != 200:
            raise RuntimeError(f"close failed: HTTP {status} {text[:300]!r}")
        while True:
            status, text = await pool.request("GET", f"/api/votes/{poll_id}/result", {})
            if status == 200:
                break
            if time.perf_counter() > started + 30:
                raise RuntimeError(f"result not readable: HTTP {status}")
            await asyncio.sleep(0.01)
        done = time.perf_counter()
    finally:
        pool.close()
        stop.set()
        answered = await devices if devices else []
    body = json.loads(text)
    return {
        "close_request_ms": round((closed - started) * 1000, 1),
        "close_to_result_ms": round((done - started) * 1000, 1),
        "partial_decryptions": [status for _, _, status in answered],
        "result": {k: body[k] for k in ("yes", "no", "abstain", "entitled", "passed", "sentence")},
    }


def _verify(poll_id: int, n: int, accepted: dict, acknowledged: dict) -> dict:
    """The database against what the server acknowledged. `acknowledged`: person id -> the
    choice of the press the server said it stored. A named vote's roll call must hold every
    acknowledged voter exactly once, with that choice, and no one else; a secret vote's
    choices are in no row (its tally is compared)."""
    from django.db.models import Count

    from lianghui.votes.models import EncryptedBallot, NamedBallot, Poll, Voter

    poll = Poll.objects.get(pk=poll_id)
    voters = Voter.objects.filter(poll=poll).count()
    model = EncryptedBallot if poll.secret else NamedBallot
    ballots = model.objects.filter(poll=poll).count()
    roll = {}
    if not poll.secret:
        for person, choice in NamedBallot.objects.filter(poll=poll).values_list(
            "person_id", "choice"
        ):
            roll.setdefault(person, []).append(choice)
    duplicate_voters = (
        Voter.objects.filter(poll=poll)
        .values("person")
        .annotate(c=Count("pk"))
        .filter(c__gt=1)
        .count()
    )
    tally = (poll.yes or 0) + (poll.no or 0) + (poll.abstain or 0)
    stored = min(voters, ballots, tally)
    out = {
        "entitled": poll.entitled,
        "voters": voters,
        ("encrypted_ballots" if poll.secret else "named_ballots"): ballots,
        "tally": tally,
        "stored": stored,
        "lost": n - stored,
        "doubled": duplicate_voters + max(0, ballots - voters) + max(0, tally - voters),
        "tally_matches_accepted": {"yes": poll.yes, "no": poll.no, "abstain": poll.abstain}
        == accepted,
    }
    if not poll.secret:
        out["roll_call"] = _roll_call(roll, acknowledged)
    return out


def _roll_call(roll: dict, acknowledged: dict) -> dict:
    """A named vote's stored ballots (person -> the choices stored for them) against the
    acknowledged presses (person -> choice): each stored exactly once, as pressed, and
    nothing else stored."""
    wrong = sum(1 for p, c in acknowledged.items() if roll.get(p) != [c])
    unacknowledged = len(set(roll) - set(acknowledged))
    return {
        "acknowledged": len(acknowledged),
        "acknowledged_not_stored_once_as_pressed": wrong,
        "stored_without_acknowledgement": unacknowledged,
        "choices_match_acknowledged": not wrong and not unacknowledged,
    }


# --------------------------------------------------------------------------- profile

# (label, file suffix, function name): cumulative time of these calls, per cast.
PROFILE_POINTS = [
    ("request_total", "django/core/handlers/base.py", "get_response"),
    ("session_load", "django/contrib/sessions/backends/cached_db.py", "load"),
    ("auth_get_user", "django/contrib/auth/__init__.py", "get_user"),
    ("csrf_check", "ninja/utils.py", "check_csrf"),
    ("person_of_user", "lianghui/people/access.py", "person_of"),
    ("cast_action", "lianghui/votes/actions.py", "cast"),
    ("audit_record", "lianghui/audit/log.py", "record"),
    ("live_push_after_commit", "lianghui/sessions/live.py", "_send"),
    ("db_connect", "django/db/backends/base/base.py", "connect"),
    ("db_commit", "django/db/backends/base/base.py", "commit"),
    ("db_close", "django/db/backends/base/base.py", "close"),
    ("sql_execute_all", "django/db/backends/utils.py", "_execute"),
]


def _profile(
    meeting, staff, delegates: list, cookies: dict, n: int, scrutineers, person_of_user, secret
) -> dict:
    """N casts in this process through django.test.Client, timed, then N more under cProfile.

    One client (one handler, so the middleware is built once, as in a server worker) sends
    each delegate's cookies in turn; CSRF is enforced as on the server.
    """
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from lianghui.votes import actions

    _allow_testserver()
    n = min(n, (len(delegates) - 1) // 2)
    client = Client(enforce_csrf_checks=True)
    client.get("/api/sessions/")  # build the handler and its middleware before timing

    presses: dict = {}

    def new_poll(label):
        poll = _new_poll(meeting, staff, label, secret=secret)
        made, _ = trustees.make_presses(poll, scrutineers, person_of_user, delegates[: 2 * n + 1])
        presses.clear()
        presses.update(made)
        return poll

    def cast(url, uid):
        client.cookies["sessionid"] = cookies[uid]["sessionid"]
        client.cookies["csrftoken"] = cookies[uid]["csrftoken"]
        r = client.post(
            url,
            presses[uid],
            content_type="application/json",
            HTTP_X_CSRFTOKEN=cookies[uid]["csrftoken"],
        )
        assert r.status_code == 201, (r.status_code, r.content[:200])

    result: dict = {"casts": n}
    # 1. Plain timing, and the SQL of one more cast.
    poll = new_poll("profile plain")
    url = f"/api/votes/{poll.pk}/cast"
    meter = CpuMeter(0)
    # The test client keeps its connection; the server (DB_CONN_MAX_AGE=0) opens one per
    # request: time both, half the casts each.
    for label, chunk, reconnect in (
        ("plain_ms_per_cast", delegates[: n // 2], False),
        ("plain_ms_per_cast_new_connection_each", delegates[n // 2 : n], True),
    ):
        times = []
        before = meter.sample()
        for uid in chunk:
            t = time.perf_counter()
            cast(url, uid)
            if reconnect:
                connection.close()
            times.append((time.perf_counter() - t) * 1000)
        after = meter.sample()
        times.sort()
        result[label] = {
            "casts": len(chunk),
            "p50": round(_pct(times, 50), 2),
            "mean": round(statistics.fmean(times), 2),
            "p99": round(_pct(times, 99), 2),
            "cpu_ms_this_process": round(
                1000 * (after["client"] - before["client"]) / len(chunk), 2
            ),
            "cpu_ms_postgres": round(
                1000 * (after["postgres"] - before["postgres"]) / len(chunk), 2
            ),
        }
    with CaptureQueriesContext(connection) as ctx:
        t = time.perf_counter()
        cast(url, delegates[2 * n])
        one = (time.perf_counter() - t) * 1000
    result["one_cast_with_queries"] = {
        "ms": round(one, 2),
        "queries": len(ctx.captured_queries),
        "sql_ms": round(sum(float(q["time"]) for q in ctx.captured_queries) * 1000, 2),
        "sql": [
            {"ms": round(float(q["time"]) * 1000, 3), "sql": re.sub(r"\s+", " ", q["sql"])[:120]}
            for q in ctx.captured_queries
        ],
    }
    actions.close_poll(poll, staff)

    # 2. The same under cProfile: cumulative time of the points that matter, per cast.
    poll = new_poll("profile cProfile")
    url = f"/api/votes/{poll.pk}/cast"
    profiler = cProfile.Profile()
    profiler.enable()
    for uid in delegates[n : 2 * n]:
        cast(url, uid)
    profiler.disable()
    actions.close_poll(poll, staff)
    stats = pstats.Stats(profiler)
    points = {}
    for label, suffix, func in PROFILE_POINTS:
        ct = sum(
            v[3]
            for (file, _, name), v in stats.stats.items()
            if name == func and file.replace("\\", "/").endswith(suffix)
        )
        points[label] = round(1000 * ct / n, 3)
    result["cprofile_cumulative_ms_per_cast"] = points
    top = sorted(stats.stats.items(), key=lambda kv: -kv[1][2])[:20]
    result["cprofile_top_self_ms_per_cast"] = [
        {
            "function": f"{Path(file).name}:{line}:{name}",
            "self_ms": round(1000 * v[2] / n, 3),
            "calls_per_cast": round(v[1] / n, 1),
        }
        for (file, line, name), v in top
    ]
    return result


def _allow_testserver():
    from django.conf import settings

    if "testserver" not in settings.ALLOWED_HOSTS:
        settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]


# --------------------------------------------------------------------------- run


SCENARIOS = ("hall", "saturation", "crash", "burst", "burst-crash")


def _scenarios(text: str) -> list[str]:
    """--scenario: all, both, a scenario's name, or names separated by commas."""
    named = {"all": ["hall", "saturation", "crash"], "both": ["hall", "saturation"]}
    out = []
    for name in text.split(","):
        for s in named.get(name.strip(), [name.strip()]):
            if s not in SCENARIOS:
                raise argparse.ArgumentTypeError(f"unknown scenario {s!r}")
            out.append(s)
    return out


def _client_loop_name() -> str:
    try:
        import uvloop  # noqa: F401
    except ImportError:
        return "asyncio"
    return "uvloop"


def _client_run(coro):
    """Run one phase of the client on uvloop where it is installed, as the server runs (and as
    ``bench screens`` does): the client shares the server's two cores, and on asyncio's own
    loop it used about a tenth more CPU per vote (0.86-1.04 ms in a burst, 0.85 on uvloop).

    Without a collection pause in the client: what is there before the phase is frozen out
    of later collections, and the collector is off while the phase runs. Its full
    collections took 100-220 ms in a burst (3,000 sockets' objects), and every press in
    flight then looked that much slower."""
    try:
        import uvloop
    except ImportError:
        uvloop = None
    gc.collect()
    gc.freeze()
    gc.disable()
    try:
        if uvloop is None:
            return asyncio.run(coro)
        with asyncio.Runner(loop_factory=uvloop.new_event_loop) as runner:
            return runner.run(coro)
    finally:
        gc.enable()


def run(argv) -> dict:
    parser = argparse.ArgumentParser(prog="python -m bench votes")
    parser.add_argument("--delegates", type=int, default=3000)
    parser.add_argument(
        "--scenario",
        type=_scenarios,
        default="all",
        help="one of all, both, " + ", ".join(SCENARIOS) + "; or several, comma-separated",
    )
    parser.add_argument(
        "--screens", type=int, default=3000, help="burst: websocket screens watching"
    )
    parser.add_argument(
        "--window", type=float, default=10.0, help="hall: seconds over which delegates press"
    )
    parser.add_argument(
        "--concurrency", type=int, default=200, help="requests in flight (saturation); pool size"
    )
    parser.add_argument(
        "--ballot",
        choices=("secret", "named"),
        default="secret",
        help="the poll's kind: secret (an encrypted ballot with proofs per press) or named "
        "(记名: the press carries the plain choice)",
    )
    parser.add_argument("--workers", type=int, default=2, help="server workers (1 on SQLite)")
    parser.add_argument("--port", type=int, default=8123)
    parser.add_argument(
        "--http-logins", type=int, default=20, help="delegates signed in through the form"
    )
    parser.add_argument(
        "--profile", type=int, default=0, help="profile N in-process casts afterwards"
    )
    parser.add_argument(
        "--wipe-database", action="store_true", help="allow a DATABASE_URL name without 'bench'"
    )
    parser.add_argument("--seed", type=int, default=None)
    args = parser.parse_args(argv)
    if args.seed is not None:
        random.seed(args.seed)

    database_url = os.environ.get("DATABASE_URL", "")
    dbname = None
    if database_url:
        dbname, _ = _check_database_url(database_url, args.wipe_database)
        _ensure_postgres_database(database_url, dbname)
    workers = args.workers if database_url else 1
    if workers > 1 and not os.environ.get("REDIS_URL"):
        raise SystemExit("--workers > 1 needs REDIS_URL (the server refuses otherwise)")
    if not _port_free(args.port):
        raise SystemExit(f"port {args.port} is in use")
    if any(s.startswith("burst") for s in args.scenario):  # a socket per tablet and screen
        soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
        resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
        needed = 2 * (args.delegates + args.screens) + 500
        if hard != resource.RLIM_INFINITY and hard < needed:
            raise SystemExit(f"open-file limit {hard} is too low for the burst ({needed})")
    load_at_start = _loadavg()
    env = _environment(args)
    try:
        return _run(args, env, database_url, dbname, workers, load_at_start)
    finally:
        shutil.rmtree(env["data_dir"], ignore_errors=True)


def _run(args, env, database_url, dbname, workers, load_at_start) -> dict:

    _say("database:", "postgresql " + dbname if database_url else "sqlite (temporary)")
    timings = {}
    db = _setup_database(args)
    timings["migrate_and_demo_s"] = round(db["seconds"], 1)
    t = time.perf_counter()
    hall = _setup_hall(db["accounts"])
    n = hall["members"]
    _say(f"{n} delegates with accounts, checked in to meeting {hall['meeting'].pk}")
    user_ids = list(hall["users"])
    random.shuffle(user_ids)
    http_ids = user_ids[: max(0, min(args.http_logins, n))]
    cookies = _make_sessions(user_ids[len(http_ids) :])
    timings["users_checkins_sessions_s"] = round(time.perf_counter() - t, 1)
    t = time.perf_counter()
    scrutineers = trustees.ceremony(hall["meeting"], hall["staff"])
    timings["key_ceremony_s"] = round(time.perf_counter() - t, 1)

    from django.conf import settings

    from lianghui.demo import DEMO_PASSWORD
    from lianghui.people.models import Person

    expected_person = dict(Person.objects.filter(user_id__in=user_ids).values_list("user_id", "pk"))
    _close_db()

    base = f"http://127.0.0.1:{args.port}"
    log_path = Path(env["data_dir"]) / "server.log"
    scenarios = list(args.scenario)
    for crash in ("crash", "burst-crash"):
        if crash in scenarios and workers < 2:
            _say(f"{crash}: needs 2 or more workers (one is killed); skipped")
            scenarios.remove(crash)
    results: dict = {}
    sign_in: dict = {}
    server_errors: dict = {}
    # From here, not from the start: on a busy machine the setup alone can take 30 minutes.
    deadline = time.monotonic() + 1800
    proc = _start_server(workers, args.port, log_path)
    try:
        _wait_until_up(proc, args.port)
        meter = CpuMeter(proc.pid, dbname if database_url else False)
        meter.sample()  # the PostgreSQL processes' starting point
        t = time.perf_counter()
        logins = {"__staff__": db["accounts"].secretariat}
        logins.update({uid: hall["users"][uid] for uid in http_ids})
        signed, login_times = _client_run(_sign_in(base, logins, DEMO_PASSWORD, 10))
        staff_cookies = signed.pop("__staff__")
        cookies.update(signed)
        verified = _client_run(_verify_sessions(args.port, cookies, expected_person, 50))
        login_times.sort()
        sign_in = {
            "http_sign_ins": len(login_times),
            "http_sign_in_ms": {
                "p50": round(1000 * _pct(login_times, 50), 1),
                "max": round(1000 * login_times[-1], 1),
            },
            "sessions_written_in_process": n - len(http_ids),
            "sessions_verified_over_http": verified,
            "seconds": round(time.perf_counter() - t, 1),
        }
        _say(f"signed in: {sign_in}")
        order = list(cookies)
        secret = args.ballot == "secret"
        for name in scenarios:
            if time.monotonic() > deadline:
                raise RuntimeError("overall time limit reached")
            label = f"{name} ({args.ballot})"
            if name.startswith("burst"):  # opened over HTTP when the burst starts
                poll = _new_poll(hall["meeting"], hall["staff"], label, False, secret)
            else:
                poll = _new_poll(hall["meeting"], hall["staff"], label, True, secret)
                assert poll.entitled == n, (poll.entitled, n)
            made, ballots = trustees.make_presses(poll, scrutineers, expected_person, order)
            choices = ballots.pop("choices")
            person_of_token = {made[u]["client_token"]: expected_person[u] for u in order}
            PRESSES.clear()
            PRESSES.update({cookies[u]["sessionid"]: (made[u], choices[u]) for u in order})
            analyze()  # the check-ins, sessions and polls just written, as autovacuum would
            _close_db()
            random.shuffle(order)
            delegate_cookies = [cookies[u] for u in order]

            def online(stop):  # a named vote's result needs no trustee: None below
                return trustees.devices_online(args.port, scrutineers, cookies, stop)

            sampler = PgSampler(database_url, dbname) if database_url else None
            if sampler:
                sampler.start()
            _say(f"{name}: poll {poll.pk} open, entitled {poll.entitled}; casting")
            if name.startswith("burst"):
                out = _client_run(
                    burst.run_burst(
                        args.port,
                        poll.pk,
                        hall["meeting"].pk,
                        delegate_cookies,
                        staff_cookies,
                        meter,
                        args.screens,
                        killer=_WorkerKiller(proc.pid, meter) if name == "burst-crash" else None,
                        online=online if secret else None,
                    )
                )
                if name == "burst-crash":
                    out["cpu_seconds"]["note"] = (
                        "not meaningful: the killed worker's CPU time left the server's "
                        "process tree (server may read negative, other positive)"
                    )
            elif name in ("hall", "crash"):
                killer = _WorkerKiller(proc.pid, meter) if name == "crash" else None
                out = _client_run(
                    _hall(
                        args.port,
                        poll.pk,
                        delegate_cookies,
                        args.window,
                        args.concurrency,
                        meter,
                        at_half=killer,
                    )
                )
                if killer:
                    out["killed_worker"] = killer.report()
                    out["cpu_seconds"]["note"] = (
                        "not meaningful: the killed worker's CPU time left the server's "
                        "process tree (server may read negative, other positive)"
                    )
            else:
                out = _client_run(
                    _saturation(args.port, poll.pk, delegate_cookies, args.concurrency, meter)
                )
            if sampler:
                sampler.stop.set()
                sampler.join(timeout=5)
                out["postgres_backends"] = sampler.report()
            _say(
                f"{name}: {out['votes_per_s']} votes/s, p99 {out['latency_ms']['p99']} ms; closing"
            )
            if not name.startswith("burst"):  # the burst closes the poll itself
                out.update(
                    _client_run(
                        _close_and_read(
                            args.port, poll.pk, staff_cookies, online if secret else None
                        )
                    )
                )
            out["presses_made_beforehand"] = ballots
            acknowledged = {person_of_token[t]: c for t, c in out.pop("_acknowledged").items()}
            out.update(_verify(poll.pk, n, out["accepted"], acknowledged))
            if out["entitled"] != n:
                raise RuntimeError(f"{name}: entitled {out['entitled']}, not {n}")
            _close_db()
            results[name] = out
    finally:
        _say("stopping the server")
        _stop_server(proc)
        if proc.returncode not in (0, None, -signal.SIGTERM):
            _say(f"server exit status {proc.returncode}")
        log_text = log_path.read_text(errors="replace") if log_path.exists() else ""
        if log_text.strip():
            _say("server log (tail):\n" + log_text[-3000:])
        server_errors = _log_errors(log_text)

    profile = None
    if args.profile:
        _say(f"profiling {args.profile} casts in-process")
        profile = _profile(
            hall["meeting"],
            hall["staff"],
            order,
            cookies,
            args.profile,
            scrutineers,
            expected_person,
            args.ballot == "secret",
        )
    _close_db()

    met = _judge(results, database_url != "")
    disturbed = {name: r["cpu_seconds"].get("disturbed", False) for name, r in results.items()}
    return {
        "benchmark": "votes",
        # secret: each press an encrypted ballot with proofs; named: the plain choice.
        "ballot": args.ballot,
        "database": settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1],
        "redis": bool(os.environ.get("REDIS_URL")),
        "workers": workers,
        "delegates": n,
        "machine": {
            "cpus": os.cpu_count(),
            "python": sys.version.split()[0],
            "load_average_at_start": load_at_start,
        },
        "code": _code_state(),
        "client": {
            "library": "bench.votes.Pool (HTTP/1.1 keep-alive on asyncio streams)",
            "event_loop": _client_loop_name(),
            "gc": "frozen before each phase, off while it runs",
            "connections": args.concurrency,
            "window_s": args.window,
            "concurrency": args.concurrency,
        },
        "setup": {**timings, "sign_in": sign_in},
        "scenarios": results,
        "server_log_errors": server_errors,
        "targets": TARGETS,
        "met": met,
        "disturbed": disturbed,
        # False when a judged target was missed; null when a disturbed run's timing was not
        # judged (and nothing judged was missed); true otherwise.
        "within_target": (
            False
            if any(v is False for v in met.values())
            else (None if any(disturbed.values()) else True)
        ),
        **({"profile": profile} if profile else {}),
    }


def _log_errors(text: str) -> dict:
    """The server log's exceptions, counted by their last line (type: message, cut short)."""
    counts: dict = {}
    for line in text.splitlines():
        if re.match(r"^[\w.]+(Error|Exception|Exit|Interrupt)\b.*", line):
            key = line[:160]
            counts[key] = counts.get(key, 0) + 1
    return dict(sorted(counts.items(), key=lambda kv: -kv[1])[:10])


def _code_state() -> dict:
    """Which code was measured: its folder, the commit, and files changed since."""
    import lianghui

    root = Path(lianghui.__file__).resolve().parent.parent
    state: dict = {"path": str(root)}

    def git(*cmd):
        done = subprocess.run(["git", *cmd], cwd=root, capture_output=True, text=True)
        return done.stdout if done.returncode == 0 else None

    commit = git("rev-parse", "--short", "HEAD")
    if commit:
        state["commit"] = commit.strip()
        changed = git("status", "--porcelain", "--", "lianghui") or ""
        state["uncommitted_changes_in_lianghui"] = [c[3:] for c in changed.split("\n") if c]
    return state


def _judge(results: dict, postgres: bool) -> dict:
    """Correctness is always judged; timing targets of a disturbed run are left null."""
    met = {}
    for name, r in results.items():  # a named vote: each acknowledged choice stored once
        if "roll_call" in r:
            met[f"{name.replace('-', '_')}_roll_call"] = r["roll_call"][
                "choices_match_acknowledged"
            ]
    for name in ("burst", "burst-crash"):
        if name in results:
            met.update(burst.judge(results[name], crash=name == "burst-crash"))
    if "hall" in results:
        h, t = results["hall"], TARGETS["hall"]
        calm = not h["cpu_seconds"]["disturbed"]
        met["hall_no_loss"] = h["lost"] == 0 and h["doubled"] == 0 and h["errors"] == 0
        met["hall_timing"] = (
            h["latency_ms"]["p99"] < t["p99_ms_below"]
            and h["close_to_result_ms"] < t["close_to_result_ms_below"]
            if calm
            else None
        )
        met["hall_server_cpu"] = (
            h["cpu_seconds"]["ms_per_vote"]["server"] <= t["server_cpu_ms_per_vote_at_most"]
            if calm and postgres
            else None
        )
    if "crash" in results:
        c = results["crash"]
        met["crash_no_loss"] = (
            c["lost"] == 0
            and c["doubled"] == 0
            and c["errors"] == 0
            and c["tally_matches_accepted"]
            and c["killed_worker"]["pid"] is not None
        )
    if "saturation" in results:
        s, t = results["saturation"], TARGETS["saturation"]
        met["saturation_no_loss"] = s["lost"] == 0 and s["doubled"] == 0 and s["errors"] == 0
        met["saturation_flat_cost"] = (
            s["late_over_early_deciles"]["throughput"]
            >= t["late_over_early_deciles_throughput_at_least"]
        )
        # 1,500 votes/s is the PostgreSQL target; on SQLite it is reported, not judged.
        met["saturation_throughput"] = (
            s["votes_per_s"] >= t["votes_per_s_at_least"] if postgres else None
        )
    return met
