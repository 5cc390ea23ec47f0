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


def test_the_lock_and_publish_buttons_step_on_the_plan_and_show_refusals(
    hall, seated, officer_client
):
    url = f"/meetings/{hall.plenary.pk}/seating/"
    plan = SeatPlan.objects.get(meeting=hall.plenary)
    label = plan.assignments.select_related("seat").get(person__name="李四").seat.label
    page = officer_client.post(f"{url}lock/", {"seat": label}, follow=True).content.decode()
    assert "座位已锁定" in page
    assert plan.assignments.get(person__name="李四").locked
    page = officer_client.post(f"{url}lock/", {"seat": "中区99排1号"}, follow=True)
    assert "中区99排1号" in page.content.decode() and page.redirect_chain[-1][0] == url
    page = officer_client.post(f"{url}publish/", follow=True).content.decode()
    assert "座次表已发布" in page
    plan.delete()
    assert officer_client.post(f"{url}publish/").status_code == 404
