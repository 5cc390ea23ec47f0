import pytest
from django.contrib.auth.models import AnonymousUser

from lianghui.attendance import actions
from lianghui.attendance.models import Capacity, CheckIn, Method
from lianghui.attendance.queries import quorum_for
from lianghui.audit.models import Event
from lianghui.errors import ActionError, PermissionDenied


@pytest.mark.django_db
def test_desk_check_in_counts_towards_quorum_and_is_audited(hall):
    checkin, created = actions.check_in(hall.plenary, hall.delegates[1], Method.DESK, hall.officer)
    assert created and checkin.capacity == Capacity.VOTING
    q = quorum_for(hall.plenary)
    assert (q.total, q.present, q.needed, q.reached) == (6, 1, 4, False)
    event = Event.objects.get(kind="attendance.checked_in")
    assert event.data["person"] == hall.delegates[1].pk and event.actor_id == hall.officer.pk


@pytest.mark.django_db
def test_second_scan_is_not_a_second_check_in(hall):
    actions.check_in(hall.plenary, hall.delegates[1], Method.DESK, hall.officer)
    _, created = actions.check_in(hall.plenary, hall.delegates[1], Method.QR, hall.officer)
    assert not created
    assert CheckIn.objects.filter(meeting=hall.plenary).count() == 1
    assert Event.objects.filter(kind="attendance.checked_in").count() == 1


@pytest.mark.django_db
def test_quorum_reached_at_exactly_two_thirds(hall):
    for person in hall.delegates[:3]:
        actions.check_in(hall.plenary, person, Method.DESK, hall.officer)
    assert not quorum_for(hall.plenary).reached
    actions.check_in(hall.plenary, hall.delegates[3], Method.DESK, hall.officer)
    assert quorum_for(hall.plenary).reached  # 4 of 6 is exactly two thirds


@pytest.mark.django_db
def test_non_member_is_checked_in_as_nonvoting_and_does_not_count(hall):
    checkin, _ = actions.check_in(hall.plenary, hall.guest, Method.DESK, hall.officer)
    assert checkin.capacity == Capacity.NONVOTING
    q = quorum_for(hall.plenary)
    assert q.present == 0 and q.nonvoting == 1


@pytest.mark.django_db
def test_group_meeting_counts_only_its_delegation(hall):
    q = quorum_for(hall.group)
    assert q.total == 3
    checkin, _ = actions.check_in(
        hall.group, hall.delegates[4], Method.DESK, hall.officer
    )  # a west delegate
    assert checkin.capacity == Capacity.NONVOTING


@pytest.mark.django_db
def test_self_check_in_only_for_oneself_and_when_allowed(hall):
    me = hall.delegates[0]
    _, created = actions.check_in(hall.plenary, me, Method.SELF, hall.delegate_user)
    assert created
    with pytest.raises(PermissionDenied):
        actions.check_in(hall.plenary, hall.delegates[1], Method.SELF, hall.delegate_user)
    hall.group.self_checkin = False
    with pytest.raises(ActionError) as e:
        actions.check_in(hall.group, me, Method.SELF, hall.delegate_user)
    assert e.value.code == "self_checkin_off"


@pytest.mark.django_db
def test_only_secretariat_checks_others_in(hall):
    for user in (hall.delegate_user, hall.outsider, AnonymousUser()):
        with pytest.raises(PermissionDenied):
            actions.check_in(hall.plenary, hall.delegates[2], Method.DESK, user)
    assert not CheckIn.objects.exists()


@pytest.mark.django_db
def test_closed_desk_refuses_and_changes_nothing(hall):
    actions.set_checkin_open(hall.plenary, False, hall.officer)
    hall.plenary.refresh_from_db()
    with pytest.raises(ActionError) as e:
        actions.check_in(hall.plenary, hall.delegates[2], Method.DESK, hall.officer)
    assert e.value.code == "checkin_closed" and "签到" in e.value.message
    assert not CheckIn.objects.exists()
    assert Event.objects.filter(kind="attendance.checkin_closed").count() == 1


@pytest.mark.django_db
def test_check_in_by_personal_code(hall):
    badge = actions.badge_for(hall.delegates[2])
    checkin, created = actions.check_in_by_code(hall.plenary, badge.token, hall.officer)
    assert created and checkin.person == hall.delegates[2] and checkin.method == Method.QR
    with pytest.raises(ActionError) as e:
        actions.check_in_by_code(hall.plenary, "no-such-code", hall.officer)
    assert e.value.status == 404


@pytest.mark.django_db
def test_leave_is_counted_apart_and_needs_a_reason(hall):
    with pytest.raises(ActionError):
        actions.record_leave(hall.plenary, hall.delegates[5], "  ", hall.officer)
    actions.record_leave(hall.plenary, hall.delegates[5], "因公出差", hall.officer)
    q = quorum_for(hall.plenary)
    assert (q.on_leave, q.absent) == (1, 5)
    actions.check_in(hall.plenary, hall.delegates[4], Method.DESK, hall.officer)
    with pytest.raises(ActionError) as e:
        actions.record_leave(hall.plenary, hall.delegates[4], "病假", hall.officer)
    assert e.value.code == "already_present"


@pytest.mark.django_db
def test_quorum_query_count_does_not_grow_with_the_roster(hall, django_assert_max_num_queries):
    with django_assert_max_num_queries(4):
        quorum_for(hall.plenary)
