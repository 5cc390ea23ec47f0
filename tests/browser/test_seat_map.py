"""The seat plan and the live seat map, in a browser: the secretariat seats the demo's
congress in the Party school's auditorium and prints the chart; delegates check in at the
desk and their seats turn green on the chair's console, live."""

import pytest

from lianghui.sessions.models import Meeting
from tests.browser.conftest import (
    DEMO_TITLE,
    assert_chinese_renders,
    screenshot,
    seat_in_the_auditorium,
    sign_in,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_secretariat_seats_the_congress_and_the_map_turns_green(browser, asgi_server, demo):
    from lianghui.attendance.models import Badge, CheckIn, Leave
    from lianghui.halls.models import SeatAssignment
    from lianghui.people.models import Person

    accounts, password = demo
    meeting = Meeting.objects.get(session__title=DEMO_TITLE, title="第一次全体会议")
    # The meeting about to begin: nobody checked in yet, the desk open.
    CheckIn.objects.filter(meeting=meeting).delete()
    Leave.objects.filter(meeting=meeting).delete()
    Meeting.objects.filter(pk=meeting.pk).update(checkin_open=True)
    base = asgi_server.url
    context = browser.new_context(locale="zh-CN", timezone_id="Asia/Shanghai",
                                  viewport={"width": 1280, "height": 1000})  # fmt: skip
    try:
        secretariat = context.new_page()
        sign_in(secretariat, base, accounts.secretariat, password)

        # Seat the meeting by the rules on the auditorium, and publish the plan.
        seat_in_the_auditorium(secretariat, base, meeting.pk)
        secretariat.click("#publish-plan button")
        secretariat.wait_for_selector("#plan-state:has-text('已发布')")
        chart = secretariat.request.get(f"{base}/meetings/{meeting.pk}/seating/chart.pdf?paper=A3")
        assert chart.status == 200 and chart.body().startswith(b"%PDF")

        # The chair's console draws the hall; the desk checks two delegates in.
        console = context.new_page()
        console.goto(f"{base}/hall/{meeting.pk}/console")
        console.wait_for_selector("[data-hall][data-live=ws]")
        console.wait_for_selector("[data-seatmap][data-painted]")
        wan = Person.objects.get(name="万小岚")
        wan_seat = SeatAssignment.objects.get(plan__meeting=meeting, person=wan).seat_id
        assert "absent" in console.get_attribute(f"#seatmap g[data-seat='{wan_seat}']", "class")

        desk = context.new_page()
        desk.goto(f"{base}/meetings/{meeting.pk}/desk/")
        desk.fill("#desk-panel input[name=code]", Badge.objects.get_or_create(person=wan)[0].token)
        desk.keyboard.press("Enter")
        console.wait_for_selector(f"#seatmap g.present[data-seat='{wan_seat}']", timeout=10_000)
        other = (
            SeatAssignment.objects.filter(plan__meeting=meeting, category="member")
            .exclude(person=wan).select_related("person").first()
        )  # fmt: skip
        desk.wait_for_selector("#desk-panel .notice.ok")
        desk.fill("#desk-panel input[name=name]", other.person.name)
        desk.keyboard.press("Enter")
        console.wait_for_selector(
            f"#seatmap g.present[data-seat='{other.seat_id}']", timeout=10_000
        )
        assert console.locator("#seatmap g.present").count() == 2
        # The desk's own map follows as well.
        desk.wait_for_selector(f"#seatmap g.present[data-seat='{wan_seat}']", timeout=10_000)

        section = console.locator("[data-seatmap]")
        assert "座位图" in section.inner_text() and "已签到" in section.inner_text()
        assert_chinese_renders(console, section.inner_text())
        section.scroll_into_view_if_needed()
        screenshot(console, "seat-map-console")
        screenshot(secretariat, "seat-plan")
    finally:
        context.close()
