"""Create or change a meeting of a session: kind, title, times, venue, group.

Spec: the secretariat; the kind is one the body holds (a congress's presidium, a CPPCC's
standing-committee and chairs' meetings, ...); the meeting lies within the session's days
(Asia/Shanghai) and overlaps no other meeting of the session, except group meetings of
different groups in different rooms; a group meeting names a delegation, sector or group
of the body. The session row is locked while checking, so two secretaries cannot book the
same hour at once. Events: sessions.meeting_created, sessions.meeting_changed (with each
changed field's old and new value).
"""

from dataclasses import asdict, dataclass
from datetime import datetime

from django.db import transaction

from lianghui.audit.log import record
from lianghui.people.models import Organisation
from lianghui.sessions.models import Meeting, Session
from lianghui.sessions.setup import _base
from lianghui.sessions.setup_rules import Slot, check_meeting


@dataclass(frozen=True)
class MeetingDraft:
    kind: str
    title: str
    starts_at: datetime
    ends_at: datetime | None = None
    venue: str = ""
    group_id: int | None = None


def _check(session: Session, draft: MeetingDraft, meeting_id: int | None) -> None:
    body = session.term.body
    group_ok = (
        draft.group_id is None
        or Organisation.objects.filter(pk=draft.group_id, parent_id=body.pk).exists()
    )
    slot = Slot(
        meeting_id,
        draft.title,
        draft.kind,
        draft.starts_at,
        draft.ends_at,
        draft.group_id,
        draft.venue.strip(),
    )
    others = [_base.slot_of(m) for m in Meeting.objects.filter(session=session)]
    problems = check_meeting(
        slot, body.kind, session.start_date, session.end_date, others, _base.tz(), group_ok
    )
    if problems:
        raise _base.SetupRefused(problems)


def _lock(session: Session) -> Session:
    return (
        Session.objects.select_for_update(of=("self",))
        .select_related("term__body")
        .get(pk=session.pk)
    )


def _fields(draft: MeetingDraft) -> dict:
    fields = asdict(draft)
    fields["title"] = draft.title.strip()[:120]
    fields["venue"] = draft.venue.strip()[:120]
    return fields


def create_meeting(session: Session, draft: MeetingDraft, actor) -> Meeting:
    _base.require_secretariat(actor)
    with transaction.atomic():
        session = _lock(session)
        _check(session, draft, None)
        meeting = Meeting.objects.create(session=session, **_fields(draft))
        record(
            "sessions.meeting_created",
            meeting,
            actor=actor,
            data={k: _base.plain(v) for k, v in _fields(draft).items()} | {"session": session.pk},
        )
    return meeting


def update_meeting(meeting: Meeting, draft: MeetingDraft, actor) -> Meeting:
    _base.require_secretariat(actor)
    with transaction.atomic():
        _lock(meeting.session)
        meeting = Meeting.objects.select_related("session__term__body").get(pk=meeting.pk)
        _check(meeting.session, draft, meeting.pk)
        diff = _base.apply_changes(meeting, _fields(draft))
        if diff:
            meeting.save(update_fields=list(diff))
            record("sessions.meeting_changed", meeting, actor=actor, data={"changes": diff})
    return meeting
