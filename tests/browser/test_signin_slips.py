"""The secretariat prints sign-in slips; a delegate's phone opens a slip's QR link and is in."""

import io

import pytest
from pypdf import PdfReader

from lianghui.sessions.models import Session
from tests.browser.conftest import DEMO_TITLE as TITLE
from tests.browser.conftest import assert_chinese_renders, screenshot, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DELEGATION = "天平代表团"


@pytest.fixture
def demo_people(transactional_db):
    """The demo without its votes and elections: the people are what this test needs."""
    from lianghui.demo import DEMO_PASSWORD, load_demo

    return load_demo(votes=False), DEMO_PASSWORD


def qr_links(pdf: bytes) -> list[str]:
    links = []
    for page in PdfReader(io.BytesIO(pdf)).pages:
        for annot in page.get("/Annots") or []:
            uri = (annot.get_object().get("/A") or {}).get("/URI")
            if uri and str(uri) not in links:
                links.append(str(uri))
    return links


def test_secretariat_prints_slips_and_a_phone_signs_in_by_the_qr_link(
    page, phone, browser, live_server, demo_people
):
    accounts, password = demo_people
    session = Session.objects.get(title=TITLE)
    sign_in(page, live_server.url, accounts.secretariat, password)
    page.goto(f"{live_server.url}/sessions/{session.pk}/")
    page.click("text=登录签到条")
    page.wait_for_selector("#slips")
    assert "未签发" in page.inner_text("#slip-counts")

    form = page.locator("#print-slips")
    form.locator("select[name=org]").select_option(label=DELEGATION)
    with page.expect_download() as download:
        form.locator("button[type=submit]").click()
    pdf = open(download.value.path(), "rb").read()  # noqa: SIM115
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    assert DELEGATION in text
    links = qr_links(pdf)
    assert links and all(u.startswith(f"{live_server.url}/signin/") for u in links)

    # The delegate's phone opens the QR link: whose slip it is, one button, and home.
    phone.goto(links[0])
    name = phone.inner_text("#signin-confirm strong")
    assert name in text
    assert_chinese_renders(phone, phone.inner_text("main"))
    screenshot(phone, "signin-slip-confirm-phone")
    phone.click("text=在此设备上登录")
    phone.wait_for_url(f"{live_server.url}/")
    assert f"退出（{name}）" in phone.inner_text("header")
    assert "登录成功" in phone.inner_text("main")
    screenshot(phone, "signin-slip-home-phone")

    # The secretariat sees who has signed in.
    page.goto(
        f"{live_server.url}/sessions/{session.pk}/slips/?org="
        + page.locator("#print-slips select[name=org] option", has_text=DELEGATION).get_attribute(
            "value"
        )
    )
    row = page.locator("#slips tr", has_text=name)
    assert "已使用" in row.inner_text()
    assert "未登录" not in row.inner_text()
    screenshot(page, "signin-slips-page")

    # The same slip on another phone: a clear page, and not signed in.
    other = browser.new_context(
        locale="zh-CN", viewport={"width": 390, "height": 844}, is_mobile=True
    )
    try:
        second = other.new_page()
        second.goto(links[0])
        assert "此签到条已经使用过" in second.inner_text("h1")
        assert "请联系会务组重新签发" in second.inner_text("main")
        assert "退出" not in second.inner_text("header")
        screenshot(second, "signin-slip-used-phone")
    finally:
        other.close()
