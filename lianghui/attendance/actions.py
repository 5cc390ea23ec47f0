"""Check-in, leave and the check-in desk's open/closed switch, as audited actions.

Each action: check permission and state, write, record the event in the same
transaction, and notify live screens only after the commit.
"""

from django.db import IntegrityError, transaction

from lianghui.attendance.models import Badge, Capacity, CheckIn, Leave, Method
from lianghui.audit.log import record
from lianghui.errors import ActionError, PermissionDenied
from lianghui.people.access import is_secretariat, person_of
from lianghui.people.models import Person
from lianghui.sessions import live, roster
from lianghui.sessions.access import require_secretariat
from lianghui.sessions.models import Meeting


def check_in(meeting: Meeting, person: Person, method: str, actor) -> tuple[CheckIn, bool]:
    """Check a person in. Returns (check-in, created); a repeat scan is not an error."""
    if method not in Method.values:
        raise ActionError("bad_method", "未知的签到方式。")
    if method == Method.SELF:
        if person_of(actor) is None or person_of(actor).pk != person.pk:
            raise PermissionDenied("只能为本人自助签到。")
        if not meeting.self_checkin:
            raise ActionError(
                "self_checkin_off", "本次会议不允许自助签到，请到会务台签到。", status=409
            )
    elif not is_secretariat(actor, meeting.session.term.body_id):
        raise PermissionDenied("只有会务组工作人员可以在会务台为他人签到。")

    member = roster.is_member(meeting, person.pk)
    if not member and method == Method.SELF:
        raise ActionError(
            "not_member",
            f"{person.name} 不是本次会议的组成人员，请到会务台办理列席登记。",
            status=409,
        )
    existing = CheckIn.objects.filter(meeting=meeting, person=person).first()
    if existing:
        return existing, False
    if not meeting.checkin_open:
        raise ActionError("checkin_closed", "本次会议签到尚未开放或已经截止。", status=409)

    capacity = Capacity.VOTING if member else Capacity.NONVOTING
    try:
        with transaction.atomic():
            checkin = CheckIn.objects.create(
                meeting=meeting,
                person=person,
                capacity=capacity,
                method=method,
                recorded_by=actor if actor is not None and actor.is_authenticated else None,
            )
            record(
                "attendance.checked_in",
                checkin,
                actor=actor,
                data={
                    "meeting": meeting.pk,
                    "person": person.pk,
                    "capacity": capacity,
                    "method": method,
                },
            )
    except IntegrityError:
        # Desk and device raced; the other one won, and that check-in stands.
        return CheckIn.objects.get(meeting=meeting, person=person), False
    live.meeting_changed(meeting.pk)
    return checkin, True


def check_in_by_code(meeting: Meeting, token: str, actor) -> tuple[CheckIn, bool]:
    badge = Badge.objects.select_related("person").filter(token=token.strip()).first()
    if badge is None:
        raise ActionError("unknown_code", "签到码无效：未找到对应人员。", status=404)
    return check_in(meeting, badge.person, Method.QR, actor)


def record_leave(meeting: Meeting, person: Person, reason: str, actor) -> Leave:
    require_secretariat(actor, meeting.session, "只有会务组可以登记请假。")
    reason = reason.strip()
    if not reason:
        raise ActionError("reason_required", "请填写请假事由。")
    if not roster.is_member(meeting, person.pk):
        raise ActionError(
            "not_member", f"{person.name} 不是本次会议的组成人员，无需请假。", status=409
        )
    if CheckIn.objects.filter(meeting=meeting, person=person).exists():
        raise ActionError("already_present", f"{person.name} 已签到，不能登记请假。", status=409)
    try:
        with transaction.atomic():
            leave = Leave.objects.create(
                meeting=meeting, person=person, reason=reason, recorded_by=actor
            )
            record(
                "attendance.leave_recorded",
                leave,
                actor=actor,
                data={"meeting": meeting.pk, "person": person.pk, "reason": reason},
            )
    except IntegrityError:
        raise ActionError("leave_exists", f"{person.name} 已登记请假。", status=409) from None
    live.meeting_changed(meeting.pk)
    return leave


def set_checkin_open(meeting: Meeting, is_open: bool, actor) -> Meeting:
    require_secretariat(actor, meeting.session, "只有会务组可以开放或截止签到。")
    with transaction.atomic():
        locked = Meeting.objects.select_for_update(of=("self",)).get(pk=meeting.pk)
        if locked.checkin_open == is_open:
            return locked
        locked.checkin_open = is_open
        locked.save(update_fields=["checkin_open"])
        record(
            "attendance.checkin_opened" if is_open else "attendance.checkin_closed",
            locked,
            actor=actor,
        )
    live.meeting_changed(meeting.pk)
    return locked


def badge_for(person: Person) -> Badge:
    badge, _ = Badge.objects.get_or_create(person=person)
    return badge
