"""Moving seats by dragging them on the seat plan's page: a delegate dragged onto an empty
seat sits there, dragged onto a taken seat swaps with its occupant, and once the plan is
published a drag without a reason is refused in Chinese and changes nothing."""

import pytest
from playwright.sync_api import expect

from lianghui.sessions.models import Meeting
from tests.browser.conftest import DEMO_TITLE, seat_in_the_auditorium, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def seats_of(plan) -> dict[int, int]:
    return dict(plan.assignments.values_list("person_id", "seat_id"))


def test_the_secretariat_drags_a_delegate_to_an_empty_seat_and_onto_another(
    browser, asgi_server, demo
):
    from lianghui.halls.models import Seat, SeatAssignment, SeatPlan

    accounts, password = demo
    meeting = Meeting.objects.get(session__title=DEMO_TITLE, title="第一次全体会议")
    base = asgi_server.url
    context = browser.new_context(
        locale="zh-CN", timezone_id="Asia/Shanghai", viewport={"width": 1280, "height": 1000}
    )
    try:
        page = context.new_page()
        sign_in(page, base, accounts.secretariat, password)
        seat_in_the_auditorium(page, base, meeting.pk)
        plan = SeatPlan.objects.get(meeting=meeting)
        rows = list(
            SeatAssignment.objects.filter(plan=plan, category="member", locked=False)
            .select_related("person", "seat").order_by("seat__y", "seat__x")
        )  # fmt: skip
        mover, other = rows[0], rows[1]
        taken = {a.seat_id for a in plan.assignments.all()}
        here = (mover.seat.x, mover.seat.y)
        empty = min(
            Seat.objects.filter(hall=plan.hall, rostrum=False).exclude(pk__in=taken),
            key=lambda s: abs(s.x - here[0]) + abs(s.y - here[1]),
        )
        seat = "#seatmap g[data-seat='{}']".format

        # Onto an empty seat: the mover sits there, nobody else moves.
        before = seats_of(plan)
        page.drag_and_drop(seat(mover.seat_id), seat(empty.pk))
        expect(page.locator(".messages").first).to_contain_text("座位已调整", timeout=10_000)
        after = seats_of(plan)
        assert after[mover.person_id] == empty.pk
        assert {p: s for p, s in after.items() if p != mover.person_id} == {
            p: s for p, s in before.items() if p != mover.person_id
        }
        expect(page.locator(seat(empty.pk))).to_have_attribute("data-name", mover.person.name)

        # Onto a taken seat: the two swap.
        page.drag_and_drop(seat(empty.pk), seat(other.seat_id))
        expect(page.locator(seat(other.seat_id))).to_have_attribute(
            "data-name", mover.person.name, timeout=10_000
        )
        swapped = seats_of(plan)
        assert swapped[mover.person_id] == other.seat_id
        assert swapped[other.person_id] == empty.pk
        assert len(set(swapped.values())) == len(swapped)  # nobody shares a seat

        # Published: a drag without a reason is refused in Chinese, and nothing moves.
        page.click("#publish-plan button")
        page.wait_for_selector("#plan-state:has-text('已发布')")
        page.drag_and_drop(seat(other.seat_id), seat(mover.seat_id))
        expect(page.get_by_text("座次表已发布，调整座位须说明理由。")).to_be_visible(timeout=10_000)
        assert seats_of(plan) == swapped
        # With the reason filled in first, the drag goes through as a new version.
        page.fill("#move-seat input[name=reason]", "照顾行动不便的代表")
        page.drag_and_drop(seat(other.seat_id), seat(mover.seat_id))
        page.wait_for_selector("#plan-state:has-text('第 2 版')", timeout=10_000)
        assert seats_of(plan)[mover.person_id] == mover.seat_id
    finally:
        context.close()
