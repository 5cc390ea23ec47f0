"""The live push: tell a meeting's screens that its state changed, after commit only.

Actions call this; the hall issue builds the consumers that listen on these groups.
"""

import logging

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.db import transaction

log = logging.getLogger(__name__)


def group_name(meeting_id: int) -> str:
    return f"meeting.{meeting_id}"


def meeting_changed(meeting_id: int) -> None:
    transaction.on_commit(lambda: _send(meeting_id))


def _send(meeting_id: int) -> None:
    layer = get_channel_layer()
    if layer is None:
        return
    try:
        async_to_sync(layer.group_send)(
            group_name(meeting_id), {"type": "meeting.changed", "meeting": meeting_id}
        )
    except Exception:  # a screen that misses a push catches up by polling; the action stands
        log.warning("live push for meeting %s failed", meeting_id, exc_info=True)
