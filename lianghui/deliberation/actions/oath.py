"""The constitutional oath (宪法宣誓): the presidium's ceremony, who swears, in which batch, and
when it was taken."""

from django.db import transaction
from django.utils import timezone

from lianghui.audit.log import record
from lianghui.deliberation import rules
from lianghui.deliberation.actions._base import _clean, _refuse, _require_presidium, log
from lianghui.deliberation.models import OathBatch, OathCeremony, OathOffice, OathTaker
from lianghui.elections.models import Election, ElectionState
from lianghui.people.models import OrgKind, Person
from lianghui.rows import next_number
from lianghui.sessions import live
from lianghui.sessions.models import ItemKind, Meeting, MeetingKind
from lianghui.sessions.queries import meeting_item
from lianghui.votes.models import Poll
from lianghui.votes.models import State as PollState


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
    if item_id is not None:
        item = meeting_item(meeting, item_id, log=log)
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
            order = next_number(ceremony.takers)
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
        number = next_number(ceremony.batches, "number")
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
