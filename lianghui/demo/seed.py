"""load_demo(): the seed's two sessions, their people and attendance, in one transaction.

Named people, meetings and agenda items come from ``facts``; the rest of the delegates and
members are invented by ``synthetic`` and bulk-inserted (3,000 delegates load in seconds).
Meetings held before ``today`` get their check-ins and leaves; a meeting on ``today`` is
left with its check-in desk open and nobody checked in yet; later meetings are untouched.
The votes of the meetings held are then replayed by ``lianghui.demo.votes``, and their
elections by ``lianghui.demo.elections``.
"""

import random
from collections import defaultdict
from datetime import date, datetime, timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from lianghui.attendance.models import Capacity, CheckIn, Leave, Method
from lianghui.audit.log import record
from lianghui.demo import ACCOUNTS, DEMO_PASSWORD, DemoAccounts, facts
from lianghui.demo.deliberation import replay_deliberations, replay_oath
from lianghui.demo.elections import replay_elections
from lianghui.demo.halls import load_halls
from lianghui.demo.proposals import replay_proposals
from lianghui.demo.synthetic import LEAVE_REASONS, PeopleFactory
from lianghui.demo.votes import replay_votes
from lianghui.people.access import secretariat_group
from lianghui.people.models import Membership, Organisation, OrgKind, Person, Role
from lianghui.people.names import pinyin_key, stroke_key
from lianghui.sessions.models import (
    AgendaItem,
    Meeting,
    MeetingKind,
    PresidingOfficer,
    Session,
    Term,
)

__all__ = ["ACCOUNTS", "DEMO_PASSWORD", "DemoAccounts", "demo_loaded", "load_demo"]

SEED = 20240110
SOURCE = "000_b3311576530b504d"
BATCH = 2000


def demo_loaded() -> bool:
    return Organisation.objects.filter(
        kind=OrgKind.CONGRESS, name=facts.CONGRESS_NAME, parent__isnull=True
    ).exists()


def load_demo(
    delegates: int = 300,
    cppcc_members: int = 300,
    *,
    today=None,
    votes: bool = True,
    proposals: bool = False,
) -> DemoAccounts:
    """Load the demo unless it is there already; return the three sign-in accounts.

    ``votes``: replay the seed's votes through the vote actions (``lianghui.demo.votes``)
    and its paper-ballot elections through the election actions (``lianghui.demo.elections``).
    Every delegate present presses a key in each electronic vote, which costs about a
    millisecond or two per key press, and every ballot returned is keyed twice; pass
    ``votes=False`` where only the people and the attendance are wanted (e.g. a benchmark
    with thousands of delegates). ``proposals``: a year of synthetic motions, suggestions,
    proposals and opinion reports with their handling (``lianghui.demo.proposals``; a few
    seconds) — on for ``lianghui demo``, off by default for tests.
    """
    if delegates < len(facts.NAMED_DELEGATES):
        raise ValueError(f"delegates must be at least {len(facts.NAMED_DELEGATES)}")
    if cppcc_members < len(facts.NAMED_CPPCC_MEMBERS):
        raise ValueError(f"cppcc_members must be at least {len(facts.NAMED_CPPCC_MEMBERS)}")
    with transaction.atomic():
        if not demo_loaded():
            _Loader(
                delegates, cppcc_members, _as_date(today), votes=votes, proposals=proposals
            ).run()
    return DemoAccounts(ACCOUNTS.secretariat, ACCOUNTS.delegate, ACCOUNTS.cppcc_member)


def _as_date(today) -> date:
    if today is None:
        return timezone.localdate()
    if isinstance(today, datetime):
        return timezone.localtime(today).date() if timezone.is_aware(today) else today.date()
    return today


def _new_person(name: str, *, synthetic: bool, **fields) -> Person:
    # bulk_create skips Person.save(), which computes the sort keys: set them here.
    return Person(
        name=name, pinyin=pinyin_key(name), strokes=stroke_key(name), synthetic=synthetic, **fields
    )


def _body_of(org_key: str) -> str | None:
    """Which body's term an organisation's posts start with (None: not tied to a term)."""
    if org_key == "cppcc" or org_key.startswith("sector:"):
        return "cppcc"
    if org_key in ("congress", "standing", "presidium", "urban_committee", "secretariat"):
        return "congress"
    if org_key.startswith("delegation:"):
        return "congress"
    return None


_TERM_STARTS = {"congress": facts.CONGRESS_TERM_START, "cppcc": facts.CPPCC_TERM_START}


class _Loader:
    def __init__(
        self,
        delegates: int,
        cppcc_members: int,
        today: date,
        *,
        votes: bool = True,
        proposals: bool = False,
    ):
        self.delegates = delegates
        self.votes = votes
        self.proposals = proposals
        self.cppcc_members = cppcc_members
        self.today = today
        self.rng = random.Random(SEED)
        self.factory = PeopleFactory(SEED + 1, taken=(p.name for p in facts.NAMED_PEOPLE))
        self.orgs: dict[str, Organisation] = {}
        self.named: dict[str, Person] = {}
        self.memberships: list[Membership] = []
        self.delegate_ids: list[int] = []
        self.cppcc_member_ids: list[int] = []
        self.by_group: dict[str, list[int]] = defaultdict(list)  # org key -> person ids
        self.users = {}

    # ---------------------------------------------------------------- run
    def run(self) -> None:
        self._organisations()
        self._named_people()
        staff = self._staff_person()
        self._synthetic_delegates()
        weiyuan = self._synthetic_cppcc_members()
        Membership.objects.bulk_create(self.memberships, batch_size=BATCH)
        self._accounts(staff, self.named["万小岚"], weiyuan)
        meetings = self._sessions()
        checked_in = self._attendance(meetings)
        polls, elections = [], []
        actor = self.users[ACCOUNTS.secretariat]
        load_halls(actor, meetings)
        if self.votes:
            polls = replay_votes(meetings, today=self.today, actor=actor, seed=SEED + 2)
            elections = replay_elections(
                meetings, today=self.today, actor=actor, seed=SEED + 3, people=self.factory
            )
        # Group deliberations need no votes; the oath links to the elections if they exist.
        replay_deliberations(meetings, today=self.today, actor=actor)
        if self.votes:
            replay_oath(meetings, today=self.today, actor=actor)
        if self.proposals:
            replay_proposals(today=self.today, actor=actor, seed=SEED + 5)
        record(
            "demo.loaded",
            self.orgs["congress"],
            data={
                "source": SOURCE,
                "delegates": len(self.delegate_ids),
                "cppcc_members": len(self.cppcc_member_ids),
                "meetings": len(meetings),
                "checkins": checked_in,
                "polls": len(polls),
                "elections": len(elections),
                "synthetic": True,
            },
        )

    # ---------------------------------------------------------------- people
    def _organisations(self) -> None:
        for org in facts.ORGS:
            self.orgs[org.key] = Organisation.objects.create(
                kind=org.kind,
                name=org.name,
                short_name=org.short_name,
                parent=self.orgs[org.parent] if org.parent else None,
                order=org.order,
                synthetic=org.synthetic,
            )

    def _membership(self, person_id: int, org_key: str, role: str, **fields) -> None:
        self.memberships.append(
            Membership(person_id=person_id, organisation=self.orgs[org_key], role=role, **fields)
        )
        if role == Role.DELEGATE and org_key == "congress":
            self.delegate_ids.append(person_id)
        elif role == Role.MEMBER and org_key == "cppcc":
            self.cppcc_member_ids.append(person_id)
        elif role == Role.GROUP_MEMBER and org_key.startswith(("delegation:", "sector:")):
            self.by_group[org_key].append(person_id)

    def _named_people(self) -> None:
        people = Person.objects.bulk_create(
            [
                _new_person(p.name, synthetic=False, gender=p.gender, work=p.work)
                for p in facts.NAMED_PEOPLE
            ]
        )
        for fact, person in zip(facts.NAMED_PEOPLE, people, strict=True):
            self.named[fact.name] = person
            for post in fact.posts:
                start = post.start
                if start == facts.TERM_START:
                    body = _body_of(post.org)
                    start = _TERM_STARTS[body] if body else None
                self._membership(
                    person.pk,
                    post.org,
                    post.role,
                    title=post.title,
                    start=start,
                    end=post.end,
                    synthetic=post.synthetic,
                )

    def _staff_person(self) -> Person:
        fake = self.factory.person(female_share=0.7)
        person = _new_person(
            fake.name,
            synthetic=True,
            gender=fake.gender,
            ethnicity=fake.ethnicity,
            birth_date=fake.birth_date,
            work="徐汇区人大常委会办公室 会务组工作人员",
        )
        person.save()
        self._membership(
            person.pk,
            "secretariat",
            Role.STAFF,
            title="会务组工作人员",
            start=facts.CONGRESS_TERM_START,
            synthetic=True,
        )
        return person

    def _fake_people(self, places: list[str], female_share: float) -> list[Person]:
        rows = []
        for place in places:
            fake = self.factory.person(female_share=female_share, place=place)
            rows.append(
                _new_person(
                    fake.name,
                    synthetic=True,
                    gender=fake.gender,
                    ethnicity=fake.ethnicity,
                    birth_date=fake.birth_date,
                    work=fake.work,
                )
            )
        return Person.objects.bulk_create(rows, batch_size=BATCH)

    def _synthetic_delegates(self) -> None:
        count = self.delegates - len(facts.NAMED_DELEGATES)
        # Fill the smallest delegation first, so the 13 end up about the same size.
        sizes = {p: len(self.by_group[facts.delegation_key(p)]) for p in facts.DELEGATION_PLACES}
        places = []
        for _ in range(count):
            place = min(facts.DELEGATION_PLACES, key=lambda p: sizes[p])
            sizes[place] += 1
            places.append(place)
        people = self._fake_people(places, female_share=0.35)
        start = facts.CONGRESS_TERM_START
        seen: dict[str, int] = defaultdict(int)
        others = []
        for place, person in zip(places, people, strict=True):
            key = facts.delegation_key(place)
            self._membership(person.pk, "congress", Role.DELEGATE, start=start, synthetic=True)
            self._membership(person.pk, key, Role.GROUP_MEMBER, start=start, synthetic=True)
            seen[place] += 1
            if seen[place] <= 2:
                role = Role.CONVENER if seen[place] == 1 else Role.DEPUTY_CONVENER
                self._membership(
                    person.pk, key, role, title=role.label, start=start, synthetic=True
                )
            else:
                others.append(person)
        if others:
            # The session's secretary-general (秘书长): elected, name not on the page.
            secretary = self.rng.choice(others)
            self._membership(
                secretary.pk,
                "presidium",
                Role.SECRETARY_GENERAL,
                title="大会秘书长",
                start=facts.SESSION_DAYS[0],
                end=facts.SESSION_DAYS[1],
                synthetic=True,
            )

    def _synthetic_cppcc_members(self) -> Person:
        count = self.cppcc_members - len(facts.NAMED_CPPCC_MEMBERS)
        sectors = [facts.SECTORS[i % len(facts.SECTORS)] for i in range(count)]
        people = self._fake_people([""] * count, female_share=0.4)
        start = facts.CPPCC_TERM_START
        for sector, person in zip(sectors, people, strict=True):
            self._membership(person.pk, "cppcc", Role.MEMBER, start=start, synthetic=True)
            self._membership(
                person.pk,
                facts.sector_key(sector),
                Role.GROUP_MEMBER,
                start=start,
                synthetic=True,
            )
        if people:
            return people[0]
        # No room for an invented member: sign the CPPCC account in as a named one.
        return self.named[facts.NAMED_CPPCC_MEMBERS[-1]]

    def _accounts(self, staff: Person, delegate: Person, member: Person) -> None:
        user_model = get_user_model()
        password = make_password(DEMO_PASSWORD)  # hashed once, shared by the three accounts
        for username, person, is_staff in (
            (ACCOUNTS.secretariat, staff, True),
            (ACCOUNTS.delegate, delegate, False),
            (ACCOUNTS.cppcc_member, member, False),
        ):
            user = user_model.objects.filter(username=username).first()
            if user is None:
                user = user_model(username=username)
            user.password = password
            user.is_active = True
            user.is_staff = user.is_staff or is_staff
            user.save()
            if not Person.objects.filter(user=user).exists():
                person.user = user
                person.save(update_fields=["user"])
            self.users[username] = user
        self.users[ACCOUNTS.secretariat].groups.add(secretariat_group())

    # ---------------------------------------------------------------- sessions
    def _sessions(self) -> list[tuple[facts.MeetingFact, Meeting]]:
        held = []
        for fact in facts.SESSIONS:
            term = Term.objects.create(
                body=self.orgs[fact.body], number=fact.term, start=fact.term_start
            )
            session = Session.objects.create(
                term=term,
                number=fact.number,
                title=fact.title,
                short_title=fact.short_title,
                start_date=fact.start_date,
                end_date=fact.end_date,
                venue=fact.venue,
            )
            items, officers = [], []
            for mf in fact.meetings:
                meeting = Meeting.objects.create(
                    session=session,
                    kind=mf.kind,
                    title=mf.title,
                    starts_at=mf.starts_at,
                    venue=mf.venue,
                    group=self.orgs[facts.delegation_key(mf.group)] if mf.group else None,
                    checkin_open=mf.day == self.today,
                    self_checkin=mf.kind in (MeetingKind.PLENARY, MeetingKind.PREPARATORY),
                    synthetic_time=mf.synthetic_time,
                )
                held.append((mf, meeting))
                items += [
                    AgendaItem(
                        meeting=meeting,
                        order=i,
                        kind=item.kind,
                        title=item.title,
                        presenter=self.named[item.presenter] if item.presenter else None,
                        presenter_title=item.presenter_title,
                        notes=item.notes,
                    )
                    for i, item in enumerate(mf.items, start=1)
                ]
                officers += [
                    PresidingOfficer(
                        meeting=meeting,
                        person=self.named[o.name],
                        role=o.role,
                        title=o.title,
                        order=i,
                    )
                    for i, o in enumerate(mf.officers, start=1)
                ]
            AgendaItem.objects.bulk_create(items)
            PresidingOfficer.objects.bulk_create(officers)
        return held

    # ---------------------------------------------------------------- attendance
    def _body_roster(self, body: str) -> list[int]:
        return self.delegate_ids if body == "congress" else self.cppcc_member_ids

    def _roster(self, mf: facts.MeetingFact, body: str) -> list[int]:
        if mf.group:
            return self.by_group[facts.delegation_key(mf.group)]
        return self._body_roster(body)

    def _absences(self, mf, others: list[int]) -> tuple[list[int], list[int]]:
        """Who of the invented members is absent, and which of them asked for leave: up to two
        at a group meeting, 2–6% at a plenary, six in ten of them on leave."""
        rng = self.rng
        if mf.group:
            absent_n = min(rng.randint(0, 2), len(others))
            leave_n = absent_n
        else:
            absent_n = round(len(others) * rng.uniform(0.02, 0.06))
            leave_n = round(absent_n * 0.6)
        absent = rng.sample(others, absent_n)
        return absent, absent[:leave_n]

    def _guest_checkins(self, mf, meeting, members: set[int], staff_user) -> list[CheckIn]:
        """Guests and observing bodies, checked in at the desk without a vote."""
        guests = [self.named[name].pk for name in mf.guests]
        for body in mf.observers:
            guests += self._body_roster(body)
        return [
            CheckIn(
                meeting=meeting,
                person_id=pid,
                capacity=Capacity.NONVOTING,
                method=Method.DESK,
                at=meeting.starts_at - timedelta(seconds=self.rng.randint(300, 30 * 60)),
                recorded_by=staff_user,
            )
            for pid in dict.fromkeys(guests)
            if pid not in members
        ]

    def _attendance(self, held) -> int:
        """Check-ins and leaves for the meetings held before ``today``; one event each."""
        rng = self.rng
        staff_user = self.users[ACCOUNTS.secretariat]
        named_ids = {p.pk for p in self.named.values()}
        body_of_meeting = {}
        for fact in facts.SESSIONS:
            for mf in fact.meetings:
                body_of_meeting[mf.key] = fact.body
        total = 0
        for mf, meeting in held:
            if mf.day >= self.today:
                continue
            roster = self._roster(mf, body_of_meeting[mf.key])
            members = set(roster)
            # Everyone the page names was there; absences fall on invented members only.
            others = [pid for pid in roster if pid not in named_ids]
            absent, on_leave = self._absences(mf, others)
            absent_set = set(absent)
            starts = meeting.starts_at
            checkins = []
            for pid in roster:
                if pid in absent_set:
                    continue
                if mf.group:
                    method = rng.choice((Method.DESK, Method.QR))
                else:
                    method = rng.choices((Method.SELF, Method.QR, Method.DESK), (55, 35, 10))[0]
                checkins.append(
                    CheckIn(
                        meeting=meeting,
                        person_id=pid,
                        capacity=Capacity.VOTING,
                        method=method,
                        at=starts - timedelta(seconds=rng.randint(90, 45 * 60)),
                        recorded_by=None if method == Method.SELF else staff_user,
                    )
                )
            checkins += self._guest_checkins(mf, meeting, members, staff_user)
            leaves = [
                Leave(
                    meeting=meeting,
                    person_id=pid,
                    reason=rng.choice(LEAVE_REASONS),
                    recorded_by=staff_user,
                    at=starts - timedelta(hours=rng.randint(2, 30)),
                )
                for pid in on_leave
            ]
            CheckIn.objects.bulk_create(checkins, batch_size=BATCH)
            Leave.objects.bulk_create(leaves, batch_size=BATCH)
            voting = sum(1 for c in checkins if c.capacity == Capacity.VOTING)
            record(
                "attendance.demo_checked_in",
                meeting,
                data={
                    "count": len(checkins),
                    "voting": voting,
                    "nonvoting": len(checkins) - voting,
                    "leaves": len(leaves),
                    "synthetic": True,
                },
            )
            total += len(checkins)
        return total
