"""`lianghui serve` with two workers: a socket each (SO_REUSEPORT), connections spread evenly.

A tiny ASGI app answers each request with its worker's process id; 200 connections opened
at once, as a hall's tablets open theirs, while one worker is busy, must land on both
workers in fair shares."""

import os
import signal
import socket
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from lianghui import serving

ROOT = Path(__file__).resolve().parents[1]

pytestmark = pytest.mark.skipif(not serving.supported(), reason="no SO_REUSEPORT here")

APP = """
import os
import time

async def app(scope, receive, send):
    if scope["type"] != "http":
        return
    if scope["path"] == "/busy":  # a worker writing a batch: its event loop does nothing else
        time.sleep(0.8)
    body = str(os.getpid()).encode()
    await send({"type": "http.response.start", "status": 200,
                "headers": [(b"content-length", str(len(body)).encode())]})
    await send({"type": "http.response.body", "body": body})
"""

SERVER = """
import sys
import uvicorn
from lianghui import serving

if __name__ == "__main__":
    port = int(sys.argv[1])
    config = uvicorn.Config("pidapp:app", host="127.0.0.1", port=port, workers=2,
                            log_level="warning", lifespan="off")
    serving.run_workers(config)
"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _ask(sock: socket.socket, path: str = "/") -> int:
    sock.sendall(f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".encode())
    data = b""
    while b"\r\n\r\n" not in data or not data.split(b"\r\n\r\n", 1)[1]:
        chunk = sock.recv(4096)
        if not chunk:
            break
        data += chunk
    return int(data.split(b"\r\n\r\n", 1)[1])


def test_two_workers_take_a_fair_share_of_connections_opened_at_once(tmp_path):
    (tmp_path / "pidapp.py").write_text(APP)
    (tmp_path / "server.py").write_text(textwrap.dedent(SERVER))
    port = _free_port()
    env = {**os.environ, "PYTHONPATH": f"{tmp_path}{os.pathsep}{ROOT}"}
    server = subprocess.Popen(
        [sys.executable, str(tmp_path / "server.py"), str(port)], env=env, start_new_session=True
    )
    try:
        deadline = time.monotonic() + 30
        while True:  # both workers listening: a request answers (the sockets bind as they start)
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=2) as probe:
                    _ask(probe)
                break
            except OSError:
                assert time.monotonic() < deadline, "the server did not start"
                time.sleep(0.2)
        time.sleep(1)  # the second worker too
        assert not serving.port_free("127.0.0.1", port)  # a second serve would be refused
        # One worker is busy while the tablets connect: with one shared socket the other
        # would accept them all; with a socket each, the busy one's wait in its own queue.
        busy = socket.create_connection(("127.0.0.1", port), timeout=10)
        busy.sendall(b"GET /busy HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        time.sleep(0.2)
        tablets = [socket.create_connection(("127.0.0.1", port), timeout=10) for _ in range(200)]
        pids = [_ask(t) for t in tablets]
        for t in [busy, *tablets]:
            t.close()
        shares = {pid: pids.count(pid) for pid in set(pids)}
        assert len(shares) == 2, shares
        assert min(shares.values()) >= 60, shares  # a fair share is 100 ± 7
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
