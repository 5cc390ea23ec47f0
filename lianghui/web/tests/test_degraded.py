"""Degrade, don't fail: Redis stops in the middle of a sitting, PostgreSQL (or SQLite) stops
answering. Run by the SQLite suite (Redis is "stopped" by pointing at a closed port) and by
the PostgreSQL + Redis suite (there the first half runs on the real Redis)."""

import socket

import pytest
from django.db import OperationalError
from django.test import Client

from conftest import PASSWORD
from lianghui import cache as resilient
from lianghui.attendance import actions as attendance
from lianghui.attendance.models import Method
from lianghui.votes.models import Poll


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]  # nothing listens once the socket is closed


def redis_settings(url: str) -> dict:
    return {
        "CACHES": {
            "default": {
                "BACKEND": "lianghui.cache.ResilientRedisCache",
                "LOCATION": url,
                "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 2},
            }
        },
        "CHANNEL_LAYERS": {
            "default": {
                "BACKEND": "channels_redis.pubsub.RedisPubSubChannelLayer",
                "CONFIG": {"hosts": [{"address": url}]},
            }
        },
    }


def sign_in(user) -> Client:
    client = Client()
    response = client.post("/accounts/login/", {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302, response.content
    return client


@pytest.fixture
def fresh_state():
    resilient._down_since, resilient._retry_at = None, 0.0
    yield
    resilient._down_since, resilient._retry_at = None, 0.0


@pytest.mark.django_db
def test_redis_stops_mid_sitting_and_the_chair_still_closes_the_vote(
    hall, scrutineers, settings, fresh_state
):
    import os

    from lianghui.votes.testing import decrypt, phone_body

    if os.environ.get("REDIS_URL"):  # the services run: start on the real Redis
        for name, value in redis_settings(os.environ["REDIS_URL"]).items():
            setattr(settings, name, value)
    for person in hall.delegates[:4]:
        attendance.check_in(hall.plenary, person, Method.DESK, hall.officer)
    chair = sign_in(hall.officer)
    voter = sign_in(hall.delegate_user)
    created = chair.post(
        "/api/votes/",
        {"meeting_id": hall.plenary.pk, "question": "表决通过会议议程"},
        content_type="application/json",
    )
    poll_id = created.json()["id"]
    assert chair.post(f"/api/votes/{poll_id}/open").status_code == 200
    cast = voter.post(
        f"/api/votes/{poll_id}/cast",
        phone_body(voter, poll_id, "yes"),
        content_type="application/json",
    )
    assert cast.status_code == 201

    # Redis stops.
    for name, value in redis_settings(f"redis://127.0.0.1:{closed_port()}/0").items():
        setattr(settings, name, value)

    closed = chair.post(f"/api/votes/{poll_id}/close")
    assert closed.status_code == 200, closed.content
    assert Poll.objects.get(pk=poll_id).state == "tallying"
    decrypt(Poll.objects.get(pk=poll_id), scrutineers)  # the trustees' devices answer
    assert Poll.objects.get(pk=poll_id).state == "published"
    assert resilient.redis_down()

    late = Client()
    response = late.post(
        "/accounts/login/", {"username": hall.delegates[0].user.username, "password": PASSWORD}
    )
    assert response.status_code == 302 and "_auth_user_id" in late.session
    assert late.get("/me/").status_code == 200
    assert voter.get(f"/api/votes/{poll_id}/result").json()["yes"] == 1  # nothing lost

    page = chair.get("/").content.decode()
    assert "Redis 暂时无法连接" in page  # the secretariat is told
    assert "Redis 暂时无法连接" not in late.get("/").content.decode()  # a delegate is not
    assert chair.get(f"/meetings/{hall.plenary.pk}/").status_code == 200


@pytest.mark.django_db
def test_a_database_outage_answers_a_chinese_503_on_pages_and_api(hall, monkeypatch):
    from django.db.backends.base.base import BaseDatabaseWrapper

    def refuse(*args, **kwargs):
        raise OperationalError("connection to server at 127.0.0.1 port 5432 failed")

    client = Client(raise_request_exception=False)
    client.force_login(hall.delegate_user)
    monkeypatch.setattr(BaseDatabaseWrapper, "ensure_connection", refuse)
    page = client.get("/me/")
    assert page.status_code == 503 and page["Retry-After"]
    assert "数据库暂时无法连接" in page.content.decode()
    api = client.get(f"/api/votes/{1}")
    assert api.status_code == 503
    assert api.json()["code"] == "database_unavailable"
    assert "数据库暂时无法连接" in api.json()["message"]
