"""The big screen, open on the seat map before the meeting is seated, draws the hall as soon
as the secretariat makes the plan, and again when a published plan changes: no reload, and
still no names on the public screen. The chair's console, open as well, follows."""

import re

import pytest
from playwright.sync_api import expect

from lianghui.sessions.models import Meeting
from tests.browser.conftest import DEMO_TITLE, seat_in_the_auditorium, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_open_screen_draws_the_plan_made_and_changed_after_it_opened(
    browser, asgi_server, demo
):
    from lianghui.hall.models import HallState
    from lianghui.hall.tokens import screen_token
    from lianghui.halls.models import SeatAssignment, SeatPlan

    accounts, password = demo
    meeting = Meeting.objects.get(session__title=DEMO_TITLE, title="第一次全体会议")
    assert not SeatPlan.objects.filter(meeting=meeting).exists()
    HallState.objects.update_or_create(meeting=meeting, defaults={"screen_layout": "seats"})
    base = asgi_server.url
    screen_ctx = browser.new_context(
        locale="zh-CN", timezone_id="Asia/Shanghai", viewport={"width": 1920, "height": 1080}
    )
    desk_ctx = browser.new_context(
        locale="zh-CN", timezone_id="Asia/Shanghai", viewport={"width": 1280, "height": 1000}
    )
    try:
        screen = screen_ctx.new_page()
        screen.goto(f"{base}/hall/{meeting.pk}/screen?token={screen_token(meeting.pk)}")
        screen.wait_for_selector("[data-hall][data-live=ws]")
        expect(screen.locator(".seats .placeholder")).to_have_text("本次会议尚未编排座次")
        assert screen.locator("#seatmap g[data-seat]").count() == 0
        screen.evaluate("window.sameLoad = true")  # gone if the page reloads

        secretariat = desk_ctx.new_page()
        sign_in(secretariat, base, accounts.secretariat, password)
        console = desk_ctx.new_page()
        console.goto(f"{base}/hall/{meeting.pk}/console")
        console.wait_for_selector("[data-hall][data-live=ws]")
        expect(console.locator("[data-seatmap] .placeholder")).to_be_visible()

        # The plan is made: the open screen and console draw the hall, coloured.
        seat_in_the_auditorium(secretariat, base, meeting.pk)
        plan = SeatPlan.objects.get(meeting=meeting)
        seated = plan.assignments.count()
        screen.wait_for_selector("#seatmap g.absent", timeout=10_000)
        assert screen.locator("#seatmap g[data-seat]").count() >= seated
        assert screen.locator("#seatmap g[data-name]").count() == 0  # the public screen
        expect(screen.locator(".seats .placeholder")).to_have_count(0)
        console.wait_for_selector("#seatmap g[data-name]", timeout=10_000)
        key = screen.get_attribute("[data-seatmap]", "data-map")
        assert re.fullmatch(rf"{plan.pk}\.1\.\d+\.[0-9a-f]{{8}}", key)

        # Published, then changed: a new version, drawn again on the open screen.
        secretariat.click("#publish-plan button")
        secretariat.wait_for_selector("#plan-state:has-text('已发布')")
        first, second = (
            SeatAssignment.objects.filter(plan=plan, category="member")
            .select_related("person", "seat").order_by("seat__y", "seat__x")[:2]
        )  # fmt: skip
        secretariat.fill("#move-seat input[name=name]", first.person.name)
        secretariat.fill("#move-seat input[name=seat]", second.seat.label)
        secretariat.fill("#move-seat input[name=reason]", "照顾行动不便的代表")
        secretariat.click("#move-seat button")
        secretariat.wait_for_selector("#plan-state:has-text('第 2 版')")
        expect(screen.locator("[data-seatmap]")).to_have_attribute(
            "data-map", re.compile(rf"^{plan.pk}\.2\."), timeout=10_000
        )
        assert screen.locator("#seatmap g.absent").count() > 0
        assert screen.locator("#seatmap g[data-name]").count() == 0
        expect(console.locator(f"#seatmap g[data-seat='{second.seat_id}']")).to_have_attribute(
            "data-name", first.person.name, timeout=10_000
        )
        assert screen.evaluate("window.sameLoad") is True
    finally:
        screen_ctx.close()
        desk_ctx.close()
