"""The hall, live: chair, delegate and big screen in three browsers at once, over websockets."""

import pytest
from playwright.sync_api import expect

from lianghui.sessions.models import Meeting
from tests.browser.conftest import (
    DEMO_TITLE,
    assert_chinese_renders,
    confirms,
    screenshot,
    sign_in,
    trustees_answer,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def new_context(browser, **kw):
    return browser.new_context(locale="zh-CN", timezone_id="Asia/Shanghai", **kw)


@pytest.fixture
def plenary(demo):
    from lianghui.votes import actions as votes
    from lianghui.votes.models import Poll

    meeting = Meeting.objects.get(session__title=DEMO_TITLE, title__contains="第三次全体会议")
    officer = (
        __import__("django.contrib.auth", fromlist=["get_user_model"])
        .get_user_model()
        .objects.get(username=demo[0].secretariat)
    )
    poll = votes.create_poll(meeting, votes.PollSettings(question="表决通过大屏测试决议"), officer)
    return meeting, Poll.objects.get(pk=poll.pk)


def test_chair_delegate_and_screen_live(browser, asgi_server, demo, plenary):
    from lianghui.hall.tokens import screen_token

    accounts, password = demo
    meeting, poll = plenary
    base = asgi_server.url
    chair_ctx = new_context(browser, viewport={"width": 1280, "height": 900})
    tablet_ctx = new_context(browser, viewport={"width": 820, "height": 1180}, has_touch=True)
    screen_ctx = new_context(browser, viewport={"width": 1920, "height": 1080})
    try:
        chair, tablet, screen = chair_ctx.new_page(), tablet_ctx.new_page(), screen_ctx.new_page()
        chair_asks, tablet_asks = confirms(chair), confirms(tablet)
        screen.goto(f"{base}/hall/{meeting.pk}/screen?token={screen_token(meeting.pk)}")
        screen.wait_for_selector("[data-hall][data-live=ws]")
        sign_in(tablet, base, accounts.delegate, password)
        tablet.goto(f"{base}/hall/{meeting.pk}/tablet")
        tablet.wait_for_selector("[data-hall][data-live=ws]")
        assert tablet.locator("#tablet-vote").is_hidden()
        sign_in(chair, base, accounts.secretariat, password)
        chair.goto(f"{base}/hall/{meeting.pk}/console")

        # The chair opens the vote: the delegate's buttons appear, the screen shows 0 cast.
        chair.click(f"button[name=poll][value='{poll.pk}']:has-text('开始表决')")
        tablet.wait_for_selector("#tablet-vote:visible")
        expect(screen.locator(".poll .cast")).to_have_text("0")
        assert screen.inner_text(".poll h2") == "表决通过大屏测试决议"

        # The delegate votes; the screen's count moves from 0 to 1.
        tablet.click("#tablet-vote .yes")
        tablet.wait_for_selector("#tablet-voted:visible")
        assert "已表决" in tablet.inner_text("#tablet-voted")
        assert "赞成" in tablet_asks.asked[-1]  # first press valid: asked once
        expect(screen.locator(".poll .cast")).to_have_text("1", timeout=10_000)
        screenshot(screen, "hall-screen-voting")

        # The chair closes; the scrutineers' devices online in the hall decrypt the totals
        # (results publish at once): the screen shows the result, the buttons go.
        chair.wait_for_selector(f"button[name=poll][value='{poll.pk}']:has-text('结束表决')")
        chair.click(f"button[name=poll][value='{poll.pk}']:has-text('结束表决')")
        trustees_answer(poll)
        screen.wait_for_selector(".poll-result:visible", timeout=10_000)
        sentence = screen.inner_text(".poll-result .sentence")
        assert sentence.startswith("赞成 1 票，未超过全体代表") and sentence.endswith("未通过。")
        assert screen.inner_text(".poll-result .yes-count") == "1"
        tablet.wait_for_selector("#tablet-vote", state="hidden")
        assert "确定结束表决" in chair_asks.asked[-1]
        assert_chinese_renders(screen, sentence)
        screenshot(screen, "hall-screen-result")
        screenshot(tablet, "hall-tablet")
        screenshot(chair, "hall-console")
    finally:
        for ctx in (chair_ctx, tablet_ctx, screen_ctx):
            ctx.close()


def test_screen_catches_up_by_polling_when_the_socket_dies(browser, asgi_server, demo, plenary):
    from lianghui.hall.tokens import screen_token
    from lianghui.votes import actions as votes

    meeting, poll = plenary
    context = new_context(browser, viewport={"width": 1600, "height": 900})
    try:
        screen = context.new_page()
        screen.goto(f"{asgi_server.url}/hall/{meeting.pk}/screen?token={screen_token(meeting.pk)}")
        screen.wait_for_selector("[data-hall][data-live=ws]")
        # The network drops websockets from now on; the open one dies.
        screen.route_web_socket("**/ws/**", lambda ws: ws.close())
        screen.evaluate("window.lianghuiHall.closeSocket()")
        screen.wait_for_selector("[data-hall][data-live=polling]")
        assert "轮询" in screen.inner_text("#live-indicator")

        from django.contrib.auth import get_user_model

        officer = get_user_model().objects.get(username=demo[0].secretariat)
        votes.open_poll(poll, officer)
        screen.wait_for_selector(".poll .progress:visible", timeout=10_000)
        votes.close_poll(poll, officer)
        trustees_answer(poll)
        screen.wait_for_selector(".poll-result:visible", timeout=10_000)
        assert screen.inner_text(".poll-result .sentence").startswith("赞成 0 票")
        assert screen.get_attribute("[data-hall]", "data-live") == "polling"
        screenshot(screen, "hall-screen-polling")
    finally:
        context.close()
