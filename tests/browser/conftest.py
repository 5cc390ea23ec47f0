"""Playwright driving Debian's Chromium (/usr/bin/chromium), headless.

Outside CI a missing Chromium skips these tests; under CI=true the root conftest turns
any skip into a failure, so CI always runs them.
"""

import contextvars
import itertools
import os
import shutil
from contextlib import contextmanager
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.db.backends.signals import connection_created
from django.dispatch import receiver

CHROMIUM = os.environ.get("LIANGHUI_CHROMIUM", "/usr/bin/chromium")
ARTIFACTS = Path(
    os.environ.get("LIANGHUI_ARTIFACTS", Path(__file__).resolve().parents[2] / "artifacts")
)
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]

# Playwright's sync API runs an event loop in this thread; Django's ORM calls made by
# the test itself (fixtures, assertions) are still synchronous and safe here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(scope="module")
def browser():
    # One Chromium per module, not per worker: Playwright's sync API keeps an event loop
    # running in this thread while it is open, and a later test in the same pytest-xdist
    # worker that calls asyncio.run() would fail.
    if not (Path(CHROMIUM).exists() or shutil.which(CHROMIUM)):
        pytest.skip(f"Chromium not found at {CHROMIUM}: apt-get install chromium fonts-noto-cjk")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(
        locale="zh-CN", timezone_id="Asia/Shanghai", viewport={"width": 1280, "height": 900}
    )
    page = context.new_page()
    confirms(page)
    yield page
    context.close()


@pytest.fixture
def phone(browser):
    context = browser.new_context(
        locale="zh-CN",
        timezone_id="Asia/Shanghai",
        viewport={"width": 390, "height": 844},
        device_scale_factor=2,
        is_mobile=True,
        has_touch=True,
    )
    page = context.new_page()
    confirms(page)
    yield page
    context.close()


def screenshot(page, name: str) -> Path:
    folder = ARTIFACTS / "screenshots"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


GLYPH_CHECK = """(text) => {
  // Draw each character alone; a missing font draws every character as the same box
  // (tofu), so distinct characters must give distinct bitmaps.
  const chars = [...new Set([...text].filter(c => /\\p{Script=Han}/u.test(c)))].slice(0, 8);
  const family = getComputedStyle(document.body).fontFamily;
  const canvas = document.createElement("canvas");
  canvas.width = 48; canvas.height = 48;
  const ctx = canvas.getContext("2d");
  const seen = new Set();
  for (const c of chars) {
    ctx.clearRect(0, 0, 48, 48);
    ctx.font = "32px " + family;
    ctx.fillText(c, 4, 36);
    seen.add(canvas.toDataURL());
  }
  return {chars: chars.length, distinct: seen.size};
}"""


def assert_chinese_renders(page, text: str) -> None:
    result = page.evaluate(GLYPH_CHECK, text)
    assert result["chars"] >= 2, f"no Chinese characters in {text!r}"
    assert result["distinct"] == result["chars"], f"Chinese glyphs render as boxes: {result}"


class Confirms:
    """Every confirm() a page asks, recorded and answered (yes unless `accept` is False).

    Irreversible steps ask once. Without a handler Playwright dismisses every dialog, so the
    step would silently not happen: the page fixtures answer yes, and a test reads `asked`
    to check the question or sets `accept = False` to say no.
    """

    def __init__(self, page):
        self.asked: list[str] = []
        self.accept = True
        page.on("dialog", self._answer)

    def _answer(self, dialog):
        self.asked.append(dialog.message)
        dialog.accept() if self.accept else dialog.dismiss()


def confirms(page) -> Confirms:
    if not hasattr(page, "_lianghui_confirms"):
        page._lianghui_confirms = Confirms(page)
    return page._lianghui_confirms


DEMO_TITLE = "徐汇区第十七届人民代表大会第五次会议"


@pytest.fixture
def demo(transactional_db):
    """The seed replayed: (accounts, password).

    The demo is loaded once per worker and copied back into the (emptied) database for each
    later test: loading it takes seconds, a copy a fraction of one.
    """
    from django.core.cache import cache

    from lianghui.demo import DEMO_PASSWORD

    from ..demo_copy import devices_back, devices_now, load_demo_once
    from .snapshot import restore, take

    if _demo_snapshot:
        restore(_demo_snapshot["data"])
        devices_back(_demo_snapshot["devices"])  # the key shares for the restored keys
        # The cache may hold hall states of the previous test's meetings, with the same ids.
        cache.clear()
        _forget_live_state()
        return _demo_snapshot["accounts"], DEMO_PASSWORD
    cache.clear()
    _forget_live_state()
    # A test of this worker outside the browser may have loaded the demo already.
    accounts = load_demo_once()
    _demo_snapshot.update(data=take(), accounts=accounts, devices=devices_now())
    return accounts, DEMO_PASSWORD


_demo_snapshot: dict = {}


def _forget_live_state():
    """Empty the hall's per-process memos, keyed by meeting id, between tests.

    A worker runs many tests, each with its own server (its own event loop) and the demo
    put back with the same meeting ids and the same audit chain. The snapshot text a
    connecting screen reuses is keyed by the meeting and the newest event's id, which the
    next test reaches again after as many events: a screen then got the last test's state
    (its vote, its count). A trailing push pending on the last server's loop never fires,
    yet its entry held back later pushes of that meeting. The last full snapshot and the
    last cast times belong to the last test's data as well.
    """
    from lianghui.hall import consumers, snapshot
    from lianghui.sessions import live

    for handle in live._pending.values():
        handle.cancel()
    live._pending.clear()
    live._changed.clear()
    snapshot._last_full.clear()
    consumers._texts.clear()


def trustees_answer(poll):
    """The demo meeting's scrutineers' devices, online in the hall, answer the close."""
    import time

    from lianghui.demo.votes import DEVICES
    from lianghui.votes.models import Poll, State
    from lianghui.votes.testing import decrypt

    for _ in range(100):  # the close is a click in another browser: wait for it to land
        poll = Poll.objects.get(pk=poll.pk)
        if poll.state != State.OPEN:
            break
        time.sleep(0.1)
    if poll.state == State.TALLYING:  # (a vote nobody voted in is counted 0 at once)
        decrypt(poll, DEVICES[poll.meeting_id])


def sign_in(page, base, username, password):
    page.goto(f"{base}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("button[type=submit]")
    page.wait_for_load_state("networkidle")


def seat_in_the_auditorium(page, base, meeting_id):
    """The secretariat (signed in on page) seats a meeting by the rules on the demo's
    auditorium, from the seat plan's page, and waits for the named chart."""
    page.goto(f"{base}/meetings/{meeting_id}/seating/")
    page.select_option("#make-plan select[name=hall]", label="上海市委党校大礼堂")
    page.click("#make-plan button")
    page.wait_for_selector("#seatmap g[data-name]")


@pytest.fixture
def asgi_server(transactional_db):
    """The real ASGI application (HTTP and websockets) under uvicorn, in a thread.

    pytest-django's live_server speaks WSGI only; the hall needs websockets.
    """
    from lianghui.asgi import application

    _forget_live_state()
    with serve_asgi(application) as url:
        yield SimpleNamespace(url=url)


# The name of the test server whose code is running: uvicorn's thread sets it, and asgiref
# carries it into every thread that runs sync code for that server (sync_to_async copies the
# context), so a connection knows which server opened it.
_serving: contextvars.ContextVar[str | None] = contextvars.ContextVar("serving", default=None)
_servers = itertools.count(1)


@contextmanager
def serve_asgi(application):
    """application under uvicorn in a thread; its url. On exit the server stops and the
    PostgreSQL connections its threads opened are ended (_end_server_connections)."""
    import socket
    import threading
    import time

    import uvicorn

    name = f"lianghui-test-server-{os.getpid()}-{next(_servers)}"
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    config = uvicorn.Config(
        application, host="127.0.0.1", port=port, lifespan="off", log_level="warning"
    )
    server = uvicorn.Server(config)

    def run():
        _serving.set(name)
        server.run()

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 15
    while not server.started:
        if time.monotonic() > deadline:
            raise RuntimeError("uvicorn did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(10)
        _end_server_connections(name)


@receiver(connection_created, dispatch_uid="lianghui-tests-name-server-connections")
def _name_server_connection(sender, connection, **kwargs):
    """A connection opened by a test server's thread carries the server's name."""
    name = _serving.get()
    if name and connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT set_config('application_name', %s, false)", [name])


def _end_server_connections(name):
    """End the PostgreSQL connections the stopped server's threads left open, and only those.

    Each thread that ran sync code for the server kept its own connection; once the server
    has stopped nothing uses them again, and with a server per test they add up past
    PostgreSQL's max_connections (100) before the session-end clean-up runs. Every other
    connection of the database stays: ending all the idle ones also ended connections that
    later tests of the same worker still held.
    """
    from asgiref.sync import SyncToAsync
    from django.db import connection, connections

    from lianghui.votes import hot_path

    if connection.vendor != "postgresql":
        return
    # asgiref's one thread for thread-sensitive calls outside any request, and the process's
    # cast writer, outlive the server and serve later code of this process: their connections
    # are closed from within, so that they open new ones next time instead of finding these
    # ended.
    for thread in (SyncToAsync.single_thread_executor, hot_path._writer_thread):
        if thread is not None:
            thread.submit(connections.close_all).result(timeout=10)
    with connection.cursor() as cursor:
        # The timeout waits for the ends, so that they are counted off before the next test.
        cursor.execute(
            "SELECT pg_terminate_backend(pid, 5000) FROM pg_stat_activity "
            "WHERE datname = current_database() AND application_name = %s",
            [name],
        )
