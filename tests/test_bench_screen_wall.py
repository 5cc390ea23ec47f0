"""bench votes --scenario burst: the screens' process connects, watches and reports from its
own event loop, the times measured from the parent's moments."""

import asyncio
import json
import time

from websockets.asyncio.server import serve

from bench.screen_wall import ScreenWall


def test_every_screen_sees_the_armed_state_and_reports_it():
    async def scenario():
        sockets = set()

        async def handler(ws):
            sockets.add(ws)
            await ws.send(json.dumps({"type": "hall.state", "poll": None}))
            await ws.wait_closed()

        async with serve(handler, "127.0.0.1", 0) as server:
            port = server.sockets[0].getsockname()[1]
            wall = ScreenWall(f"ws://127.0.0.1:{port}/", f"http://127.0.0.1:{port}", 5)
            try:
                connect = await wall.connected()
                await wall.arm(7, "open")
                t0 = time.perf_counter()
                other = {"type": "hall.state", "poll": {"id": 6, "state": "open"}}
                opened = {"type": "hall.state", "poll": {"id": 7, "state": "open"}}
                for ws in list(sockets):
                    await ws.send(json.dumps(other))  # not the armed state: not counted
                    await ws.send(json.dumps(opened))
                seen = await wall.every_screen(t0, timeout=10)
            finally:
                await wall.close()
        return connect, seen, wall.process.exitcode

    connect, seen, exitcode = asyncio.run(scenario())
    assert connect["connected"] == 5 and connect["failures"] == 0
    assert seen["screens_alive"] == 5 and seen["received"] == 5 and seen["missing"] == 0
    assert 0 <= seen["last_ms"] < 10_000, "measured from the parent's moment"
    assert exitcode == 0, "the screens' process closed its sockets and ended"


def test_a_failure_in_the_screens_process_is_raised_in_the_parent():
    async def scenario():
        wall = ScreenWall("ws://127.0.0.1:9/", "http://127.0.0.1:9", 1)  # nothing listens
        try:
            connect = await wall.connected()
            try:
                await wall._ask("no such command")
            except RuntimeError as e:
                return connect, str(e)
            return connect, None
        finally:
            await wall.close()

    connect, error = asyncio.run(scenario())
    assert connect["connected"] == 0 and connect["failures"] == 1
    assert error and "unknown command" in error
