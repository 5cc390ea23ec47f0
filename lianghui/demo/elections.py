"""The seed's elections (``facts.ELECTIONS``), replayed through the real election actions.

Each election of a meeting held before ``today`` goes the whole paper-ballot way with
``lianghui.elections.actions``, so its slate, its counting officers, its double entry, its
result sentences and its audit events are exactly what a live election leaves behind:
create, nominate (by the presidium), fix the slate, appoint the counting officers, open
(a ballot to each delegate checked in), close, record the ballots returned (signed by the
scrutineers), key them in batches of 50 twice, count, declare.

- The presidium decides as a body (``lianghui.presidium``): its members are the session's
  presidium (the named people the page puts on it). Before the plenary it meets
  (大会主席团第三次会议, invented, its hour too) and decides, by show of hands, each
  nomination and each candidates list; during the plenary, once a count is in, it meets
  again on the rostrum (第四次会议) and decides that the election is valid (EL 46). Every
  member is present and votes for: the page reports the elections as held and declared.
  The nominations, the lists and the declarations cite those decisions.

- Scrutineers (总监票人 and 监票人): one invented delegate of each delegation present at
  the meeting, never a candidate (the action refuses candidates and near relatives); the
  same people serve both elections of the meeting, as a plenary elects them once.
- Clerks (计票人): two invented secretariat staff. Keying is allowed only to the clerk's
  account, so each gets an inactive account with an unusable password
  (``demo-clerk-<person id>``) that only lets this loader key as them.
- Double entry: the two clerks key every batch with the same ballots, except one keying
  slip (a 反对 keyed for a 赞成) in one batch, which the chief scrutineer resolves
  (``resolve``) from the paper ballot, with the inactive voter account the vote replay
  gave every delegate present (made here if missing).

The ballots are invented (the page gives no counts) and deterministic: an overwhelming
yes, a few 反对 and 弃权 (one of them a place left blank), one or two ballots the
scrutineers found void, and in a several-seat election one valid write-in (另选他人) and
one over-vote (all candidates 赞成 plus a write-in: more people than seats, void, EL 44).
Paper ballots carry no voter, so a deterministic order gives nothing away.
"""

import random
from collections import defaultdict
from datetime import datetime, timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password

from lianghui.attendance import actions as attendance
from lianghui.attendance.models import Capacity, CheckIn, Method
from lianghui.demo import facts
from lianghui.demo.clock import replay
from lianghui.demo.schedule import item_starts, meeting_fact
from lianghui.demo.synthetic import PeopleFactory
from lianghui.demo.votes import VOTER_USERNAME
from lianghui.elections import actions
from lianghui.elections.models import Election, ElectionMode, Office, OfficerRole
from lianghui.people.models import Membership, Organisation, OrgKind, Person, Role
from lianghui.presidium import actions as presidium
from lianghui.sessions.models import Meeting, MeetingKind

# The presidium's meetings of the election day: the first before the plenary, the second on
# the rostrum while it sits (its hour is that of the first count).
PRESIDIUM_MEETINGS = ("大会主席团第三次会议", "大会主席团第四次会议")
BEFORE_PLENARY = timedelta(minutes=90)

BALLOTS_PER_BATCH = 50
CLERK_USERNAME = "demo-clerk-{}"
CLERK_WORK = "徐汇区人大常委会办公室 会务组工作人员"


def replay_elections(
    held: list[tuple[facts.MeetingFact, Meeting]],
    *,
    today,
    actor,
    seed: int,
    people: PeopleFactory,
) -> list[Election]:
    """Hold the seed's elections of the meetings held before ``today``; all end published.

    ``held``: (fact, meeting) for every demo meeting; ``actor``: the secretariat's user,
    entering the presidium's decisions; ``people``: invents the two clerks.
    """
    meetings = {mf.key: (mf, meeting) for mf, meeting in held}
    todo = [
        (ef, meetings[ef.meeting][1])
        for ef in facts.ELECTIONS
        if meetings[ef.meeting][0].day < today
    ]
    if not todo:
        return []
    rng = random.Random(seed)
    candidates = dict(
        Person.objects.filter(
            name__in={name for ef, _ in todo for name in ef.elected}, synthetic=False
        ).values_list("name", "pk")
    )
    body = todo[0][1].session.term.body
    clerks = _clerks(people, body)
    counting: dict[int, tuple[list[tuple[str, Person]], list[int]]] = {}
    slip = rng.randrange(len(todo))  # the election with the keying slip
    elections = []
    # Each step at its moment in the meeting (lianghui.demo.schedule), so the election's
    # times, its printed report and the open data are the seed's.
    plenary = todo[0][1]
    before = plenary.starts_at - BEFORE_PLENARY
    with replay(before) as move_to:
        # Before the plenary: the elections are set up, the presidium meets and decides the
        # nominations and the lists, and they are recorded citing its decisions.
        gathered = _presidium_meeting(plenary, PRESIDIUM_MEETINGS[0], before, actor)
        prepared = [
            _prepare(ef, meeting, [candidates[name] for name in ef.elected], gathered, actor)
            for ef, meeting in todo
        ]
        rostrum = _presidium_meeting(
            plenary,
            PRESIDIUM_MEETINGS[1],
            _starts(todo[0][0]) + timedelta(minutes=STEPS["count"]),
            actor,
        )
        for i, ((ef, meeting), election) in enumerate(zip(todo, prepared, strict=True)):
            if meeting.pk not in counting:
                counting[meeting.pk] = _scrutineers(meeting, rng, exclude=set(candidates.values()))
            scrutineers, others = counting[meeting.pk]
            election = _hold(
                ef,
                election,
                scrutineers,
                clerks,
                write_ins=others,
                slip=i == slip,
                rng=rng,
                actor=actor,
                move_to=move_to,
                rostrum=rostrum,
            )
            elections.append(election)
    return elections


def _presidium_meeting(plenary: Meeting, title: str, at: datetime, actor) -> Meeting:
    """A presidium meeting of the plenary's session, every member checked in at the desk
    (a check-in is dated by the clock: the members are seated when the meeting is held)."""
    meeting = Meeting.objects.create(
        session=plenary.session,
        kind=MeetingKind.PRESIDIUM,
        title=title,
        starts_at=at,
        venue=plenary.venue,
        checkin_open=True,
        synthetic_time=True,  # the page mentions no presidium meeting: invented, as its hour
    )
    return meeting


def _seat(meeting: Meeting, actor) -> None:
    for person in presidium.members(meeting.session):
        attendance.check_in(meeting, person, Method.DESK, actor)


def _prepare(ef, meeting, candidate_ids, gathered: Meeting, actor) -> Election:
    """Set the election up and record its nominations and list by the presidium's decisions
    (LOL 26, 27), taken at its meeting before the plenary."""
    if not CheckIn.objects.filter(meeting=gathered).exists():
        _seat(gathered, actor)
    office = Office.objects.create(body=meeting.session.term.body, title=ef.office, kind=ef.kind)
    election = actions.create_election(
        meeting,
        office,
        ef.seats,
        actor,
        by_election=ef.by_election,
        contested=ef.contested,
        mode=ElectionMode.PAPER,
        item=meeting.items.filter(title__contains=ef.office).first(),
    )
    nominees = Person.objects.in_bulk(candidate_ids)
    names = "、".join(ef.elected)
    what = f"{ef.office}补选候选人" if ef.by_election else f"{ef.office}候选人"
    nominated = presidium.decide_by_show_of_hands(
        gathered,
        "nomination",
        f"决定提名{names}为{what}",
        actor,
        matter={"election": election.pk, "persons": candidate_ids},
    )
    for pid in candidate_ids:
        actions.nominate(election, nominees[pid], actor, by_presidium=True, decision=nominated)
    listed = presidium.decide_by_show_of_hands(
        gathered,
        "candidates",
        f"决定{names}为{ef.office}{'补选' if ef.by_election else ''}正式候选人"
        f"{'（等额补选）' if ef.by_election else ''}，提请大会选举",
        actor,
        matter={"election": election.pk, "persons": candidate_ids},
    )
    actions.fix_candidates(election, candidate_ids, listed, actor)
    return election


def _starts(ef) -> datetime:
    return item_starts(meeting_fact(ef.meeting), ef.office)


# Minutes after the item starts: the presidium's list is announced and the counting staff
# named, ballots issued, the box closed, the returned count signed, each batch keyed twice,
# the count, the presidium's decision that the election is valid, and its declaration.
STEPS = {
    "open": 3,
    "close": 20,
    "returned": 22,
    "keyed": 24,
    "count": 30,
    "valid": 31,
    "declare": 33,
}


def _hold(ef, election, scrutineers, clerks, *, write_ins, slip, rng, actor, move_to, rostrum):
    at = _starts(ef)
    move_to(at)
    for role, person in scrutineers:
        actions.appoint_officer(election, person, role, actor)
    for person in clerks:
        actions.appoint_officer(election, person, OfficerRole.CLERK, actor, user=person.user)

    move_to(at + timedelta(minutes=STEPS["open"]))
    election = actions.open_election(election, actor)
    move_to(at + timedelta(minutes=STEPS["close"]))
    election = actions.close_voting(election, actor)
    # Every ballot comes back, or one delegate keeps theirs (plausible either way).
    returned = election.issued - (rng.random() < 0.3)
    signers = [p.pk for _, p in scrutineers]
    move_to(at + timedelta(minutes=STEPS["returned"]))
    election = actions.record_returned(election, returned, signers, actor)
    move_to(at + timedelta(minutes=STEPS["keyed"]))

    order = [c.person_id for c in election.candidates.order_by("order")]
    ballots = _ballots(rng, returned, order, ef.seats, write_ins)
    starts = range(0, returned, BALLOTS_PER_BATCH)
    slip_at = rng.randrange(len(starts)) if slip else None
    chief = scrutineers[0][1]
    for number, start in enumerate(starts):
        paper = ballots[start : start + BALLOTS_PER_BATCH]
        batch = actions.add_batch(election, len(paper), actor)
        first, second = (clerks[0], clerks[1]) if number % 2 == 0 else (clerks[1], clerks[0])
        keyed = {1: paper, 2: paper}
        if number == slip_at:
            entry = rng.choice((1, 2))
            keyed[entry] = _misread(rng, paper)
        actions.key_batch(batch, 1, keyed[1], first.user)
        if actions.key_batch(batch, 2, keyed[2], second.user):
            for index, _one, _two in actions.differences(batch):
                # The scrutineers take the ballot out of the bundle and read it.
                actions.resolve(batch, index, paper[index - 1], _account(chief))
    move_to(at + timedelta(minutes=STEPS["count"]))
    election = actions.count(election, actor)
    move_to(at + timedelta(minutes=STEPS["valid"]))
    if not CheckIn.objects.filter(meeting=rostrum).exists():
        _seat(rostrum, actor)
    valid = presidium.decide_by_show_of_hands(
        rostrum,
        "validity",
        f"决定{ef.office}{'补选' if ef.by_election else ''}的选举结果为有效",
        actor,
        matter={"election": election.pk, "valid": True},
    )
    move_to(at + timedelta(minutes=STEPS["declare"]))
    return actions.declare(election, actor, valid)


def _ballots(rng, returned, order, seats, write_ins) -> list[dict]:
    """The returned ballots as the clerks key them, in the order they come out of the box."""

    def marks(mark="yes"):
        return {str(pid): mark for pid in order}

    special = [{"void": True} for _ in range(rng.randint(1, 2))]
    if seats > 1 and write_ins:
        # A valid write-in: one candidate opposed, another delegate written in (3 chosen).
        valid = marks()
        valid[str(order[-1])] = "no"
        special.append({"marks": valid, "write_ins": [rng.choice(write_ins)]})
        # An over-vote: every candidate 赞成 and a write-in — more people than seats.
        special.append({"marks": marks(), "write_ins": [rng.choice(write_ins)]})
    regular = [{"marks": marks(), "write_ins": []} for _ in range(returned - len(special))]
    blank_left = True
    for pid in order:
        n = len(regular)
        no = round(n * rng.uniform(0.01, 0.03))
        abstain = round(n * rng.uniform(0.01, 0.03))
        picked = rng.sample(range(n), no + abstain)
        for j, k in enumerate(picked):
            if j < no:
                regular[k]["marks"][str(pid)] = "no"
            elif blank_left:
                del regular[k]["marks"][str(pid)]  # left blank: counts as 弃权
                blank_left = False
            else:
                regular[k]["marks"][str(pid)] = "abstain"
    ballots = regular + special
    rng.shuffle(ballots)
    return ballots


def _misread(rng, paper: list[dict]) -> list[dict]:
    """The same bundle keyed with one slip: a 赞成 keyed as 反对 (the keys 1 and 2 adjoin)."""
    k = rng.choice(
        [i for i, b in enumerate(paper) if not b.get("void") and "yes" in b["marks"].values()]
    )
    ballot = paper[k]
    pid = rng.choice([p for p, mark in ballot["marks"].items() if mark == "yes"])
    slipped = {**ballot, "marks": {**ballot["marks"], pid: "no"}}
    return [*paper[:k], slipped, *paper[k + 1 :]]


def _scrutineers(
    meeting: Meeting, rng: random.Random, *, exclude: set[int]
) -> tuple[list[tuple[str, Person]], list[int]]:
    """One invented delegate present from each delegation, the chief first; and the other
    invented delegates present (people a ballot may write in)."""
    body = meeting.session.term.body
    present = CheckIn.objects.filter(meeting=meeting, capacity=Capacity.VOTING).values("person_id")
    presidium = Membership.objects.filter(
        organisation__parent=body, organisation__kind=OrgKind.PRESIDIUM
    ).values("person_id")
    rows = (
        Membership.objects.filter(
            organisation__parent=body,
            organisation__kind=OrgKind.DELEGATION,
            role=Role.GROUP_MEMBER,
            person__synthetic=True,
            person_id__in=present,
        )
        .exclude(person_id__in=presidium)
        .exclude(person_id__in=exclude)
        .order_by("organisation__order", "organisation_id", "person_id")
        .values_list("organisation_id", "person_id")
    )
    by_delegation: dict[int, list[int]] = defaultdict(list)
    for delegation, person in rows:
        by_delegation[delegation].append(person)
    picked = [rng.choice(ids) for ids in by_delegation.values()]
    picked.insert(0, picked.pop(rng.randrange(len(picked))))  # the chief scrutineer
    found = Person.objects.select_related("user").in_bulk(picked)
    roles = [OfficerRole.CHIEF] + [OfficerRole.SCRUTINEER] * (len(picked) - 1)
    chosen = set(picked)
    others = [pid for ids in by_delegation.values() for pid in ids if pid not in chosen]
    return [(role, found[pid]) for role, pid in zip(roles, picked, strict=True)], others


def _clerks(people: PeopleFactory, body: Organisation) -> list[Person]:
    """Two invented secretariat staff, each with an inactive keying account."""
    secretariat = Organisation.objects.get(parent=body, kind=OrgKind.SECRETARIAT)
    user_model = get_user_model()
    password = make_password(None)  # unusable; made once
    clerks = []
    for _ in range(2):
        fake = people.person(female_share=0.6)
        person = Person.objects.create(
            name=fake.name,
            gender=fake.gender,
            ethnicity=fake.ethnicity,
            birth_date=fake.birth_date,
            work=CLERK_WORK,
            synthetic=True,
        )
        person.user = user_model.objects.create(
            username=CLERK_USERNAME.format(person.pk), password=password, is_active=False
        )
        person.save(update_fields=["user"])
        Membership.objects.create(
            person=person,
            organisation=secretariat,
            role=Role.STAFF,
            title="会务组工作人员",
            start=facts.CONGRESS_TERM_START,
            synthetic=True,
        )
        clerks.append(person)
    return clerks


def _account(person: Person):
    """The person's user account; an inactive, unusable one as the vote replay makes."""
    if person.user_id is None:
        person.user = get_user_model().objects.create(
            username=VOTER_USERNAME.format(person.pk),
            password=make_password(None),
            is_active=False,
        )
        person.save(update_fields=["user"])
    return person.user
