"""Read helpers shared by the pages, the 纪要 PDF, the API and the chronicle (fixed query counts).

record_view() is everything a deliberation's record says, in order; ceremony_view() the same
for an oath ceremony; oath_candidates() who the session's published elections produced and
whether each swears at the session or later (rules.oath_at_session).
"""

from dataclasses import dataclass, field

from django.db.models import Prefetch

from lianghui.attendance.queries import quorum_for
from lianghui.attendance.rules import Quorum
from lianghui.deliberation import rules
from lianghui.deliberation.models import (
    Deliberation,
    OathCeremony,
    OathOffice,
    OathTaker,
    Opinion,
    Question,
    Speech,
)
from lianghui.elections.models import Election, ElectionState
from lianghui.people.models import Membership, Person, Role
from lianghui.sessions import roster
from lianghui.sessions.models import Meeting, PresidingOfficer, PresidingRole


@dataclass(frozen=True)
class Attending:
    """A leader or official at the group meeting; ``member``: takes part as a member of the
    group (a delegate of it), else attends without being one (列席)."""

    person: Person
    title: str
    member: bool


@dataclass
class RecordView:
    record: Deliberation
    meeting: Meeting
    attending: list[Attending]
    speeches: list[Speech]  # in order, each with .opinions prefetched (opinions.all())
    attendance: Quorum
    synthetic_pairing: bool  # some speaker–topic pairing is the demo's guess
    opinions: list[Opinion] = field(default_factory=list)
    questions: list[Question] = field(default_factory=list)  # 询问, in order

    @property
    def leader_ids(self) -> set[int]:
        return {a.person.pk for a in self.attending}

    @property
    def delegate_speeches(self) -> list[Speech]:
        """The speeches of the group's members (代表发言), in order."""
        return [s for s in self.speeches if s.speaker_id not in self.leader_ids]

    @property
    def leader_speeches(self) -> list[Speech]:
        """What the leaders attending said (e.g. 曹立强指出……), in order."""
        return [s for s in self.speeches if s.speaker_id in self.leader_ids]

    @property
    def any_synthetic(self) -> bool:
        return self.synthetic_pairing or any(o.synthetic for o in self.opinions)


def attending(meeting: Meeting) -> list[Attending]:
    officers = list(
        PresidingOfficer.objects.filter(meeting=meeting, role=PresidingRole.ATTENDING)
        .select_related("person")
        .order_by("order", "id")
    )
    members = set(
        roster.member_memberships(meeting)
        .filter(person_id__in=[o.person_id for o in officers])
        .values_list("person_id", flat=True)
    )
    return [Attending(o.person, o.title, o.person_id in members) for o in officers]


def record_view(record: Deliberation) -> RecordView:
    meeting = Meeting.objects.select_related("session__term__body", "group").get(
        pk=record.meeting_id
    )
    record = (
        Deliberation.objects.select_related("item", "convener", "recorder")
        .prefetch_related(
            Prefetch(
                "speeches",
                queryset=Speech.objects.select_related("speaker")
                .prefetch_related(
                    Prefetch("opinions", queryset=Opinion.objects.order_by("recorded_at", "id"))
                )
                .order_by("order"),
            )
        )
        .get(pk=record.pk)
    )
    speeches = list(record.speeches.all())
    return RecordView(
        record=record,
        meeting=meeting,
        attending=attending(meeting),
        speeches=speeches,
        attendance=quorum_for(meeting),
        synthetic_pairing=any(s.synthetic for s in speeches),
        opinions=[o for s in speeches for o in s.opinions.all()],
        questions=list(record.questions.select_related("asker").order_by("order")),
    )


def speaker_choices(meeting: Meeting) -> list[Person]:
    """Who may be entered as a speaker: the leaders attending, then the group's members by
    pinyin (the order of the delegation's roster)."""
    leaders = [a.person for a in attending(meeting)]
    members = Person.objects.filter(
        pk__in=roster.member_memberships(meeting).values("person_id")
    ).exclude(pk__in=[p.pk for p in leaders])
    return leaders + list(members.order_by("pinyin", "id"))


LEADER_ROLES = (Role.OFFICIAL, Role.HEAD, Role.DEPUTY_HEAD, Role.CHAIR, Role.VICE_CHAIR)


def leader_choices(meeting: Meeting) -> list[Person]:
    """Who may be entered as attending: holders of a leading post (区委、区政府、人大常委会…)
    in office on the meeting's day, not yet attending."""
    taken = {a.person.pk for a in attending(meeting)}
    posts = Membership.objects.active_on(meeting.local_day).filter(role__in=LEADER_ROLES)
    return list(
        Person.objects.filter(pk__in=posts.values("person_id"))
        .exclude(pk__in=taken)
        .order_by("pinyin", "id")
    )


# --- the oath -------------------------------------------------------------------------------


@dataclass
class CeremonyView:
    ceremony: OathCeremony
    takers: list[OathTaker]  # with .offices and .batch
    batches: list  # OathBatch, with .takers prefetched

    @property
    def unbatched(self) -> list[OathTaker]:
        return [t for t in self.takers if t.batch_id is None]

    @property
    def held(self) -> bool:
        return bool(self.batches) and all(b.taken_at for b in self.batches) and not self.unbatched


def ceremony_view(ceremony: OathCeremony) -> CeremonyView:
    ceremony = OathCeremony.objects.select_related("meeting__session__term__body", "item").get(
        pk=ceremony.pk
    )
    takers = list(
        OathTaker.objects.filter(ceremony=ceremony)
        .select_related("person", "batch")
        .prefetch_related(
            Prefetch(
                "offices",
                queryset=OathOffice.objects.select_related("election", "poll").order_by("id"),
            )
        )
        .order_by("order", "id")
    )
    by_batch: dict[int, list[OathTaker]] = {}
    for t in takers:
        if t.batch_id:
            by_batch.setdefault(t.batch_id, []).append(t)
    batches = list(ceremony.batches.select_related("leader").order_by("number"))
    for b in batches:
        b.taker_list = by_batch.get(b.pk, [])
    return CeremonyView(ceremony, takers, batches)


@dataclass(frozen=True)
class OathCandidate:
    person: Person
    election: Election
    verdict: rules.Verdict
    registered: bool  # already a taker at the meeting's ceremony for this election


def oath_candidates(meeting: Meeting) -> list[OathCandidate]:
    """Those elected at the meeting's session (published results), each with the oath rule's
    verdict: who swears at the session, and who later (the 检察长, SH 4(4)).

    Special-committee members confirmed by a vote are not listed: a Poll does not name whom
    it confirmed, so the secretariat adds them with the poll (actions.add_taker).
    """
    elections = list(
        Election.objects.filter(
            meeting__session_id=meeting.session_id, state=ElectionState.PUBLISHED
        )
        .select_related("office")
        .order_by("meeting__starts_at", "id")
    )
    ids = {pid for e in elections for pid in (e.result or {}).get("elected", [])}
    people = Person.objects.in_bulk(ids)
    registered = set(
        OathOffice.objects.filter(
            taker__ceremony__meeting=meeting, election__isnull=False
        ).values_list("taker__person_id", "election_id")
    )
    out = []
    for e in elections:
        for pid in (e.result or {}).get("elected", []):
            if pid not in people:
                continue
            appointment = rules.Appointment(
                source=rules.Source.ELECTED,
                office_title=e.office.title,
                needs_approval=e.office.needs_approval,
                office_kind=e.office.kind,
            )
            verdict = rules.oath_at_session(appointment)
            out.append(OathCandidate(people[pid], e, verdict, (pid, e.pk) in registered))
    return out
