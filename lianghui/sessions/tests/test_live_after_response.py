"""An urgent change made by a request goes to the screens once its response has been sent.

The state is built at commit (on the request's connection, showing the change) and held;
request_finished, which Django sends after the response's last byte, sends it. The builder
and the channel layer are replaced by recorders.
"""

import pytest
from django.core.cache.backends.locmem import LocMemCache
from django.core.signals import request_finished, request_started
from django.http import HttpResponse
from django.urls import path

from lianghui.sessions import live

# request_started and request_finished close old database connections (Django's own
# receivers): a connection left open by an earlier test module would be touched.
pytestmark = pytest.mark.django_db


@pytest.fixture
def screens(monkeypatch):
    """What the screens got (the builder's counter at build time), and the counter."""
    got: list[str] = []
    changes = {"n": 0}

    class Layer:
        async def group_send(self, group, message):
            got.append(message["text"])

    monkeypatch.setattr(live, "get_channel_layer", Layer)
    monkeypatch.setattr(live, "snapshot", lambda meeting_id, light=False: {"n": changes["n"]})
    monkeypatch.setattr(live, "cache", LocMemCache("live-test", {}))
    live.cache.clear()  # locmem caches of one name share their store across tests
    live._changed.clear()
    live._pending.clear()
    live._held.states = None
    yield got, changes
    live._held.states = None
    live._changed.clear()


def test_held_until_the_request_finishes_and_built_at_commit(screens):
    got, changes = screens
    request_started.send(sender=None)
    changes["n"] = 1
    live._send(7, urgent=True)  # what on_commit calls
    changes["n"] = 2  # the request goes on after its commit: not in the held state
    assert got == [], "nothing goes out before the response"
    request_finished.send(sender=None)
    assert got == ['{"n":1}']


def test_two_urgent_changes_in_one_request_send_the_newer_state_once(screens):
    got, changes = screens
    request_started.send(sender=None)
    for n in (1, 2):
        changes["n"] = n
        live._send(7, urgent=True)
    request_finished.send(sender=None)
    assert got == ['{"n":2}']


def test_outside_a_request_an_urgent_change_goes_at_once(screens):
    got, changes = screens
    changes["n"] = 5
    live._send(7, urgent=True)
    assert got == ['{"n":5}']


def test_a_request_that_never_finished_hands_its_state_to_the_next_one(screens):
    got, changes = screens
    request_started.send(sender=None)
    changes["n"] = 1
    live._send(7, urgent=True)
    request_started.send(sender=None)  # no request_finished came for the first request
    assert got == ['{"n":1}']
    request_finished.send(sender=None)
    assert got == ['{"n":1}'], "sent once"


def test_a_cast_in_a_request_is_not_held(screens):
    got, changes = screens
    request_started.send(sender=None)
    changes["n"] = 3
    live._send(7, urgent=False)  # the throttle decides, as outside a request
    assert got == ['{"n":3}']
    request_finished.send(sender=None)
    assert got == ['{"n":3}']


_seen: dict = {}


def _chair_closes(request):
    live._send(7, urgent=True)  # as on_commit would, in the request's thread
    _seen["sent_when_view_returned"] = list(_seen["got"])
    return HttpResponse("ok")


urlpatterns = [path("close/", _chair_closes)]


def test_through_django_the_push_follows_the_response(screens, client, settings):
    got, _ = screens
    settings.ROOT_URLCONF = __name__
    _seen["got"] = got
    response = client.get("/close/")
    assert response.status_code == 200
    assert _seen["sent_when_view_returned"] == []
    assert got == ['{"n":0}'], "sent when Django closed the response"


def test_an_urgent_state_goes_out_when_the_cache_fails(screens, monkeypatch):
    """Claiming the second in the shared cache only saves a push: a failing cache does not
    keep the chair's change from the screens."""
    got, changes = screens

    class Broken:
        def add(self, *args, **kwargs):
            raise ConnectionError("cache down")

    monkeypatch.setattr(live, "cache", Broken())
    request_started.send(sender=None)
    changes["n"] = 4
    live._send(7, urgent=True)
    request_finished.send(sender=None)
    assert got == ['{"n":4}']
