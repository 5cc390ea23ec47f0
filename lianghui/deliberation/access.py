"""The gates for deliberation records and oath ceremonies.

A group deliberation's record is the delegation's working paper, not a public page: it is
seen by the delegation's members, the leaders attending, its convener and recorder, the
meeting's chairs and the secretariat; to anyone else it does not exist (404). Of those, the
secretariat, the meeting's chairs, the delegation's conveners and the record's convener and
recorder may write; the others read (the actions refuse them with 403).

The oath is taken in public (Constitution 27): a ceremony is visible wherever its meeting is.
"""

from lianghui.deliberation.models import (
    Deliberation,
    OathBatch,
    OathCeremony,
    Opinion,
    Question,
    Speech,
)
from lianghui.errors import NotFound, row_or_404
from lianghui.people.access import is_secretariat, person_of
from lianghui.people.models import Membership, Role
from lianghui.sessions import roster
from lianghui.sessions.access import can_chair, meeting_for, visible_row
from lianghui.sessions.models import Meeting, MeetingKind, PresidingOfficer, PresidingRole

CONVENER_ROLES = (Role.CONVENER, Role.DEPUTY_CONVENER)
_HIDDEN = "未找到该分组审议，或您无权查看。"


def is_convener(person, meeting: Meeting) -> bool:
    """A convener or deputy convener of the meeting's delegation on the meeting's day."""
    if person is None or not meeting.group_id:
        return False
    return (
        Membership.objects.active_on(meeting.local_day)
        .filter(organisation_id=meeting.group_id, person=person, role__in=CONVENER_ROLES)
        .exists()
    )


def can_record(user, meeting: Meeting, record: Deliberation | None = None) -> bool:
    """May enter speeches and opinions: secretariat, chairs, the conveners, the recorder."""
    if is_secretariat(user, meeting.session.term.body_id) or can_chair(user, meeting):
        return True
    person = person_of(user)
    if person is None:
        return False
    if record is not None and person.pk in (record.convener_id, record.recorder_id):
        return True
    return is_convener(person, meeting)


def can_read(user, meeting: Meeting, record: Deliberation | None = None) -> bool:
    if can_record(user, meeting, record):
        return True
    person = person_of(user)
    if person is None:
        return False
    return (
        roster.is_member(meeting, person.pk)
        or PresidingOfficer.objects.filter(
            meeting=meeting, person=person, role=PresidingRole.ATTENDING
        ).exists()
    )


def group_meeting_for(user, meeting_id: int) -> Meeting:
    """A group meeting the user may read the deliberation of; anything else is 404."""
    try:
        meeting = meeting_for(user, meeting_id)
    except NotFound:
        raise NotFound(_HIDDEN) from None
    if meeting.kind != MeetingKind.GROUP:
        raise NotFound(_HIDDEN)
    # The record's recorder may be staff, not a member: ask with the record in hand.
    record = Deliberation.objects.filter(meeting=meeting).first()
    if not can_read(user, meeting, record):
        raise NotFound(_HIDDEN)
    return meeting


def record_for(user, meeting_id: int) -> Deliberation:
    meeting = group_meeting_for(user, meeting_id)
    record = (
        Deliberation.objects.select_related("meeting__session__term__body", "meeting__group")
        .filter(meeting=meeting)
        .first()
    )
    if record is None:
        raise NotFound("本次分组会议尚未建立审议记录。")
    return record


def _on_record(user, model, pk: int, message: str):
    """A row of a deliberation record (a speech, a question), where the record is visible."""
    row = row_or_404(model.objects.select_related("deliberation"), pk, message)
    row.deliberation = record_for(user, row.deliberation.meeting_id)
    return row


def speech_for(user, pk: int) -> Speech:
    return _on_record(user, Speech, pk, "未找到该发言，或您无权查看。")


def opinion_for(user, pk: int) -> Opinion:
    opinion = row_or_404(
        Opinion.objects.select_related("speech__deliberation"),
        pk,
        "未找到该意见建议，或您无权查看。",
    )
    opinion.speech.deliberation = record_for(user, opinion.speech.deliberation.meeting_id)
    return opinion


def ceremony_for(user, pk: int) -> OathCeremony:
    rows = OathCeremony.objects.select_related("meeting__session__term__body", "item")
    return visible_row(user, rows, pk, "未找到该宣誓仪式，或您无权查看。")


def batch_for(user, pk: int) -> OathBatch:
    batch = row_or_404(OathBatch.objects, pk, "未找到该宣誓批次，或您无权查看。")
    batch.ceremony = ceremony_for(user, batch.ceremony_id)
    return batch


def question_for(user, pk: int) -> Question:
    return _on_record(user, Question, pk, "未找到该询问，或您无权查看。")
