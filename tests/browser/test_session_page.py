"""A secretariat officer and a delegate sign in and use the demo session in Chromium."""

import re

import pytest

from lianghui.sessions.models import Session
from tests.browser.conftest import DEMO_TITLE as TITLE
from tests.browser.conftest import assert_chinese_renders, screenshot, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_sign_in_and_open_the_demo_session(page, live_server, demo):
    accounts, password = demo
    sign_in(page, live_server.url, accounts.secretariat, password)
    page.click(f"text={TITLE}")
    page.wait_for_selector("h1.session-title")
    assert page.inner_text("h1.session-title") == TITLE
    assert page.locator("text=第三次全体会议").first.is_visible()
    assert page.locator("text=政府工作报告").first.is_visible()
    assert_chinese_renders(page, TITLE)
    screenshot(page, "session-page")


def test_meeting_page_shows_the_quorum(page, live_server, demo):
    session = Session.objects.get(title=TITLE)
    meeting = session.meetings.get(title__contains="第三次全体会议")
    page.goto(f"{live_server.url}/meetings/{meeting.pk}/")
    text = page.inner_text("#quorum")
    assert re.search(r"应到 \d+", text) and "符合法定人数" in text
    assert "曹立强" in page.inner_text("main")
    assert_chinese_renders(page, page.inner_text("h1"))
    screenshot(page, "meeting-page")


def test_delegate_sees_own_page_and_check_in_code_on_a_phone(phone, live_server, demo):
    accounts, password = demo
    sign_in(phone, live_server.url, accounts.delegate, password)
    phone.goto(f"{live_server.url}/me/")
    assert "徐家汇代表团" in phone.inner_text("main")
    badge = phone.locator(".badge img")
    badge.wait_for()
    assert phone.evaluate("img => img.naturalWidth > 0", badge.element_handle())
    assert_chinese_renders(phone, phone.inner_text("main"))
    screenshot(phone, "delegate-page-phone")


def test_secretariat_checks_a_delegate_in_at_the_desk(page, live_server, demo):
    from lianghui.attendance.actions import badge_for
    from lianghui.attendance.queries import quorum_for
    from lianghui.people.models import Person

    accounts, password = demo
    session = Session.objects.get(title=TITLE)
    meeting = session.meetings.get(title__contains="第三次全体会议")
    meeting.checkin_open = True
    meeting.save(update_fields=["checkin_open"])
    absent = (
        Person.objects.filter(
            memberships__organisation=session.term.body, memberships__role="delegate"
        )
        .exclude(checkins__meeting=meeting)
        .exclude(leaves__meeting=meeting)
        .first()
    )
    before = quorum_for(meeting).present
    sign_in(page, live_server.url, accounts.secretariat, password)
    page.goto(f"{live_server.url}/meetings/{meeting.pk}/desk/")
    page.fill("input[name=code]", badge_for(absent).token)
    page.click("#desk-panel button[type=submit]")
    page.wait_for_selector(".notice.ok")
    assert f"{absent.name} 出席签到成功" in page.inner_text(".notice.ok")
    assert quorum_for(meeting).present == before + 1
    screenshot(page, "checkin-desk")

    # A refusal (an unknown code, then an unknown name) replaces the green message where the
    # clerk looks; nothing is checked in.
    page.fill("input[name=code]", "no-such-code")
    page.click("#desk-panel button[type=submit]")
    page.wait_for_selector("#desk-panel .notice.error")
    assert not page.locator("#desk-panel .notice.ok").count()
    page.fill("input[name=name]", "查无此人")
    page.click("#desk-panel button[type=submit]")
    page.wait_for_selector("#desk-panel .notice.error >> text=未找到“查无此人”")
    assert not page.locator("#desk-panel .notice.ok").count()
    assert quorum_for(meeting).present == before + 1
    screenshot(page, "checkin-desk-refused")
    # The next good scan clears the refusal.
    page.fill("input[name=code]", badge_for(absent).token)
    page.click("#desk-panel button[type=submit]")
    page.wait_for_selector("#desk-panel .notice.ok >> text=已经签到")
    assert not page.locator("#desk-panel .notice.error").count()
