"""The demo's venue: the Party school's auditorium, drawn once and marked invented."""

import pytest

from lianghui.demo import load_demo
from lianghui.halls.models import Hall

pytestmark = pytest.mark.django_db


def test_the_demo_draws_the_party_schools_auditorium():
    load_demo(votes=False)
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
