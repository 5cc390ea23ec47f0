"""The record of a group deliberation: opening it, its convener and recorder, the leaders
attending, its summary, and making it final."""

from django.db import transaction
from django.utils import timezone

from lianghui.audit.log import record
from lianghui.deliberation import access
from lianghui.deliberation.actions._base import (
    UNCHANGED,
    _clean,
    _locked_draft,
    _refuse,
    _require_recorder,
    log,
)
from lianghui.deliberation.models import Deliberation, Opinion, RecordState
from lianghui.errors import PermissionDenied
from lianghui.people.models import Membership, Person, Role
from lianghui.rows import next_number
from lianghui.sessions import live, roster
from lianghui.sessions.access import require_chair
from lianghui.sessions.models import (
    AgendaItem,
    ItemKind,
    Meeting,
    MeetingKind,
    PresidingOfficer,
    PresidingRole,
)
from lianghui.sessions.queries import meeting_item


def _default_item(meeting: Meeting) -> AgendaItem | None:
    items = list(meeting.items.all())
    return next((i for i in items if i.kind == ItemKind.DELIBERATION), items[0] if items else None)


def _default_convener(meeting: Meeting) -> Person | None:
    membership = (
        Membership.objects.active_on(meeting.local_day)
        .filter(organisation_id=meeting.group_id, role=Role.CONVENER)
        .select_related("person")
        .order_by("id")
        .first()
    )
    return membership.person if membership else None


def open_record(
    meeting: Meeting,
    actor,
    *,
    item_id: int | None = None,
    convener: Person | None = None,
    recorder: Person | None = None,
) -> Deliberation:
    """Open the record of a group meeting; the convener defaults to the delegation's."""
    if meeting.kind != MeetingKind.GROUP or not meeting.group_id:
        raise _refuse("not_group", "只有分组审议会议可以建立审议记录。", 422)
    if not access.can_record(actor, meeting):
        raise PermissionDenied("只有会务组、会议主持人或代表团召集人可以建立审议记录。")
    if item_id is not None:
        item = meeting_item(meeting, item_id, where="本次分组会议", log=log)
    else:
        item = _default_item(meeting)
    convener = convener or _default_convener(meeting)
    with transaction.atomic():
        if Deliberation.objects.filter(meeting=meeting).exists():
            raise _refuse("already_open", "本次分组会议已有审议记录。")
        rec = Deliberation.objects.create(
            meeting=meeting, item=item, convener=convener, recorder=recorder, opened_by=actor
        )
        record(
            "deliberation.opened",
            rec,
            actor=actor,
            data={
                "meeting": meeting.pk,
                "group": meeting.group.name,
                "item": item.title if item else "",
                "convener": convener.name if convener else None,
                "recorder": recorder.name if recorder else None,
            },
        )
    live.meeting_changed(meeting.pk)
    return rec


def set_roles(record_: Deliberation, actor, *, convener=UNCHANGED, recorder=UNCHANGED):
    """Set the convener (召集人) and/or the recorder (记录人); None clears one."""
    _require_recorder(actor, record_)
    with transaction.atomic():
        rec = _locked_draft(record_.pk)
        changed = {}
        if convener is not UNCHANGED and convener != rec.convener:
            rec.convener = convener
            changed["convener"] = convener.name if convener else None
        if recorder is not UNCHANGED and recorder != rec.recorder:
            rec.recorder = recorder
            changed["recorder"] = recorder.name if recorder else None
        if changed:
            rec.save(update_fields=[k for k in ("convener", "recorder") if k in changed])
            record("deliberation.roles_set", rec, actor=actor, data=changed)
    return rec


def add_attending(record_: Deliberation, person: Person, title: str, actor) -> PresidingOfficer:
    """A leader or official attending the group meeting (出席领导 / 列席)."""
    meeting = record_.meeting
    require_chair(actor, meeting, "只有会务组或会议主持人可以登记出席领导。")
    with transaction.atomic():
        rec = _locked_draft(record_.pk)
        if PresidingOfficer.objects.filter(
            meeting=meeting, person=person, role=PresidingRole.ATTENDING
        ).exists():
            raise _refuse("already_attending", f"{person.name}已登记为出席领导。")
        order = next_number(
            PresidingOfficer.objects.filter(meeting=meeting, role=PresidingRole.ATTENDING)
        )
        officer = PresidingOfficer.objects.create(
            meeting=meeting,
            person=person,
            role=PresidingRole.ATTENDING,
            title=_clean(title, 100),
            order=order,
        )
        record(
            "deliberation.attending_added",
            rec,
            actor=actor,
            data={
                "person": person.pk,
                "name": person.name,
                "title": officer.title,
                "member": roster.is_member(meeting, person.pk),
            },
        )
    live.meeting_changed(meeting.pk)
    return officer


def set_summary(record_: Deliberation, text: str, actor) -> Deliberation:
    _require_recorder(actor, record_)
    with transaction.atomic():
        rec = _locked_draft(record_.pk)
        rec.summary = _clean(text)
        rec.save(update_fields=["summary"])
        record("deliberation.summary_set", rec, actor=actor, data={"length": len(rec.summary)})
    return rec


def finalise(record_: Deliberation, actor) -> Deliberation:
    """The record is final: the 纪要 drops its draft mark; speeches are no longer edited."""
    _require_recorder(actor, record_)
    with transaction.atomic():
        rec = _locked_draft(record_.pk)
        speeches = list(rec.speeches.select_related("speaker").order_by("order"))
        if not speeches:
            raise _refuse("no_speeches", "尚未记录任何发言，不能定稿。")
        rec.state = RecordState.FINAL
        rec.finalised_by = actor
        rec.finalised_at = timezone.now()
        rec.save(update_fields=["state", "finalised_by", "finalised_at"])
        record(
            "deliberation.finalised",
            rec,
            actor=actor,
            data={
                "meeting": rec.meeting_id,
                "speeches": [
                    {"name": s.speaker.name, "topic": s.topic, "synthetic": s.synthetic}
                    for s in speeches
                ],
                "opinions": Opinion.objects.filter(speech__deliberation=rec).count(),
            },
        )
    live.meeting_changed(rec.meeting_id)
    return rec
