import pytest
from django.test import Client

from conftest import PASSWORD
from lianghui.attendance.actions import badge_for
from lianghui.attendance.models import CheckIn


def signed_in(user, csrf=False) -> Client:
    client = Client(enforce_csrf_checks=csrf)
    assert client.login(username=user.username, password=PASSWORD)
    return client


@pytest.mark.django_db
def test_secretariat_checks_in_by_code_over_http(hall):
    client = signed_in(hall.officer)
    url = f"/api/attendance/meetings/{hall.plenary.pk}/checkins"
    code = badge_for(hall.delegates[1]).token
    r = client.post(url, {"code": code}, content_type="application/json")
    assert r.status_code == 201, r.content
    assert r.json()["person_name"] == "李四" and r.json()["capacity"] == "voting"
    again = client.post(url, {"code": code}, content_type="application/json")
    assert again.status_code == 200 and again.json()["created"] is False
    quorum = client.get(f"/api/attendance/meetings/{hall.plenary.pk}/quorum").json()
    assert (quorum["present"], quorum["total"], quorum["needed"]) == (1, 6, 4)


@pytest.mark.django_db
def test_delegate_checks_in_self_over_http(hall):
    client = signed_in(hall.delegate_user)
    url = f"/api/attendance/meetings/{hall.plenary.pk}/checkins"
    r = client.post(
        url, {"person_id": hall.delegates[0].pk, "method": "self"}, content_type="application/json"
    )
    assert r.status_code == 201
    r = client.post(
        url, {"person_id": hall.delegates[1].pk, "method": "self"}, content_type="application/json"
    )
    assert r.status_code == 403
    assert r.json() == {"code": "forbidden", "message": "只能为本人自助签到。"}


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("payload", "status", "code"),
    [
        ({}, 422, "missing_person"),
        ({"person_id": 999999}, 404, "unknown_person"),
        ({"code": "bogus"}, 404, "unknown_code"),
        ({"person_id": "abc"}, 422, "invalid_input"),
        ({"person_id": 1, "method": "teleport"}, 400, "bad_method"),
    ],
)
def test_bad_check_in_input_gets_a_chinese_4xx_and_changes_nothing(hall, payload, status, code):
    if payload.get("person_id") == 1:
        payload = {**payload, "person_id": hall.delegates[1].pk}
    client = signed_in(hall.officer)
    r = client.post(
        f"/api/attendance/meetings/{hall.plenary.pk}/checkins",
        payload,
        content_type="application/json",
    )
    assert r.status_code == status
    body = r.json()
    assert body["code"] == code
    assert any("\u4e00" <= ch <= "\u9fff" for ch in body["message"])
    assert not CheckIn.objects.exists()


@pytest.mark.django_db
def test_unknown_meeting_is_404_json(hall):
    r = signed_in(hall.officer).get("/api/attendance/meetings/999999/quorum")
    assert r.status_code == 404 and r.json()["code"] == "not_found"


@pytest.mark.django_db
def test_missing_csrf_token_is_refused(hall):
    client = signed_in(hall.officer, csrf=True)
    r = client.post(
        f"/api/attendance/meetings/{hall.plenary.pk}/checkins",
        {"person_id": hall.delegates[1].pk},
        content_type="application/json",
    )
    assert r.status_code in (401, 403)
    assert not CheckIn.objects.exists()


@pytest.mark.django_db
def test_openapi_schema_lists_every_endpoint(client):
    schema = client.get("/api/openapi.json").json()
    paths = schema["paths"]
    for path in [
        "/api/sessions/",
        "/api/sessions/{session_id}/meetings",
        "/api/sessions/meetings/{meeting_id}",
        "/api/attendance/meetings/{meeting_id}/quorum",
        "/api/attendance/meetings/{meeting_id}/checkins",
        "/api/people/",
        "/api/people/me",
        "/api/people/organisations",
        "/api/people/import",
    ]:
        assert path in paths, path
    assert client.get("/api/docs").status_code == 200


@pytest.mark.django_db
def test_leave_through_the_api_and_the_desk(hall):
    client = signed_in(hall.officer)
    url = f"/api/attendance/meetings/{hall.plenary.pk}/leaves"
    r = client.post(
        url,
        {"person_id": hall.delegates[5].pk, "reason": "因公出差"},
        content_type="application/json",
    )
    assert r.status_code == 201
    again = client.post(
        url, {"person_id": hall.delegates[5].pk, "reason": "重复"}, content_type="application/json"
    )
    assert again.status_code == 409 and again.json()["code"] == "leave_exists"
    r = signed_in(hall.delegate_user).post(
        url, {"person_id": hall.delegates[4].pk, "reason": "x"}, content_type="application/json"
    )
    assert r.status_code == 403
    client.post(f"/meetings/{hall.plenary.pk}/desk/leave/", {"name": "钱七", "reason": "病假"})
    quorum = client.get(f"/api/attendance/meetings/{hall.plenary.pk}/quorum").json()
    assert quorum["on_leave"] == 2
