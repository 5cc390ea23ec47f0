"""The hall as it is, for ``python -m bench votes --scenario burst|burst-crash``.

A burst at the opening, a connection per tablet, screens watching:

* every delegate's tablet has its own HTTP/1.1 keep-alive connection, opened before the
  vote (the server keeps idle connections for ``lianghui serve --keep-alive``, 75 s);
* ``--screens`` websocket clients (default 3,000) watch the meeting's live channel from
  before the vote until its result is published, in a process of their own
  (bench/screen_wall.py), as screens are devices of their own;
* the secretariat opens the poll over HTTP; from its answer, 80% of the delegates press
  within 3 s, the rest over the next 7 s (each at a moment drawn uniformly in its span);
* a press whose connection breaks, or that gets 503, is pressed again with the same token
  as the phone does (back-off 0.4, 0.8, 1.6, 3.2 s, with jitter) — but a retry never counts
  as a first-attempt success: ``first_attempt_failures`` are reported by kind and must be 0;
* the secretariat closes the poll (it publishes at once): the close request's duration and
  the time until the result is on every screen;
* ``burst-crash``: one server worker is killed (SIGKILL) at the first moment at least
  ``CRASH_IN_FLIGHT`` presses are in flight; the output says how many were, and every vote
  must still be stored exactly once (screens on the killed worker drop and are not judged).

CPU of the server, the database, Redis, this client and everything else is read from /proc
over the presses (open to last answer). A run where everything else used more than 20% of
the machine is marked ``disturbed``: its timing targets are then reported, not judged.
"""

import asyncio
import contextlib
import json
import random
import time

CRASH_IN_FLIGHT = 50
EARLY_SHARE, EARLY_S, LATE_S = 0.8, 3.0, 7.0
RETRY_AFTER_S = (0.4, 0.8, 1.6, 3.2)  # as the phone's ballot.js
TARGETS = {
    "p99_ms_below": 150,
    "first_attempt_failures": 0,
    "errors_after_retries": 0,
    "lost": 0,
    "doubled": 0,
    "close_request_ms_below": 300,
    "result_on_every_screen_ms_below": 1000,
    "screens": 3000,
}


def press_times(n: int, rng: random.Random) -> list[float]:
    """Seconds after the opening: EARLY_SHARE of them within EARLY_S, the rest after."""
    early = round(n * EARLY_SHARE)
    times = [rng.uniform(0, EARLY_S) for _ in range(early)]
    times += [rng.uniform(EARLY_S, EARLY_S + LATE_S) for _ in range(n - early)]
    return sorted(times)


class InFlight:
    def __init__(self):
        self.now = 0
        self.peak = 0
        self.changed = asyncio.Event()

    def up(self):
        self.now += 1
        self.peak = max(self.peak, self.now)
        self.changed.set()

    def down(self):
        self.now -= 1


async def _press(device, poll_id, headers, in_flight, records, first, press) -> None:
    from bench.votes import ConnectionLost

    ballot, choice = press
    body = json.dumps(ballot).encode()
    sent = time.perf_counter()
    tries = 0
    while True:
        tries += 1
        in_flight.up()
        try:
            status, _ = await device.request("POST", f"/api/votes/{poll_id}/cast", headers, body)
        except (ConnectionLost, OSError) as e:  # the connection broke: press again
            status = type(e).__name__
        except Exception as e:  # a timeout (30 s): an error, not retried
            status = type(e).__name__
            in_flight.down()
            break
        finally:
            if tries == 1:
                first.append(status)
        in_flight.down()
        if status in (200, 201) or (isinstance(status, int) and status != 503):
            break
        if tries > len(RETRY_AFTER_S):
            break
        await asyncio.sleep(RETRY_AFTER_S[tries - 1] * random.uniform(0.75, 1.25))
    records.append((sent, time.perf_counter(), status, choice, tries, ballot["client_token"]))


async def _open_devices(port: int, n: int, concurrency: int = 200) -> tuple[list, dict]:
    """One Pool of one connection per delegate, its connection opened now."""
    from bench.votes import Pool

    devices = [Pool(port, 1) for _ in range(n)]
    sem = asyncio.Semaphore(concurrency)
    started = time.perf_counter()

    async def one(device):
        device.IDLE_LIMIT = 3600  # the server keeps it (serve --keep-alive); never reopen
        async with sem:
            await device.open()

    await asyncio.gather(*(one(d) for d in devices))
    return devices, {"opened": n, "seconds": round(time.perf_counter() - started, 2)}


def _screen_wall(port: int, meeting_id: int, n: int):
    from bench.screen_wall import ScreenWall
    from lianghui.hall.tokens import screen_token

    url = f"ws://127.0.0.1:{port}/ws/meetings/{meeting_id}/?token={screen_token(meeting_id)}"
    return ScreenWall(url, f"http://127.0.0.1:{port}", n)


async def _every_screen(screens, t0: float, timeout: float = 10.0) -> dict:
    """Wait until every live screen has the armed state; ms after t0."""
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(screens.done.wait(), timeout)
    got = sorted(t for t in screens.got if t is not None)
    alive = sum(screens.alive)
    return {
        "screens_alive": alive,
        "received": len(got),
        "missing": alive - sum(1 for i, t in enumerate(screens.got) if t and screens.alive[i]),
        "last_ms": round(1000 * (got[-1] - t0), 1) if got else None,
        "p50_ms": round(1000 * (got[len(got) // 2] - t0), 1) if got else None,
    }


async def run_burst(
    port,
    poll_id,
    meeting_id,
    cookies: list,
    staff_cookies,
    meter,
    screens_n,
    killer=None,
    online=None,
) -> dict:
    """One burst on a poll created but not opened; see the module docstring. `online(stop)`:
    the trustees' devices in the hall, answering the close's decryption request."""
    from bench.votes import CpuMeter, Pool, _ballot, _headers, _loadavg, _pct, _say, _summary

    rng = random.Random(random.random())
    staff = Pool(port, 2)
    staff.IDLE_LIMIT = 3600
    _say(f"burst: connecting {screens_n} screens")
    screens = _screen_wall(port, meeting_id, screens_n)
    meter.client_pids = [screens.pid]
    connect = await screens.connected()
    _say(f"burst: screens {connect['connected']} connected in {connect['wall_s']} s")
    devices, opened = await _open_devices(port, len(cookies))
    await staff.open()
    _say(f"burst: {opened['opened']} tablets connected in {opened['seconds']} s; opening the vote")
    headers = [{**_headers(c), "Content-Type": "application/json"} for c in cookies]
    schedule = press_times(len(cookies), rng)
    order = list(range(len(cookies)))
    rng.shuffle(order)
    in_flight, records, first = InFlight(), [], []
    kill = {"in_flight_at_kill": None, "at_s": None}

    async def watch_for_kill():
        while True:
            await in_flight.changed.wait()
            in_flight.changed.clear()
            if in_flight.now >= CRASH_IN_FLIGHT:
                kill["in_flight_at_kill"] = in_flight.now
                kill["at_s"] = round(loop.time() - start, 3)
                killer()
                return

    loop = asyncio.get_running_loop()
    load_before = _loadavg()
    await screens.arm(poll_id, "open")
    cpu_before = meter.sample()
    t_open = time.perf_counter()
    status, text = await staff.request(
        "POST", f"/api/votes/{poll_id}/open", _headers(staff_cookies)
    )
    open_ms = (time.perf_counter() - t_open) * 1000
    if status != 200:
        raise RuntimeError(f"open failed: HTTP {status} {text[:300]!r}")
    start = loop.time()
    watcher = loop.create_task(watch_for_kill()) if killer else None
    tasks, lags = [], []
    for at, i in zip(schedule, order, strict=True):
        delay = start + at - loop.time()
        if delay > 0:
            await asyncio.sleep(delay)
        lags.append(loop.time() - (start + at))
        tasks.append(
            loop.create_task(
                _press(
                    devices[i], poll_id, headers[i], in_flight, records, first, _ballot(cookies[i])
                )
            )
        )
    await asyncio.wait_for(asyncio.gather(*tasks), timeout=180)
    cpu_after = meter.sample()
    load_after = _loadavg()
    if watcher and not watcher.done():
        watcher.cancel()
    open_push = await screens.every_screen(t_open)

    out = _summary(records)
    out["schedule"] = {
        "opened_to_first_press_s": 0,
        "early": f"{round(100 * EARLY_SHARE)}% within {EARLY_S:g} s",
        "late": f"the rest over the next {LATE_S:g} s",
    }
    failures: dict = {}
    for s in first:
        if s not in (200, 201):
            failures[str(s)] = failures.get(str(s), 0) + 1
    out["first_attempt_failures"] = sum(failures.values())
    out["first_attempt_failures_by_kind"] = failures
    out["in_flight_peak"] = in_flight.peak
    out["tablets"] = {
        **opened,
        "connections_opened_during_vote": sum(d.connects for d in devices) - len(devices),
    }
    lags.sort()
    out["client_send_lag_ms"] = {
        "p50": round(1000 * _pct(lags, 50), 2),
        "p99": round(1000 * _pct(lags, 99), 2),
        "max": round(1000 * lags[-1], 2),
    }
    out["latency_ms_by_moment_sent"] = _by_moment_sent(records, t_open)
    out["open_request_ms"] = round(open_ms, 1)
    out["open_on_every_screen"] = open_push
    out["cpu_seconds"] = CpuMeter.delta(cpu_before, cpu_after, len(records), out["elapsed_s"])
    out["load_average"] = {"before": load_before, "after": load_after}
    out["screens"] = {"asked": screens_n, **connect}
    if killer:
        out["killed_worker"] = {**killer.report(), **kill}

    # The close (the trustees' devices online decrypt the totals; the poll publishes at once):
    # the request, then the result on every screen.
    await screens.arm(poll_id, "published")
    out["ballots_unchecked_at_close"] = await asyncio.to_thread(_unchecked, poll_id)
    stop = asyncio.Event()
    trustees = loop.create_task(online(stop)) if online else None
    t_close = time.perf_counter()
    status, text = await staff.request(
        "POST", f"/api/votes/{poll_id}/close", _headers(staff_cookies)
    )
    out["close_request_ms"] = round((time.perf_counter() - t_close) * 1000, 1)
    if status != 200:
        raise RuntimeError(f"close failed: HTTP {status} {text[:300]!r}")
    out["result_on_every_screen"] = await screens.every_screen(t_close)
    stop.set()
    if trustees:
        out["partial_decryptions"] = [status for _, _, status in await trustees]
    body = json.loads(text)
    out["result"] = {k: body.get(k) for k in ("state", "entitled")}  # the tally: see below
    staff.close()
    for d in devices:
        d.close()
    await screens.close()
    return out


# Where the slow presses are: those sent while the opening reaches every screen, the rest of
# the early rush, or the late ones (seconds after the open request was sent).
MOMENTS = ((0.0, 0.5), (0.5, 3.0), (3.0, float("inf")))


def _by_moment_sent(records: list, t_open: float) -> dict:
    from bench.votes import _pct

    out = {}
    for low, high in MOMENTS:
        latencies = sorted(
            (done - sent) * 1000 for sent, done, *_ in records if low <= sent - t_open < high
        )
        label = f"{low:g}-{high:g}s" if high != float("inf") else f"{low:g}s-"
        out[label] = {
            "presses": len(latencies),
            "p50": round(_pct(latencies, 50), 1),
            "p99": round(_pct(latencies, 99), 1),
            "max": round(latencies[-1], 1) if latencies else None,
        }
    return out


def judge(out: dict, crash: bool) -> dict:
    """Correctness is always judged; timing only when the run was not disturbed."""
    t = TARGETS
    correct = (
        out["lost"] == 0
        and out["doubled"] == 0
        and out["errors"] == 0
        and out["tally_matches_accepted"]
    )
    if crash:
        k = out.get("killed_worker", {})
        return {
            "burst_crash_no_loss": correct,
            "burst_crash_killed_with_enough_in_flight": (k.get("in_flight_at_kill") or 0)
            >= CRASH_IN_FLIGHT,
        }
    timing = (
        out["latency_ms"]["p99"] < t["p99_ms_below"]
        and out["close_request_ms"] < t["close_request_ms_below"]
        and out["result_on_every_screen"]["missing"] == 0
        and (out["result_on_every_screen"]["last_ms"] or 1e9) < t["result_on_every_screen_ms_below"]
    )
    out["timing_within_target_if_judged"] = timing
    return {
        "burst_no_loss": correct,
        "burst_first_attempt": out["first_attempt_failures"] == 0,
        "burst_screens": out["screens"]["connected"] >= t["screens"],
        "burst_timing": None if out["cpu_seconds"]["disturbed"] else timing,
    }


def _unchecked(poll_id: int) -> int:
    """Encrypted ballots stored whose proofs the server has yet to check (the close checks
    them before it counts: they are its work)."""
    from django.db import connection

    from lianghui.votes.models import EncryptedBallot

    try:
        return EncryptedBallot.objects.filter(poll_id=poll_id, checked=False).count()
    finally:
        connection.close()
