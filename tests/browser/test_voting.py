"""A chair opens a vote on the console; a delegate votes on a phone; the result is shown.

Served by the real ASGI application, so the phone's press goes through the hall's hot path
(votes.hot_path), as in the hall.
"""

import pytest
from playwright.sync_api import expect

from lianghui.sessions.models import Meeting
from tests.browser.conftest import DEMO_TITLE as TITLE
from tests.browser.conftest import (
    assert_chinese_renders,
    confirms,
    screenshot,
    sign_in,
    trustees_answer,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_delegate_votes_on_a_phone(browser, page, phone, asgi_server, demo):
    from lianghui.votes.models import Poll, Voter

    accounts, password = demo
    live_server = asgi_server
    meeting = Meeting.objects.get(session__title=TITLE, title__contains="第三次全体会议")

    # The chair (secretariat) creates and opens the vote from the meeting page and console.
    sign_in(page, live_server.url, accounts.secretariat, password)
    page.goto(f"{live_server.url}/meetings/{meeting.pk}/")
    page.click("text=发起表决")
    page.fill("input[name=question]", "表决通过浏览器测试决议")
    page.click("button:has-text('创建表决')")
    page.wait_for_selector("text=开始表决")
    page.click("button:has-text('开始表决')")
    page.wait_for_selector(".progress-panel[data-state=open]")
    poll = Poll.objects.get(question="表决通过浏览器测试决议")
    assert page.inner_text(".progress-panel .cast") == "0"

    # The delegate votes on a phone-sized page.
    sign_in(phone, live_server.url, accounts.delegate, password)
    phone.goto(f"{live_server.url}/votes/{poll.pk}/")
    buttons = phone.locator(".vote-buttons button")
    assert buttons.count() == 3
    box = buttons.first.bounding_box()
    assert box["width"] > 300 and box["height"] >= 60  # big enough for a thumb on a 390px screen
    screenshot(phone, "vote-phone-before")
    # First press valid: the press asks once; saying no sends nothing.
    confirms(phone).accept = False
    phone.click("button.big.yes")
    phone.wait_for_timeout(300)
    assert "赞成" in confirms(phone).asked[0] and "不能更改" in confirms(phone).asked[0]
    assert Voter.objects.filter(poll=poll).count() == 0 and not phone.locator(".voted").count()
    confirms(phone).accept = True
    phone.click("button.big.yes")
    phone.wait_for_selector(".voted")
    assert "已表决" in phone.inner_text(".voted") and "赞成" in phone.inner_text(".voted")
    receipt = phone.inner_text(".receipt")
    # The receipt is the encrypted ballot's tracker (its SHA-256), as in the public record.
    assert len(receipt) == 64 and set(receipt) <= set("0123456789abcdef")
    assert not phone.locator(".vote-buttons").count()  # first press valid: no second press
    assert Voter.objects.filter(poll=poll).count() == 1
    assert_chinese_renders(phone, phone.inner_text("#ballot-panel"))
    screenshot(phone, "vote-phone-after")

    # The console's live count moves to 1; the chair closes; the result is published.
    expect(page.locator(".progress-panel .cast")).to_have_text("1", timeout=10_000)
    page.click("button:has-text('结束表决')")
    trustees_answer(poll)  # the scrutineers' devices online in the hall decrypt the totals
    page.wait_for_selector(".progress-panel .sentence")
    assert "赞成 1 票，未超过全体代表" in page.inner_text(".progress-panel .sentence")
    assert "确定结束表决" in confirms(page).asked[-1]
    # Closed and published: the console offers no step the state no longer allows.
    assert not page.locator(".console-actions button").count()
    screenshot(page, "vote-console-result")

    phone.goto(f"{live_server.url}/api/votes/{poll.pk}/receipts")
    assert receipt in phone.inner_text("body")
