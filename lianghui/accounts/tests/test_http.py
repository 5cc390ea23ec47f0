"""Signing in with a slip over HTTP, and the secretariat's API for slips."""

from datetime import timedelta

import pytest
import time_machine
from django.test import Client
from django.utils import timezone

from conftest import PASSWORD
from lianghui.accounts import actions, rules
from lianghui.accounts.models import SignInSlip
from lianghui.audit.models import Event

pytestmark = pytest.mark.django_db


def signed_in(user) -> Client:
    client = Client()
    assert client.login(username=user.username, password=PASSWORD)
    return client


def slips(hall, **kw):
    return {p.person.pk: p for p in actions.issue_slips(hall.session, hall.officer, **kw).printed}


def link(printed) -> str:
    return f"/signin/{printed.token}/"


def whoami(client) -> str | None:
    user = client.get("/").wsgi_request.user
    return user.username if user.is_authenticated else None


def test_the_qr_link_asks_first_then_signs_in_and_lands_home(hall):
    li = slips(hall)[hall.delegates[1].pk]
    phone = Client()
    page = phone.get(link(li))
    assert page.status_code == 200 and "李四" in page.content.decode()
    assert "在此设备上登录" in page.content.decode()
    assert SignInSlip.objects.get(pk=li.slip_id).used_at is None  # looking is not using
    r = phone.post(link(li))
    assert r.status_code == 302 and r["Location"] == "/"
    home = phone.get("/")
    assert "李四" in home.content.decode() and home.wsgi_request.user.person == hall.delegates[1]
    assert SignInSlip.objects.get(pk=li.slip_id).used_at is not None
    # The same phone scanning its slip again is told it is signed in already.
    again = phone.get(link(li))
    assert again.status_code == 302 and again["Location"] == "/"


def test_a_slip_used_twice_gets_a_clear_page(hall):
    li = slips(hall)[hall.delegates[1].pk]
    assert Client().post(link(li)).status_code == 302
    for method in ("get", "post"):
        other = Client()
        r = getattr(other, method)(link(li))
        assert r.status_code == 410
        text = r.content.decode()
        assert "此签到条已经使用过" in text and "请联系会务组重新签发" in text
        assert whoami(other) is None
    assert Event.objects.filter(kind="accounts.slip_used").count() == 1


def test_an_expired_slip_gets_a_clear_page(hall):
    li = slips(hall, valid_days=2)[hall.delegates[1].pk]
    with time_machine.travel(timezone.now() + timedelta(days=2, minutes=1)):
        phone = Client()
        for r in (phone.get(link(li)), phone.post(link(li))):
            assert r.status_code == 410
            assert "此签到条已过期" in r.content.decode()
        assert whoami(phone) is None
    assert SignInSlip.objects.get(pk=li.slip_id).used_at is None


def test_a_revoked_slip_gets_a_clear_page(hall):
    li = slips(hall)[hall.delegates[1].pk]
    actions.revoke_slip(li.slip_id, hall.officer, "遗失")
    phone = Client()
    for r in (phone.get(link(li)), phone.post(link(li))):
        assert r.status_code == 410
        assert "此签到条已作废" in r.content.decode()
    r = phone.post("/signin/", {"code": li.code_display})
    assert r.status_code == 410 and "已被会务组作废" in r.content.decode()
    assert whoami(phone) is None


def test_an_unknown_link_gets_a_clear_page(hall):
    r = Client().get("/signin/" + "A" * 43 + "/")
    assert r.status_code == 404 and "签到条无效" in r.content.decode()


def test_the_short_code_signs_in_however_it_is_typed(hall):
    wang = slips(hall)[hall.delegates[2].pk]
    phone = Client()
    form = phone.get("/signin/")
    assert form.status_code == 200 and 'name="code"' in form.content.decode()
    wrong = phone.post("/signin/", {"code": "ZZZZZ-ZZZZZ"})
    assert wrong.status_code == 404 and "二维码或登录码不正确" in wrong.content.decode()
    r = phone.post("/signin/", {"code": wang.code.lower()})
    assert r.status_code == 302 and whoami(phone) == wang.person.user.username


def test_guessing_is_stopped_per_address(hall):
    zhang = slips(hall)[hall.delegates[1].pk]
    guesser = Client(REMOTE_ADDR="10.0.0.9")
    for i in range(rules.FAILURE_LIMIT):
        assert guesser.post("/signin/", {"code": f"ZZZZZ-ZZZ{i:02d}"[:11]}).status_code == 404
    # Blocked now, even with a right code, by link or by code; nothing is used up.
    blocked = guesser.post("/signin/", {"code": zhang.code})
    assert blocked.status_code == 429 and "尝试次数过多" in blocked.content.decode()
    assert guesser.get(link(zhang)).status_code == 429
    assert SignInSlip.objects.get(pk=zhang.slip_id).used_at is None
    # Another address in the same hall is not held up.
    neighbour = Client(REMOTE_ADDR="10.0.0.10")
    assert neighbour.post("/signin/", {"code": zhang.code}).status_code == 302


def test_a_revoked_used_slip_signs_the_phone_out(hall):
    li = slips(hall)[hall.delegates[3].pk]
    phone = Client()
    phone.post(link(li))
    assert whoami(phone) == li.person.user.username
    actions.revoke_slip(li.slip_id, hall.officer, "手机遗失")
    assert whoami(phone) is None


# ---------------------------------------------------------------- the secretariat's API
def test_api_issues_lists_and_revokes(hall):
    office = signed_in(hall.officer)
    url = f"/api/accounts/sessions/{hall.session.pk}/slips"
    r = office.post(url, {"valid_days": 10}, content_type="application/json")
    assert r.status_code == 201, r.content
    assert r["Cache-Control"] == "no-store"
    body = r.json()
    assert len(body["issued"]) == 6 and body["accounts_created"] == 5
    li = next(s for s in body["issued"] if s["name"] == "李四")
    assert li["group"] == "东区代表团" and len(li["code"]) == 11
    assert li["link"].startswith("http://testserver/signin/")
    listed = {row["name"]: row for row in office.get(url).json()}
    assert listed["李四"]["slip"]["state"] == "valid" and listed["李四"]["last_login"] is None
    assert Client().post(li["link"].removeprefix("http://testserver")).status_code == 302
    listed = {row["name"]: row for row in office.get(url).json()}
    assert listed["李四"]["slip"]["state"] == "used" and listed["李四"]["last_login"]
    r = office.post(
        f"/api/accounts/slips/{li['slip_id']}/revoke",
        {"reason": "遗失"},
        content_type="application/json",
    )
    assert r.status_code == 200 and r.json()["state"] == "revoked"
    again = office.post(
        url,
        {"person_ids": [li["person_id"]], "only_missing": False},
        content_type="application/json",
    )
    assert again.status_code == 201 and [s["name"] for s in again.json()["issued"]] == ["李四"]


@pytest.mark.parametrize(
    ("path", "payload", "status", "code"),
    [
        ("slips", {"valid_days": 0}, 422, "bad_valid_days"),
        ("slips", {"valid_days": "many"}, 422, "invalid_input"),
        ("slips", {"person_ids": [999999]}, 422, "not_member"),
        ("revoke", {"reason": ""}, 422, "reason_required"),
        ("revoke-unknown", {"reason": "遗失"}, 404, "not_found"),
    ],
)
def test_api_bad_input_is_a_chinese_4xx_and_changes_nothing(hall, path, payload, status, code):
    office = signed_in(hall.officer)
    slip_id = next(iter(slips(hall).values())).slip_id
    before = list(SignInSlip.objects.values_list("pk", "revoked_at"))
    url = {
        "slips": f"/api/accounts/sessions/{hall.session.pk}/slips",
        "revoke": f"/api/accounts/slips/{slip_id}/revoke",
        "revoke-unknown": "/api/accounts/slips/999999/revoke",
    }[path]
    r = office.post(url, payload, content_type="application/json")
    assert r.status_code == status, r.content
    assert r.json()["code"] == code
    assert any("\u4e00" <= ch <= "\u9fff" for ch in r.json()["message"])
    assert list(SignInSlip.objects.values_list("pk", "revoked_at")) == before


def test_api_is_for_the_secretariat_only(hall):
    url = f"/api/accounts/sessions/{hall.session.pk}/slips"
    delegate = signed_in(hall.delegate_user)
    assert delegate.get(url).status_code == 403
    assert delegate.post(url, {}, content_type="application/json").status_code == 403
    assert Client().get(url).status_code == 401
    assert not SignInSlip.objects.exists()


def test_the_slips_page_is_for_the_secretariat_only(hall):
    url = f"/sessions/{hall.session.pk}/slips/"
    assert signed_in(hall.delegate_user).get(url).status_code == 404
    assert signed_in(hall.delegate_user).post(f"{url}print/").status_code == 404
    page = signed_in(hall.officer).get(url)
    assert page.status_code == 200
    assert "孙八" in page.content.decode() and "未签发" in page.content.decode()


def _queries(client, url) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_the_slips_page_and_list_cost_the_same_queries_for_any_roster(hall):
    from lianghui.people.models import Membership, Person, Role

    office = signed_in(hall.officer)
    slips(hall)
    Client().post(link(next(iter(slips(hall, only_missing=False).values()))))
    urls = [
        f"/sessions/{hall.session.pk}/slips/",
        f"/api/accounts/sessions/{hall.session.pk}/slips",
    ]
    before = [_queries(office, url) for url in urls]
    more = Person.objects.bulk_create([Person(name=f"代表{i}") for i in range(40)])
    Membership.objects.bulk_create(
        [
            Membership(person=p, organisation=o, role=r, start=hall.term.start)
            for p in more
            for o, r in ((hall.congress, Role.DELEGATE), (hall.east, Role.GROUP_MEMBER))
        ]
    )
    actions.issue_slips(hall.session, hall.officer)
    assert [_queries(office, url) for url in urls] == before


def test_openapi_lists_the_slip_endpoints(client):
    paths = client.get("/api/openapi.json").json()["paths"]
    assert "get" in paths["/api/accounts/sessions/{session_id}/slips"]
    assert "post" in paths["/api/accounts/sessions/{session_id}/slips"]
    assert "post" in paths["/api/accounts/slips/{slip_id}/revoke"]


def test_api_issues_and_lists_a_terms_slips(hall):
    office = signed_in(hall.officer)
    url = f"/api/accounts/terms/{hall.term.pk}/slips"
    r = office.post(url, {"valid_days": 5}, content_type="application/json")
    assert r.status_code == 201 and len(r.json()["issued"]) == 6
    assert all(row["slip"]["state"] == "valid" for row in office.get(url).json())
    missing = office.get("/api/accounts/terms/999999/slips")
    assert missing.status_code == 404 and missing.json()["message"] == "未找到该届。"
