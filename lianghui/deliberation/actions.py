"""Deliberation and oath actions: each checks permission and state, writes, records its audit
event in the same transaction, and tells the meeting's screens only after the commit.

Group deliberation (分组审议), what each action does and who may:

| action | effect | who |
|---|---|---|
| open_record | the record of a group meeting, on one of its agenda items | secretariat, chairs, conveners |
| set_roles | its convener (召集人) and recorder (记录人) | as above, and the record's convener |
| add_attending | a leader or official attending: the meeting's PresidingOfficer "attending" | secretariat, chairs |
| add_speech / edit_speech | a speech in order: speaker, topic, summary | those who may record |
| add_opinion | an opinion or suggestion raised in a speech | those who may record |
| route_opinion | hand an opinion to the suggestions and proposals workflow (pluggable) | those who may record |
| set_summary / finalise | the record's summary; then it is final and no longer edited | those who may record |

"Those who may record": the secretariat, the meeting's chairs, the delegation's conveners, and
the record's convener and recorder (access.can_record). Delegation members read only.

The oath (宪法宣誓, Constitution 27; SH = 《上海市实施宪法宣誓制度办法》): the presidium's
decisions, entered by the secretariat or the meeting's chairs (sessions.access.can_chair):
create_ceremony, add_taker (refuses whoever rules.oath_at_session refuses: the 检察长 swears
later, SH 4(4)), form_batch (individual, or collective with a leader, SH 8), record_oath_taken.
"""

import logging
from collections.abc import Callable
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from lianghui.audit.log import record
from lianghui.deliberation import access, rules
from lianghui.deliberation.models import (
    Deliberation,
    OathBatch,
    OathCeremony,
    OathOffice,
    OathTaker,
    Opinion,
    OpinionState,
    RecordState,
    Speech,
)
from lianghui.elections.models import Election, ElectionState
from lianghui.errors import ActionError, PermissionDenied
from lianghui.people.models import Membership, OrgKind, Person, Role
from lianghui.sessions import live, roster
from lianghui.sessions.access import can_chair
from lianghui.sessions.models import (
    AgendaItem,
    ItemKind,
    Meeting,
    MeetingKind,
    PresidingOfficer,
    PresidingRole,
)
from lianghui.votes.models import Poll
from lianghui.votes.models import State as PollState

log = logging.getLogger(__name__)

TOPIC_MAX = 200
UNCHANGED: Any = object()


def _refuse(code: str, message: str, status: int = 409) -> ActionError:
    log.warning("deliberation refused: %s", code)
    return ActionError(code, message, status=status)


def _require_recorder(user, record: Deliberation) -> None:
    if not access.can_record(user, record.meeting, record):
        raise PermissionDenied("只有会务组、会议主持人、代表团召集人或记录人可以记录分组审议。")


def _require_presidium(user, meeting: Meeting) -> None:
    # The presidium's decisions are entered by the secretariat or the presiding officers.
    if not can_chair(user, meeting):
        raise PermissionDenied("只有主席团（会务组或会议主持人）可以组织宪法宣誓。")


def _locked(record_id: int) -> Deliberation:
    return (
        Deliberation.objects.select_for_update(of=("self",))
        .select_related("meeting__session__term__body", "meeting__group")
        .get(pk=record_id)
    )


def _draft(record: Deliberation) -> None:
    if record.state != RecordState.DRAFT:
        raise _refuse("record_final", "审议记录已定稿，不能再修改。")


def _clean(text: str, limit: int | None = None) -> str:
    text = (text or "").strip()
    return text[:limit] if limit else text


def attending_ids(meeting: Meeting) -> set[int]:
    return set(
        PresidingOfficer.objects.filter(meeting=meeting, role=PresidingRole.ATTENDING).values_list(
            "person_id", flat=True
        )
    )


def may_speak(meeting: Meeting, person: Person) -> bool:
    """A member of the delegation, or a leader attending (who speaks too: 曹立强指出……)."""
    return roster.is_member(meeting, person.pk) or person.pk in attending_ids(meeting)


# --- the record --------------------------------------------------------------------------


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
    item = None
    if item_id is not None:
        item = AgendaItem.objects.filter(pk=item_id, meeting=meeting).first()
        if item is None:
            raise _refuse("bad_item", "该议程不属于本次分组会议。", 422)
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
        rec = _locked(record_.pk)
        _draft(rec)
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
    if not can_chair(actor, meeting):
        raise PermissionDenied("只有会务组或会议主持人可以登记出席领导。")
    with transaction.atomic():
        rec = _locked(record_.pk)
        _draft(rec)
        if PresidingOfficer.objects.filter(
            meeting=meeting, person=person, role=PresidingRole.ATTENDING
        ).exists():
            raise _refuse("already_attending", f"{person.name}已登记为出席领导。")
        order = (
            PresidingOfficer.objects.filter(
                meeting=meeting, role=PresidingRole.ATTENDING
            ).aggregate(n=Max("order"))["n"]
            or 0
        ) + 1
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


def _check_speech(meeting: Meeting, speaker: Person, topic: str) -> None:
    if not topic:
        raise _refuse("topic_required", "请填写发言主题。", 422)
    if not may_speak(meeting, speaker):
        raise _refuse(
            "not_member",
            f"{speaker.name}不是{meeting.group.name}成员，也不是出席会议的领导，不能登记为发言人。",
            422,
        )


def add_speech(
    record_: Deliberation,
    speaker: Person,
    topic: str,
    summary: str,
    actor,
    *,
    synthetic: bool = False,
) -> Speech:
    """The next speech in order: who spoke, on what, and the recorder's short summary."""
    _require_recorder(actor, record_)
    topic, summary = _clean(topic, TOPIC_MAX), _clean(summary)
    _check_speech(record_.meeting, speaker, topic)
    with transaction.atomic():
        rec = _locked(record_.pk)
        _draft(rec)
        order = (rec.speeches.aggregate(n=Max("order"))["n"] or 0) + 1
        speech = Speech.objects.create(
            deliberation=rec,
            order=order,
            speaker=speaker,
            topic=topic,
            summary=summary,
            synthetic=synthetic,
            recorded_by=actor,
        )
        record(
            "deliberation.speech_added",
            speech,
            actor=actor,
            data={
                "deliberation": rec.pk,
                "meeting": rec.meeting_id,
                "order": order,
                "speaker": speaker.pk,
                "name": speaker.name,
                "topic": topic,
                "synthetic": synthetic,
            },
        )
    live.meeting_changed(rec.meeting_id)
    return speech


def edit_speech(
    speech: Speech, actor, *, speaker=UNCHANGED, topic=UNCHANGED, summary=UNCHANGED
) -> Speech:
    record_ = speech.deliberation
    _require_recorder(actor, record_)
    with transaction.atomic():
        rec = _locked(record_.pk)
        _draft(rec)
        speech = (
            Speech.objects.select_for_update(of=("self",))
            .select_related("speaker")
            .get(pk=speech.pk)
        )
        new_speaker = speech.speaker if speaker is UNCHANGED else speaker
        new_topic = speech.topic if topic is UNCHANGED else _clean(topic, TOPIC_MAX)
        new_summary = speech.summary if summary is UNCHANGED else _clean(summary)
        _check_speech(rec.meeting, new_speaker, new_topic)
        changed = {}
        if new_speaker.pk != speech.speaker_id:
            changed["speaker"] = new_speaker.pk
            changed["name"] = new_speaker.name
        if new_topic != speech.topic:
            changed["topic"] = new_topic
        if new_summary != speech.summary:
            changed["summary"] = True  # the text is in the row; the event says it changed
        if not changed:
            return speech
        speech.speaker, speech.topic, speech.summary = new_speaker, new_topic, new_summary
        speech.save(update_fields=["speaker", "topic", "summary", "updated_at"])
        record("deliberation.speech_edited", speech, actor=actor, data=changed)
    live.meeting_changed(rec.meeting_id)
    return speech


def add_opinion(speech: Speech, text: str, actor, *, synthetic: bool = False) -> Opinion:
    record_ = speech.deliberation
    _require_recorder(actor, record_)
    text = _clean(text)
    if not text:
        raise _refuse("text_required", "请填写意见建议的内容。", 422)
    with transaction.atomic():
        rec = _locked(record_.pk)
        _draft(rec)
        opinion = Opinion.objects.create(
            speech=speech, text=text, synthetic=synthetic, recorded_by=actor
        )
        record(
            "deliberation.opinion_added",
            opinion,
            actor=actor,
            data={"speech": speech.pk, "deliberation": rec.pk, "synthetic": synthetic},
        )
    return opinion


# An opinion is routed by a function the suggestions and proposals workflow provides: given
# the opinion and the actor, it files a delegate's suggestion (a congress's group) or a
# member's proposal (a CPPCC's group), with the speech as its source, and returns its id.
# It runs inside this action's transaction, so the filing and the routed state commit or
# roll back together.
Router = Callable[[Opinion, Any], int]


def _not_wired(opinion: Opinion, actor) -> int:
    raise ActionError("routing_unavailable", "建议、提案办理功能尚未接入。", status=409)


_router: Router = _not_wired


def register_router(router: Router | None) -> None:
    """Plug in the suggestions and proposals workflow (lianghui.proposals); None unplugs it."""
    global _router
    _router = router or _not_wired


def route_opinion(opinion: Opinion, actor, router: Router | None = None) -> Opinion:
    """Hand an opinion to the suggestions and proposals workflow; it keeps the filing's id."""
    record_ = opinion.speech.deliberation
    _require_recorder(actor, record_)
    route = router or _router
    with transaction.atomic():
        opinion = (
            Opinion.objects.select_for_update(of=("self",))
            .select_related("speech__deliberation__meeting")
            .get(pk=opinion.pk)
        )
        if opinion.state != OpinionState.RECORDED:
            raise _refuse("already_routed", "该意见建议已转交办理。")
        filing_id = route(opinion, actor)
        if isinstance(filing_id, bool) or not isinstance(filing_id, int) or filing_id <= 0:
            raise _refuse("bad_filing", "建议、提案办理功能未返回有效的编号。", 502)
        opinion.state = OpinionState.ROUTED
        opinion.routed_filing_id = filing_id
        opinion.routed_by = actor
        opinion.routed_at = timezone.now()
        opinion.save(update_fields=["state", "routed_filing_id", "routed_by", "routed_at"])
        record(
            "deliberation.opinion_routed",
            opinion,
            actor=actor,
            data={"speech": opinion.speech_id, "filing": filing_id},
        )
    return opinion


def set_summary(record_: Deliberation, text: str, actor) -> Deliberation:
    _require_recorder(actor, record_)
    with transaction.atomic():
        rec = _locked(record_.pk)
        _draft(rec)
        rec.summary = _clean(text)
        rec.save(update_fields=["summary"])
        record("deliberation.summary_set", rec, actor=actor, data={"length": len(rec.summary)})
    return rec


def finalise(record_: Deliberation, actor) -> Deliberation:
    """The record is final: the 纪要 drops its draft mark; speeches are no longer edited."""
    _require_recorder(actor, record_)
    with transaction.atomic():
        rec = _locked(record_.pk)
        _draft(rec)
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


# --- the constitutional oath ---------------------------------------------------------------


def create_ceremony(
    meeting: Meeting,
    actor,
    *,
    item_id: int | None = None,
    emblem: str = "flag",
    anthem: bool = True,
    oath_text: str = rules.OATH_TEXT_2018,
) -> OathCeremony:
    """The presidium organises the ceremony at the session, as a rule at a plenary (SH 8)."""
    _require_presidium(actor, meeting)
    if meeting.kind == MeetingKind.GROUP:
        raise _refuse(
            "group_meeting", "宪法宣誓仪式在大会全体会议上举行，不在分组会议上举行。", 422
        )
    if meeting.session.term.body.kind != OrgKind.CONGRESS:
        raise _refuse("not_congress", "宪法宣誓由人民代表大会选举或者表决通过的人员进行。", 422)
    if emblem not in ("flag", "emblem"):
        raise _refuse("bad_emblem", "宣誓场所应悬挂国旗或者国徽（SH 10）。", 422)
    oath_text = _clean(oath_text)
    if not oath_text:
        raise _refuse("oath_text_required", "请填写誓词。", 422)
    item = None
    if item_id is not None:
        item = AgendaItem.objects.filter(pk=item_id, meeting=meeting).first()
        if item is None:
            raise _refuse("bad_item", "该议程不属于本次会议。", 422)
    else:
        item = meeting.items.filter(kind=ItemKind.CEREMONY, title__contains="宣誓").first()
    with transaction.atomic():
        if OathCeremony.objects.filter(meeting=meeting).exists():
            raise _refuse("already_created", "本次会议已安排宪法宣誓仪式。")
        ceremony = OathCeremony.objects.create(
            meeting=meeting,
            item=item,
            oath_text=oath_text,
            emblem=emblem,
            anthem=anthem,
            created_by=actor,
        )
        record(
            "deliberation.oath_ceremony_created",
            ceremony,
            actor=actor,
            data={"meeting": meeting.pk, "emblem": emblem, "anthem": anthem},
        )
    live.meeting_changed(meeting.pk)
    return ceremony


def _appointment_from_election(ceremony: OathCeremony, person: Person, election: Election):
    this_session = election.meeting.session_id == ceremony.meeting.session_id
    published = election.state == ElectionState.PUBLISHED
    if published and person.pk not in (election.result or {}).get("elected", []):
        raise _refuse("not_elected", f"{person.name}未在该次选举中当选。", 422)
    office = election.office
    return office, rules.Appointment(
        source=rules.Source.ELECTED,
        office_title=office.title,
        needs_approval=office.needs_approval,
        this_session=this_session,
        announced=published,
        office_kind=office.kind,
    )


def _appointment_from_poll(ceremony: OathCeremony, poll: Poll, office_title: str):
    if not office_title:
        raise _refuse(
            "office_required", "请填写表决通过的职务，如：城市建设环境保护委员会主任委员。", 422
        )
    # The poll does not name whom it confirmed (a list vote may name several): the
    # secretariat states the person; the action checks that the vote passed at this session.
    return rules.Appointment(
        source=rules.Source.CONFIRMED,
        office_title=office_title,
        this_session=poll.meeting.session_id == ceremony.meeting.session_id,
        announced=poll.state == PollState.PUBLISHED and bool(poll.passed),
    )


def add_taker(
    ceremony: OathCeremony,
    person: Person,
    actor,
    *,
    election: Election | None = None,
    poll: Poll | None = None,
    office_title: str = "",
    source: str = rules.Source.ELECTED,
    basis: str = "",
) -> OathTaker:
    """Add an office holder to the ceremony, with the election or vote that produced them.

    With neither (the result is recorded elsewhere), ``office_title``, ``source`` and
    ``basis`` say what and on what record. Whoever the oath rule refuses is refused with
    its reason: the 检察长 swears later, after approval (SH 4(4)).
    """
    _require_presidium(actor, ceremony.meeting)
    office_title, basis = _clean(office_title, 100), _clean(basis, 200)
    if election is not None and poll is not None:
        raise _refuse("one_source", "每项职务只能依据一次选举或一次表决。", 422)
    office = None
    if election is not None:
        office, appointment = _appointment_from_election(ceremony, person, election)
    elif poll is not None:
        appointment = _appointment_from_poll(ceremony, poll, office_title)
    else:
        if not office_title or not basis:
            raise _refuse("basis_required", "没有选举或表决记录时，请填写职务和产生依据。", 422)
        if source not in {s.value for s in rules.Source}:
            raise _refuse("bad_source", "产生方式只能是选举或表决通过。", 422)
        appointment = rules.Appointment(source=rules.Source(source), office_title=office_title)
    verdict = rules.oath_at_session(appointment)
    if not verdict:
        raise _refuse(verdict.code, f"{person.name}：{verdict.reason}", 422)
    with transaction.atomic():
        ceremony = OathCeremony.objects.select_for_update(of=("self",)).get(pk=ceremony.pk)
        taker = OathTaker.objects.filter(ceremony=ceremony, person=person).first()
        if taker is None:
            order = (ceremony.takers.aggregate(n=Max("order"))["n"] or 0) + 1
            taker = OathTaker.objects.create(ceremony=ceremony, person=person, order=order)
        elif taker.taken_at is not None:
            raise _refuse("already_sworn", f"{person.name}已经宣誓。")
        if taker.offices.filter(title=appointment.office_title).exists():
            raise _refuse(
                "office_twice", f"{person.name}已登记为{appointment.office_title}宣誓人。"
            )
        OathOffice.objects.create(
            taker=taker,
            title=appointment.office_title,
            source=appointment.source,
            office=office,
            election=election,
            poll=poll,
            basis=basis,
        )
        record(
            "deliberation.oath_taker_added",
            taker,
            actor=actor,
            data={
                "ceremony": ceremony.pk,
                "person": person.pk,
                "name": person.name,
                "office": appointment.office_title,
                "source": appointment.source.value,
                "election": election.pk if election else None,
                "poll": poll.pk if poll else None,
                "basis": basis,
            },
        )
    return taker


def form_batch(
    ceremony: OathCeremony,
    actor,
    *,
    form: str,
    taker_ids: list[int],
    leader_id: int | None = None,
    leader_synthetic: bool = False,
) -> OathBatch:
    """The presidium decides individual or collective, and for a collective batch its
    leader, one of the takers (SH 8(2))."""
    _require_presidium(actor, ceremony.meeting)
    if form not in {f.value for f in rules.Form}:
        raise _refuse("bad_form", "宣誓形式只能是单独宣誓或集体宣誓。", 422)
    ids = list(dict.fromkeys(taker_ids))
    with transaction.atomic():
        ceremony = OathCeremony.objects.select_for_update(of=("self",)).get(pk=ceremony.pk)
        takers = list(
            OathTaker.objects.filter(ceremony=ceremony, pk__in=ids).select_related("person")
        )
        if len(takers) != len(ids):
            raise _refuse("bad_taker", "所选宣誓人不属于本次宣誓仪式。", 422)
        if any(t.batch_id for t in takers):
            raise _refuse("already_batched", "所选宣誓人中有人已编入其他批次。")
        people = {t.person_id for t in takers}
        verdict = rules.check_batch(form, people, leader_id)
        if not verdict:
            raise _refuse(verdict.code, verdict.reason, 422)
        if form == rules.Form.INDIVIDUAL:
            leader_id, leader_synthetic = None, False
        number = (ceremony.batches.aggregate(n=Max("number"))["n"] or 0) + 1
        batch = OathBatch.objects.create(
            ceremony=ceremony,
            number=number,
            form=form,
            leader_id=leader_id,
            leader_synthetic=leader_synthetic,
        )
        OathTaker.objects.filter(pk__in=ids).update(batch=batch)
        names = {t.person_id: t.person.name for t in takers}
        record(
            "deliberation.oath_batch_formed",
            batch,
            actor=actor,
            data={
                "ceremony": ceremony.pk,
                "number": number,
                "form": form,
                "leader": names.get(leader_id),
                "leader_synthetic": leader_synthetic,
                "takers": [names[t.person_id] for t in sorted(takers, key=lambda t: t.order)],
            },
        )
    return batch


def record_oath_taken(batch: OathBatch, actor, at=None) -> OathBatch:
    """The batch has sworn: the flag or emblem displayed, the anthem sung, the oath read and
    each taker's name stated (SH 10). One event for the batch, naming each taker and office."""
    ceremony = batch.ceremony
    _require_presidium(actor, ceremony.meeting)
    at = at or timezone.now()
    if timezone.is_naive(at):
        raise _refuse("naive_time", "宣誓时间须带时区。", 422)
    with transaction.atomic():
        batch = (
            OathBatch.objects.select_for_update(of=("self",))
            .select_related("leader")
            .get(pk=batch.pk)
        )
        if batch.taken_at is not None:
            raise _refuse("already_taken", "该批宣誓人已经宣誓。")
        takers = list(
            batch.takers.select_related("person").prefetch_related("offices").order_by("order")
        )
        if not takers:
            raise _refuse("empty_batch", "该批次没有宣誓人。")
        batch.taken_at = at
        batch.recorded_by = actor
        batch.save(update_fields=["taken_at", "recorded_by"])
        OathTaker.objects.filter(batch=batch).update(taken_at=at)
        ceremony = OathCeremony.objects.select_for_update(of=("self",)).get(pk=batch.ceremony_id)
        if ceremony.held_at is None:
            ceremony.held_at = at
            ceremony.save(update_fields=["held_at"])
        record(
            "deliberation.oath_taken",
            batch,
            actor=actor,
            data={
                "ceremony": ceremony.pk,
                "meeting": ceremony.meeting_id,
                "form": batch.form,
                "leader": batch.leader.name if batch.leader else None,
                "leader_synthetic": batch.leader_synthetic,
                "takers": [
                    {
                        "person": t.person_id,
                        "name": t.person.name,
                        "offices": [o.title for o in t.offices.all()],
                    }
                    for t in takers
                ],
                "oath_text": ceremony.oath_text,
                "emblem": ceremony.emblem,
                "anthem": ceremony.anthem,
            },
        )
    live.meeting_changed(ceremony.meeting_id)
    return batch
