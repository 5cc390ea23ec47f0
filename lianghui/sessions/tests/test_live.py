"""A check-in reaches a meeting's websocket clients, and only after its transaction commits."""

import asyncio

import pytest
from asgiref.sync import sync_to_async
from channels.layers import get_channel_layer
from channels.testing import WebsocketCommunicator
from django.conf import settings
from django.db import transaction

from lianghui.asgi import application
from lianghui.attendance import actions
from lianghui.attendance.models import Method


def test_channel_layer_matches_the_configuration():
    layer = get_channel_layer()
    if settings.REDIS_URL:
        assert type(layer).__module__.startswith("channels_redis")
    else:
        assert type(layer).__name__ == "InMemoryChannelLayer"


@pytest.mark.django_db(transaction=True)
def test_check_in_pushes_after_commit(hall):
    async def scenario():
        ws = WebsocketCommunicator(
            application,
            f"/ws/meetings/{hall.plenary.pk}/",
            headers=[(b"origin", b"http://127.0.0.1")],
        )
        connected, _ = await ws.connect()
        assert connected

        def check_in_and_peek():
            with transaction.atomic():
                actions.check_in(hall.plenary, hall.delegates[2], Method.DESK, hall.officer)
                pending = list(transaction.get_connection().run_on_commit)
            return pending

        pending = await sync_to_async(check_in_and_peek)()
        assert pending, "the push is queued for after commit, not sent inside the transaction"
        message = await ws.receive_json_from(timeout=5)
        assert message == {"type": "meeting.changed", "meeting": hall.plenary.pk}
        await ws.disconnect()

    asyncio.run(scenario())
