"""The handling unit's pages in English: the kind, number and role labels are the reader's;
the Chinese pages are as they were."""

import re

import pytest
from django.conf import settings
from django.test import Client
from django.utils import translation

from lianghui.proposals.actions import UnitOrder
from lianghui.proposals.tests.conftest import at
from lianghui.proposals.tests.flows import assigned, suggestion


@pytest.fixture(autouse=True)
def _back_to_default_language():
    # LocaleMiddleware leaves the last request's language active in this thread.
    yield
    translation.deactivate()


def page(user, url, language=None) -> str:
    c = Client()
    if language:
        c.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    c.force_login(user)
    r = c.get(url)
    assert r.status_code == 200, (url, r.status_code)
    return r.content.decode()


@pytest.fixture
def lead_and_co(desk):
    with at("2024-01-15"):
        return assigned(
            desk,
            suggestion(desk),
            UnitOrder(desk.units[0].pk, "lead"),
            UnitOrder(desk.units[1].pk, "co"),
        )


@pytest.mark.django_db
def test_the_units_pages_in_english(desk, lead_and_co):
    lead, co = lead_and_co
    n = lead.filing.number
    with at("2024-02-01"):
        home = page(desk.clerks[0], "/proposals/unit/", "en")
        assert f"Suggestion No. {n}" in home and "Our unit: Lead" in home
        assert page(desk.clerks[1], "/proposals/unit/", "en").count("Our unit: Co-handling") == 1
        one = page(desk.clerks[0], f"/proposals/unit/{lead.pk}/", "en")
        assert f"Suggestion No. {n}" in one and " · Lead · " in one
        filing = page(desk.clerks[0], f"/proposals/{lead.filing_id}/", "en")
        assert re.search(rf"<h1>Suggestion No\. {n}: ", filing)
        assert "<td>Lead</td>" in filing and "<td>Co-handling</td>" in filing
    for html in (home, one, filing):
        for chinese in ("建议 第", "本单位主办", "主办", "会办</td>"):
            assert chinese not in html, chinese


@pytest.mark.django_db
def test_the_units_pages_in_chinese_unchanged(desk, lead_and_co):
    lead, _ = lead_and_co
    n = lead.filing.number
    with at("2024-02-01"):
        home = page(desk.clerks[0], "/proposals/unit/")
        assert f"建议 第 {n} 号" in home and "本单位主办" in home
        one = page(desk.clerks[0], f"/proposals/unit/{lead.pk}/")
        assert f"建议 第 {n} 号" in one and " · 主办 · " in one
        filing = page(desk.clerks[0], f"/proposals/{lead.filing_id}/")
        assert f"<h1>建议 第 {n} 号：" in filing
        assert "<td>主办</td>" in filing and "<td>会办</td>" in filing
