"""Set up bodies, terms, sessions, meetings, the agenda and presiding officers (secretariat).

Thin: each handler finds what the path names and calls lianghui.sessions.setup. A refusal
is {"code", "message", "details": {"field", "problems"}}, 422, and changes nothing.
Mounted under /api/sessions/setup/.
"""

from datetime import date, datetime

from django.utils import timezone
from ninja import Router, Schema, Status

from lianghui.errors import row_or_404
from lianghui.people.models import Organisation, Person
from lianghui.sessions import setup
from lianghui.sessions.models import AgendaItem, ItemKind, Meeting, PresidingOfficer, Session, Term

router = Router(tags=["sessions 会议设置"])


class BodyIn(Schema):
    kind: str
    name: str
    short_name: str = ""
    level: str = "county"  # county (or district), city (with districts), province


class BodyOut(Schema):
    id: int
    kind: str
    name: str
    level: str


class TermIn(Schema):
    body_id: int
    number: int
    start: date
    end: date | None = None


class TermOut(Schema):
    id: int
    body_id: int
    number: int
    start: date
    end: date | None


class SessionIn(Schema):
    term_id: int
    number: int
    title: str
    start_date: date
    end_date: date
    short_title: str = ""
    venue: str = ""
    public: bool = True
    clone: bool = False


class SessionCreated(Schema):
    id: int
    title: str
    start_date: date
    end_date: date
    meetings: int


class MeetingIn(Schema):
    kind: str
    title: str
    starts_at: datetime
    ends_at: datetime | None = None
    venue: str = ""
    group_id: int | None = None


class MeetingSetOut(Schema):
    id: int
    session_id: int
    kind: str
    title: str
    starts_at: datetime
    ends_at: datetime | None
    venue: str
    group_id: int | None


class ItemIn(Schema):
    meeting_id: int
    title: str
    kind: str = ItemKind.OTHER
    presenter_id: int | None = None
    presenter_title: str = ""
    notes: str = ""
    order: int | None = None
    # Once a congress session's presidium is elected: its adopted agenda decision (沪议事规则 14).
    decision_id: int | None = None


class ItemSetOut(Schema):
    id: int
    meeting_id: int
    order: int
    kind: str
    title: str
    presenter_id: int | None
    presenter_title: str


class OrderIn(Schema):
    item_ids: list[int]
    decision_id: int | None = None  # as ItemIn's


class OfficerIn(Schema):
    person_id: int
    role: str
    title: str = ""
    order: int | None = None


class OfficerOut(Schema):
    id: int
    meeting_id: int
    person_id: int
    role: str
    title: str
    order: int


def _aware(moment: datetime | None) -> datetime | None:
    # A time given without an offset is Beijing time, as the secretariat reads it.
    if moment is not None and timezone.is_naive(moment):
        return timezone.make_aware(moment)
    return moment


def _meeting_draft(payload: MeetingIn) -> setup.MeetingDraft:
    return setup.MeetingDraft(
        kind=payload.kind,
        title=payload.title,
        starts_at=_aware(payload.starts_at),
        ends_at=_aware(payload.ends_at),
        venue=payload.venue,
        group_id=payload.group_id,
    )


def _item_draft(payload: ItemIn) -> setup.ItemDraft:
    presenter = None
    if payload.presenter_id is not None:
        presenter = row_or_404(Person.objects, payload.presenter_id, "未找到该报告人。")
    return setup.ItemDraft(
        title=payload.title,
        kind=payload.kind,
        presenter=presenter,
        presenter_title=payload.presenter_title,
        notes=payload.notes,
    )


@router.post("/bodies", response={201: BodyOut}, summary="新建人大或政协机关（会务组）")
def create_body(request, payload: BodyIn):
    body = setup.create_body(
        payload.kind, payload.name, payload.short_name, request.user, level=payload.level
    )
    return Status(201, {"id": body.pk, "kind": body.kind, "name": body.name, "level": body.level})


@router.post("/terms", response={201: TermOut}, summary="新建一届（会务组）")
def create_term(request, payload: TermIn):
    body = row_or_404(Organisation.objects, payload.body_id, "未找到该机关。")
    term = setup.create_term(body, payload.number, payload.start, payload.end, request.user)
    return Status(201, term)


@router.post(
    "/sessions", response={201: SessionCreated}, summary="新建一次会议，可复制上次会议的日程"
)
def create_session(request, payload: SessionIn):
    term = row_or_404(Term.objects, payload.term_id, "未找到该届。")
    draft = setup.SessionDraft(
        number=payload.number,
        title=payload.title,
        start_date=payload.start_date,
        end_date=payload.end_date,
        short_title=payload.short_title,
        venue=payload.venue,
        public=payload.public,
    )
    session = setup.create_session(term, draft, request.user, clone=payload.clone)
    out = {
        "id": session.pk,
        "title": session.title,
        "start_date": session.start_date,
        "end_date": session.end_date,
        "meetings": session.meetings.count(),
    }
    return Status(201, out)


@router.post(
    "/sessions/{session_id}/meetings", response={201: MeetingSetOut}, summary="安排一场会议"
)
def create_meeting(request, session_id: int, payload: MeetingIn):
    session = row_or_404(Session.objects, session_id, "未找到该会议（次）。")
    return Status(201, setup.create_meeting(session, _meeting_draft(payload), request.user))


@router.put("/meetings/{meeting_id}", response=MeetingSetOut, summary="修改一场会议")
def update_meeting(request, meeting_id: int, payload: MeetingIn):
    meeting = row_or_404(Meeting.objects, meeting_id, "未找到该会议。")
    return setup.update_meeting(meeting, _meeting_draft(payload), request.user)


@router.post("/sessions/{session_id}/items", response={201: ItemSetOut}, summary="增加议程")
def add_item(request, session_id: int, payload: ItemIn):
    session = row_or_404(Session.objects, session_id, "未找到该会议（次）。")
    meeting = row_or_404(Meeting.objects, payload.meeting_id, "未找到该会议。")
    item = setup.add_item(
        meeting,
        _item_draft(payload),
        request.user,
        session=session,
        order=payload.order,
        decision=payload.decision_id,
    )
    return Status(201, item)


@router.put("/items/{item_id}", response=ItemSetOut, summary="修改议程")
def update_item(request, item_id: int, payload: ItemIn):
    item = row_or_404(AgendaItem.objects, item_id, "未找到该议程。")
    if item.meeting_id != payload.meeting_id:
        raise setup.SetupRefused(
            [setup.Problem("meeting", "所属会议：议程不能移到另一场会议，请在那场会议新增。")]
        )
    return setup.update_item(item, _item_draft(payload), request.user, decision=payload.decision_id)


@router.put("/meetings/{meeting_id}/agenda", response=list[ItemSetOut], summary="调整议程顺序")
def reorder(request, meeting_id: int, payload: OrderIn):
    meeting = row_or_404(Meeting.objects, meeting_id, "未找到该会议。")
    setup.reorder(meeting, payload.item_ids, request.user, decision=payload.decision_id)
    return list(AgendaItem.objects.filter(meeting=meeting).order_by("order"))


@router.post(
    "/meetings/{meeting_id}/officers",
    response={201: OfficerOut},
    summary="指定主持人、执行主席等",
)
def add_officer(request, meeting_id: int, payload: OfficerIn):
    meeting = row_or_404(Meeting.objects, meeting_id, "未找到该会议。")
    person = row_or_404(Person.objects, payload.person_id, "未找到该人员。")
    officer = setup.add_officer(
        meeting, person, payload.role, request.user, title=payload.title, order=payload.order
    )
    return Status(201, officer)


@router.delete("/officers/{officer_id}", response={204: None}, summary="撤下主持人、执行主席等")
def remove_officer(request, officer_id: int):
    officer = row_or_404(PresidingOfficer.objects, officer_id, "未找到该人员的身份。")
    setup.remove_officer(officer, request.user)
    return Status(204, None)
