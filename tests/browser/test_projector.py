"""The projector view: the chair switches the big screen, already open, to the seat map and
puts a message on it; the screen follows over the websocket without reloading, and its map
names nobody."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import DEMO_TITLE, assert_chinese_renders, screenshot, sign_in
from tests.browser.test_big_screen import assert_fits

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MESSAGE = "请各位代表回到座位，表决即将开始"


def test_the_chair_puts_the_seat_map_and_a_message_on_the_open_screen(browser, asgi_server, demo):
    from lianghui.hall.tokens import screen_token
    from lianghui.halls.models import SeatPlan

    accounts, password = demo
    # The closing plenary: the demo seats it in the auditorium and publishes the plan.
    meeting = (
        SeatPlan.objects.select_related("meeting").get(meeting__session__title=DEMO_TITLE).meeting
    )
    base = asgi_server.url
    screen_ctx = browser.new_context(
        locale="zh-CN", timezone_id="Asia/Shanghai", viewport={"width": 1920, "height": 1080}
    )
    chair_ctx = browser.new_context(
        locale="zh-CN", timezone_id="Asia/Shanghai", viewport={"width": 1280, "height": 900}
    )
    try:
        screen, chair = screen_ctx.new_page(), chair_ctx.new_page()
        screen.goto(f"{base}/hall/{meeting.pk}/screen?token={screen_token(meeting.pk)}")
        screen.wait_for_selector("[data-hall][data-live=ws]")
        stage = screen.locator(".stage")
        expect(stage).to_have_attribute("data-layout", "auto")
        expect(screen.locator("section.seats")).to_be_hidden()
        expect(screen.locator(".stage > .message")).to_be_hidden()
        screen.evaluate("window.sameLoad = true")  # gone if the page reloads

        sign_in(chair, base, accounts.secretariat, password)
        chair.goto(f"{base}/hall/{meeting.pk}/console")
        chair.click("#screen-layout button[value=seats]")
        expect(chair.locator("#screen-layout button[value=seats]")).to_have_attribute(
            "aria-pressed", "true"
        )
        expect(stage).to_have_attribute("data-layout", "seats", timeout=10_000)
        expect(screen.locator("section.seats")).to_be_visible()
        expect(screen.locator("[data-seatmap]")).to_have_attribute(
            "data-painted", re.compile(r"\d")
        )
        coloured = "#seatmap g:is(.present, .leave, .absent, .nonvoting, .yes, .no, .abstain)"
        assert screen.locator(coloured).count() > 0
        assert screen.locator("#seatmap g[data-name]").count() == 0  # the public screen

        chair.fill("#screen-message input[name=message]", MESSAGE)
        chair.click("#screen-message button.primary")
        expect(screen.locator(".stage > .message")).to_contain_text(MESSAGE, timeout=10_000)
        assert screen.evaluate("window.sameLoad") is True
        assert_fits(screen, [".stage h1", ".stage > .message", ".seats .legend", ".seats .seatmap"])
        assert_chinese_renders(screen, MESSAGE + screen.inner_text(".seats .legend"))
        screenshot(screen, "hall-screen-seat-map")

        # Back to what is under way, the message cleared: the screen follows again.
        chair.click("#screen-layout button[value=auto]")
        expect(stage).to_have_attribute("data-layout", "auto", timeout=10_000)
        chair.click("#screen-message button[name=clear]")
        expect(screen.locator(".stage > .message")).to_be_hidden(timeout=10_000)
        expect(screen.locator("section.seats")).to_be_hidden()
        assert screen.evaluate("window.sameLoad") is True
    finally:
        screen_ctx.close()
        chair_ctx.close()
