"""The seed's votes (``facts.VOTES``), replayed through the real vote actions.

Each vote of a meeting held before ``today`` is created on its agenda item, opened, voted
and closed with ``lianghui.votes.actions``, so its roll (出席 / 有表决权), its result
sentence, its secret-ballot storage and its audit events are exactly what a live vote
leaves behind. One vote is open at a time, as in the hall.

- Show of hands: the secretariat enters counts (``enter_counts``).
- Electronic (secret, so encrypted): before the meeting's first one, three delegates
  present, acting as the scrutineers, make the meeting's tally key in a key ceremony, their
  devices played here (``lianghui.scrutiny.testing``). Every delegate checked in with a vote
  then presses a key: a ballot encrypted with its proofs as the phone makes it
  (``votes.encrypted.make_ballot``), sent through ``cast``. At the close two of the three
  devices post their partial decryptions of the totals, so each vote's public record
  (``/api/votes/{id}/record``) verifies with ``lianghui verify``. Casting is allowed only
  to the voter's own signed-in account, so delegates without one get an inactive account
  with an unusable password (``demo-voter-<person id>``) that only lets this loader act
  as them; nobody can sign in with it.

The counts are invented (the page gives none) and deterministic: overwhelming majorities,
so every vote passes as it did. Which voter cast which of those choices, the device tokens
and the ballots' randomness are drawn from the system's randomness: a secret ballot stays
secret even in the demo. The trustees' devices live only in this process's memory
(``DEVICES``: tests use them to play the scrutineers' devices online in the hall when a
vote they open at a demo meeting closes); nothing of them is written anywhere.
"""

import random
import secrets
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password

from lianghui.attendance.models import Capacity, CheckIn
from lianghui.demo import facts
from lianghui.demo.clock import replay
from lianghui.demo.schedule import item_starts
from lianghui.people.models import Person
from lianghui.scrutiny.testing import Scrutineers, key_ceremony
from lianghui.sessions.models import AgendaItem, Meeting
from lianghui.votes import actions, encrypted
from lianghui.votes.models import Mode, Poll
from lianghui.votes.testing import decrypt

BATCH = 2000
VOTER_USERNAME = "demo-voter-{}"
TRUSTEES = 3  # the meeting's scrutineers who hold the tally key; any 2 decrypt
DEVICES: dict[int, Scrutineers] = {}  # meeting id -> its trustees' devices, this process only


def replay_votes(
    held: list[tuple[facts.MeetingFact, Meeting]], *, today, actor, seed: int
) -> list[Poll]:
    """Create, open, vote and publish the seed's votes of the meetings held before ``today``.

    ``held``: (fact, meeting) for every demo meeting; ``actor``: the secretariat's user.
    """
    meetings = {mf.key: (mf, meeting) for mf, meeting in held}
    # In the order they happened (the CPPCC closed on the morning of the congress's last day).
    todo = [
        (vf, meetings[vf.meeting][1])
        for vf in sorted(facts.VOTES, key=lambda vf: meetings[vf.meeting][0].starts_at)
        if meetings[vf.meeting][0].day < today
    ]
    if not todo:
        return []
    rng = random.Random(seed)
    shuffle = secrets.SystemRandom().shuffle
    items = {
        (item.meeting_id, item.title): item.pk
        for item in AgendaItem.objects.filter(meeting__in=[m for _, m in todo])
    }
    electronic = {m.pk for vf, m in todo if vf.mode == Mode.ELECTRONIC}
    accounts = _voter_accounts(electronic)
    keys: dict[int, Scrutineers] = {}
    polls = []
    first = item_starts(meetings[todo[0][0].meeting][0], todo[0][0].item)
    # Each step at its moment in the meeting (lianghui.demo.schedule): the poll's created,
    # opened, closed and published times, its receipts' and its audit events' are the seed's.
    with replay(first) as move_to:
        for vf, meeting in todo:
            at = item_starts(meetings[vf.meeting][0], vf.item)
            move_to(at)
            if vf.mode == Mode.ELECTRONIC and meeting.pk not in keys:
                keys[meeting.pk] = DEVICES[meeting.pk] = _key_ceremony(
                    meeting, accounts, rng, actor
                )
            settings = actions.PollSettings(
                question=vf.question,
                decides=vf.decides,
                item_id=items[(meeting.pk, vf.item)],
                mode=vf.mode,
                secret=vf.mode == Mode.ELECTRONIC,
            )
            poll = actions.create_poll(meeting, settings, actor)
            move_to(at + timedelta(minutes=1))
            poll, _warnings = actions.open_poll(poll, actor)
            move_to(at + timedelta(minutes=2))
            if vf.mode == Mode.ELECTRONIC:
                voters = list(
                    CheckIn.objects.filter(
                        meeting=meeting, capacity=Capacity.VOTING, at__lte=poll.opened_at
                    ).values_list("person_id", flat=True)
                )
                choices = _choices(rng, len(voters))
                shuffle(choices)
                for person_id, choice in zip(voters, choices, strict=True):
                    person = accounts[person_id]
                    ballot = encrypted.make_ballot(poll, person_id, choice)
                    token = secrets.token_urlsafe(16)
                    actions.cast(poll.pk, person, choice, token, person.user, ballot=ballot)
                move_to(at + timedelta(minutes=3))
                poll = actions.close_poll(poll, actor)
                # The scrutineers' devices in the hall answer at once: the result is read.
                poll = decrypt(poll, keys[meeting.pk])
            else:
                yes, no, abstain = _hands(rng, poll.entitled)
                move_to(at + timedelta(minutes=3))
                poll = actions.enter_counts(poll, yes, no, abstain, actor)
            polls.append(poll)
    return polls


def _key_ceremony(meeting: Meeting, accounts: dict[int, Person], rng, actor) -> Scrutineers:
    """Three invented delegates present make the meeting's tally key on their devices."""
    present = sorted(
        person_id
        for person_id in CheckIn.objects.filter(
            meeting=meeting, capacity=Capacity.VOTING
        ).values_list("person_id", flat=True)
        if accounts[person_id].synthetic
    )
    trustees = [accounts[person_id] for person_id in rng.sample(present, TRUSTEES)]
    return key_ceremony(meeting, trustees, actor)


def _voter_accounts(meeting_ids: set[int]) -> dict[int, Person]:
    """Every voting attendee of these meetings, with a user account to cast as (person id ->)."""
    if not meeting_ids:
        return {}
    people = list(
        Person.objects.filter(
            pk__in=CheckIn.objects.filter(
                meeting_id__in=meeting_ids, capacity=Capacity.VOTING
            ).values("person_id")
        ).select_related("user")
    )
    missing = [p for p in people if p.user_id is None]
    if missing:
        user_model = get_user_model()
        password = make_password(None)  # unusable; made once, not hashed per account
        users = user_model.objects.bulk_create(
            [
                user_model(username=VOTER_USERNAME.format(p.pk), password=password, is_active=False)
                for p in missing
            ],
            batch_size=BATCH,
        )
        for person, user in zip(missing, users, strict=True):
            person.user = user  # also caches user.person, which cast() checks
        Person.objects.bulk_update(missing, ["user"], batch_size=BATCH)
    return {p.pk: p for p in people}


def _choices(rng: random.Random, voters: int) -> list[str]:
    """An overwhelming majority: about 96-99.7% yes, a few no and abstain."""
    no = round(voters * rng.uniform(0.0, 0.015))
    abstain = round(voters * rng.uniform(0.003, 0.025))
    return ["no"] * no + ["abstain"] * abstain + ["yes"] * (voters - no - abstain)


def _hands(rng: random.Random, entitled: int) -> tuple[int, int, int]:
    """A show of hands: everyone present raises a hand; next to nobody against."""
    no = min(rng.choice((0, 0, 0, 1)), entitled)
    abstain = min(rng.randint(0, 2), entitled - no)
    return entitled - no - abstain, no, abstain
