"""The big screen's layout and message line: the chair steers them from the console, every
screen gets them in the live state, and the public screen's seat map names nobody."""

import pytest
from django.test import Client

from lianghui.audit.models import Event
from lianghui.errors import ActionError, PermissionDenied
from lianghui.hall import actions, rules
from lianghui.hall.models import HallState, ScreenLayout
from lianghui.hall.snapshot import build_snapshot
from lianghui.hall.tokens import screen_token
from lianghui.halls.tests.conftest import auditorium, officer_client, seated  # noqa: F401

pytestmark = pytest.mark.django_db


def screen_of(meeting) -> tuple[str, str]:
    state = HallState.objects.filter(meeting=meeting).first()
    return (state.screen_layout, state.screen_message) if state else ("auto", "")


def test_the_rules_know_the_models_layouts_and_keep_the_message_to_one_short_line():
    assert set(rules.LAYOUTS) == set(ScreenLayout.values)
    assert rules.clean_message("  请代表们\n回到座位  ") == "请代表们 回到座位"
    assert rules.message_refusal("") is None
    assert rules.message_refusal("会" * rules.MESSAGE_MAX) is None
    assert "最多 50 个字" in rules.message_refusal("会" * (rules.MESSAGE_MAX + 1))
    assert "控制字符" in rules.message_refusal("请\u202e回座")
    assert rules.layout_refusal("seats") is None
    assert "版式" in rules.layout_refusal("cinema")


def test_the_chair_switches_the_layout_and_sets_the_message(hall):
    assert build_snapshot(hall.plenary.pk)["screen"] == {"layout": "auto", "message": ""}
    actions.set_screen(hall.plenary, hall.officer, layout="seats")
    actions.set_screen(hall.plenary, hall.officer, message=" 请代表们\n回到座位 ")
    assert build_snapshot(hall.plenary.pk)["screen"] == {
        "layout": "seats",
        "message": "请代表们 回到座位",
    }
    actions.set_screen(hall.plenary, hall.officer, layout="speaker", message="")
    assert screen_of(hall.plenary) == ("speaker", "")
    events = Event.objects.filter(kind="hall.screen_set").order_by("id")
    assert [e.data for e in events] == [
        {"layout": "seats", "message": ""},
        {"layout": "seats", "message": "请代表们 回到座位"},
        {"layout": "speaker", "message": ""},
    ]
    assert {e.actor_id for e in events} == {hall.officer.pk}


@pytest.mark.parametrize(
    ("kw", "code"),
    [
        ({"layout": "cinema"}, "bad_layout"),
        ({"message": "会" * 51}, "bad_message"),
        ({"layout": "seats", "message": "会" * 51}, "bad_message"),
        ({}, "nothing_to_set"),
    ],
)
def test_bad_input_is_refused_in_chinese_and_changes_nothing(hall, kw, code):
    actions.set_screen(hall.plenary, hall.officer, layout="agenda", message="休会十分钟")
    before = Event.objects.count()
    with pytest.raises(ActionError) as refused:
        actions.set_screen(hall.plenary, hall.officer, **kw)
    assert refused.value.code == code and refused.value.status == 422
    assert any("\u4e00" <= c <= "\u9fff" for c in refused.value.message)
    assert screen_of(hall.plenary) == ("agenda", "休会十分钟")
    assert Event.objects.count() == before


def test_a_delegate_or_an_outsider_may_not_steer_the_screen(hall):
    for user in (hall.delegate_user, hall.outsider):
        with pytest.raises(PermissionDenied):
            actions.set_screen(hall.plenary, user, layout="seats", message="x")
    assert screen_of(hall.plenary) == ("auto", "")
    assert not Event.objects.filter(kind="hall.screen_set").exists()


def test_the_console_form_steers_the_screen_over_http(hall):
    chair, delegate = Client(), Client()
    chair.force_login(hall.officer)
    delegate.force_login(hall.delegate_user)
    url = f"/hall/{hall.plenary.pk}/console/screen"

    assert delegate.post(url, {"layout": "seats"}).status_code == 302
    assert screen_of(hall.plenary) == ("auto", "")

    assert chair.post(url, {"layout": "seats"}).status_code == 302
    assert chair.post(url, {"message": "请关闭手机铃声"}).status_code == 302
    page = chair.get(f"/hall/{hall.plenary.pk}/console").content.decode()
    assert 'value="seats" class="primary" aria-pressed="true"' in page
    assert 'value="请关闭手机铃声"' in page and "清除提示" in page

    refused = chair.post(url, {"message": "会" * 51}, follow=True).content.decode()
    assert "会场提示最多 50 个字" in refused
    assert screen_of(hall.plenary) == ("seats", "请关闭手机铃声")

    chair.post(url, {"message": "请关闭手机铃声", "clear": "1"})
    assert screen_of(hall.plenary) == ("seats", "")

    # The screen's own poll (no account, the signed token) reads the same state.
    token = screen_token(hall.plenary.pk)
    state = Client().get(f"/hall/{hall.plenary.pk}/state.json?token={token}").json()
    assert state["screen"] == {"layout": "seats", "message": ""}


@pytest.mark.usefixtures("seated")
def test_the_public_screen_draws_the_seat_map_without_names(hall):
    token = screen_token(hall.plenary.pk)
    page = Client().get(f"/hall/{hall.plenary.pk}/screen?token={token}").content.decode()
    chart = page[page.index('<figure class="seatmap"') : page.index("</figure>")]
    assert chart.count("data-seat=") >= len(hall.delegates)
    assert "data-name" not in chart
    for person in [*hall.delegates, hall.guest]:
        assert person.name not in chart
    # The live state's seats are seat ids by state: nobody's name, nobody's person id.
    seats = build_snapshot(hall.plenary.pk)["seats"]
    for key in ("present", "leave", "absent", "nonvoting"):
        assert all(isinstance(seat, int) for seat in seats[key])
    assert set(seats) == {
        *("plan", "version", "map", "present", "leave", "absent", "nonvoting", "choices")
    }


def test_without_a_seat_plan_the_screen_says_so(hall):
    token = screen_token(hall.plenary.pk)
    page = Client().get(f"/hall/{hall.plenary.pk}/screen?token={token}").content.decode()
    assert "本次会议尚未编排座次" in page and "data-seat=" not in page
    assert build_snapshot(hall.plenary.pk)["seats"] is None


@pytest.mark.usefixtures("seated")
def test_the_map_alone_is_fetched_again_when_the_plan_changes_and_names_only_the_chair(hall):
    from lianghui.halls import seating
    from lianghui.halls.models import SeatPlan

    key = build_snapshot(hall.plenary.pk)["seats"]["map"]
    plan = SeatPlan.objects.get(meeting=hall.plenary)
    first, second = plan.assignments.order_by("seat__y", "seat__x")[:2]
    seating.move(plan, first.person_id, second.seat_id, hall.officer)
    moved = build_snapshot(hall.plenary.pk)["seats"]["map"]
    assert moved != key and moved.split(".")[0] == key.split(".")[0]
    assert build_snapshot(hall.plenary.pk)["seats"]["map"] == moved  # stable between pushes

    url = f"/hall/{hall.plenary.pk}/seatmap"
    chair = Client()
    chair.force_login(hall.officer)
    token = screen_token(hall.plenary.pk)
    public = Client().get(f"{url}?token={token}&names=1")
    assert public.status_code == 200 and public["Cache-Control"] == "no-store"
    chart = public.content.decode()
    assert chart.count("data-seat=") >= len(hall.delegates) and "data-name" not in chart
    assert "<script" not in chart
    assert Client().get(f"/hall/987654/seatmap?token={token}").status_code == 404
    named = chair.get(f"{url}?names=1").content.decode()
    assert 'data-name="张三"' in named
    assert "data-name" not in chair.get(url).content.decode()
    outsider = Client()
    outsider.force_login(hall.outsider)  # signed in, sees the meeting, does not chair it
    assert "data-name" not in outsider.get(f"{url}?names=1").content.decode()
    empty = Client().get(f"/hall/{hall.group.pk}/seatmap?token={screen_token(hall.group.pk)}")
    assert "本次会议尚未编排座次" in empty.content.decode()
