"""Attendance and the live quorum; check a person in."""

from datetime import datetime

from ninja import Router, Schema, Status

from lianghui.api_access import PUBLIC
from lianghui.attendance import actions
from lianghui.attendance.models import CheckIn
from lianghui.attendance.queries import quorum_for
from lianghui.errors import ActionError, NotFound, named_row
from lianghui.people.access import is_secretariat
from lianghui.people.models import Person
from lianghui.sessions import access

router = Router(tags=["attendance 签到"])


class QuorumOut(Schema):
    meeting_id: int
    total: int
    present: int
    on_leave: int
    absent: int
    nonvoting: int
    needed: int
    reached: bool
    sentence: str


class CheckInIn(Schema):
    person_id: int | None = None
    code: str | None = None
    method: str = "desk"


class CheckInOut(Schema):
    id: int
    meeting_id: int
    person_id: int
    person_name: str
    capacity: str
    method: str
    at: datetime
    created: bool


class LeaveIn(Schema):
    person_id: int
    reason: str


class LeaveOut(Schema):
    id: int
    person_id: int
    reason: str


class AttendeeOut(Schema):
    person_id: int
    person_name: str
    capacity: str
    method: str
    at: datetime


def quorum_out(meeting) -> dict:
    q = quorum_for(meeting)
    return {
        "meeting_id": meeting.pk,
        "total": q.total,
        "present": q.present,
        "on_leave": q.on_leave,
        "absent": q.absent,
        "nonvoting": q.nonvoting,
        "needed": q.needed,
        "reached": q.reached,
        "sentence": q.sentence,
    }


def _person(pk: int) -> Person:
    # 404 for an unknown person, as this router has always answered (others give 422 for an
    # id in the body).
    return named_row(Person.objects, pk, "unknown_person", "未找到该人员。", status=404)


@router.get(
    "/meetings/{meeting_id}/quorum", response=QuorumOut, auth=PUBLIC, summary="实时法定人数"
)
def get_quorum(request, meeting_id: int):
    return quorum_out(access.meeting_for(request.user, meeting_id))


@router.get(
    "/meetings/{meeting_id}/checkins", response=list[AttendeeOut], summary="签到名单（会务组）"
)
def list_checkins(request, meeting_id: int):
    meeting = access.meeting_for(request.user, meeting_id)
    if not is_secretariat(request.user, meeting.session.term.body_id):
        raise NotFound()
    rows = CheckIn.objects.filter(meeting=meeting).select_related("person").order_by("at", "id")
    return [
        {
            "person_id": c.person_id,
            "person_name": c.person.name,
            "capacity": c.capacity,
            "method": c.method,
            "at": c.at,
        }
        for c in rows
    ]


@router.post(
    "/meetings/{meeting_id}/checkins", response={200: CheckInOut, 201: CheckInOut}, summary="签到"
)
def post_checkin(request, meeting_id: int, payload: CheckInIn):
    meeting = access.meeting_for(request.user, meeting_id)
    if payload.code:
        checkin, created = actions.check_in_by_code(meeting, payload.code, request.user)
    elif payload.person_id is not None:
        person = _person(payload.person_id)
        checkin, created = actions.check_in(meeting, person, payload.method, request.user)
    else:
        raise ActionError("missing_person", "请提供人员编号或签到码。", status=422)
    body = {
        "id": checkin.pk,
        "meeting_id": meeting.pk,
        "person_id": checkin.person_id,
        "person_name": checkin.person.name,
        "capacity": checkin.capacity,
        "method": checkin.method,
        "at": checkin.at,
        "created": created,
    }
    return Status(201 if created else 200, body)


@router.post(
    "/meetings/{meeting_id}/leaves", response={201: LeaveOut}, summary="登记请假（会务组）"
)
def post_leave(request, meeting_id: int, payload: LeaveIn):
    meeting = access.meeting_for(request.user, meeting_id)
    person = _person(payload.person_id)
    leave = actions.record_leave(meeting, person, payload.reason, request.user)
    return Status(201, {"id": leave.pk, "person_id": person.pk, "reason": leave.reason})


def _sheet(request, meeting_id: int, kind: str):
    from lianghui.attendance import sheets

    if not is_secretariat(request.user):
        raise NotFound()
    return sheets.response(access.meeting_for(request.user, meeting_id), kind)


@router.get("/meetings/{meeting_id}/sheet.xlsx", summary="出席情况表（XLSX）")
def sheet_xlsx(request, meeting_id: int):
    return _sheet(request, meeting_id, "xlsx")


@router.get("/meetings/{meeting_id}/sheet.pdf", summary="出席情况表（PDF）")
def sheet_pdf(request, meeting_id: int):
    return _sheet(request, meeting_id, "pdf")
