"""A check-in reaches a meeting's websocket clients as a new snapshot, only after commit."""

import asyncio

import pytest
from asgiref.sync import sync_to_async
from channels.layers import get_channel_layer
from channels.testing import WebsocketCommunicator
from django.conf import settings
from django.db import connections, transaction

from lianghui.asgi import application
from lianghui.attendance import actions
from lianghui.attendance.models import Method
from lianghui.hall.tokens import screen_token


def test_channel_layer_matches_the_configuration():
    layer = get_channel_layer()
    if settings.REDIS_URL:
        assert type(layer).__module__.startswith("channels_redis")
    else:
        assert type(layer).__name__ == "LocalChannelLayer"


async def close_thread_connections():
    """channels' test communicator turns database_sync_to_async's connection clean-up into a
    no-op; close what the consumer opened in asgiref's shared thread, which outlives the
    test (an open connection keeps PostgreSQL from dropping the test database)."""
    await sync_to_async(connections.close_all)()


def communicator(meeting_id, token=None):
    path = f"/ws/meetings/{meeting_id}/" + (f"?token={token}" if token else "")
    return WebsocketCommunicator(application, path, headers=[(b"origin", b"http://127.0.0.1")])


@pytest.mark.django_db(transaction=True)
def test_check_in_pushes_a_new_snapshot_after_commit(hall):
    async def scenario():
        ws = communicator(hall.plenary.pk, screen_token(hall.plenary.pk))
        connected, _ = await ws.connect()
        assert connected
        first = await ws.receive_json_from(timeout=5)
        assert first["type"] == "hall.state" and first["quorum"]["present"] == 0

        def check_in_and_peek():
            with transaction.atomic():
                actions.check_in(hall.plenary, hall.delegates[2], Method.DESK, hall.officer)
                return list(transaction.get_connection().run_on_commit)

        pending = await sync_to_async(check_in_and_peek)()
        assert pending, "the push is queued for after commit, not sent inside the transaction"
        pushed = await ws.receive_json_from(timeout=5)
        assert pushed["quorum"]["present"] == 1 and pushed["version"] > first["version"]
        await ws.disconnect()
        await close_thread_connections()

    asyncio.run(scenario())


@pytest.mark.django_db(transaction=True)
def test_socket_without_access_is_refused(hall):
    async def scenario():
        ws = communicator(hall.plenary.pk, "forged-token")
        connected, _ = await ws.connect()
        assert not connected
        other = communicator(
            hall.plenary.pk, screen_token(hall.group.pk)
        )  # another meeting's token
        connected, _ = await other.connect()
        assert not connected
        await close_thread_connections()

    hall.session.public = False
    hall.session.save(update_fields=["public"])
    asyncio.run(scenario())


def test_two_redis_databases_do_not_hear_each_others_pushes():
    """Publish/subscribe ignores Redis's database number; the channel prefix must not.

    Two deployments (or two test workers) on one Redis, each with its own database, number
    their meetings alike: without a prefix per database, a vote cast in one appeared on the
    other's big screen.
    """
    from urllib.parse import urlsplit, urlunsplit

    from channels_redis.pubsub import RedisPubSubChannelLayer

    from lianghui.env import redis_channel_prefix

    assert redis_channel_prefix("redis://h:6379/3", "x") != redis_channel_prefix(
        "redis://h:6379/4", "x"
    )
    assert redis_channel_prefix("redis://h:6379", "x") == redis_channel_prefix(
        "redis://h:6379/0", "x"
    )
    if not settings.REDIS_URL:
        return  # no Redis in this run: the in-memory layer is per process anyway
    base = urlsplit(settings.REDIS_URL)

    def layer(database: int):
        url = urlunsplit(base._replace(path=f"/{database}"))
        return RedisPubSubChannelLayer(
            hosts=[{"address": url}], prefix=redis_channel_prefix(url, "lianghui")
        )

    async def scenario():
        here, there = layer(14), layer(15)
        mine = await here.new_channel()
        await here.group_add("meeting.1", mine)
        waiting = asyncio.create_task(here.receive(mine))
        await asyncio.sleep(0.2)  # the subscription is in place
        await there.group_send("meeting.1", {"type": "hall.state", "text": "other"})
        await asyncio.sleep(0.5)
        assert not waiting.done(), "a push of another Redis database arrived"
        await here.group_send("meeting.1", {"type": "hall.state", "text": "own"})
        assert (await asyncio.wait_for(waiting, timeout=5))["text"] == "own"
        await here.flush()
        await there.flush()

    asyncio.run(scenario())
