"""The live seat map: the hall state carries seats by attendance, and by choice only for a
published named vote — never for a secret one."""

import secrets

import pytest
from django.test import Client

from conftest import PASSWORD
from lianghui.attendance import actions as attendance
from lianghui.attendance.models import Method
from lianghui.hall.snapshot import build_snapshot
from lianghui.halls.models import SeatAssignment
from lianghui.halls.tests.conftest import auditorium, officer_client, seated  # noqa: F401 (fixtures)
from lianghui.votes import actions as votes
from lianghui.votes.actions import PollSettings
from lianghui.votes.testing import close_and_count, press

pytestmark = pytest.mark.django_db


def seat_of(person) -> int:
    return SeatAssignment.objects.get(person=person).seat_id


def test_seats_turn_present_on_check_in_and_leave_or_absent_otherwise(hall, seated):  # noqa: F811
    state = build_snapshot(hall.plenary.pk)["seats"]
    assert set(state["absent"]) == {seat_of(p) for p in hall.delegates}
    assert state["present"] == [] and state["choices"] is None
    assert state["nonvoting"] == [seat_of(hall.guest)]  # the guest checked in as 列席
    attendance.check_in(hall.plenary, hall.delegates[1], Method.DESK, hall.officer)
    attendance.record_leave(hall.plenary, hall.delegates[2], "出差", hall.officer)
    state = build_snapshot(hall.plenary.pk)["seats"]
    assert state["present"] == [seat_of(hall.delegates[1])]
    assert state["leave"] == [seat_of(hall.delegates[2])]
    assert seat_of(hall.delegates[1]) not in state["absent"]


def _vote(hall, secret: bool, scrutineers=None):
    from django.contrib.auth.models import User

    for i, person in enumerate(hall.delegates[:4]):
        attendance.check_in(hall.plenary, person, Method.DESK, hall.officer)
        if person.user is None:
            person.user = User.objects.create_user(f"v{i}", password=PASSWORD)
            person.save(update_fields=["user"])
    poll = votes.create_poll(
        hall.plenary, PollSettings(question="通过会议议程", secret=secret), hall.officer
    )
    poll, _ = votes.open_poll(poll, hall.officer)
    for person, choice in zip(hall.delegates[:4], ["yes", "no", "yes", "abstain"], strict=True):
        press(poll, person, choice, secrets.token_urlsafe(24), person.user)
    return close_and_count(poll, hall.officer, scrutineers)


def test_a_published_named_vote_colours_the_seats_by_choice(hall, seated):  # noqa: F811
    poll = _vote(hall, secret=False)
    assert poll.state == "published"
    choices = build_snapshot(hall.plenary.pk)["seats"]["choices"]
    assert choices["poll"] == poll.pk
    assert set(choices["yes"]) == {seat_of(hall.delegates[0]), seat_of(hall.delegates[2])}
    assert choices["no"] == [seat_of(hall.delegates[1])]
    assert choices["abstain"] == [seat_of(hall.delegates[3])]


def test_a_secret_vote_never_colours_a_seat(hall, seated, scrutineers):  # noqa: F811
    poll = _vote(hall, secret=True, scrutineers=scrutineers)
    assert poll.state == "published"
    state = build_snapshot(hall.plenary.pk)["seats"]
    assert state["choices"] is None
    assert len(state["present"]) == 4


def test_the_console_and_the_desk_draw_the_map(hall, seated, officer_client):  # noqa: F811
    console = officer_client.get(f"/hall/{hall.plenary.pk}/console").content.decode()
    assert "data-seatmap" in console and "seatmap.js" in console
    assert 'data-name="张三"' in console and "已签到" in console
    desk = officer_client.get(f"/meetings/{hall.plenary.pk}/desk/").content.decode()
    assert "data-seatmap" in desk and 'id="hall-state"' in desk
    # A meeting without a seat plan: the card says so, and fills in when a plan is made.
    empty = officer_client.get(f"/hall/{hall.group.pk}/console").content.decode()
    assert "本次会议尚未编排座次" in empty and "data-seat=" not in empty


def test_the_public_screen_state_names_nobody(hall, seated):  # noqa: F811
    state = Client().get(f"/hall/{hall.plenary.pk}/state.json")
    assert state.status_code == 200
    seats = state.json()["seats"]
    assert seats["nonvoting"] == [seat_of(hall.guest)] and "张三" not in str(seats)
