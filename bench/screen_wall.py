"""The burst's screens in a process of their own, as in a hall they are devices of their own.

In one event loop with the tablets, every push to 3,000 screens held the tablets' answers
back while the client read 3,000 frames: it fell up to 140 ms behind its own schedule
(client_send_lag_ms, p99), and the presses looked that much slower though the server had
answered them. With the screens here, 2-4 ms. Here the screens
run in a child process with its own loop (uvloop where installed), and the parent drives
them through a pipe: connect, arm a watch, wait until every screen has the watched state,
close. Times are time.perf_counter() in both processes (the system's monotonic clock on
Linux), so the child's arrival times are measured from the parent's own moments.

The child's CPU time counts as the client's (CpuMeter.client_pids).
"""

import asyncio
import gc
import multiprocessing

# The child is started with "spawn": the parent runs an event loop and holds Django's
# state, neither of which a forked child may inherit safely.
_CONTEXT = multiprocessing.get_context("spawn")


class ScreenWall:
    """The parent's handle on the screens' process."""

    def __init__(self, url: str, origin: str, n: int):
        self.pipe, child = _CONTEXT.Pipe()
        self.process = _CONTEXT.Process(
            target=_child, args=(child, url, origin, n), name="bench-screens", daemon=True
        )
        self.process.start()
        child.close()

    @property
    def pid(self) -> int:
        return self.process.pid

    async def _ask(self, *command):
        self.pipe.send(command)
        answer = await asyncio.get_running_loop().run_in_executor(None, self.pipe.recv)
        if isinstance(answer, dict) and "error" in answer:
            raise RuntimeError(f"screens' process: {answer['error']}")
        return answer

    async def connected(self) -> dict:
        """Waits for the connections made at start; the connect phase's figures."""
        return await self._ask("connected")

    async def arm(self, poll_id: int, state: str) -> None:
        """From now on, each screen notes when it first sees the poll in that state."""
        await self._ask("arm", poll_id, state)

    async def every_screen(self, t0: float, timeout: float = 10.0) -> dict:
        """Waits until every live screen has the armed state; ms after t0 (perf_counter)."""
        return await self._ask("every_screen", t0, timeout)

    async def close(self) -> None:
        try:
            await asyncio.wait_for(self._ask("close"), 30)
        finally:
            self.process.join(timeout=10)
            if self.process.is_alive():
                self.process.kill()
            self.pipe.close()


def _child(pipe, url: str, origin: str, n: int) -> None:
    try:
        import uvloop
    except ImportError:
        uvloop = None
    if uvloop is None:
        asyncio.run(_serve(pipe, url, origin, n))
    else:
        with asyncio.Runner(loop_factory=uvloop.new_event_loop) as runner:
            runner.run(_serve(pipe, url, origin, n))


async def _serve(pipe, url: str, origin: str, n: int) -> None:
    from bench.burst import _every_screen
    from bench.screens import Screens, _connect_all, poll_is

    loop = asyncio.get_running_loop()
    screens = Screens()
    connecting = loop.create_task(_connect_all(screens, n, url, origin, "deflate", 200, None))
    while True:
        command = await loop.run_in_executor(None, pipe.recv)
        try:
            if command[0] == "connected":
                answer = await connecting
                # As the client's own phases: no collection pause while the screens listen.
                gc.collect()
                gc.freeze()
                gc.disable()
            elif command[0] == "arm":
                screens.arm(poll_is(command[1], command[2]))
                answer = None
            elif command[0] == "every_screen":
                answer = await _every_screen(screens, command[1], command[2])
            elif command[0] == "close":
                await screens.close()
                pipe.send(None)
                return
            else:
                answer = {"error": f"unknown command {command[0]!r}"}
        except Exception as e:  # told to the parent, which raises it
            answer = {"error": f"{type(e).__name__}: {e}"}
        pipe.send(answer)
