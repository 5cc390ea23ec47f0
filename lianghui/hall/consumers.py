"""A meeting's live channel: a snapshot on connect, then every new state, read-only.

Clients never send commands over the socket: every change is an HTTP action with its
permission check and audit event. Who may listen: anyone who may see the meeting's
session, or a big screen holding a signed screen token.
"""

import contextlib
import json
import time
from urllib.parse import parse_qs

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncWebsocketConsumer

from lianghui.errors import NotFound
from lianghui.hall import fanout
from lianghui.hall.snapshot import current_version
from lianghui.hall.tokens import token_allows
from lianghui.sessions import access, live
from lianghui.web.second_factor import held_back_on_socket


@database_sync_to_async
def _may_see(user, session, meeting_id: int) -> bool:
    if held_back_on_socket(user, session):
        return False  # signed in with a password only, where a code is required
    try:
        access.meeting_for(user, meeting_id)
    except NotFound:
        return False
    return True


# The last snapshot text built in this process, per meeting: (version, built at, text).
# When a worker restarts, its screens reconnect all at once; each connect used to build a
# full snapshot (a dozen queries) on the one thread that serves database calls, so 1,500
# screens waited a minute. A connect now checks the version (one query) and reuses the text.
_texts: dict[int, tuple[int, float, str]] = {}
REUSE_FOR = 5.0  # seconds; also bounds a stale text if a lower event id commits late


@database_sync_to_async
def _snapshot_text(meeting_id: int) -> str:
    cached = _texts.get(meeting_id)
    now = time.monotonic()
    if cached and now - cached[1] < REUSE_FOR and cached[0] == current_version():
        return cached[2]
    state = live.snapshot(meeting_id)
    text = json.dumps(state, ensure_ascii=False, separators=(",", ":"))
    _texts[meeting_id] = (state.get("version", 0), now, text)
    return text


class HallConsumer(AsyncWebsocketConsumer):
    async def connect(self):
        self.meeting_id = int(self.scope["url_route"]["kwargs"]["meeting_id"])
        query = parse_qs(self.scope.get("query_string", b"").decode())
        token = (query.get("token") or [None])[0]
        # A screen's signed token needs no database: checked here, without a thread hop.
        allowed = token_allows(token, self.meeting_id)
        user, session = self.scope.get("user"), self.scope.get("session")
        if not allowed and not await _may_see(user, session, self.meeting_id):
            await self.close(code=4403)
            return
        await self.accept()
        # Listening before the snapshot is built: a state pushed in between comes first or
        # is older than the snapshot, and the screen keeps the highest version.
        await fanout.join(self.channel_layer, self.meeting_id, self)
        self.joined = True
        await self.send(text_data=await _snapshot_text(self.meeting_id))

    async def disconnect(self, code):
        if getattr(self, "joined", False):
            fanout.leave(self.meeting_id, self)

    async def send_state(self, text: str) -> None:
        """A pushed state (from this worker's listener for the meeting)."""
        # A socket already gone raises; its disconnect leaves the listener.
        with contextlib.suppress(Exception):
            await self.send(text_data=text)

    async def receive(self, text_data=None, bytes_data=None):
        # "sync" asks for a fresh snapshot (after a suspected gap); anything else is ignored.
        if text_data == "sync":
            await self.send(text_data=await _snapshot_text(self.meeting_id))
