"""`lianghui serve` with several workers: each listens on a socket of its own (SO_REUSEPORT).

uvicorn's workers share one listening socket, and an asyncio server accepts every
connection waiting at once when it wakes: the 3,000 tablets of a hall, connecting as the
vote page loads, went mostly to whichever worker woke first (one worker did twice the other's
work in `python -m bench votes --scenario burst`, and the slowest presses were all its own).
With a socket per worker bound with SO_REUSEPORT, Linux spreads the connections over the
workers' sockets by a hash of each connection's addresses, so each worker takes its share.

The sockets are made in the workers: uvicorn's supervisor (which restarts a worker that
dies) hands each worker the `sockets` it was given, pickled, and `OwnSocket` unpickles in
the worker as a new socket of its own. Where SO_REUSEPORT is missing, the shared socket.
"""

import socket

import uvicorn
from uvicorn.supervisors import Multiprocess


def supported() -> bool:
    return hasattr(socket, "SO_REUSEPORT")


def _family(host: str) -> socket.AddressFamily:
    return socket.AF_INET6 if ":" in host else socket.AF_INET


def port_free(host: str, port: int) -> bool:
    """Nothing listens on the port yet. (Sockets with SO_REUSEPORT share a port with any
    other of the same user that also asks for it: a second `lianghui serve` on the same
    port must be refused here, not silently given half the connections.)"""
    probe = socket.socket(_family(host), socket.SOCK_STREAM)
    try:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        probe.bind((host, port))
    except OSError:
        return False
    finally:
        probe.close()
    return True


def listening_socket(host: str, port: int) -> list[socket.socket]:
    """A worker's own socket on the shared port (uvicorn's server calls listen on it)."""
    sock = socket.socket(_family(host), socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
    sock.bind((host, port))
    return [sock]


class OwnSocket(list):
    """The `sockets` for uvicorn's Multiprocess: empty in the supervisor, and in each worker
    (spawned, so its arguments are pickled) a socket of the worker's own."""

    def __init__(self, host: str, port: int):
        super().__init__()
        self.host, self.port = host, port

    def __reduce__(self):
        return listening_socket, (self.host, self.port)


def run_workers(config: uvicorn.Config) -> None:
    """uvicorn.run's multi-worker path, with a socket per worker."""
    Multiprocess(config, sockets=OwnSocket(config.host, config.port)).run()
