"""The second factor (SIGNIN_SECOND_FACTOR): the secretariat and the scrutineers confirm each
sign-in with a TOTP code; until they have, no secretariat page or API operation opens. Through
the sign-in page and the code page, as a browser posts them."""

import pytest
from django.test import Client
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from conftest import PASSWORD
from lianghui.audit.models import Event
from lianghui.people.access import secretariat_group
from lianghui.web import signin

CODE_PAGE = "/security/second-factor/"
ACCOUNTS_PAGE = "/security/second-factor/accounts/"


def sign_in(client, username, password=PASSWORD, address="10.0.0.1"):
    return client.post(
        "/accounts/login/", {"username": username, "password": password}, REMOTE_ADDR=address
    )


def code_of(device: TOTPDevice, ahead: int = 0) -> str:
    device.refresh_from_db()
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time += ahead * device.step
    return f"{totp.token():06d}"


def enrol(client, username) -> TOTPDevice:
    page = client.get(CODE_PAGE)
    assert page.status_code == 200
    assert 'src="data:image/svg+xml' in page.content.decode()  # the QR code, CSP-safe
    device = TOTPDevice.objects.get(user__username=username, confirmed=False)
    assert client.post(CODE_PAGE, {"code": code_of(device), "next": "/"}).status_code == 302
    device.refresh_from_db()
    assert device.confirmed
    return device


@pytest.fixture
def required(settings):
    settings.SIGNIN_SECOND_FACTOR = True


@pytest.mark.django_db
def test_a_secretariat_account_without_a_verified_code_reaches_no_secretariat_page_or_api(
    hall, required
):
    client = Client()
    assert sign_in(client, "mishu").status_code == 302
    # Pages send it to the code page, keeping where it was going.
    page = client.get("/people/")
    assert page.status_code == 302
    assert page["Location"] == f"{CODE_PAGE}?next=%2Fpeople%2F"
    assert client.get(ACCOUNTS_PAGE).status_code == 302  # the pages below the code page too
    assert client.get("/security/lockouts/").status_code == 302
    # The API refuses, reads and writes alike, with a Chinese message.
    for method, path, body in (
        ("get", "/api/people/", None),
        ("post", "/api/votes/", {"meeting_id": hall.plenary.pk, "question": "表决"}),
    ):
        call = getattr(client, method)
        response = call(path, body, content_type="application/json") if body else call(path)
        assert response.status_code == 403
        assert response.json()["code"] == "second_factor_required"
        assert "两步验证" in response.json()["message"]

    # Enrolment: a wrong code binds nothing; the right one binds, verifies and is audited.
    client.get(CODE_PAGE)
    wrong = client.post(CODE_PAGE, {"code": "000000"})
    assert wrong.status_code == 400 and "验证码不正确" in wrong.content.decode()
    assert not TOTPDevice.objects.filter(user=hall.officer, confirmed=True).exists()
    device = TOTPDevice.objects.get(user=hall.officer)
    device.throttle_reset()  # the wrong code's back-off (tested below), not the subject here
    assert client.post(CODE_PAGE, {"code": code_of(device), "next": "/people/"})["Location"] == (
        "/people/"
    )
    assert Event.objects.filter(
        kind="signin.second_factor_enrolled", subject=f"user:{hall.officer.pk}"
    ).exists()
    assert client.get("/people/").status_code == 200
    assert client.get("/api/people/").status_code == 200

    # The next sign-in asks for the code again (no QR code: the app is bound).
    client.post("/accounts/logout/")
    assert sign_in(client, "mishu").status_code == 302
    assert client.get("/api/people/").status_code == 403
    page = client.get(CODE_PAGE)
    assert "data:image/svg+xml" not in page.content.decode()
    assert client.post(CODE_PAGE, {"code": code_of(device, ahead=1)}).status_code == 302
    assert client.get("/api/people/").status_code == 200


@pytest.mark.django_db
def test_a_scrutineer_is_held_back_a_delegate_is_not(hall, settings):
    chair = Client()
    chair.force_login(hall.officer)
    election = chair.post(
        "/api/elections/",
        {"meeting_id": hall.plenary.pk, "office": {"title": "区长"}, "seats": 1},
        content_type="application/json",
    )
    eid = election.json()["id"]
    hall.delegates[1].user = scrutineer = type(hall.delegate_user).objects.create_user(
        "lisi", password=PASSWORD
    )
    hall.delegates[1].save(update_fields=["user"])
    appointed = chair.post(
        f"/api/elections/{eid}/officers",
        {"person_id": hall.delegates[1].pk, "role": "scrutineer"},
        content_type="application/json",
    )
    assert appointed.status_code == 201, appointed.content
    settings.SIGNIN_SECOND_FACTOR = True

    held = Client()
    assert sign_in(held, scrutineer.username).status_code == 302
    assert held.get(f"/api/elections/{eid}").status_code == 403
    assert held.get("/me/")["Location"].startswith(CODE_PAGE)
    enrol(held, scrutineer.username)
    assert held.get(f"/api/elections/{eid}").status_code == 200

    delegate = Client()
    assert sign_in(delegate, "daibiao").status_code == 302
    assert delegate.get("/me/").status_code == 200
    assert delegate.get(f"/api/elections/{eid}").status_code == 200
    assert delegate.get(CODE_PAGE).status_code == 404  # nothing to enrol


@pytest.mark.django_db
def test_off_by_default_as_in_the_demo(hall):
    client = Client()
    assert sign_in(client, "mishu").status_code == 302
    assert client.get("/people/").status_code == 200
    assert client.get("/api/people/").status_code == 200
    assert client.get(CODE_PAGE).status_code == 404


@pytest.mark.django_db
def test_wrong_passwords_still_lock_and_wrong_codes_are_held_off(hall, required):
    client = Client()
    for attempt in range(signin.account_limit()):
        sign_in(client, "mishu", f"wrong-{attempt}", address=f"10.0.1.{attempt}")
    locked = sign_in(client, "mishu", address="10.0.3.1")
    assert locked.status_code == 429 and "_auth_user_id" not in client.session

    hall.delegate_user.groups.add(secretariat_group())
    other = Client()
    other.force_login(hall.delegate_user)
    device = enrol(other, "daibiao")
    fresh = Client()
    assert sign_in(fresh, "daibiao").status_code == 302
    assert fresh.post(CODE_PAGE, {"code": "123456"}).status_code == 400
    # Right at once after a wrong one: held off (django-otp's back-off), in Chinese.
    again = fresh.post(CODE_PAGE, {"code": code_of(device, ahead=1)})
    assert again.status_code == 429 and "验证码错误次数过多" in again.content.decode()
    assert fresh.get("/api/people/").status_code == 403


@pytest.mark.django_db
def test_another_secretariat_member_resets_a_lost_authenticator(hall, required):
    lost = Client()
    assert sign_in(lost, "mishu").status_code == 302
    enrol(lost, "mishu")
    assert lost.get("/api/people/").status_code == 200

    colleague_user = type(hall.officer).objects.create_user("mishu2", password=PASSWORD)
    colleague_user.groups.add(secretariat_group())
    colleague = Client()
    assert sign_in(colleague, "mishu2").status_code == 302
    # Unverified, the colleague can neither see the list nor reset.
    assert colleague.get(ACCOUNTS_PAGE).status_code == 302
    colleague.post("/security/second-factor/reset/", {"user": hall.officer.pk, "reason": "x"})
    assert TOTPDevice.objects.filter(user=hall.officer).exists()
    enrol(colleague, "mishu2")
    listing = colleague.get(ACCOUNTS_PAGE).content.decode()
    assert "mishu" in listing and "已绑定" in listing

    # No reason, or one's own account: refused.
    colleague.post("/security/second-factor/reset/", {"user": hall.officer.pk, "reason": ""})
    colleague.post("/security/second-factor/reset/", {"user": colleague_user.pk, "reason": "x"})
    assert TOTPDevice.objects.filter(user__in=[hall.officer, colleague_user]).count() == 2

    colleague.post(
        "/security/second-factor/reset/", {"user": hall.officer.pk, "reason": "手机遗失"}
    )
    assert not TOTPDevice.objects.filter(user=hall.officer).exists()
    event = Event.objects.get(kind="signin.second_factor_reset")
    assert event.subject == f"user:{hall.officer.pk}" and event.actor_id == colleague_user.pk
    assert event.data["reason"] == "手机遗失"
    # The lost phone's session is verified no more: it must enrol again.
    assert lost.get("/api/people/").status_code == 403
    assert "data:image/svg+xml" in lost.get(CODE_PAGE).content.decode()
