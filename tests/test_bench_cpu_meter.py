"""bench votes' CPU meter: a server process the crash scenarios kill still counts.

The meter reads the server's processes from /proc. A worker killed in the middle of a run is
gone from the sample after it, and so was all the CPU it had used: the crash scenario
reported a negative server CPU. The killer now tells the meter first.
"""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from bench.votes import CpuMeter

# A "server" whose worker burns BURN seconds of CPU, then idles; the server reaps the worker
# once it is killed, as uvicorn's supervisor does, so it is gone from /proc.
BURN = 0.3
WORKER = f"import time\nend = time.process_time() + {BURN}\nwhile time.process_time() < end: pass\ntime.sleep(60)"
SERVER = (
    "import subprocess, sys, time\n"
    f"worker = subprocess.Popen([sys.executable, '-c', {WORKER!r}])\n"
    "worker.wait()\n"
    "time.sleep(60)"
)


def children(pid: int) -> list[int]:
    return [
        int(child)
        for task in Path(f"/proc/{pid}/task").iterdir()
        for child in (task / "children").read_text().split()
    ]


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def wait_for(condition, timeout: float = 20.0):
    deadline = time.monotonic() + timeout
    while not (found := condition()):
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.01)
    return found


def test_a_worker_killed_mid_run_still_counts_the_cpu_it_used():
    server = subprocess.Popen([sys.executable, "-c", SERVER])
    try:
        (worker,) = wait_for(lambda: children(server.pid))
        meter = CpuMeter(server.pid, False)
        before = meter.sample()
        wait_for(lambda: cpu_seconds(worker) >= BURN)
        meter.departing(worker)
        os.kill(worker, signal.SIGKILL)
        wait_for(lambda: not children(server.pid))  # reaped: gone from /proc
        after = meter.sample()
        used = after["server"] - before["server"]
        assert used >= BURN - before["workers"][worker] - 0.05, (before, after)
        assert after["workers"][worker] >= BURN - 0.05
    finally:
        server.send_signal(signal.SIGKILL)
        server.wait()
