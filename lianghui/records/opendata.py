"""A session as open data, in the Popolo / Open Civic Data shape (JSON).

``export_session(session)`` returns one JSON object; ``schema/session.schema.json`` is its
JSON Schema and ``OPEN_DATA.md`` the mapping for readers. In brief:

============================  =====================================================
lianghui                      export
============================  =====================================================
Session (会议（次）)            ``legislative_session`` (OCD LegislativeSession)
Person                        ``persons[]`` (Popolo Person): name, gender, summary
                              (工作单位及职务); never a phone number or a birth date
Organisation: the body, its   ``organizations[]`` (Popolo Organization); ``classification``
standing committee, presidium,  is the kind: congress, cppcc, standing, presidium,
delegations, sectors,         delegation, sector, committee
special committees
Membership in those           ``memberships[]`` (Popolo Membership), those in force during
                              the session; ``role`` the role code, ``label`` its title
Office (elected post)         ``posts[]`` (Popolo Post)
Meeting with agenda items,    ``events[]`` (OCD Event): ``participants`` (the group, the
presiding officers            presiding officers with their role as ``note``), ``agenda``
                              (items with presenter, votes and elections as
                              ``related_entities``)
Poll (表决), published         ``vote_events[]`` (Popolo VoteEvent): ``counts`` yes / no /
                              abstain / not voting / absent; ``votes`` (Popolo Vote, per
                              person) ONLY for a named (记名) vote, never for a secret one
Election (选举), published     ``elections[]``: the post, seats, ballots issued and returned,
                              each candidate's and write-in's tally (published by law, EL
                              46), who was elected
Interpellation, recall,       ``interpellations[]``, ``recalls[]``, ``resignations[]``:
resignation                   the filers or signers, each answer with the filers'
                              satisfaction counted, the vote once published
============================  =====================================================

Identifiers are ``<type>/<primary key>`` (``person/12``, ``organization/3``, ``event/7``,
``vote-event/3``, ``election/2``, ``post/1``, ``membership/55``, ``session/1``): stable in
one installation, unique within an export, and every ``*_id`` in the export resolves to an
object in it. Times are ISO 8601 with their UTC offset; dates are ISO dates. Invented demo
data is marked ``extras.synthetic`` (people, organisations, memberships) and
``extras.synthetic_time`` (a meeting time the source does not give).

Secrecy (docs/architecture.md): a secret vote's export has its counts and nothing about any person:
no ``votes``, and neither who voted nor any receipt. Only published votes and declared
elections are exported; group deliberation records (who said what in a delegation) are the
delegation's working papers and are not exported here. The query count does not grow with
the number of people.
"""

from collections import defaultdict
from datetime import datetime
from fractions import Fraction

from django.conf import settings
from django.db.models import Q
from django.utils import timezone, translation

from lianghui.audit.publish import published_head
from lianghui.elections.models import Election
from lianghui.interpellation.models import Interpellation
from lianghui.people.models import Membership, Organisation, OrgKind, Person, Role
from lianghui.recall.models import Recall, Resignation
from lianghui.records import queries
from lianghui.sessions.models import AgendaItem, Meeting, PresidingOfficer, Session
from lianghui.votes.models import NamedBallot, Poll

SCHEMA_VERSION = 1
FORMAT = "popolo-ocd/lianghui"

# The body itself and what a session's public record is made of: not the secretariat, not
# handling units, not parties or the government.
ORG_KINDS = (
    OrgKind.CONGRESS,
    OrgKind.CPPCC,
    OrgKind.STANDING_COMMITTEE,
    OrgKind.PRESIDIUM,
    OrgKind.DELEGATION,
    OrgKind.SECTOR,
    OrgKind.SPECIAL_COMMITTEE,
)
GENDERS = {"M": "male", "F": "female"}


def _id(kind: str, pk: int | None) -> str | None:
    return f"{kind}/{pk}" if pk is not None else None


def _entity(entity_type: str, pk: int, name: str, note: str, **extra) -> dict:
    """An agenda item's related entity or an event's participant (OCD): its type, its id (the
    type as the ids spell it), its name, what it is there, and anything more it says."""
    return {
        "entity_type": entity_type,
        "entity_id": _id(entity_type.replace("_", "-"), pk),
        "name": name,
        "note": note,
        **extra,
    }


def _iso(value) -> str | None:
    """An ISO date, or an ISO time in local time with its offset (2024-01-10T10:00:00+08:00)."""
    if value is None:
        return None
    if isinstance(value, datetime):
        value = timezone.localtime(value)
    return value.isoformat()


def _organizations(body: Organisation) -> list[Organisation]:
    return list(
        Organisation.objects.filter(Q(pk=body.pk) | Q(parent=body), kind__in=ORG_KINDS).order_by(
            "kind", "order", "name", "id"
        )
    )


def _memberships(orgs: list[Organisation], session: Session):
    return (
        Membership.objects.filter(organisation__in=orgs)
        .exclude(role=Role.STAFF)
        .filter(Q(start__isnull=True) | Q(start__lte=session.end_date))
        .filter(Q(end__isnull=True) | Q(end__gte=session.start_date))
        .order_by("organisation_id", "role", "person_id", "id")
    )


def _org_out(org: Organisation) -> dict:
    return {
        "id": _id("organization", org.pk),
        "name": org.name,
        "other_names": [{"name": org.short_name}] if org.short_name else [],
        "classification": org.kind,
        "parent_id": _id("organization", org.parent_id),
        "extras": {"synthetic": org.synthetic},
    }


def _person_out(p: Person) -> dict:
    out = {"id": _id("person", p.pk), "name": p.name}
    if p.gender in GENDERS:
        out["gender"] = GENDERS[p.gender]
    if p.work:
        out["summary"] = p.work
    out["extras"] = {"synthetic": p.synthetic}
    return out


def _membership_out(m: Membership) -> dict:
    return {
        "id": _id("membership", m.pk),
        "person_id": _id("person", m.person_id),
        "organization_id": _id("organization", m.organisation_id),
        "role": m.role,
        "label": m.title or m.get_role_display(),
        "start_date": _iso(m.start),
        "end_date": _iso(m.end),
        "extras": {"synthetic": m.synthetic},
    }


def _counts(poll: Poll) -> list[dict]:
    counts = [
        {"option": "yes", "value": poll.yes or 0},
        {"option": "no", "value": poll.no or 0},
        {"option": "abstain", "value": poll.abstain or 0},
    ]
    cast = (poll.yes or 0) + (poll.no or 0) + (poll.abstain or 0)
    if poll.entitled is not None:
        counts.append({"option": "not voting", "value": max(poll.entitled - cast, 0)})
    if poll.members_total is not None and poll.present is not None:
        counts.append({"option": "absent", "value": max(poll.members_total - poll.present, 0)})
    return counts


def _vote_event_out(poll: Poll, orders: dict[int, int], named: list[NamedBallot]) -> dict:
    out = {
        "id": _id("vote-event", poll.pk),
        "motion_text": poll.question,
        "motion_description": poll.decides,
        "legislative_session_id": _id("session", poll.meeting.session_id),
        "event_id": _id("event", poll.meeting_id),
        "agenda_item_order": orders.get(poll.item_id),
        "organization_id": _id("organization", poll.body_id),
        "start_date": _iso(poll.opened_at),
        "end_date": _iso(poll.closed_at),
        "result": "pass" if poll.passed else "fail",
        "result_sentence": poll.sentence,
        "secret": poll.secret,
        "mode": poll.mode,
        "counts": _counts(poll),
        "extras": {
            "members_total": poll.members_total,
            "present": poll.present,
            "entitled": poll.entitled,
            "threshold": {
                "base": poll.base,
                "fraction": str(Fraction(poll.fraction_numerator, poll.fraction_denominator)),
                "strict": poll.strict,
            },
            "published_at": _iso(poll.published_at),
        },
    }
    # Per-person votes only for a named vote: a secret vote's export names nobody.
    if not poll.secret and named:
        out["votes"] = [
            {"voter_id": _id("person", b.person_id), "option": b.choice}
            for b in sorted(named, key=lambda b: b.person_id)
        ]
    return out


def _election_out(e: Election, orders: dict[int, int]) -> dict:
    r = e.result or {}
    return {
        "id": _id("election", e.pk),
        "post_id": _id("post", e.office_id),
        "legislative_session_id": _id("session", e.meeting.session_id),
        "event_id": _id("event", e.meeting_id),
        "agenda_item_order": orders.get(e.item_id),
        "seats": e.seats,
        "by_election": e.by_election,
        "contested": e.contested,
        "round": e.round_kind,
        "previous_id": _id("election", e.previous_id),
        "mode": e.mode,
        "published_at": _iso(e.published_at),
        "valid": bool(r.get("valid")),
        "ballots": {
            "members_total": r.get("members_total"),
            "issued": r.get("issued"),
            "returned": r.get("returned"),
            "valid": r.get("valid_ballots"),
            "void": r.get("void_ballots"),
            "needed": r.get("needed"),
        },
        "tallies": [
            {
                "person_id": _id("person", t["person"]),
                "name": t["name"],
                "on_slate": t["on_slate"],
                "yes": t["yes"],
                "no": t["no"],
                "abstain": t["abstain"],
                "result": t["verdict"],
            }
            for t in r.get("tallies", [])
        ],
        "elected": [_id("person", p) for p in r.get("elected", [])],
        "unfilled": r.get("unfilled", 0),
        "sentences": list(r.get("sentences", [])),
    }


def _agenda_item_out(i: AgendaItem, polls: dict, elections: dict) -> dict:
    """An agenda item with its presenter and the votes and elections held at it."""
    related = []
    if i.presenter_id:
        related.append(
            _entity(
                "person", i.presenter_id, i.presenter.name, "presenter", title=i.presenter_title
            )
        )
    related += [_entity("vote_event", p.pk, p.question, "vote") for p in polls.get(i.pk, [])]
    related += [
        _entity("election", e.pk, e.office.title, "election") for e in elections.get(i.pk, [])
    ]
    return {
        "order": i.order,
        "description": i.title,
        "classification": [i.kind],
        "notes": [i.notes] if i.notes else [],
        "related_entities": related,
    }


def _event_out(
    m: Meeting,
    session: Session,
    officers: list[PresidingOfficer],
    items: list[AgendaItem],
    polls: dict[int, list[Poll]],
    elections: dict[int, list[Election]],
    now,
) -> dict:
    participants = []
    if m.group_id:
        participants.append(_entity("organization", m.group_id, m.group.name, "host"))
    participants += [
        _entity("person", o.person_id, o.person.name, o.role, title=o.title) for o in officers
    ]
    agenda = [_agenda_item_out(i, polls, elections) for i in items]
    return {
        "id": _id("event", m.pk),
        "name": m.title,
        "classification": m.kind,
        "legislative_session_id": _id("session", session.pk),
        "start_date": _iso(m.starts_at),
        "end_date": _iso(m.ends_at),
        "timezone": settings.TIME_ZONE,
        "status": "passed" if m.starts_at <= now else "confirmed",
        "location": {"name": m.venue or session.venue},
        "participants": participants,
        "agenda": agenda,
        "extras": {"synthetic_time": m.synthetic_time},
    }


def export_session(session: Session, *, now=None) -> dict:
    # Open data is in Chinese whatever the reader's interface language (labels included).
    with translation.override("zh-hans"):
        return _export_session(session, now=now)


def _oversight(session: Session, published: set[int], meeting_ids: set[int]) -> dict:
    """Interpellations (with each answer and the filers' satisfaction counted), recalls and
    resignations of the session; a vote is referenced only once published."""
    people: set[int] = set()

    def event(meeting_id):
        return _id("event", meeting_id) if meeting_id in meeting_ids else None

    interpellations = []
    for i in (
        Interpellation.objects.filter(session=session)
        .prefetch_related("filer_rows", "answers__responses")
        .order_by("number")
    ):
        filers = [f.person_id for f in i.filer_rows.all()]
        people |= set(filers)
        answers = []
        for a in i.answers.all():
            responses = list(a.responses.all())
            satisfied = sum(1 for r in responses if r.satisfied)
            answers.append(
                {
                    "round": a.round,
                    "form": a.form,
                    "event_id": event(a.meeting_id),
                    "answered_by": a.answered_by,
                    "text": a.text,
                    "answered_at": _iso(a.answered_at),
                    "satisfied": satisfied,
                    "unsatisfied": len(responses) - satisfied,
                }
            )
        interpellations.append(
            {
                "id": _id("interpellation", i.pk),
                "number": i.number,
                "target_kind": i.target_kind,
                "target": i.target,
                "subject": i.subject,
                "questions": i.questions,
                "filer_ids": [_id("person", f) for f in filers],
                "state": i.state,
                "answers": answers,
            }
        )

    def matter(m) -> dict:
        people.add(m.person_id)
        return {
            "person_id": _id("person", m.person_id),
            "post": m.post,
            "title": m.title,
            "vote_event_id": _id("vote-event", m.poll_id) if m.poll_id in published else None,
            "state": m.state,
        }

    recalls = []
    for r in Recall.objects.filter(session=session).prefetch_related("signers").order_by("id"):
        signers = [p.pk for p in r.signers.all()]
        people |= set(signers)
        recalls.append(
            {
                "id": _id("recall", r.pk),
                **matter(r),
                "proposer": r.proposer,
                "signer_ids": [_id("person", p) for p in sorted(signers)],
                "reasons": r.reasons,
                "defence": r.defence,
            }
        )
    resignations = [
        {"id": _id("resignation", r.pk), **matter(r)}
        for r in Resignation.objects.filter(session=session).order_by("id")
    ]
    return {
        "interpellations": interpellations,
        "recalls": recalls,
        "resignations": resignations,
        "person_ids": people,
    }


def _meta(now) -> dict:
    return {
        "format": FORMAT,
        "schema_version": SCHEMA_VERSION,
        "generated_at": _iso(now),
        "source": "lianghui",
        "timezone": settings.TIME_ZONE,
        "audit_head": published_head(),
    }


def _session_out(session: Session) -> dict:
    return {
        "id": _id("session", session.pk),
        "identifier": f"{session.term.number}-{session.number}",
        "name": session.title,
        "short_name": session.short_title,
        "organization_id": _id("organization", session.term.body_id),
        "term": session.term.number,
        "number": session.number,
        "start_date": _iso(session.start_date),
        "end_date": _iso(session.end_date),
        "venue": session.venue,
    }


def _post_out(o) -> dict:
    return {
        "id": _id("post", o.pk),
        "label": o.title,
        "organization_id": _id("organization", o.body_id),
        "extras": {"kind": o.kind, "needs_approval": o.needs_approval},
    }


def _export_session(session: Session, *, now=None) -> dict:
    now = now or timezone.now()
    session = Session.objects.select_related("term__body").get(pk=session.pk)
    body = session.term.body
    orgs = _organizations(body)
    memberships = list(_memberships(orgs, session))
    meetings = queries.meetings_of(session)
    officers = queries.officers_by_meeting(meeting__session=session)
    items = queries.items_by_meeting(meeting__session=session)
    orders = {i.pk: i.order for rows in items.values() for i in rows}
    polls = list(queries.published_polls(meeting__session=session).select_related("meeting"))
    named: dict[int, list[NamedBallot]] = defaultdict(list)
    for b in NamedBallot.objects.filter(poll__in=[p for p in polls if not p.secret]):
        named[b.poll_id].append(b)
    elections = list(
        queries.published_elections(meeting__session=session).select_related("meeting")
    )
    polls_by_item: dict[int, list[Poll]] = defaultdict(list)
    for p in polls:
        polls_by_item[p.item_id].append(p)
    elections_by_item: dict[int, list[Election]] = defaultdict(list)
    for e in elections:
        elections_by_item[e.item_id].append(e)

    oversight = _oversight(session, {p.pk for p in polls}, {m.pk for m in meetings})
    referenced = {o.person_id for rows in officers.values() for o in rows}
    referenced |= oversight.pop("person_ids")
    referenced |= {i.presenter_id for rows in items.values() for i in rows if i.presenter_id}
    referenced |= {b.person_id for rows in named.values() for b in rows}
    referenced |= {t["person"] for e in elections for t in (e.result or {}).get("tallies", [])}
    people = Person.objects.filter(
        Q(pk__in=_memberships(orgs, session).values("person_id")) | Q(pk__in=referenced)
    ).order_by("pinyin", "id")

    posts = {e.office_id: e.office for e in elections}
    return {
        "meta": _meta(now),
        "legislative_session": _session_out(session),
        "persons": [_person_out(p) for p in people],
        "organizations": [_org_out(o) for o in orgs],
        "posts": [_post_out(o) for o in sorted(posts.values(), key=lambda o: o.pk)],
        "memberships": [_membership_out(m) for m in memberships],
        "events": [
            _event_out(
                m, session, officers[m.pk], items[m.pk], polls_by_item, elections_by_item, now
            )
            for m in meetings
        ],
        "vote_events": [_vote_event_out(p, orders, named.get(p.pk, [])) for p in polls],
        "elections": [_election_out(e, orders) for e in elections],
        **oversight,
    }
