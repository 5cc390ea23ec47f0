"""A meeting's live channel asks for the second factor as the pages do: a secretariat account
signed in with its password only, where a code is required, is refused; once the code is
given in that sign-in, the same session listens. django-otp's middleware does not run on
websockets, so the consumer reads the confirmed device from the session."""

import asyncio

import pytest
from channels.db import database_sync_to_async
from channels.testing import WebsocketCommunicator
from django.db import connections
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from conftest import PASSWORD
from lianghui.asgi import application


def listen(meeting_id: int, sessionid: str) -> bool:
    async def scenario():
        ws = WebsocketCommunicator(
            application,
            f"/ws/meetings/{meeting_id}/",
            headers=[
                (b"origin", b"http://127.0.0.1"),
                (b"cookie", f"sessionid={sessionid}".encode()),
            ],
        )
        connected, _ = await ws.connect()
        if connected:
            await ws.disconnect()
        await database_sync_to_async(connections.close_all)()
        return connected

    return asyncio.run(scenario())


@pytest.mark.django_db(transaction=True)
def test_the_live_channel_asks_for_the_code_as_the_pages_do(hall, settings):
    hall.session.public = False  # only those who may see the session listen
    hall.session.save(update_fields=["public"])
    client = Client(REMOTE_ADDR="10.0.0.9")
    assert client.login(username="mishu", password=PASSWORD)
    sessionid = client.cookies["sessionid"].value

    settings.SIGNIN_SECOND_FACTOR = False
    assert listen(hall.plenary.pk, sessionid)  # no code asked: the secretariat listens

    settings.SIGNIN_SECOND_FACTOR = True
    assert not listen(hall.plenary.pk, sessionid)  # password only: refused

    # Another account's confirmed device in this session does not count.
    other = TOTPDevice.objects.create(user=hall.delegate_user, name="x", confirmed=True)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = other.persistent_id
    session.save()
    assert not listen(hall.plenary.pk, sessionid)

    # The code given in this sign-in (django_otp.login stores the device in the session).
    own = TOTPDevice.objects.create(user=hall.officer, name="authenticator", confirmed=True)
    session[DEVICE_ID_SESSION_KEY] = own.persistent_id
    session.save()
    assert listen(hall.plenary.pk, sessionid)
