"""Create a session (次) of a term, empty or cloned from the body's last session.

Spec: the secretariat gives the number, title, opening and closing days and venue; the
days lie inside the term. Cloning copies the last session's meetings (kind, title, venue,
group, the same wall-clock times shifted by the days between the two openings) and each
meeting's agenda skeleton (order, kind, title, notes) — no presenters, officers,
documents, votes or check-ins. Meetings that would fall after the new closing day are
left out and named in the event. Events: sessions.session_created, and
sessions.session_cloned in the same transaction.
"""

from dataclasses import dataclass
from datetime import date

from django.db import transaction

from lianghui.audit.log import record
from lianghui.sessions.models import AgendaItem, Meeting, Session, Term
from lianghui.sessions.setup import _base
from lianghui.sessions.setup_rules import check_session, clone_plan


@dataclass(frozen=True)
class SessionDraft:
    number: int
    title: str
    start_date: date
    end_date: date
    short_title: str = ""
    venue: str = ""
    public: bool = True


def last_session(term: Term) -> Session | None:
    """The body's latest session, in this term or an earlier one."""
    return Session.objects.filter(term__body_id=term.body_id).order_by("-start_date", "-id").first()


def create_session(term: Term, draft: SessionDraft, actor, clone: bool = False) -> Session:
    _base.require_secretariat(actor)
    title = draft.title.strip()
    problems = check_session(draft.number, draft.start_date, draft.end_date, term.start, term.end)
    if not title:
        problems.insert(0, _base.Problem("title", "会议名称：请填写。"))
    if problems:
        raise _base.SetupRefused(problems)
    with transaction.atomic():
        Term.objects.select_for_update(of=("self",)).get(pk=term.pk)
        if Session.objects.filter(term=term, number=draft.number).exists():
            raise _base.refuse("number", f"次：本届已有第 {draft.number} 次会议。", "exists")
        source = last_session(term) if clone else None
        if clone and source is None:
            raise _base.refuse("clone", "以上次会议为模板：本机关还没有以往的会议。")
        session = Session.objects.create(
            term=term,
            number=draft.number,
            title=title[:120],
            short_title=draft.short_title.strip()[:40],
            start_date=draft.start_date,
            end_date=draft.end_date,
            venue=draft.venue.strip()[:120],
            public=draft.public,
        )
        record(
            "sessions.session_created",
            session,
            actor=actor,
            data={
                "term": term.pk,
                "number": draft.number,
                "title": session.title,
                "start_date": draft.start_date.isoformat(),
                "end_date": draft.end_date.isoformat(),
            },
        )
        if source is not None:
            _clone(source, session, actor)
    return session


def _clone(source: Session, session: Session, actor) -> None:
    old = {m.pk: m for m in source.meetings.all()}
    plan = clone_plan(
        [_base.slot_of(m) for m in old.values()],
        source.start_date,
        session.start_date,
        session.end_date,
        _base.tz(),
    )
    items = 0
    for was, slot in plan.slots:
        meeting = Meeting.objects.create(
            session=session,
            kind=slot.kind,
            title=slot.title,
            starts_at=slot.starts_at,
            ends_at=slot.ends_at,
            venue=slot.venue,
            group_id=slot.group_id,
        )
        copies = [
            AgendaItem(meeting=meeting, order=i.order, kind=i.kind, title=i.title, notes=i.notes)
            for i in old[was.id].items.all()
        ]
        AgendaItem.objects.bulk_create(copies)
        items += len(copies)
    record(
        "sessions.session_cloned",
        session,
        actor=actor,
        data={
            "from": source.pk,
            "meetings": len(plan.slots),
            "items": items,
            "left_out": [s.title for s in plan.skipped],
        },
    )
