"""Votes through HTTP: the API and the pages, for each member of the cast."""

import secrets

import pytest
from django.contrib.auth.models import User
from django.test import Client

from conftest import PASSWORD
from lianghui.attendance import actions as attendance
from lianghui.attendance.models import Method
from lianghui.votes.models import EncryptedBallot, Poll, Voter
from lianghui.votes.testing import decrypt, phone_body


def login(user) -> Client:
    c = Client()
    assert c.login(username=user.username, password=PASSWORD)
    return c


@pytest.fixture
def voting(hall, scrutineers):
    hall.scrutineers = scrutineers
    for i, person in enumerate(hall.delegates[:5]):
        attendance.check_in(hall.plenary, person, Method.DESK, hall.officer)
        if person.user is None:
            person.user = User.objects.create_user(f"v{i}", password=PASSWORD)
            person.save(update_fields=["user"])
    return hall


def api_create(client, hall, **kw):
    r = client.post(
        "/api/votes/",
        {"meeting_id": hall.plenary.pk, "question": "表决通过会议议程", **kw},
        content_type="application/json",
    )
    assert r.status_code == 201, r.content
    return r.json()["id"]


@pytest.mark.django_db
def test_vote_through_the_api(voting):
    hall = voting
    chair = login(hall.officer)
    poll_id = api_create(chair, hall)
    opened = chair.post(f"/api/votes/{poll_id}/open").json()
    assert opened["state"] == "open" and opened["entitled"] == 5 and opened["cast"] == 0
    receipts = []
    for person, choice in zip(hall.delegates[:5], ["yes", "yes", "yes", "yes", "no"], strict=False):
        c = login(person.user)
        token = secrets.token_urlsafe(24)
        body = phone_body(c, poll_id, choice, token)
        r = c.post(f"/api/votes/{poll_id}/cast", body, content_type="application/json")
        assert r.status_code == 201 and r.json()["message"] == "表决成功。"
        retry = c.post(f"/api/votes/{poll_id}/cast", body, content_type="application/json")
        assert retry.status_code == 200 and retry.json()["receipt"] == r.json()["receipt"]
        receipts.append(r.json()["receipt"])
    status = Client().get(f"/api/votes/{poll_id}").json()
    assert status["cast"] == 5 and "yes" not in status  # the count while open, never the choices
    assert Client().get(f"/api/votes/{poll_id}/result").status_code == 409
    closed = chair.post(f"/api/votes/{poll_id}/close").json()
    assert closed["state"] == "tallying"  # the scrutineers' devices decrypt the totals
    assert Client().get(f"/api/votes/{poll_id}/result").status_code == 409
    decrypt(Poll.objects.get(pk=poll_id), hall.scrutineers)
    result = Client().get(f"/api/votes/{poll_id}/result").json()
    assert (
        result["yes"],
        result["no"],
        result["abstain"],
        result["did_not_vote"],
        result["passed"],
    ) == (4, 1, 0, 0, True)
    assert result["sentence"] == "赞成 4 票，超过全体代表 6 人的半数，通过。"
    assert Client().get(f"/api/votes/{poll_id}/receipts").json() == sorted(receipts)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("case", "status", "code"),
    [
        ("twice", 409, "already_voted"),
        ("not_checked_in", 403, "not_entitled"),
        ("bad_choice", 422, "ballot_required"),  # a secret vote takes only encrypted ballots
        ("closed", 409, "not_open"),
        ("no_token", 422, "invalid_input"),
        ("unknown_poll", 404, "not_found"),
        ("anonymous", 401, "not_signed_in"),
    ],
)
def test_bad_casts_get_a_chinese_4xx_and_change_nothing(voting, case, status, code):
    hall = voting
    chair = login(hall.officer)
    poll_id = api_create(chair, hall)
    chair.post(f"/api/votes/{poll_id}/open")
    me = hall.delegates[0]
    client = login(me.user)
    payload = phone_body(client, poll_id, "yes")
    url = f"/api/votes/{poll_id}/cast"
    before = 0
    if case == "twice":
        client.post(url, payload, content_type="application/json")
        payload["client_token"] = secrets.token_urlsafe(24)
        before = 1
    elif case == "not_checked_in":
        late = hall.delegates[5]
        client = login(late.user)
        payload["ballot"] = phone_body(client, poll_id, "yes")["ballot"]
    elif case == "bad_choice":
        payload = {"choice": "yes", "client_token": payload["client_token"]}
    elif case == "closed":
        chair.post(f"/api/votes/{poll_id}/close")
    elif case == "no_token":
        del payload["client_token"]
    elif case == "unknown_poll":
        url = "/api/votes/999999/cast"
    elif case == "anonymous":
        client = Client()
    r = client.post(url, payload, content_type="application/json")
    assert r.status_code == status, r.content
    assert r.json()["code"] == code
    assert any("\u4e00" <= ch <= "\u9fff" for ch in r.json()["message"])
    assert Voter.objects.count() == before == EncryptedBallot.objects.count()


@pytest.mark.django_db
def test_missing_csrf_token_is_refused_for_a_vote(voting):
    hall = voting
    poll_id = api_create(login(hall.officer), hall)
    login(hall.officer).post(f"/api/votes/{poll_id}/open")
    client = Client(enforce_csrf_checks=True)
    client.login(username=hall.delegate_user.username, password=PASSWORD)
    r = client.post(
        f"/api/votes/{poll_id}/cast",
        {"choice": "yes", "client_token": secrets.token_urlsafe(24)},
        content_type="application/json",
    )
    assert r.status_code == 403 and r.json()["code"] == "csrf_failed"
    assert "刷新页面" in r.json()["message"]
    assert not Voter.objects.exists()


@pytest.mark.django_db
def test_delegate_cannot_drive_a_vote(voting):
    hall = voting
    delegate = login(hall.delegate_user)
    r = delegate.post(
        "/api/votes/",
        {"meeting_id": hall.plenary.pk, "question": "x"},
        content_type="application/json",
    )
    assert r.status_code == 403
    poll_id = api_create(login(hall.officer), hall)
    for action in ("open", "close", "publish"):
        assert delegate.post(f"/api/votes/{poll_id}/{action}").status_code == 403
    assert delegate.get(f"/votes/{poll_id}/console/").status_code == 404


@pytest.mark.django_db
def test_pages_vote_and_result(voting):
    hall = voting
    chair = login(hall.officer)
    poll_id = api_create(chair, hall, secret=False)
    page = chair.get(f"/votes/{poll_id}/console/").content.decode()
    assert "开始表决" in page
    chair.post(f"/votes/{poll_id}/console/open/")
    assert (
        '0</span> / <span class="entitled">5'
        in chair.get(f"/votes/{poll_id}/progress/").content.decode()
    )
    delegate = login(hall.delegate_user)
    page = delegate.get(f"/votes/{poll_id}/").content.decode()
    assert "赞成" in page and "反对" in page and "弃权" in page
    r = delegate.post(
        f"/votes/{poll_id}/cast/", {"choice": "yes", "client_token": secrets.token_urlsafe(24)}
    )
    assert r.status_code == 200 and "已表决" in r.content.decode()
    progress = chair.get(f"/votes/{poll_id}/progress/").content.decode()
    assert '1</span> / <span class="entitled">5' in progress and "赞成 <b" not in progress
    chair.post(f"/votes/{poll_id}/console/close/")
    result = Client().get(f"/votes/{poll_id}/result/").content.decode()
    assert "赞成 1 票，未超过全体代表 6 人的半数，未通过。" in result
    assert "张三" in result  # the named vote's roll call


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("form", "expected"),
    [
        ({"fraction": "1/2"}, (1, 2, True)),
        ({"fraction": "2/3"}, (2, 3, False)),
        ({"fraction": "custom", "fraction_custom": "3/5", "comparison": "at_least"}, (3, 5, False)),
        ({"fraction": "custom", "fraction_custom": "3/5x", "comparison": "more"}, None),
    ],
)
def test_the_chair_creates_a_vote_on_the_meeting_page(voting, form, expected):
    from lianghui.votes.models import Poll

    hall = voting
    r = login(hall.officer).post(
        f"/meetings/{hall.plenary.pk}/votes/new/",
        {"question": "表决通过决议", "mode": "electronic", "base": "all", **form},
        follow=True,
    )
    poll = Poll.objects.first()
    if expected is None:
        assert poll is None and "分子/分母" in r.content.decode()
        return
    assert (poll.fraction_numerator, poll.fraction_denominator, poll.strict) == expected


@pytest.mark.django_db
def test_a_body_that_is_not_json_gets_a_chinese_400(voting):
    hall = voting
    poll_id = api_create(login(hall.officer), hall)
    r = login(hall.delegates[0].user).post(
        f"/api/votes/{poll_id}/cast", "choice=yes", content_type="application/json"
    )
    assert r.status_code == 400 and r.json()["code"] == "bad_json"
    assert "JSON" in r.json()["message"] and not Voter.objects.exists()


@pytest.mark.django_db
def test_a_secret_electronic_vote_without_the_tally_key_is_not_opened(hall):
    for person in hall.delegates[:5]:
        attendance.check_in(hall.plenary, person, Method.DESK, hall.officer)
    chair = login(hall.officer)
    poll_id = api_create(chair, hall)
    page = chair.get(f"/votes/{poll_id}/console/").content.decode()
    assert "须先由监票人完成计票密钥仪式" in page
    assert f"meetings/{hall.plenary.pk}/tally-keys/new/" in page
    r = chair.post(f"/api/votes/{poll_id}/open")
    assert r.status_code == 409 and r.json()["code"] == "tally_key_required"
    assert "计票密钥仪式" in r.json()["message"] and "第六十条" in r.json()["message"]
    assert Client().get(f"/api/votes/{poll_id}").json()["state"] == "draft"
    # A named vote needs no key, and stays plaintext and public.
    named = api_create(chair, hall, secret=False)
    assert chair.post(f"/api/votes/{named}/open").status_code == 200
