"""The demo's venue: the Party school's auditorium, drawn once and marked invented."""

import pytest

from lianghui.halls.models import Hall
from tests.demo_copy import load_demo_once

pytestmark = pytest.mark.django_db


def test_the_demo_draws_the_party_schools_auditorium():
    load_demo_once(votes=False)
    hall = Hall.objects.select_related("venue").get()
    assert (hall.venue.name, hall.name, hall.synthetic) == ("上海市委党校", "大礼堂", True)
    # Room for the closing plenary: 300 delegates, 300 CPPCC members attending, the guests.
    assert hall.seats.filter(rostrum=False).count() == 1000
    assert hall.seats.filter(rostrum=True).count() == 57
    assert set(hall.seats.values_list("block", flat=True)) == {
        "主席台",
        "左区",
        "中区",
        "右区",
        "楼座",
    }


def test_the_demo_seats_the_closing_plenary_with_the_newspapers_rostrum():
    from lianghui.halls.models import SeatPlan

    load_demo_once(votes=False)
    plan = SeatPlan.objects.select_related("meeting").get()
    assert (plan.meeting.title, plan.state) == ("第三次全体会议", "published")
    rostrum = {
        a.person.name: a.seat
        for a in plan.assignments.filter(category="rostrum").select_related("person", "seat")
    }
    assert len(rostrum) == 12
    # 19 chairs in the front row: 曹立强 in the middle one, 李新华 on his left, 沈权 on his right.
    assert (rostrum["曹立强"].row, rostrum["曹立强"].number) == (1, 10)
    assert rostrum["李新华"].number == 11 and rostrum["沈权"].number == 9
    nonvoting = plan.assignments.filter(category="nonvoting").select_related("seat")
    # All 300 CPPCC members attend; their chair 黄冲 sits on the rostrum, the others upstairs.
    assert nonvoting.count() == 299 and {a.seat.block for a in nonvoting} == {"楼座"}
    assert "黄冲" in rostrum
    floor = {
        a.seat.block for a in plan.assignments.filter(category="member").select_related("seat")
    }
    assert floor <= {"左区", "中区", "右区"}
