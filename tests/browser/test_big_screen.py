"""The hall's big screen on one 16:9 projector: everything in view, nothing scrolls.

The demo's third plenary has a declared election and a published vote; a new vote opens
with an agenda item shown and a delegate speaking on a timer, and the screen is looked at
on the projector sizes halls use.
"""

import re

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from lianghui.sessions.models import Meeting
from tests.browser.conftest import DEMO_TITLE, assert_chinese_renders, screenshot
from tests.browser.test_hall import trustees_answer

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SIZES = [(1280, 720), (1920, 1080), (3840, 2160)]

IN_VIEW = """(selector) => {
  const el = document.querySelector(selector);
  if (!el || el.offsetParent === null) return null;
  const r = el.getBoundingClientRect();
  return {top: r.top, bottom: r.bottom, left: r.left, right: r.right,
          height: innerHeight, width: innerWidth};
}"""


def assert_fits(screen, selectors):
    sizes = screen.evaluate(
        "[document.scrollingElement.scrollHeight, innerHeight,"
        " document.scrollingElement.scrollWidth, innerWidth]"
    )
    scroll_height, height, scroll_width, width = sizes
    assert scroll_height <= height and scroll_width <= width, sizes
    for selector in selectors:
        box = screen.evaluate(IN_VIEW, selector)
        assert box is not None, f"{selector} is not shown"
        assert box["top"] >= 0 and box["bottom"] <= box["height"], (selector, box)
        assert box["left"] >= 0 and box["right"] <= box["width"], (selector, box)


@pytest.fixture
def busy_hall(demo):
    """The third plenary mid-session: an item shown, a speaker on the clock, a vote open."""
    from lianghui.hall import actions as hall
    from lianghui.votes import actions as votes

    accounts, _ = demo
    users = get_user_model().objects
    officer = users.get(username=accounts.secretariat)
    meeting = Meeting.objects.get(session__title=DEMO_TITLE, title__contains="第三次全体会议")
    hall.set_current_item(meeting, officer, step=1)
    request = hall.request_to_speak(
        meeting, users.get(username=accounts.delegate), "关于加快城市更新和老旧小区综合改造"
    )
    hall.start_speech(meeting, request.pk, officer, 300)
    poll = votes.create_poll(
        meeting,
        votes.PollSettings(question="表决通过关于徐汇区2024年国民经济和社会发展计划的决议（草案）"),
        officer,
    )
    votes.open_poll(poll, officer)
    return meeting, poll, officer


def test_the_big_screen_fits_a_projector_with_the_speaker_and_timer_in_view(
    browser, asgi_server, busy_hall
):
    from lianghui.hall.tokens import screen_token
    from lianghui.votes import actions as votes

    meeting, poll, officer = busy_hall
    url = f"{asgi_server.url}/hall/{meeting.pk}/screen?token={screen_token(meeting.pk)}"
    in_view = [".stage h1", ".item", ".quorum-row", ".poll h2", ".poll .big-count", ".speaker"]
    in_view += [".speaker .countdown"]
    for width, height in SIZES:
        context = browser.new_context(
            locale="zh-CN", timezone_id="Asia/Shanghai", viewport={"width": width, "height": height}
        )
        try:
            screen = context.new_page()
            screen.goto(url)
            screen.wait_for_selector("[data-hall][data-live=ws]")
            expect(screen.locator(".speaker .countdown")).to_have_text(
                re.compile(r"^[0-9]+:[0-9]{2}$")
            )
            # Only the vote under way: the election declared earlier is off the screen.
            assert screen.locator(".election").is_hidden()
            assert screen.inner_text(".speaker b")
            assert_fits(screen, in_view)
            assert_chinese_renders(screen, screen.inner_text(".poll h2"))
            if width <= 1920:
                screenshot(screen, f"hall-screen-{width}x{height}")
        finally:
            context.close()

    votes.close_poll(poll, officer)  # published at once: the result chart replaces the count
    trustees_answer(poll)
    context = browser.new_context(
        locale="zh-CN", timezone_id="Asia/Shanghai", viewport={"width": 1280, "height": 720}
    )
    try:
        screen = context.new_page()
        screen.goto(url)
        screen.wait_for_selector(".poll-result:visible")
        assert_fits(screen, [".poll-result .chart", ".poll-result .sentence", ".speaker"])
        screenshot(screen, "hall-screen-1280x720-result")
    finally:
        context.close()


LAYOUT_PARTS = {
    "agenda": [".stage h1", ".stage > .message", ".item", ".quorum-row"],
    "speaker": [".stage > .message", ".speaker", ".speaker .countdown"],
    "vote": [".stage > .message", ".poll h2", ".poll .big-count"],
}


def test_each_layout_the_chair_picks_fits_the_projector(browser, asgi_server, busy_hall):
    from lianghui.hall import actions as hall
    from lianghui.hall.tokens import screen_token

    meeting, _, officer = busy_hall
    hall.set_screen(meeting, officer, message="请代表们关闭手机铃声，保持会场安静")
    url = f"{asgi_server.url}/hall/{meeting.pk}/screen?token={screen_token(meeting.pk)}"
    for layout, parts in LAYOUT_PARTS.items():
        hall.set_screen(meeting, officer, layout=layout)
        for width, height in (SIZES[0], SIZES[-1]):
            context = browser.new_context(
                locale="zh-CN",
                timezone_id="Asia/Shanghai",
                viewport={"width": width, "height": height},
            )
            try:
                screen = context.new_page()
                screen.goto(url)
                expect(screen.locator(".stage")).to_have_attribute("data-layout", layout)
                if layout == "speaker":
                    expect(screen.locator(".speaker .countdown")).to_have_text(
                        re.compile(r"^[0-9]+:[0-9]{2}$")
                    )
                assert_fits(screen, parts)
                # What the layout leaves out is not drawn at all.
                left_out = {"agenda": ".speaker", "speaker": ".poll", "vote": ".speaker"}
                assert screen.locator(left_out[layout]).is_hidden()
                if width == 1280:
                    screenshot(screen, f"hall-screen-layout-{layout}")
            finally:
                context.close()
