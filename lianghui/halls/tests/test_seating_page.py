"""The seat plan's page moves seats with its form, which the chart's drag-and-drop fills in
and posts (seating.js): the form works alone, and a refusal is shown in Chinese."""

import pytest

from lianghui.halls.models import SeatPlan

pytestmark = pytest.mark.django_db


def test_the_form_the_drag_posts_moves_and_refuses_in_chinese(hall, seated, officer_client):
    url = f"/meetings/{hall.plenary.pk}/seating/"
    page = officer_client.get(url).content.decode()
    assert 'id="move-seat"' in page and "lianghui/seating.js" in page
    assert 'data-name="李四"' in page  # what a drag reads the person from
    plan = SeatPlan.objects.get(meeting=hall.plenary)
    sun = plan.assignments.select_related("seat").get(person__name="孙八")
    moved = officer_client.post(
        f"{url}move/", {"name": "李四", "seat": sun.seat.label}, follow=True
    ).content.decode()
    assert "座位已调整" in moved
    assert plan.assignments.get(person__name="李四").seat_id == sun.seat_id
    refused = officer_client.post(
        f"{url}move/", {"name": "李四", "seat": "中区99排1号"}, follow=True
    ).content.decode()
    assert "中区99排1号" in refused and "座位已调整" not in refused
