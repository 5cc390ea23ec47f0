"""One access gate per protected object: outsiders get 404, as if it did not exist."""

from operator import attrgetter

from django.db.models import Q

from lianghui.errors import NotFound, PermissionDenied, row_or_404
from lianghui.people.access import is_secretariat, person_of
from lianghui.people.models import Membership
from lianghui.sessions.models import (
    Document,
    Meeting,
    PresidingOfficer,
    PresidingRole,
    Session,
    Visibility,
)

CHAIR_ROLES = (PresidingRole.PRESIDING, PresidingRole.EXECUTIVE_CHAIR)


def belongs_to_body(user, body_id: int) -> bool:
    """A member of the body, or of one of its delegations, sectors or committees."""
    person = person_of(user)
    if person is None:
        return False
    return Membership.objects.filter(
        Q(organisation_id=body_id) | Q(organisation__parent_id=body_id), person=person
    ).exists()


def can_see_session(user, session: Session) -> bool:
    body_id = session.term.body_id
    return session.public or is_secretariat(user, body_id) or belongs_to_body(user, body_id)


def visible_row(user, rows, pk: int, message: str, session=attrgetter("meeting.session")):
    """The row `pk` of `rows` where the user may see its session (`session` finds it: the
    row's meeting's, unless told), else the 404 with `message`: a row that does not exist and
    one the user may not see answer alike."""
    row = rows.filter(pk=pk).first()
    if row is None or not can_see_session(user, session(row)):
        raise NotFound(message)
    return row


def session_for(user, pk: int) -> Session:
    rows = Session.objects.select_related("term__body")
    return visible_row(user, rows, pk, "未找到该会议，或您无权查看。", session=lambda s: s)


def meeting_for(user, pk: int) -> Meeting:
    rows = Meeting.objects.select_related("session__term__body", "group")
    return visible_row(
        user, rows, pk, "未找到该会议，或您无权查看。", session=attrgetter("session")
    )


def can_see_document(user, document: Document, body_id: int) -> bool:
    if is_secretariat(user, body_id):
        return True
    if document.visibility == Visibility.PUBLIC:
        return True
    if document.visibility == Visibility.PARTICIPANTS:
        return belongs_to_body(user, body_id)
    return False


def document_for(user, pk: int) -> Document:
    rows = Document.objects.select_related("item__meeting__session__term")
    document = row_or_404(rows, pk, "未找到该文件，或您无权查看。")
    session = document.item.meeting.session
    if not can_see_session(user, session) or not can_see_document(
        user, document, session.term.body_id
    ):
        raise NotFound("未找到该文件，或您无权查看。")
    return document


# The presidium's decisions are entered by the secretariat or the presiding officers.
PRESIDIUM_ONLY = "只有主席团（会务组或会议主持人）可以执行此操作。"


def require_secretariat(user, session: Session, message: str) -> None:
    """Refuse (403, ``message``: who may, and what) anyone but the secretariat of every body
    or of the session's own body."""
    if not is_secretariat(user, session.term.body_id):
        raise PermissionDenied(message)


def require_chair(user, meeting: Meeting, message: str) -> None:
    """Refuse (403, ``message``: who may, and what) whoever may not chair the meeting."""
    if not can_chair(user, meeting):
        raise PermissionDenied(message)


def can_chair(user, meeting: Meeting) -> bool:
    """The secretariat (of this body), or a presiding officer / executive chair of this meeting."""
    if is_secretariat(user, meeting.session.term.body_id):
        return True
    person = person_of(user)
    return (
        bool(person)
        and PresidingOfficer.objects.filter(
            meeting=meeting, person=person, role__in=CHAIR_ROLES
        ).exists()
    )
