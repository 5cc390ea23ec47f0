"""The chronicle's facts: a session's records read into ``compose``'s dataclasses.

``gather(session, now)`` reads, in a fixed number of queries whatever the session's size,
the meetings held before ``now`` with their presiding officers and agenda items, the
published votes and election results, the oath ceremonies held, and the group deliberation
records with their speeches. Nothing else counts as having happened: a vote still open, an
election not yet declared, a ceremony whose oath is not recorded as taken are left out.
Every one of these rows is written by an action together with its audit event (docs/architecture.md),
so the chronicle says only what the event log also says.

``draft(session, now)`` is ``compose.compose(gather(...))``: the text and the notes for the
secretariat. Storing it, editing and publishing are ``lianghui.records.actions``.
"""

from collections import defaultdict

from django.db.models import Count
from django.utils import timezone

from lianghui.deliberation.models import (
    Deliberation,
    OathBatch,
    OathCeremony,
    OathTaker,
    Question,
    Speech,
)
from lianghui.elections.models import Election
from lianghui.interpellation.models import Answer
from lianghui.records import compose, queries
from lianghui.sessions.models import (
    AgendaItem,
    ItemKind,
    Meeting,
    MeetingKind,
    PresidingOfficer,
    PresidingRole,
    Session,
)
from lianghui.votes.models import Mode

OfficerRows = dict[int, list[PresidingOfficer]]


def _person(p, title: str = "") -> compose.Person:
    return compose.Person(p.name, title, p.synthetic)


def _officers(rows: list[PresidingOfficer], role: str) -> tuple[compose.Person, ...]:
    return tuple(_person(o.person, o.title) for o in rows if o.role == role)


def _items(rows: list[AgendaItem]) -> tuple[compose.Item, ...]:
    return tuple(
        compose.Item(
            order=i.order,
            kind=i.kind,
            title=i.title,
            presenter=_person(i.presenter, i.presenter_title) if i.presenter else None,
            notes=i.notes,
        )
        for i in rows
    )


def _elected(election: Election) -> tuple[str, ...]:
    """The elected, in the order of the count's tallies (the ballot's order, then write-ins)."""
    result = election.result or {}
    elected = set(result.get("elected", []))
    return tuple(t["name"] for t in result.get("tallies", []) if t["person"] in elected)


def _oaths(meeting_ids: list[int]) -> dict[int, compose.Oath]:
    """The ceremonies whose every batch has been recorded as taken, by meeting."""
    ceremonies = {
        c.pk: c
        for c in OathCeremony.objects.filter(meeting_id__in=meeting_ids).select_related("item")
    }
    batches: dict[int, list[OathBatch]] = defaultdict(list)
    for b in (
        OathBatch.objects.filter(ceremony_id__in=ceremonies)
        .select_related("leader")
        .order_by("number")
    ):
        batches[b.ceremony_id].append(b)
    takers: dict[int, list[OathTaker]] = defaultdict(list)
    for t in (
        OathTaker.objects.filter(ceremony_id__in=ceremonies)
        .select_related("person")
        .order_by("order", "id")
    ):
        takers[t.ceremony_id].append(t)
    out = {}
    for pk, c in ceremonies.items():
        held = batches[pk]
        sworn = [t for t in takers[pk] if t.batch_id is not None]
        if not held or not sworn or any(b.taken_at is None for b in held):
            continue
        leaders = [b for b in held if b.form == "collective" and b.leader_id]
        out[c.meeting_id] = compose.Oath(
            item_order=c.item.order if c.item else None,
            takers=tuple(t.person.name for t in sworn),
            collective=all(b.form == "collective" for b in held),
            leader=leaders[0].leader.name if len(leaders) == 1 else "",
            leader_synthetic=any(b.leader_synthetic for b in leaders),
        )
    return out


def _deliberations(
    groups: list[Meeting], officers: OfficerRows, items: dict[int, list[AgendaItem]]
) -> dict[int, compose.Deliberation]:
    records = {
        d.meeting_id: d
        for d in Deliberation.objects.filter(meeting__in=groups).select_related("item")
    }
    questions: dict[int, list[compose.Question]] = defaultdict(list)
    for q in (
        Question.objects.filter(deliberation__in=records.values())
        .select_related("asker")
        .order_by("order")
    ):
        by = q.answered_by if q.answered_at and not q.deferred else ""
        questions[q.deliberation_id].append(compose.Question(q.asker.name, q.unit, by))
    speeches: dict[int, list[Speech]] = defaultdict(list)
    for sp in (
        Speech.objects.filter(deliberation__in=records.values())
        .select_related("speaker")
        .order_by("order", "id")
    ):
        speeches[sp.deliberation_id].append(sp)
    out = {}
    for m in groups:
        attending = [o for o in officers[m.pk] if o.role == PresidingRole.ATTENDING]
        leader_ids = {o.person_id for o in attending}
        record = records.get(m.pk)
        item = record.item if record and record.item else None
        if item is None:
            item = next((i for i in items[m.pk] if i.kind == ItemKind.DELIBERATION), None)
        said = speeches[record.pk] if record else []

        def speech(sp: Speech) -> compose.Speech:
            return compose.Speech(_person(sp.speaker), sp.topic, sp.summary, sp.synthetic)

        out[m.pk] = compose.Deliberation(
            group=m.group.name if m.group else m.title,
            item=item.title if item else "",
            attending=tuple(_person(o.person, o.title) for o in attending),
            speeches=tuple(speech(sp) for sp in said if sp.speaker_id not in leader_ids),
            leader_speeches=tuple(speech(sp) for sp in said if sp.speaker_id in leader_ids),
            recorded=record is not None,
            final=record is not None and record.state == "final",
            questions=tuple(questions[record.pk]) if record else (),
        )
    return out


def _votes(ids: list[int], orders: dict[int, int]) -> dict[int, list[compose.Vote]]:
    """The published votes of each meeting, at the order of their agenda item."""
    votes: dict[int, list[compose.Vote]] = defaultdict(list)
    for p in queries.published_polls(meeting_id__in=ids):
        votes[p.meeting_id].append(
            compose.Vote(orders.get(p.item_id), p.question, bool(p.passed), p.mode == Mode.HANDS)
        )
    return votes


def _elections(ids: list[int], orders: dict[int, int]) -> dict[int, list[compose.Election]]:
    """The published elections of each meeting, at the order of their agenda item."""
    elections: dict[int, list[compose.Election]] = defaultdict(list)
    for e in queries.published_elections(meeting_id__in=ids):
        elections[e.meeting_id].append(
            compose.Election(orders.get(e.item_id), e.office.title, e.seats, _elected(e))
        )
    return elections


def _answers(ids: list[int]) -> dict[int, list[compose.Answer]]:
    """The answers to interpellations given at each meeting, with their filers counted."""
    answers: dict[int, list[compose.Answer]] = defaultdict(list)
    for a in (
        Answer.objects.filter(meeting_id__in=ids)
        .select_related("interpellation")
        .annotate(filers=Count("interpellation__filer_rows"))
        .order_by("answered_at", "id")
    ):
        i = a.interpellation
        answers[a.meeting_id].append(
            compose.Answer(i.target, i.subject, a.filers, a.answered_by, a.round > 1)
        )
    return answers


def gather(session: Session, now=None) -> compose.Session:
    """The session's facts as of ``now`` (default: the present)."""
    now = now or timezone.now()
    session = Session.objects.select_related("term__body").get(pk=session.pk)
    body = session.term.body
    every = queries.meetings_of(session)
    plenaries = [m for m in every if m.kind == MeetingKind.PLENARY]
    opening = plenaries[0].pk if plenaries else None
    last = plenaries[-1] if plenaries else None
    closing = last.pk if last and last.local_day == session.end_date else None
    held = [m for m in every if m.starts_at <= now]
    ids = [m.pk for m in held]

    officers = queries.officers_by_meeting(meeting_id__in=ids)
    items = queries.items_by_meeting(meeting_id__in=ids)
    orders = {i.pk: i.order for rows in items.values() for i in rows}
    votes = _votes(ids, orders)
    elections = _elections(ids, orders)
    oaths = _oaths(ids)
    answers = _answers(ids)
    deliberations = _deliberations(
        [m for m in held if m.kind == MeetingKind.GROUP], officers, items
    )

    meetings = []
    for m in held:
        rows = officers[m.pk]
        group = m.kind == MeetingKind.GROUP
        meetings.append(
            compose.Meeting(
                kind=m.kind,
                title=m.title,
                starts_at=timezone.localtime(m.starts_at),
                exact_time=not m.synthetic_time,
                venue=m.venue,
                opening=m.pk == opening,
                closing=m.pk == closing,
                presiding=_officers(rows, PresidingRole.PRESIDING),
                chairs=_officers(rows, PresidingRole.EXECUTIVE_CHAIR),
                rostrum=_officers(rows, PresidingRole.ROSTRUM),
                attending=() if group else _officers(rows, PresidingRole.ATTENDING),
                items=_items(items[m.pk]),
                votes=tuple(votes[m.pk]),
                elections=tuple(elections[m.pk]),
                oath=oaths.get(m.pk),
                deliberation=deliberations.get(m.pk),
                answers=tuple(answers[m.pk]),
            )
        )
    return compose.Session(
        body_kind=body.kind,
        body_name=body.name,
        term=session.term.number,
        number=session.number,
        title=session.title,
        short_title=session.short_title,
        start_date=session.start_date,
        end_date=session.end_date,
        venue=session.venue,
        meetings=tuple(meetings),
        ended=closing is not None and closing in ids,
    )


def draft(session: Session, now=None) -> compose.Chronicle:
    """The generated chronicle of the session as of ``now``."""
    return compose.compose(gather(session, now))
