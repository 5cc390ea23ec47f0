"""Read sessions, meetings and agenda items."""

from datetime import date, datetime

from ninja import File, Form, Router, Schema, Status
from ninja.files import UploadedFile

from lianghui.api_access import PUBLIC
from lianghui.errors import row_or_404
from lianghui.sessions import access, actions, queries
from lianghui.sessions.models import AgendaItem, Session

router = Router(tags=["sessions 会议"])


class SessionOut(Schema):
    id: int
    title: str
    short_title: str
    body: str
    term: int
    number: int
    start_date: date
    end_date: date
    venue: str


class PersonRef(Schema):
    id: int
    name: str


class PresidingOfficerOut(Schema):
    person: PersonRef
    role: str
    role_label: str
    title: str


class DocumentOut(Schema):
    id: int
    title: str
    visibility: str


class ItemOut(Schema):
    id: int
    order: int
    kind: str
    title: str
    presenter: PersonRef | None
    presenter_title: str
    documents: list[DocumentOut]


class MeetingOut(Schema):
    id: int
    session_id: int
    kind: str
    kind_label: str
    title: str
    starts_at: datetime
    ends_at: datetime | None
    venue: str
    group: str | None
    checkin_open: bool
    self_checkin: bool
    officers: list[PresidingOfficerOut]
    items: list[ItemOut]


def session_out(s: Session) -> dict:
    return {
        "id": s.pk,
        "title": s.title,
        "short_title": s.short_title,
        "body": s.term.body.name,
        "term": s.term.number,
        "number": s.number,
        "start_date": s.start_date,
        "end_date": s.end_date,
        "venue": s.venue,
    }


def meeting_out(m, user) -> dict:
    body_id = m.session.term.body_id
    return {
        "id": m.pk,
        "session_id": m.session_id,
        "kind": m.kind,
        "kind_label": m.get_kind_display(),
        "title": m.title,
        "starts_at": m.starts_at,
        "ends_at": m.ends_at,
        "venue": m.venue,
        "group": m.group.name if m.group else None,
        "checkin_open": m.checkin_open,
        "self_checkin": m.self_checkin,
        "officers": [
            {
                "person": {"id": o.person_id, "name": o.person.name},
                "role": o.role,
                "role_label": o.get_role_display(),
                "title": o.title,
            }
            for o in m.officers.all()
        ],
        "items": [
            {
                "id": i.pk,
                "order": i.order,
                "kind": i.kind,
                "title": i.title,
                "presenter": {"id": i.presenter_id, "name": i.presenter.name}
                if i.presenter
                else None,
                "presenter_title": i.presenter_title,
                "documents": [
                    {"id": d.pk, "title": d.title, "visibility": d.visibility}
                    for d in i.documents.all()
                    if access.can_see_document(user, d, body_id)
                ],
            }
            for i in m.items.all()
        ],
    }


@router.get("/", response=list[SessionOut], auth=PUBLIC, summary="会议（次）列表")
def list_sessions(request):
    sessions = Session.objects.select_related("term__body").order_by("-start_date", "id")
    return [session_out(s) for s in sessions if access.can_see_session(request.user, s)]


@router.get("/{session_id}", response=SessionOut, auth=PUBLIC, summary="一次会议")
def get_session(request, session_id: int):
    return session_out(access.session_for(request.user, session_id))


@router.get(
    "/{session_id}/meetings", response=list[MeetingOut], auth=PUBLIC, summary="会议的各场会议与议程"
)
def list_meetings(request, session_id: int):
    session = access.session_for(request.user, session_id)
    for m in (meetings := list(queries.meetings_of(session))):
        m.session = session
    return [meeting_out(m, request.user) for m in meetings]


@router.get("/meetings/{meeting_id}", response=MeetingOut, auth=PUBLIC, summary="一场会议")
def get_meeting(request, meeting_id: int):
    access.meeting_for(request.user, meeting_id)
    return meeting_out(queries.meeting_detail(meeting_id), request.user)


class DocumentCreated(Schema):
    id: int
    title: str
    size: int
    sha256: str
    visibility: str


@router.post(
    "/items/{item_id}/documents",
    response={201: DocumentCreated},
    summary="上传会议文件（PDF/Word，会务组）",
)
def upload_document(
    request,
    item_id: int,
    file: File[UploadedFile],
    title: Form[str] = "",
    visibility: Form[str] = "participants",
):
    item = row_or_404(AgendaItem.objects.select_related("meeting"), item_id, "未找到该议程。")
    access.meeting_for(request.user, item.meeting_id)
    doc = actions.attach_document(
        item, file.name or "", file.read(), title, visibility, request.user
    )
    return Status(
        201,
        {
            "id": doc.pk,
            "title": doc.title,
            "size": doc.size,
            "sha256": doc.sha256,
            "visibility": doc.visibility,
        },
    )


# Set-up (secretariat): /api/sessions/setup/...
from lianghui.sessions.setup_api import router as setup_router  # noqa: E402

router.add_router("/setup", setup_router)
