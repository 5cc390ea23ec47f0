"""The big screen steered over the API: the chair's console's action, its refusals in
Chinese, and nothing changed by a refused call."""

import pytest
from django.test import Client

from lianghui.audit.models import Event
from lianghui.hall.models import HallState
from lianghui.hall.snapshot import build_snapshot

pytestmark = pytest.mark.django_db


def client_of(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def post(client, meeting, body):
    return client.post(
        f"/api/hall/meetings/{meeting.pk}/screen", body, content_type="application/json"
    )


def screen_of(meeting) -> tuple[str, str]:
    state = HallState.objects.filter(meeting=meeting).first()
    return (state.screen_layout, state.screen_message) if state else ("auto", "")


def test_the_chair_switches_the_layout_and_sets_the_message(hall):
    chair = client_of(hall.officer)
    r = post(chair, hall.plenary, {"layout": "seats"})
    assert r.status_code == 200
    assert r.json() == {"meeting_id": hall.plenary.pk, "layout": "seats", "message": ""}
    r = post(chair, hall.plenary, {"message": " 请代表们\n回到座位 "})
    assert r.json() == {
        "meeting_id": hall.plenary.pk,
        "layout": "seats",
        "message": "请代表们 回到座位",
    }
    assert build_snapshot(hall.plenary.pk)["screen"] == {
        "layout": "seats",
        "message": "请代表们 回到座位",
    }
    r = post(chair, hall.plenary, {"layout": "vote", "message": ""})
    assert r.json()["layout"] == "vote" and r.json()["message"] == ""
    events = Event.objects.filter(kind="hall.screen_set")
    assert events.count() == 3 and {e.actor_id for e in events} == {hall.officer.pk}


@pytest.mark.parametrize(
    ("body", "code", "words"),
    [
        ({"layout": "cinema"}, "bad_layout", "大屏幕版式只能是"),
        ({"message": "会" * 51}, "bad_message", "最多 50 个字"),
        ({"layout": "seats", "message": "会" * 51}, "bad_message", "最多 50 个字"),
        ({"message": "请\u202e回座"}, "bad_message", "控制字符"),
        ({}, "nothing_to_set", "请选择大屏幕版式"),
        ({"layout": ["seats"]}, "invalid_input", "请求数据格式有误"),
    ],
)
def test_bad_input_is_a_422_in_chinese_and_changes_nothing(hall, body, code, words):
    chair = client_of(hall.officer)
    assert (
        post(chair, hall.plenary, {"layout": "agenda", "message": "休会十分钟"}).status_code == 200
    )
    before = Event.objects.count()
    r = post(chair, hall.plenary, body)
    assert r.status_code == 422
    assert r.json()["code"] == code and words in r.json()["message"]
    assert screen_of(hall.plenary) == ("agenda", "休会十分钟")
    assert Event.objects.count() == before


def test_whoever_does_not_chair_the_meeting_is_refused_with_403(hall):
    for user in (hall.delegate_user, hall.outsider):
        r = post(client_of(user), hall.plenary, {"layout": "seats"})
        assert r.status_code == 403
        assert r.json()["message"] == "只有会议主持人或会务组可以操作会场。"
    assert post(Client(), hall.plenary, {"layout": "seats"}).status_code == 401
    r = post(client_of(hall.officer), type("M", (), {"pk": 987654})(), {"layout": "seats"})
    assert r.status_code == 404
    assert screen_of(hall.plenary) == ("auto", "")
    assert not Event.objects.filter(kind="hall.screen_set").exists()
