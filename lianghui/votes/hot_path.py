"""The hall's hot path: POST /api/votes/{id}/cast answered in the event loop, in batches.

When 3,000 delegates press within seconds, Django's request path (middleware, a thread per
request, ORM queries built per request, one transaction and one audit event per press)
costs ~12 ms of CPU per vote: ~110 votes/s on two cores. This ASGI middleware answers the
well-formed, signed-in cast requests itself:

1. in the event loop: the body is read, the CSRF check is Django's own middleware run on
   the request, the JSON is parsed;
2. the press joins a queue; one writer at a time takes everything queued (up to
   MAX_BATCH; while presses are arriving, a small batch first waits LINGER for more) and,
   in a worker thread, resolves the sessions (one cache read for all, one
   user query) and casts them with votes.casting.cast_many: one transaction, one audit
   event; the count's push to the screens (at most once a second) is handed to the event
   loop, not waited for;
3. each request is answered when its batch has committed, so an answer means the vote is
   stored (or refused, with the same JSON error the API gives);
4. an encrypted ballot is stored before its proofs are checked: when no press waits, the
   batch's ballots go to the checking processes (lianghui.ballots.checker) and their
   outcomes are recorded (votes.checking says why, and what becomes of a forged one).

Anything else (no session, a failed CSRF check, malformed JSON, a session that does not
verify here) is handed to Django unchanged, so every refusal and its message comes from the
one API implementation. The route stays in the OpenAPI schema (votes.api.cast).
"""

import asyncio
import collections
import functools
import io
import json
import logging
import os
import re
import weakref
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from importlib import import_module

from asgiref.sync import sync_to_async
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model
from django.core.cache import caches
from django.core.handlers.asgi import ASGIRequest
from django.db import DatabaseError, DataError, IntegrityError, close_old_connections, connection
from django.http import parse_cookie
from django.middleware.csrf import CsrfViewMiddleware
from django.utils.crypto import constant_time_compare

from lianghui.ballots import checker
from lianghui.errors import ActionError
from lianghui.sessions import live
from lianghui.votes import cast_sql, casting, checking

log = logging.getLogger("lianghui.api")
ROUTE = re.compile(r"/api/votes/([0-9]{1,18})/cast")
MAX_BODY = 4096
MAX_BATCH = 500
# At hall rates (a press every few ms) each batch would hold one or two presses and pay the
# fixed cost of a commit (session and user look-up, lock, checks, inserts, audit event,
# push) for each. When the previous batch started moments ago, a small batch waits this
# long for the presses behind it; a lone press in a quiet hall is written at once, and a
# burst fills its batches without waiting. A batch costs its writer 2-3 ms of CPU and
# each press in it ~0.1 ms more (python -m bench batch), so at hall rates the linger decides
# much of the server's CPU per vote. With python -m bench votes (PostgreSQL, 2 workers, one
# machine, one day), 300 presses/s: a 10 ms linger gave 523-813 batches of the 3,000
# presses and 0.90-1.66 ms of server CPU per vote over nine runs; 20 ms 334-508 batches and
# 0.80-1.01 ms over four, for a median of 22-25 ms instead of 14-20. But in the burst (2,400
# presses in 3 s, the two cores saturated) 20 ms gave a p99 of 123-457 ms over six runs
# against 177-187 ms over three with 10 ms. So the longer linger is kept for presses coming
# at hall rates. Those runs' connections often all landed on one worker; with the hall's
# presses spread over both workers, as a hall's tablets spread them (2026-12-04, four runs
# each, alternating), 20 ms gave 543-598 batches, 1.13-1.16 ms of server CPU per vote and a
# p50/p99 of 21/45-49 ms; 40 ms gave 396-406 batches, 0.90-1.11 ms (mean 1.03 against
# 1.15; PostgreSQL 0.42-0.48 ms against 0.51-0.56) and 31-32/60-66 ms. A press answered in
# 30 ms rather than 20 is not something a delegate can tell; a tenth of the CPU is.
LINGER = 0.010  # seconds
LINGER_QUIET = 0.040  # seconds, while presses come slower than:
QUIET_BELOW = 250  # presses a second, to this worker
LINGER_BELOW = 16  # presses: a batch at least this big is written at once
ARRIVING = 0.05  # seconds: presses are arriving if the previous batch started this recently
# Stored ballots are sent to the checking processes this many at a time (votes.checking):
# enough to make each trip worth it, few enough to keep every process busy.
CHECK_CHUNK = 8
# While presses reach this worker at more than this many a second (over the last
# RATE_WINDOW), the ballots are not sent to be checked at all: in the first seconds of a
# vote the presses need every core, and the checks (and recording their outcomes) wait for
# the burst to pass. Hall rates (300 a second over two workers) are under it.
HOLD_CHECKS_ABOVE = 250  # presses a second, to this worker
RATE_WINDOW = 0.5  # seconds
RATE_SPAN = 0.05  # seconds: the shortest time a rate is taken over
ANSWER_WITHIN = 30  # seconds: a press not answered by then gets 503 "press again"
MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"
FORWARD = object()  # "let Django answer this one"
_REJECTED = object()

JSON_HEADERS = [
    (b"content-type", b"application/json; charset=utf-8"),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"same-origin"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"cache-control", b"no-store"),
]


class _Csrf(CsrfViewMiddleware):
    """Django's CSRF check; a failure is not answered here but handed to Django."""

    def _reject(self, request, reason):
        return _REJECTED


def _csrf_ok(scope, body: bytes) -> bool:
    try:
        request = ASGIRequest(scope, io.BytesIO(body))
        request.get_host()  # ALLOWED_HOSTS, as Django checks it (raises DisallowedHost)
        check = _Csrf(lambda r: None)
        check.process_request(request)
        return check.process_view(request, casting.cast, (), {}) is None
    except Exception:  # a bad Host header, say: Django will answer it properly
        return False


@dataclass(frozen=True)
class Press:
    poll_id: int
    session_key: str
    choice: str
    client_token: str
    ballot: dict | None = None  # a secret vote's encrypted ballot (its proofs checked in the batch)


class HotPath:
    """ASGI middleware: the cast route here, everything else to the Django application."""

    def __init__(self, app):
        self.app = app
        self.warming: asyncio.Future | None = None

    async def __call__(self, scope, receive, send):
        if self.warming is None:  # the worker's first request, long before any vote
            self.warming = asyncio.get_running_loop().run_in_executor(None, _warm)
        if scope["type"] != "http" or scope["method"] != "POST":
            return await self.app(scope, receive, send)
        match = ROUTE.fullmatch(scope["path"])
        if match is None:
            return await self.app(scope, receive, send)
        messages, body, complete = await _read_body(receive)
        if not complete:
            return await self.app(scope, _replay(messages, receive), send)
        press = _parse(scope, body, int(match.group(1)))
        if press is None:
            return await self.app(scope, _replay(messages, receive), send)
        try:
            outcome = await asyncio.wait_for(
                asyncio.shield(_writer().submit(press)), timeout=ANSWER_WITHIN
            )
        except Exception:  # not stored, or not known to be: the same token may be sent again
            return await _respond(
                send,
                503,
                {"code": "try_again", "message": "表决暂未保存，请再按一次（不会重复计票）。"},
            )
        if outcome is FORWARD:
            return await self.app(scope, _replay(messages, receive), send)
        user_id, result = outcome
        if isinstance(result, ActionError):
            log.warning(
                "refused POST %s: %s %s (user %s)",
                scope["path"],
                result.status,
                result.code,
                user_id,
            )
            error = {"code": result.code, "message": result.message}
            if result.details:
                error["details"] = result.details
            return await _respond(send, result.status, error)
        return await _respond(
            send,
            201 if result.created else 200,
            {
                "poll_id": press.poll_id,
                "receipt": result.receipt,
                "created": result.created,
                "changed": result.changed,
                "message": casting.message(result),
            },
        )


def _warm() -> None:
    try:
        checker.warm()
    except Exception:  # then started at the first ballot, or the close checks them
        log.warning("starting the ballot-checking processes failed", exc_info=True)


async def _read_body(receive) -> tuple[list[dict], bytes, bool]:
    """The messages read, the body, and whether it is complete and short enough for a press
    (if not, Django gets the messages read so far and reads the rest itself)."""
    messages, chunks, size = [], [], 0
    while True:
        message = await receive()
        messages.append(message)
        if message["type"] != "http.request":
            return messages, b"".join(chunks), False
        chunk = message.get("body", b"")
        chunks.append(chunk)
        size += len(chunk)
        if not message.get("more_body"):
            return messages, b"".join(chunks), size <= MAX_BODY
        if size > MAX_BODY:
            return messages, b"".join(chunks), False


def _replay(messages: list[dict], receive):
    """A receive() for Django: the messages already read, as they came, then the rest."""
    pending = list(messages)

    async def replay():
        if pending:
            return pending.pop(0)
        return await receive()

    return replay


def _parse(scope, body: bytes, poll_id: int) -> Press | None:
    cookies = {}
    for name, value in scope.get("headers", ()):
        if name == b"cookie":
            cookies.update(parse_cookie(value.decode("latin-1")))
    session_key = cookies.get(settings.SESSION_COOKIE_NAME)
    if not session_key or not _csrf_ok(scope, body):
        return None
    try:
        payload = json.loads(body)
    except ValueError:
        return None
    if not isinstance(payload, dict):
        return None
    choice, token, ballot = (
        payload.get("choice"),
        payload.get("client_token"),
        payload.get("ballot"),
    )
    if not isinstance(token, str):
        return None
    if isinstance(ballot, dict) and choice in (None, ""):  # an encrypted press
        return Press(poll_id, session_key, "", token, ballot)
    if not isinstance(choice, str) or ballot is not None:
        return None
    return Press(poll_id, session_key, choice, token)


async def _respond(send, status: int, body: dict) -> None:
    data = json.dumps(body, ensure_ascii=False).encode()
    headers = [*JSON_HEADERS, (b"content-length", str(len(data)).encode())]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": data})


_writers: "weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, BatchWriter]" = (
    weakref.WeakKeyDictionary()
)


def _writer() -> "BatchWriter":
    """The running loop's writer (one per event loop: a worker process has one)."""
    loop = asyncio.get_running_loop()
    writer = _writers.get(loop)
    if writer is None:
        writer = _writers[loop] = BatchWriter(loop)
    return writer


class BatchWriter:
    """Writes the queued presses one batch at a time; a press waits for its batch's commit.

    Every future gets an answer: an outcome, or an exception (then the client is told to
    press again, which is safe: a token is counted once).
    """

    def __init__(self, loop):
        self.loop = loop
        self.queue: list[tuple[Press, asyncio.Future]] = []
        self.task: asyncio.Task | None = None
        self.last_batch = float("-inf")  # loop time the previous batch was taken
        self.lingering: asyncio.Future | None = None  # set while a small batch waits
        # Ballots stored with their proofs unchecked (votes.checking): sent to the checking
        # processes, and their outcomes recorded when no press waits. Lost if the worker
        # stops: the close checks whatever is left.
        self.to_check: list[checking.Waiting] = []
        self.checked: list[tuple[checking.Waiting, tuple | None]] = []
        self.parts: list[checking.Part] = []  # of the tallies, made with those checks
        self.checks: set[asyncio.Task] = set()
        self.arrivals: collections.deque[float] = collections.deque()  # loop times, recent
        self.held: asyncio.TimerHandle | None = None  # set while checks wait for a lull

    def submit(self, press: Press) -> asyncio.Future:
        future = self.loop.create_future()
        self.queue.append((press, future))
        self.arrivals.append(self.loop.time())
        if self.lingering is not None and len(self.queue) >= LINGER_BELOW:
            _answer(self.lingering, None)  # enough presses: the batch goes now
        self._start()
        return future

    def _start(self) -> None:
        if self.task is None or self.task.done():
            self.task = self.loop.create_task(self._drain())
            # Also when the task is cancelled before it ever ran (a shutdown at that moment).
            self.task.add_done_callback(self._fail_the_rest)

    def busy(self, now: float) -> bool:
        """Presses are arriving faster than HOLD_CHECKS_ABOVE a second: those of the last
        RATE_WINDOW over the time since the first of them (at least RATE_SPAN, so that two
        presses a moment apart are not a burst; the first of a burst are seen as one)."""
        while self.arrivals and self.arrivals[0] < now - RATE_WINDOW:
            self.arrivals.popleft()
        if not self.arrivals:
            return False
        span = max(now - self.arrivals[0], RATE_SPAN)
        return len(self.arrivals) / span > HOLD_CHECKS_ABOVE

    def _send_unless_busy(self) -> None:
        if not self.to_check:
            return
        if self.busy(self.loop.time()):
            if self.held is None:  # look again when the window has moved on
                self.held = self.loop.call_later(RATE_WINDOW, self._lull)
            return
        to_check, self.to_check = self.to_check, []
        self.send_to_check(to_check)

    def _lull(self) -> None:
        self.held = None
        self._start()  # a drain that finds no press sends what waits (or holds it again)

    def send_to_check(self, waiting: list) -> None:
        """Have stored ballots' proofs checked in the checking processes, CHECK_CHUNK at a
        time; each chunk's outcomes join `checked`, recorded by the drain task."""
        for start in range(0, len(waiting), CHECK_CHUNK):
            task = self.loop.create_task(self._check(waiting[start : start + CHECK_CHUNK]))
            self.checks.add(task)
            task.add_done_callback(self.checks.discard)

    async def _check(self, chunk: list) -> None:
        try:
            outcomes, parts = await _check_proofs(chunk)
        except Exception:  # left unchecked: the close checks them
            log.error("checking %s stored ballots failed", len(chunk), exc_info=True)
            return
        self.checked += zip(chunk, outcomes, strict=True)
        self.parts += parts
        self._start()

    def _fail_the_rest(self, task: asyncio.Task) -> None:
        # The queue belongs to the current task. A done-callback runs a loop turn after its
        # task finished; a press submitted in between started a new task, which owns the
        # queue now: this task's callback must leave it alone.
        if task is not self.task:
            return
        waiting, self.queue = self.queue, []
        for _, future in waiting:
            _answer(future, RuntimeError("the cast writer stopped"))

    async def _drain(self) -> None:
        batch: list = []
        try:
            while self.queue or self.checked or (self.to_check and self.held is None):
                while self.queue:
                    now = self.loop.time()
                    if len(self.queue) < LINGER_BELOW and now - self.last_batch < ARRIVING:
                        # presses queued meanwhile join this batch
                        await self._linger(self.linger_for(now))
                    self.last_batch = self.loop.time()
                    batch, self.queue = self.queue[:MAX_BATCH], self.queue[MAX_BATCH:]
                    await self._write_and_answer(batch)
                    batch = []
                # No press waits: the stored ballots go to be checked, unless presses are
                # coming at burst rates (busy), and the outcomes of checks done are recorded.
                self._send_unless_busy()
                if self.checked:
                    checked, self.checked = self.checked, []
                    parts, self.parts = self.parts, []
                    await _record_checks(checked, parts)
                    if self.queue or self.checked:
                        continue
                # The queue ran dry: the connection goes back. Presses submitted meanwhile
                # joined this task's queue (it was not done): the outer loop writes them.
                await _release()
        except BaseException as stopped:  # cancelled (shutdown) or a bug: answer everyone
            failure = stopped if isinstance(stopped, Exception) else RuntimeError("stopped")
            for _, future in [*batch, *self.queue]:
                if not future.done():
                    future.set_exception(failure)
            self.queue = []
            raise

    def linger_for(self, now: float) -> float:
        """LINGER_QUIET while presses come at hall rates, else LINGER. The rate: the presses
        queued since the previous batch was taken, over that time (at least LINGER, so that
        one press right behind a quick write does not look like a burst)."""
        rate = len(self.queue) / max(now - self.last_batch, LINGER)
        return LINGER_QUIET if rate < QUIET_BELOW else LINGER

    async def _linger(self, seconds: float) -> None:
        """Wait `seconds`, or less if the queue fills to LINGER_BELOW meanwhile: in a burst
        the batch is full long before, and its presses need not wait the linger out."""
        self.lingering = self.loop.create_future()
        timer = self.loop.call_later(seconds, _answer, self.lingering, None)
        try:
            await self.lingering
        finally:
            timer.cancel()
            self.lingering = None

    async def _write_and_answer(self, batch) -> None:
        waiting: list = []
        try:
            outcomes = await _write([press for press, _ in batch], waiting)
        except Exception as failure:
            log.error("cast batch of %s failed", len(batch), exc_info=True)
            outcomes = [failure] * len(batch)
        for (press, future), outcome in zip(batch, outcomes, strict=True):
            if isinstance(outcome, DataProblem):
                # One press's data broke its poll's transaction, and nothing of that poll's
                # group was stored: write each of them on its own, so one cannot sink the rest.
                try:
                    (outcome,) = await _write([press], waiting)
                except Exception as failure:
                    outcome = failure
                if isinstance(outcome, DataProblem):
                    log.error("cast refused by the database: %s", outcome.cause)
            _answer(future, outcome)
        self.to_check += waiting


def _answer(future: asyncio.Future, outcome) -> None:
    if future.done():
        return
    if isinstance(outcome, BaseException):
        future.set_exception(outcome)
    else:
        future.set_result(outcome)


class DataProblem(Exception):
    """A poll group's transaction failed on its data (a constraint): retried press by press."""

    def __init__(self, cause: Exception):
        super().__init__(str(cause))
        self.cause = cause


# The batches of a worker process are written one at a time, all in this one thread: it
# keeps its database connection from one batch to the next while presses keep coming (a new
# SQLite connection costs ~0.6 ms of CPU, a pooled PostgreSQL one a check-out and its
# set-up), and hands it back when the queue runs dry (_release). Not the sync request
# thread: the batch runs beside it. asgiref still knows this loop from this thread, so the
# live push after commit reaches it.
_writer_thread: ThreadPoolExecutor | None = None


def _thread() -> ThreadPoolExecutor:
    global _writer_thread
    if _writer_thread is None:
        _writer_thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix="cast-writer")
    return _writer_thread


def _forget_thread() -> None:
    global _writer_thread
    _writer_thread = None  # a forked child has the parent's executor but not its thread


os.register_at_fork(after_in_child=_forget_thread)


async def _write(presses: list[Press], waiting: list | None = None) -> list:
    loop = asyncio.get_running_loop()
    return await sync_to_async(write_batch, thread_sensitive=False, executor=_thread())(
        presses, loop, waiting
    )


async def _check_proofs(chunk: list) -> tuple[list, list[checking.Part]]:
    """The proofs of a chunk of stored ballots (of one vote or several), checked in the
    checking processes (lianghui.ballots.checker): an outcome for each, in order, and for
    each vote the part of its tally the ballots that passed make."""
    loop = asyncio.get_running_loop()
    outcomes: list = [None] * len(chunk)
    parts: list[checking.Part] = []
    by_election: dict[str, list[int]] = {}
    for i, waiting in enumerate(chunk):
        by_election.setdefault(waiting.fingerprint, []).append(i)
    for fingerprint, indexes in by_election.items():
        election = chunk[indexes[0]].election
        ballots = [(chunk[i].voter, chunk[i].ballot) for i in indexes]
        try:
            found, sums = await loop.run_in_executor(
                checker.pool(), checker.check_and_add, election, fingerprint, ballots
            )
        except BrokenProcessPool:  # a checking process died: new ones for the next chunk
            checker.replace_broken()
            raise
        for i, outcome in zip(indexes, found, strict=True):
            outcomes[i] = outcome
        if sums is not None:
            passed = [chunk[i].tracker for i, o in zip(indexes, found, strict=True) if not o]
            parts.append(checking.Part(chunk[indexes[0]].poll_id, passed, sums[0]))
    return outcomes, parts


async def _record_checks(checked: list, parts: list) -> None:
    loop = asyncio.get_running_loop()
    try:
        await sync_to_async(record_checks, thread_sensitive=False, executor=_thread())(
            checked, parts, loop
        )
    except Exception:  # left unchecked: the close checks them
        log.error("recording %s checked ballots failed", len(checked), exc_info=True)


def record_checks(
    checked: list, parts: list, loop: asyncio.AbstractEventLoop | None = None
) -> None:
    """In the writer thread, between batches: votes.checking.record_checks, with the
    connection kept as write_batch keeps it."""
    if connection.errors_occurred:
        connection.close()
    live.hand_counts_to(loop)
    try:
        checking.record_checks(checked, parts)
    finally:
        live.hand_counts_to(None)
        if connection.in_atomic_block:
            connection.close()


async def _release() -> None:
    await sync_to_async(close_old_connections, thread_sensitive=False, executor=_thread())()


def write_batch(
    presses: list[Press],
    loop: asyncio.AbstractEventLoop | None = None,
    waiting: list | None = None,
) -> list:
    """In the writer thread: who is pressing, then one cast_many per poll. Sync Django.

    loop: the event loop the presses wait in; the count's push to the screens is handed to
    it, not waited for (live.hand_counts_to). waiting: encrypted ballots are stored before
    their proofs are checked, and listed here for checking (cast_many, votes.checking)."""
    if connection.errors_occurred:  # the last batch met a database error: start afresh
        connection.close()
    live.hand_counts_to(loop)
    try:
        users = resolve_sessions({p.session_key for p in presses})
        outcomes: list = [FORWARD] * len(presses)
        by_poll: dict[int, list[int]] = {}
        for i, press in enumerate(presses):
            if press.session_key in users:
                by_poll.setdefault(press.poll_id, []).append(i)
        for poll_id, indexes in by_poll.items():
            requests = []
            for i in indexes:
                user_id, person_id = users[presses[i].session_key]
                requests.append(
                    casting.CastRequest(
                        person_id,
                        presses[i].choice,
                        presses[i].client_token,
                        actor_id=user_id,
                        ballot=presses[i].ballot,
                    )
                )
            try:
                results = casting.cast_many(poll_id, requests, waiting)
            except (IntegrityError, DataError) as failure:
                # Rolled back: nothing of this poll's group was stored; other polls' groups
                # committed on their own.
                results = [DataProblem(failure)] * len(indexes)
            except DatabaseError as failure:
                log.error("cast batch for poll %s failed", poll_id, exc_info=True)
                results = [failure] * len(indexes)
            for i, result in zip(indexes, results, strict=True):
                if isinstance(result, Exception) and not isinstance(result, ActionError):
                    outcomes[i] = result
                else:
                    outcomes[i] = (users[presses[i].session_key][0], result)
        return outcomes
    finally:
        live.hand_counts_to(None)
        if connection.in_atomic_block:  # left open by a bug, it would swallow later batches
            connection.close()


def resolve_sessions(session_keys: set[str]) -> dict[str, tuple[int, int]]:
    """Session key → (user id, person id) for sessions that verify as Django's get_user does.

    One cache read for all the sessions (the cached_db engine keeps them in Redis or the
    local cache), the database for those not cached, and one query for the users. A session
    that is missing, expired, of another backend, of an inactive user, of someone who is not
    a delegate or member, or whose password hash no longer matches is left out: Django then
    answers that request on its usual path (401, or the session flushed).
    """
    engine = import_module(settings.SESSION_ENGINE)
    stores = {}
    for key in session_keys:
        store = engine.SessionStore(key)
        if store.session_key:  # Django's own key validation
            stores[key] = store
    data: dict[str, dict] = {}
    if stores and hasattr(engine.SessionStore, "cache_key_prefix"):
        cache = caches[settings.SESSION_CACHE_ALIAS]
        found = cache.get_many([store.cache_key for store in stores.values()])
        for key, store in stores.items():
            if store.cache_key in found:
                data[key] = found[store.cache_key]
    for key, store in stores.items():
        if key not in data:
            data[key] = store.load()  # from the database; refills the cache
    claimed = {}
    for key, session in data.items():
        if session.get(BACKEND_SESSION_KEY) == MODEL_BACKEND and session.get(SESSION_KEY):
            user_id = str(session[SESSION_KEY])
            if user_id.isdigit():
                claimed[key] = (user_id, session.get(HASH_SESSION_KEY) or "")
    if MODEL_BACKEND not in settings.AUTHENTICATION_BACKENDS or not claimed:
        return {}
    users = cast_sql.active_users_with_person({int(uid) for uid, _ in claimed.values()})
    resolved = {}
    for key, (user_id, session_hash) in claimed.items():
        found = users.get(int(user_id))
        if found is None or not session_hash:
            continue
        password, person_id = found
        expected = _session_auth_hash(get_user_model(), password, settings.SECRET_KEY)
        if constant_time_compare(session_hash, expected):
            resolved[key] = (int(user_id), person_id)
    return resolved


@functools.lru_cache(maxsize=8192)
def _session_auth_hash(user_model, password: str, secret_key: str) -> str:
    """The hash Django's get_user compares, computed by the user model from the password hash
    as it does, once per password hash and key: a model instance and an HMAC for every press
    of every batch cost more than the rest of resolving its session. (secret_key: the hash
    depends on it, so a new key is never answered from the old one's results.)"""
    return user_model(password=password).get_session_auth_hash()
