"""The set-up actions (sessions/setup/) called directly, for what the API and page tests do not
show: a meeting's change is audited field by field (old and new) and only when something
changed; a duplicate body, term or officer is refused naming its field; only the secretariat of
every body sets up (a one-body secretariat does not); a refusal changes nothing."""

import datetime as dt

import pytest
from django.contrib.auth.models import User

from conftest import SHANGHAI
from lianghui.audit.models import Event
from lianghui.errors import PermissionDenied
from lianghui.people.models import SecretariatSeat
from lianghui.sessions import setup
from lianghui.sessions.models import Meeting, PresidingOfficer, PresidingRole

pytestmark = pytest.mark.django_db


def at(day: int, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime(2024, 1, day, hour, minute, tzinfo=SHANGHAI)


def plenary_draft(hall, **changes) -> setup.MeetingDraft:
    fields = {
        "kind": hall.plenary.kind,
        "title": hall.plenary.title,
        "starts_at": hall.plenary.starts_at,
        "ends_at": hall.plenary.ends_at,
        "venue": hall.plenary.venue,
        "group_id": hall.plenary.group_id,
    }
    return setup.MeetingDraft(**(fields | changes))


def test_a_meetings_change_is_audited_with_each_fields_old_and_new_value(hall):
    draft = plenary_draft(hall, title=" 第一次全体会议（开幕） ", ends_at=at(10, 11, 30))
    meeting = setup.update_meeting(hall.plenary, draft, hall.officer)

    assert (meeting.title, meeting.ends_at) == ("第一次全体会议（开幕）", at(10, 11, 30))
    event = Event.objects.get(kind="sessions.meeting_changed")
    assert event.actor == hall.officer
    assert event.data["changes"] == {
        "title": ["第一次全体会议", "第一次全体会议（开幕）"],
        "ends_at": [None, "2024-01-10T11:30:00+08:00"],
    }


def test_a_meeting_saved_unchanged_records_nothing(hall):
    setup.update_meeting(hall.plenary, plenary_draft(hall), hall.officer)
    assert not Event.objects.filter(kind="sessions.meeting_changed").exists()


def test_a_meeting_moved_onto_another_is_refused_naming_the_field_and_unchanged(hall):
    # The east delegation's group meeting starts at 14:00 on the opening day.
    draft = plenary_draft(hall, starts_at=at(10, 13, 30), ends_at=at(10, 15))
    with pytest.raises(setup.SetupRefused) as refused:
        setup.update_meeting(hall.plenary, draft, hall.officer)
    assert (refused.value.status, refused.value.details["field"]) == (422, "starts_at")
    assert "重叠" in refused.value.message
    assert Meeting.objects.get(pk=hall.plenary.pk).starts_at == at(10, 10)
    assert not Event.objects.exists()


def test_a_body_term_or_officer_twice_is_refused_naming_the_field(hall):
    with pytest.raises(setup.SetupRefused) as refused:
        setup.create_body("congress", hall.congress.name, "", hall.officer)
    assert (refused.value.code, refused.value.details["field"]) == ("exists", "name")
    with pytest.raises(setup.SetupRefused) as refused:
        setup.create_term(hall.congress, hall.term.number, dt.date(2027, 1, 1), None, hall.officer)
    assert (refused.value.code, refused.value.details["field"]) == ("exists", "number")

    chair = hall.delegates[1]
    setup.add_officer(hall.plenary, chair, PresidingRole.EXECUTIVE_CHAIR, hall.officer)
    with pytest.raises(setup.SetupRefused) as refused:
        setup.add_officer(hall.plenary, chair, PresidingRole.EXECUTIVE_CHAIR, hall.officer)
    assert (refused.value.code, refused.value.details["field"]) == ("exists", "person")
    with pytest.raises(setup.SetupRefused) as refused:
        setup.add_officer(hall.plenary, chair, "vice_chair", hall.officer)
    assert refused.value.details["field"] == "role"
    assert PresidingOfficer.objects.filter(meeting=hall.plenary).count() == 1
    assert Event.objects.filter(kind="sessions.officer_added").count() == 1


def test_officers_of_a_role_are_numbered_in_the_order_they_are_added(hall):
    first, second = hall.delegates[1], hall.delegates[2]
    role = PresidingRole.EXECUTIVE_CHAIR
    assert setup.add_officer(hall.plenary, first, role, hall.officer).order == 1
    assert setup.add_officer(hall.plenary, second, role, hall.officer).order == 2
    attending = setup.add_officer(hall.plenary, second, PresidingRole.ATTENDING, hall.officer)
    assert attending.order == 1


def test_only_the_secretariat_of_every_body_sets_up(hall):
    own_seat = User.objects.create_user("own-mishu")
    SecretariatSeat.objects.create(user=own_seat, body=hall.congress)
    for actor in (hall.delegate_user, hall.outsider, own_seat):
        with pytest.raises(PermissionDenied) as refused:
            setup.update_meeting(hall.plenary, plenary_draft(hall, title="改"), actor)
        assert refused.value.message == "只有会务组可以设置会议。"
        with pytest.raises(PermissionDenied):
            setup.add_officer(hall.plenary, hall.delegates[1], PresidingRole.PRESIDING, actor)
    assert Meeting.objects.get(pk=hall.plenary.pk).title == "第一次全体会议"
    assert not Event.objects.exists()
