"""The demo replays the seed's votes through the vote actions, with invented counts.

What was voted, where, is written out here from the page (徐汇报, January 2024; docs/seed.md), not read from
lianghui.demo.facts. The page gives no counts: every vote must pass, with plausible
majorities, and leave exactly what a live vote leaves (roll, ballots, audit events).
"""

import re
from collections import Counter
from datetime import date

import pytest
from django.contrib.auth import get_user_model

from lianghui.attendance.models import Capacity, CheckIn
from lianghui.audit.log import verify_chain
from lianghui.audit.models import Event
from lianghui.ballots import record as R
from lianghui.demo import load_demo
from lianghui.people.models import Person
from lianghui.sessions.models import MeetingKind
from lianghui.votes.models import EncryptedBallot, NamedBallot, Poll, SecretBallot, Voter
from tests.demo_copy import load_demo_once

pytestmark = pytest.mark.django_db

CONGRESS = "徐汇区第十七届人民代表大会第五次会议"
CPPCC = "政协徐汇区第十五届委员会第四次会议"
RESOLUTIONS = (
    "关于政府工作报告的决议",
    "关于区人大常委会工作报告的决议",
    "关于区人民法院工作报告的决议",
    "关于区人民检察院工作报告的决议",
)

# (session, meeting, agenda item, mode) in the order they happened.
SEED_VOTES = [
    (CONGRESS, "预备会议", "选举大会主席团和秘书长", "hands"),
    (CONGRESS, "预备会议", "通过会议议程", "hands"),
    (CONGRESS, "第一次全体会议", "通过大会补选和通过人选办法", "electronic"),
    (CPPCC, "闭幕大会", "通过区政协十五届四次会议决议", "hands"),
    (CONGRESS, "第三次全体会议", "表决通过徐颖为城市建设环境保护委员会主任委员", "electronic"),
    (CONGRESS, "第三次全体会议", "表决通过各项决议", "electronic"),
]
SENTENCE = re.compile(r"^赞成 (\d+) 票，超过全体(代表|委员) 300 人的半数，通过。$")


# The presidium's decisions are polls of its own meetings; the seed's votes are the rest.
PRESIDIUM_KINDS = (MeetingKind.PRESIDIUM, MeetingKind.CHAIRS)


def polls():
    return list(
        Poll.objects.exclude(meeting__kind__in=PRESIDIUM_KINDS)
        .select_related("meeting__session", "item", "body")
        .order_by("opened_at", "pk")
    )


def voting_attendees(poll):
    return set(
        CheckIn.objects.filter(
            meeting=poll.meeting, capacity=Capacity.VOTING, at__lte=poll.opened_at
        ).values_list("person_id", flat=True)
    )


def test_seed_votes_replayed_and_passed():
    load_demo_once()
    got = polls()
    assert [(p.meeting.session.title, p.meeting.title, p.item.title, p.mode) for p in got] == (
        SEED_VOTES
    )
    for p in got:
        assert (p.state, p.passed) == ("published", True), p.question
        assert p.opened_at <= p.closed_at and p.published_at == p.closed_at
        assert p.item.meeting_id == p.meeting_id and p.item.kind in ("vote", "election")
        assert (p.base, p.fraction_numerator, p.fraction_denominator, p.strict) == (
            "all",
            1,
            2,
            True,
        )
        # The roll frozen at opening, and counts that fit it.
        assert p.members_total == 300
        assert 0.9 * 300 <= p.entitled == p.present < 300
        assert p.yes + p.no + p.abstain <= p.entitled
        assert p.yes >= 0.95 * p.entitled  # an overwhelming majority, as such votes go
        match = SENTENCE.fullmatch(p.sentence)
        assert match, p.sentence
        assert int(match[1]) == p.yes
        assert match[2] == ("委员" if p.meeting.session.title == CPPCC else "代表")
    cppcc = got[3]
    assert cppcc.body.kind == "cppcc" and "全体委员" in cppcc.sentence
    assert all(p.body.kind == "congress" for p in got if p is not cppcc)
    assert got[0].sentence.startswith("赞成 ") and "全体代表 300 人的半数" in got[0].sentence
    # 各项决议: one poll on them all; which resolutions they were is marked as invented.
    resolutions = got[5]
    assert all(title in resolutions.decides for title in RESOLUTIONS)
    assert "演示数据" in resolutions.decides
    for p in got:
        if p.mode == "hands":
            check_show_of_hands(p)
        else:
            check_electronic(p)
    # Plausible, not unanimous: a few against or abstaining in each electronic vote.
    assert all(p.no + p.abstain > 0 for p in got if p.mode == "electronic")


def check_show_of_hands(p):
    """The secretariat entered the count: no voters, no ballots, one counted event."""
    assert not p.secret
    assert p.yes + p.no + p.abstain == p.entitled  # everyone present raised a hand
    assert not Voter.objects.filter(poll=p).exists()
    assert not SecretBallot.objects.filter(poll=p).exists()
    assert Event.objects.filter(subject=f"votes.poll:{p.pk}", kind="votes.counted").count() == 1


def check_electronic(p):
    """Every delegate present pressed a key, through cast(), with an encrypted ballot; the
    trustees' devices decrypted the totals; the public record verifies."""
    from django.test import Client

    assert p.secret and p.encrypted
    voters = set(Voter.objects.filter(poll=p).values_list("person_id", flat=True))
    assert voters == voting_attendees(p) and len(voters) == p.entitled
    ballots = EncryptedBallot.objects.filter(poll=p)
    assert ballots.count() == p.entitled == p.yes + p.no + p.abstain
    assert ballots.values("tracker").distinct().count() == p.entitled
    assert not SecretBallot.objects.filter(poll=p).exists()
    assert not NamedBallot.objects.filter(poll=p).exists()
    # What `lianghui verify RECORD.json` runs: every proof, the sum, the decryption.
    record = Client().get(f"/api/votes/{p.pk}/record").json()
    verdict = R.verify(record)
    assert verdict.ok, verdict.message
    assert verdict.ballots == p.entitled and verdict.counts == [[p.yes, p.no, p.abstain]]
    events = Counter(
        Event.objects.filter(subject=f"votes.poll:{p.pk}").values_list("kind", flat=True)
    )
    assert events == {
        "votes.created": 1,
        "votes.opened": 1,
        "votes.cast": p.entitled,
        "votes.closed": 1,
        "votes.decrypted": 1,
        "votes.published": 1,
    }


def test_voter_accounts_audit_chain_and_a_second_load():
    accounts = load_demo_once()
    user_model = get_user_model()
    made = user_model.objects.filter(username__startswith="demo-voter-")
    assert made.count() >= 280  # the delegates present, less the one with the demo account
    assert not made.filter(is_active=True).exists()
    assert not any(u.has_usable_password() for u in made)
    linked = Person.objects.filter(user__in=made).values_list("pk", "user__username")
    assert len(linked) == made.count()
    assert all(username == f"demo-voter-{pk}" for pk, username in linked)
    daibiao = user_model.objects.get(username=accounts.delegate)
    assert daibiao.is_active and daibiao.person.name == "万小岚"
    assert Voter.objects.filter(person=daibiao.person).exists()  # voted with her own account
    # Nobody without a vote got an account for it: no CPPCC member, no guest.
    assert not Person.objects.filter(
        user__username__startswith="demo-voter-", memberships__organisation__kind="cppcc"
    ).exists()

    assert verify_chain().ok
    loaded = Event.objects.get(kind="demo.loaded")
    assert loaded.data["polls"] == 6
    decisions = Poll.objects.filter(meeting__kind__in=PRESIDIUM_KINDS).count()
    assert decisions > 0
    assert Event.objects.filter(kind="votes.published").count() == 6 + decisions
    before = (Poll.objects.count(), get_user_model().objects.count(), Event.objects.count())
    load_demo()
    after = (Poll.objects.count(), get_user_model().objects.count(), Event.objects.count())
    assert after == before


def test_only_meetings_already_held_have_votes():
    load_demo_once(today=date(2024, 1, 11))
    assert [(p.meeting.title, p.item.title) for p in polls()] == [
        ("预备会议", "选举大会主席团和秘书长"),
        ("预备会议", "通过会议议程"),
        ("第一次全体会议", "通过大会补选和通过人选办法"),
    ]
    assert verify_chain().ok


def test_votes_can_be_left_out():
    load_demo_once(votes=False)
    assert not Poll.objects.exists()
    assert not get_user_model().objects.filter(username__startswith="demo-voter-").exists()
    assert Event.objects.get(kind="demo.loaded").data["polls"] == 0
