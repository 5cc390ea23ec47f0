"""The sessions gates (access.py) and what an in-session step asks of its session (sitting.py),
asked directly: who sees a session, its meetings, rows and documents; who may chair; whether
the session sits today; who its delegates are. The pages and routers of every app lean on
them."""

import datetime as dt

import pytest
import time_machine
from django.contrib.auth.models import AnonymousUser, User

from conftest import SHANGHAI
from lianghui.errors import ActionError, NotFound, PermissionDenied
from lianghui.people.models import Membership, Organisation, OrgKind, Person, Role, SecretariatSeat
from lianghui.sessions import access, sitting
from lianghui.sessions.models import AgendaItem, Document, PresidingOfficer, PresidingRole
from lianghui.sessions.models import Visibility as V

pytestmark = pytest.mark.django_db

HIDDEN = "未找到该会议，或您无权查看。"


def private(hall):
    hall.session.public = False
    hall.session.save(update_fields=["public"])
    return hall.session


def user_with(person: Person, username: str) -> User:
    user = User.objects.create_user(username)
    person.user = user
    person.save(update_fields=["user"])
    return user


@pytest.fixture
def other_secretariat(hall):
    """The secretariat of another body: nobody in this one."""
    user = User.objects.create_user("other-mishu")
    body = Organisation.objects.create(kind=OrgKind.CONGRESS, name="另一区人民代表大会")
    SecretariatSeat.objects.create(user=user, body=body)
    return user


def test_a_public_session_is_seen_by_anyone(hall):
    for user in (AnonymousUser(), hall.outsider, hall.delegate_user, hall.officer):
        assert access.session_for(user, hall.session.pk) == hall.session
        assert access.meeting_for(user, hall.plenary.pk) == hall.plenary


def test_a_private_session_is_seen_by_its_body_only(hall, other_secretariat):
    session = private(hall)
    # A member of one of the body's delegations only belongs to the body too.
    east_only = Person.objects.create(name="周九")
    Membership.objects.create(person=east_only, organisation=hall.east, role=Role.GROUP_MEMBER)
    own_seat = User.objects.create_user("own-mishu")
    SecretariatSeat.objects.create(user=own_seat, body=hall.congress)

    for user in (hall.delegate_user, hall.officer, own_seat, user_with(east_only, "zhoujiu")):
        assert access.can_see_session(user, session), user
        assert access.session_for(user, session.pk) == session
    for user in (AnonymousUser(), hall.outsider, other_secretariat):
        assert not access.can_see_session(user, session), user
        with pytest.raises(NotFound) as refused:
            access.session_for(user, session.pk)
        assert refused.value.message == HIDDEN
        with pytest.raises(NotFound):
            access.meeting_for(user, hall.plenary.pk)


def test_a_missing_row_and_one_the_user_may_not_see_answer_alike(hall):
    private(hall)
    item = AgendaItem.objects.get(meeting=hall.plenary)
    rows, message = AgendaItem.objects.all(), "未找到该议程。"
    assert access.visible_row(hall.delegate_user, rows, item.pk, message) == item
    for pk in (item.pk, item.pk + 1000):
        with pytest.raises(NotFound) as refused:
            access.visible_row(hall.outsider, rows, pk, message)
        assert (refused.value.status, refused.value.message) == (404, message)
    with pytest.raises(NotFound) as refused:
        access.session_for(hall.delegate_user, hall.session.pk + 1000)
    assert refused.value.message == HIDDEN


@pytest.mark.parametrize(
    ("visibility", "sees"),
    [
        (
            V.PUBLIC,
            {"anonymous", "outsider", "other body's secretariat", "delegate", "secretariat"},
        ),
        (V.PARTICIPANTS, {"delegate", "secretariat"}),
        (V.SECRETARIAT, {"secretariat"}),
    ],
)
def test_a_document_is_seen_as_its_visibility_says(hall, other_secretariat, visibility, sees):
    document = Document(visibility=visibility)
    cast = {
        "anonymous": AnonymousUser(),
        "outsider": hall.outsider,
        "other body's secretariat": other_secretariat,
        "delegate": hall.delegate_user,
        "secretariat": hall.officer,
    }
    seen = {
        who
        for who, user in cast.items()
        if access.can_see_document(user, document, hall.congress.pk)
    }
    assert seen == sees


def test_the_secretariat_and_the_meetings_presiding_officers_may_chair(hall, other_secretariat):
    presiding, seated, elsewhere = hall.delegates[1], hall.delegates[2], hall.delegates[3]
    for person, role, meeting in (
        (presiding, PresidingRole.PRESIDING, hall.plenary),
        (seated, PresidingRole.ROSTRUM, hall.plenary),
        (elsewhere, PresidingRole.EXECUTIVE_CHAIR, hall.group),
    ):
        PresidingOfficer.objects.create(meeting=meeting, person=person, role=role)
    chairs = {
        "secretariat": hall.officer,
        "presiding": user_with(presiding, "presiding"),
    }
    not_chairs = {
        "anonymous": AnonymousUser(),
        "delegate": hall.delegate_user,
        "on the rostrum": user_with(seated, "seated"),
        "chair of another meeting": user_with(elsewhere, "elsewhere"),
        "other body's secretariat": other_secretariat,
    }
    for who, user in chairs.items():
        assert access.can_chair(user, hall.plenary), who
        access.require_chair(user, hall.plenary, "只有主持人可以宣布表决结果。")
    for who, user in not_chairs.items():
        assert not access.can_chair(user, hall.plenary), who
        with pytest.raises(PermissionDenied) as refused:
            access.require_chair(user, hall.plenary, "只有主持人可以宣布表决结果。")
        assert (refused.value.status, refused.value.message) == (
            403,
            "只有主持人可以宣布表决结果。",
        )


def test_only_the_secretariat_of_every_body_or_of_the_sessions_own_records_its_steps(
    hall, other_secretariat
):
    own = User.objects.create_user("own-mishu")
    SecretariatSeat.objects.create(user=own, body=hall.congress)
    for user in (hall.officer, own):
        access.require_secretariat(user, hall.session, "只有会务组可以登记质询案。")
    for user in (AnonymousUser(), hall.delegate_user, other_secretariat):
        with pytest.raises(PermissionDenied) as refused:
            access.require_secretariat(user, hall.session, "只有会务组可以登记质询案。")
        assert (refused.value.status, refused.value.message) == (403, "只有会务组可以登记质询案。")


@pytest.mark.parametrize(
    ("day", "sits"),
    [
        (dt.datetime(2024, 1, 9, 23, 59, tzinfo=SHANGHAI), False),
        (dt.datetime(2024, 1, 10, 0, 1, tzinfo=SHANGHAI), True),
        (dt.datetime(2024, 1, 12, 23, 59, tzinfo=SHANGHAI), True),
        (dt.datetime(2024, 1, 13, 0, 1, tzinfo=SHANGHAI), False),
    ],
)
def test_a_step_only_while_the_congress_sits_is_refused_on_any_other_day(hall, day, sits):
    """Days in Asia/Shanghai: 00:01 on the opening day is in, 23:59 the evening before is
    not, whatever the server's own clock zone."""
    with time_machine.travel(day, tick=False):
        if sits:
            sitting.refuse_unless_sitting(
                hall.session, article="地方组织法第二十四条", act="提出质询案"
            )
            return
        with pytest.raises(ActionError) as refused:
            sitting.refuse_unless_sitting(
                hall.session,
                article="地方组织法第二十四条",
                act="提出质询案",
                otherwise="闭会期间另有规定。",
            )
    assert (refused.value.code, refused.value.status) == ("not_in_session", 409)
    assert refused.value.message.startswith("依照地方组织法第二十四条，提出质询案只能在")
    assert refused.value.message.endswith("闭会期间另有规定。")


def test_the_delegates_are_the_voting_members_in_office_on_the_opening_day(hall):
    retired, later = hall.delegates[4], Person.objects.create(name="吴十")
    Membership.objects.filter(person=retired, organisation=hall.congress).update(
        end=dt.date(2024, 1, 9)
    )
    Membership.objects.create(
        person=later, organisation=hall.congress, role=Role.DELEGATE, start=dt.date(2024, 1, 11)
    )
    expected = {p.pk for p in hall.delegates} - {retired.pk}
    assert sitting.delegate_ids(hall.session) == expected
    # the guest (no membership) and the group members (not a voting role) are not delegates
    assert hall.guest.pk not in sitting.delegate_ids(hall.session)
    listed = list(sitting.delegates(hall.session))
    assert {p.pk for p in listed} == expected
    assert [p.strokes for p in listed] == sorted(p.strokes for p in listed)
