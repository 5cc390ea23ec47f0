"""Seat plans through the API: made by the rules, moved, locked, published, versioned."""

import pytest
from django.test import Client

from lianghui.audit.models import Event
from lianghui.halls import actions
from lianghui.halls.layout_rules import BlockSpec
from lianghui.halls.models import PlanVersion, SeatAssignment

pytestmark = pytest.mark.django_db


def by_name(plan):
    return {s["name"]: s for s in plan["seats"]}


def test_a_plan_seats_the_rostrum_the_delegations_and_those_attending(hall, seated):
    seats = by_name(seated)
    assert seats["张三"]["label"] == "主席台1排1号" or seats["张三"]["rostrum"]
    assert seats["张三"]["label"] == "主席台1排2号"  # one chair: the middle of three
    assert seats["列席人"]["label"] == "楼座1排1号" and seats["列席人"]["category"] == "nonvoting"
    # 东区 (李四, 王五; 张三 is on the rostrum) on row 1, 西区 on row 2, its convener first.
    assert seats["孙八"]["label"] == "中区2排1号"
    assert {seats[n]["label"][:3] for n in ("李四", "王五")} == {"中区1"}
    assert seated["counts"] == {"rostrum": 1, "member": 5, "nonvoting": 1, "guest": 0}
    assert seated["state"] == "draft" and seated["version"] == 1
    event = Event.objects.get(kind="halls.plan_made")
    assert event.data["counts"]["member"] == 5


def test_moves_swap_locks_hold_and_a_published_plan_needs_reasons(hall, seated, officer_client):
    url = f"/api/halls/meetings/{hall.plenary.pk}/seating"
    seats = by_name(seated)
    li, sun = seats["李四"], seats["孙八"]
    r = officer_client.post(f"{url}/moves", {"person_id": li["person_id"], "seat_id": sun["seat_id"]},
                            content_type="application/json")  # fmt: skip
    after = by_name(r.json())
    assert r.status_code == 200
    assert (after["李四"]["label"], after["孙八"]["label"]) == (sun["label"], li["label"])
    r = officer_client.post(
        f"{url}/locks", {"seat_id": sun["seat_id"]}, content_type="application/json"
    )
    assert r.status_code == 200 and by_name(r.json())["李四"]["locked"]
    r = officer_client.post(f"{url}/moves", {"person_id": seats["王五"]["person_id"],
                            "seat_id": sun["seat_id"]}, content_type="application/json")  # fmt: skip
    assert r.status_code == 409 and "已锁定" in r.json()["message"]

    r = officer_client.post(f"{url}/publish")
    assert r.status_code == 200 and r.json()["state"] == "published"
    r = officer_client.post(f"{url}/moves", {"person_id": seats["王五"]["person_id"],
                            "seat_id": seats["赵六"]["seat_id"]}, content_type="application/json")  # fmt: skip
    assert r.status_code == 422 and "须说明理由" in r.json()["message"]
    r = officer_client.post(
        f"{url}/moves",
        {"person_id": seats["王五"]["person_id"], "seat_id": seats["赵六"]["seat_id"],
         "reason": "王五代表行动不便，调至靠过道座位"},
        content_type="application/json",
    )  # fmt: skip
    assert r.status_code == 200 and r.json()["version"] == 2
    assert list(PlanVersion.objects.values_list("version", flat=True)) == [1, 2]
    event = Event.objects.filter(kind="halls.seat_moved").latest("id")
    assert event.data["after_publishing"] and event.data["reason"].startswith("王五代表")
    # Published: made again by the rules only by way of moves.
    again = officer_client.post(
        url, {"hall_id": seated["hall_id"]}, content_type="application/json"
    )
    assert again.status_code == 409 and "已发布" in again.json()["message"]


def test_a_person_not_of_the_meeting_or_a_seat_not_of_the_hall_is_refused(
    hall, seated, officer_client
):
    url = f"/api/halls/meetings/{hall.plenary.pk}/seating/moves"
    from lianghui.people.models import Person

    stranger = Person.objects.create(name="路人甲")
    r = officer_client.post(url, {"person_id": stranger.pk, "seat_id": seated["seats"][0]["seat_id"]},
                            content_type="application/json")  # fmt: skip
    assert r.status_code == 422 and "路人甲 不在本次会议的座次表中" in r.json()["message"]
    r = officer_client.post(url, {"person_id": seated["seats"][0]["person_id"], "seat_id": 999999},
                            content_type="application/json")  # fmt: skip
    assert r.status_code == 422 and "不在本会场" in r.json()["message"]


def test_too_small_a_hall_is_refused_and_nothing_stored(hall, officer_client):
    small = actions.create_from_blocks(
        "会址", "小会议室", [BlockSpec("中区", 1, 3, 0, 0)], hall.officer
    )
    r = officer_client.post(f"/api/halls/meetings/{hall.plenary.pk}/seating",
                            {"hall_id": small.pk}, content_type="application/json")  # fmt: skip
    assert r.status_code == 409
    assert r.json()["message"].startswith("座位不足：代表（委员） 6 人待安排，可用座位只有 3 个")
    assert not SeatAssignment.objects.exists()


def test_a_hall_in_use_by_a_published_plan_is_not_redrawn(hall, auditorium, seated, officer_client):
    import datetime as dt

    from django.utils import timezone

    officer_client.post(f"/api/halls/meetings/{hall.plenary.pk}/seating/publish")
    add = {"name": "加座", "rows": 1, "seats": 2, "x": 0, "y": 9}
    url = f"/api/halls/{auditorium.pk}/blocks"
    # The meeting is to come: its published plan holds the drawing.
    hall.plenary.starts_at = timezone.now() + dt.timedelta(days=1)
    hall.plenary.save(update_fields=["starts_at"])
    r = officer_client.post(url, add, content_type="application/json")
    assert r.status_code == 409 and "座次表已发布" in r.json()["message"]
    # Once it is held, the plan is history and the hall is drawn on for the next session.
    hall.plenary.starts_at = timezone.now() - dt.timedelta(days=1)
    hall.plenary.save(update_fields=["starts_at"])
    assert officer_client.post(url, add, content_type="application/json").status_code == 201


def test_a_block_with_people_seated_in_a_draft_is_not_removed(hall, auditorium, seated):
    from lianghui.errors import ActionError

    with pytest.raises(ActionError, match="列席人安排在楼座1排1号"):
        actions.remove_block(auditorium, "楼座", False, hall.officer)


def test_the_delegate_sees_their_seat_once_published(hall, seated, officer_client):
    delegate = Client()
    delegate.force_login(hall.delegate_user)
    assert delegate.get("/api/halls/me/seats").json() == []
    officer_client.post(f"/api/halls/meetings/{hall.plenary.pk}/seating/publish")
    mine = delegate.get("/api/halls/me/seats").json()
    assert [(m["meeting"], m["seat"]) for m in mine] == [("第一次全体会议", "主席台1排2号")]
    assert delegate.get(f"/api/halls/meetings/{hall.plenary.pk}/seating").status_code == 403


def test_the_seating_page_makes_moves_locks_and_publishes(hall, auditorium, officer_client):
    url = f"/meetings/{hall.plenary.pk}/seating/"
    page = officer_client.get(url).content.decode()
    assert "按规则编排座次" in page
    r = officer_client.post(url + "make/", {"hall": auditorium.pk, "order": "strokes"})
    assert r.status_code == 302
    page = officer_client.get(url).content.decode()
    assert 'data-name="张三"' in page and "<title>中区1排1号 · " in page
    r = officer_client.post(url + "move/", {"name": "张三", "seat": "中区3排4号"})
    assert r.status_code == 302
    page = officer_client.get(url).content.decode()
    assert "<title>中区3排4号 · 张三</title>" in page
    officer_client.post(url + "lock/", {"seat": "中区3排4号", "locked": "1"})
    assert SeatAssignment.objects.get(person=hall.delegates[0]).locked
    r = officer_client.post(url + "move/", {"name": "张三", "seat": "中区1排1号"}, follow=True)
    assert "已锁定" in r.content.decode()
    officer_client.post(url + "publish/")
    page = officer_client.get(url).content.decode()
    assert "已发布" in page and "按规则编排座次" not in page


def test_the_delegates_page_shows_their_seat_once_published(hall, seated, officer_client):
    delegate = Client()
    delegate.force_login(hall.delegate_user)
    assert "主席台1排2号" not in delegate.get("/me/").content.decode()
    officer_client.post(f"/api/halls/meetings/{hall.plenary.pk}/seating/publish")
    page = delegate.get("/me/").content.decode()
    assert 'data-seat="主席台1排2号"' in page and "座位：主席台1排2号" in page
