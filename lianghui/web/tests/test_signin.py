"""Sign-in held off against guessing: the account locks, the address locks, the secretariat
unlocks, and time unlocks. Through the sign-in page, as a browser posts it."""

import datetime as dt

import pytest
import time_machine
from django.contrib.auth.models import User
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import Client

from lianghui.audit.models import Event
from lianghui.people.access import secretariat_group
from lianghui.web import signin

RIGHT = "a-long-and-right-password"
LOCKED = "登录失败次数过多，该账号或网络地址已被暂时锁定"


@pytest.fixture
def users(db):
    officer = User.objects.create_user("mishu1", password=RIGHT)
    officer.groups.add(secretariat_group())
    return officer, User.objects.create_user("daibiao1", password=RIGHT)


def sign_in(client, username, password, address="10.0.0.1"):
    return client.post(
        "/accounts/login/", {"username": username, "password": password}, REMOTE_ADDR=address
    )


def signed_in(client) -> bool:
    return "_auth_user_id" in client.session


@pytest.mark.django_db
def test_ten_wrong_passwords_lock_the_account_until_the_secretariat_unlocks_it(users):
    officer, delegate = users
    client = Client()
    for attempt in range(signin.account_limit() - 1):
        response = sign_in(client, "daibiao1", f"wrong-{attempt}", address=f"10.0.1.{attempt}")
        assert response.status_code == 200 and LOCKED not in response.content.decode()
    # The tenth, from yet another address: the account itself is now locked.
    response = sign_in(client, "daibiao1", "wrong-last", address="10.0.2.1")
    assert response.status_code == 429
    response = sign_in(client, "daibiao1", RIGHT, address="10.0.3.1")
    assert response.status_code == 429 and LOCKED in response.content.decode()
    assert not signed_in(client)

    staff = Client()
    assert sign_in(staff, "mishu1", RIGHT).status_code == 302
    page = staff.get("/security/lockouts/")
    assert "daibiao1" in page.content.decode()
    staff.post("/security/lockouts/unlock/", {"kind": "username", "value": "daibiao1"})
    assert Event.objects.filter(kind="signin.unlocked", subject="username:daibiao1").exists()
    assert "daibiao1" not in staff.get("/security/lockouts/").content.decode()

    assert sign_in(client, "daibiao1", RIGHT, address="10.0.3.1").status_code == 302
    assert signed_in(client)


@pytest.mark.django_db
def test_a_lock_ends_by_itself_after_the_cool_off(users):
    client = Client()
    with time_machine.travel(dt.datetime(2025, 1, 10, 9, 0, tzinfo=dt.UTC), tick=False) as clock:
        for attempt in range(signin.account_limit()):
            sign_in(client, "daibiao1", f"wrong-{attempt}")
        assert sign_in(client, "daibiao1", RIGHT).status_code == 429
        clock.shift(dt.timedelta(minutes=31))
        assert sign_in(client, "daibiao1", RIGHT).status_code == 302


@pytest.mark.django_db
def test_an_address_locks_after_ten_times_as_many_failures_over_any_accounts(users, settings):
    settings.AXES_FAILURE_LIMIT = 2  # the address's limit is then 20
    client = Client()
    for n in range(signin.address_limit() - 1):
        assert sign_in(client, f"guess{n}", "wrong", address="10.9.9.9").status_code == 200
    # A hall's typos under the limit do not stop a right password from the same Wi-Fi.
    assert sign_in(client, "daibiao1", RIGHT, address="10.9.9.9").status_code == 302
    client.logout()
    sign_in(client, "guess-last", "wrong", address="10.9.9.9")
    assert sign_in(client, "daibiao1", RIGHT, address="10.9.9.9").status_code == 429
    assert sign_in(client, "daibiao1", RIGHT, address="10.9.9.10").status_code == 302


@pytest.mark.django_db
def test_only_the_secretariat_sees_and_clears_locks(users):
    client = Client()
    assert sign_in(client, "daibiao1", RIGHT).status_code == 302
    assert client.get("/security/lockouts/").status_code == 404
    assert (
        client.post("/security/lockouts/unlock/", {"kind": "ip_address", "value": "1"}).status_code
        == 404
    )
    assert Client().get("/security/lockouts/").status_code == 302  # to sign in


def test_passwords_are_checked_by_djangos_validators():
    for weak in ("12345678901", "password123", "short"):
        with pytest.raises(ValidationError):
            validate_password(weak)
    validate_password("两会-hall-2025-密码")
