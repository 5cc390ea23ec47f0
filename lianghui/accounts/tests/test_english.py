"""The slip pages in English: no Chinese outside the people's own data."""

import re

import pytest
from django.conf import settings
from django.test import Client
from django.utils import translation

from conftest import PASSWORD
from lianghui.accounts import actions

pytestmark = pytest.mark.django_db

HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff01-\uff5e\u3000-\u303f]")
MAIN = re.compile(r"<main>(.*?)</main>", re.S)


@pytest.fixture(autouse=True)
def _back_to_default_language():
    yield
    translation.deactivate()


def english(user=None) -> Client:
    client = Client()
    if user is not None:
        assert client.login(username=user.username, password=PASSWORD)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def chinese_in_main(response, data=()) -> list[str]:
    main = MAIN.search(response.content.decode()).group(1)
    for text in data:
        main = main.replace(text, "")
    return sorted(set(HAN.findall(main)))


def test_signing_in_with_a_slip_reads_in_english(hall):
    printed = actions.issue_slips(hall.session, hall.officer).printed
    used, revoked = printed[0], printed[1]
    actions.revoke_slip(revoked.slip_id, hall.officer, "遗失")
    phone = english()
    assert chinese_in_main(phone.get("/signin/")) == []
    wrong = phone.post("/signin/", {"code": "ZZZZZ-ZZZZZ"})
    assert "is not right" in wrong.content.decode() and chinese_in_main(wrong) == []
    confirm = phone.get(f"/signin/{used.token}/")
    assert "Sign in on this device" in confirm.content.decode()
    assert chinese_in_main(confirm, [used.person.name]) == []
    phone.post(f"/signin/{used.token}/")
    for token in (used.token, revoked.token, "A" * 43):
        page = english().get(f"/signin/{token}/")
        assert page.status_code in (404, 410) and chinese_in_main(page) == []


def test_the_slips_page_reads_in_english(hall):
    actions.issue_slips(hall.session, hall.officer, organisation_id=hall.east.pk)
    page = english(hall.officer).get(f"/sessions/{hall.session.pk}/slips/")
    html = page.content.decode()
    assert "Sign-in slips" in html and "Issued, not used" in html and "Not issued" in html
    data = [d.name for d in hall.delegates] + [hall.east.name, hall.west.name, hall.session.title]
    assert chinese_in_main(page, data) == []
