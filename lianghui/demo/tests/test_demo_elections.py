"""The demo holds the seed's elections by paper ballot through the election actions.

What was elected, where, is written out here from the page (徐汇报, January 2024; docs/seed.md), not read
from lianghui.demo.facts. The page gives no counts, candidates beyond those elected, or
counting officers: the elections must end published with the people the page names, with
plausible counts, and leave what a live paper-ballot election leaves (officers, double
entry, one difference resolved by the scrutineers, audit events).
"""

import re
from collections import Counter
from datetime import date

import pytest
from django.contrib.auth import get_user_model
from django.db import transaction

from lianghui.attendance.models import Capacity, CheckIn
from lianghui.audit.log import verify_chain
from lianghui.audit.models import Event
from lianghui.elections.models import (
    Batch,
    Election,
    ElectionState,
    FinalBallot,
    KeyedBallot,
)
from lianghui.people.models import Membership, Person
from lianghui.presidium.actions import members as presidium_members
from tests.demo_copy import load_demo_once

pytestmark = pytest.mark.django_db

CONGRESS = "徐汇区第十七届人民代表大会第五次会议"
# (office, kind, seats, by-election, elected) in the order the closing meeting held them.
SEED_ELECTIONS = [
    ("区人民法院院长", "head", 1, False, ["麦珏"]),
    ("区人大常委会委员", "standing_member", 3, True, ["张岚", "张剑", "徐颖"]),
]
ELECTED = re.compile(r"^(\S+) 得赞成票 (\d+) 票，超过全体代表 300 人的半数，当选。$")
VOID_BY_SCRUTINEERS = "监票人认定为废票"
OVERVOTE = "所选人数多于应选名额"


def elections():
    return list(
        Election.objects.select_related("office", "meeting__session").order_by("created_at", "pk")
    )


def names(election, ids):
    """Sorted names of these people, as the count named them."""
    tallies = {t["person"]: t["name"] for t in election.result["tallies"]}
    return sorted(tallies[i] for i in ids)


@pytest.fixture(scope="class")
def loaded(django_db_setup, django_db_blocker):
    """One load for the class (a load with votes takes seconds), rolled back after it."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield load_demo_once()
        transaction.set_rollback(True)


class TestReplayed:
    """The full demo, loaded once for these tests."""

    def test_seed_elections_held_and_published(self, loaded):
        got = elections()
        presidium_size = len(presidium_members(got[0].meeting.session))
        assert presidium_size >= 8  # the executive chairs at least
        assert [
            (e.office.title, e.office.kind, e.seats, e.by_election, names(e, e.result["elected"]))
            for e in got
        ] == [(o, k, s, b, sorted(n)) for o, k, s, b, n in SEED_ELECTIONS]
        for e in got:
            assert (e.meeting.session.title, e.meeting.title) == (CONGRESS, "第三次全体会议")
            assert e.office.body.name == "上海市徐汇区人民代表大会"
            assert (e.mode, e.state, e.round_kind) == ("paper", ElectionState.PUBLISHED, "first")
            assert e.declared_by.username == loaded.secretariat and e.published_at
            assert not e.contested  # 等额: as many candidates as seats
            assert e.nominations.filter(by_presidium=True).count() == e.seats
            # Each "by the presidium" cites a decision the presidium adopted at its meeting,
            # by more than half of all its members (LOL 26, 27; EL 46).
            decisions = [n.decision for n in e.nominations.all()]
            decisions += [e.candidates_decision, e.validity_decision]
            for d in decisions:
                assert d.adopted and d.meeting.kind == "presidium" and d.election_id == e.pk
                assert d.poll.members_total == presidium_size > d.poll.members_total // 2
                assert d.poll.yes == d.poll.present == presidium_size
            assert e.validity_decision.decided_at < e.published_at
            assert e.candidates_decision.persons == sorted(
                e.candidates.values_list("person_id", flat=True)
            )
            assert e.candidates.count() == e.seats and e.slate_decision
            # A ballot to each delegate checked in; every ballot back, or one kept.
            present = CheckIn.objects.filter(meeting=e.meeting, capacity=Capacity.VOTING).count()
            assert e.members_total == 300
            assert 0.9 * 300 <= e.entitled == e.issued == present < 300
            assert e.returned in (e.issued, e.issued - 1)
            r = e.result
            assert (r["issued"], r["returned"]) == (e.issued, e.returned)
            assert r["valid_ballots"] + r["void_ballots"] == e.returned
            assert 1 <= r["void_reasons"][VOID_BY_SCRUTINEERS] <= 2
            assert r["unfilled"] == 0 and not r["revote"]
            for t in (t for t in r["tallies"] if t["on_slate"]):
                assert t["yes"] + t["no"] + t["abstain"] == r["valid_ballots"] <= e.issued
                assert 0.9 * e.returned <= t["yes"] < e.returned  # overwhelming, not unanimous
                assert t["no"] + t["abstain"] > 0 and t["verdict"] == "elected"
                assert ELECTED.fullmatch(t["sentence"]).groups() == (t["name"], str(t["yes"]))
                assert t["sentence"] in r["sentences"]
            assert r["sentences"][0] == (
                f"应到 300 人，发出选票 {e.issued} 张，收回 {e.returned} 张，"
                f"有效票 {r['valid_ballots']} 张，无效票 {r['void_ballots']} 张，选举有效。"
            )
        court, standing = got
        assert court.result["void_ballots"] == court.result["void_reasons"][VOID_BY_SCRUTINEERS]
        assert re.search(r"^麦珏 得赞成票 2\d\d 票，", court.result["sentences"][1])
        # The by-election shows the validity rules: an over-vote is void, a write-in counts.
        assert standing.result["void_reasons"][OVERVOTE] == 1
        write_ins = [t for t in standing.result["tallies"] if not t["on_slate"]]
        assert [(t["yes"], t["verdict"]) for t in write_ins] == [(1, "failed")]
        assert "另选他人 1 人，均未超过全体代表 300 人的半数。" in standing.result["sentences"]
        assert standing.result["sentences"][-1].startswith("应选 3 名，当选 3 名：")

    def test_ballots_keyed_twice_in_batches_of_50(self, loaded):
        resolved = []
        for e in elections():
            batches = list(Batch.objects.filter(election=e).order_by("number"))
            sizes = [b.size for b in batches]
            assert sum(sizes) == e.returned and set(sizes[:-1]) == {50} and 0 < sizes[-1] <= 50
            clerks = set(e.officers.filter(role="clerk").values_list("pk", flat=True))
            for b in batches:
                entries = dict(KeyedBallot.objects.filter(batch=b).values_list("entry", "clerk_id"))
                assert set(entries) == {1, 2} and entries[1] != entries[2]
                assert set(entries.values()) == clerks
                assert KeyedBallot.objects.filter(batch=b).count() == 2 * b.size
            final = FinalBallot.objects.filter(batch__election=e)
            assert final.count() == e.returned
            assert final.filter(content__void=True).count() == e.result["void_ballots"] - (
                e.result["void_reasons"].get(OVERVOTE, 0)
            )
            resolved += list(final.filter(resolved_by_scrutineers=True))
        # One keying slip in the whole replay, resolved by the scrutineers from the paper.
        assert len(resolved) == 1
        (slip,) = resolved
        keyed = dict(
            KeyedBallot.objects.filter(batch=slip.batch, index=slip.index).values_list(
                "entry", "content"
            )
        )
        assert keyed[1] != keyed[2] and slip.content in keyed.values()
        event = Event.objects.get(kind="elections.difference_resolved")
        assert event.data == {"batch": slip.batch.number, "index": slip.index}
        election = slip.batch.election
        chief = election.officers.get(role="chief")
        assert event.actor_id == chief.person.user_id

    def test_scrutineers_and_clerks_are_named(self, loaded):
        court, standing = elections()
        officers = [
            sorted(e.officers.values_list("role", "person_id", "person__name"))
            for e in (court, standing)
        ]
        assert officers[0] == officers[1]  # the plenary chose them once, for both elections
        roles = Counter(role for role, _, _ in officers[0])
        assert roles == {"chief": 1, "scrutineer": 12, "clerk": 2}
        candidates = set(court.candidates.values_list("person_id", flat=True)) | set(
            standing.candidates.values_list("person_id", flat=True)
        )
        present = set(
            CheckIn.objects.filter(meeting=court.meeting, capacity=Capacity.VOTING).values_list(
                "person_id", flat=True
            )
        )
        scrutineers = [(pid, name) for role, pid, name in officers[0] if role != "clerk"]
        ids = {pid for pid, _ in scrutineers}
        assert not ids & candidates and ids <= present
        # One from each of the 13 delegations, every one an invented delegate.
        delegations = Membership.objects.filter(
            person_id__in=ids, organisation__kind="delegation", role="group_member"
        )
        assert delegations.values("organisation").distinct().count() == 13
        assert not Person.objects.filter(pk__in=ids, synthetic=False).exists()
        delegates = Membership.objects.filter(
            person_id__in=ids, organisation__name="上海市徐汇区人民代表大会", role="delegate"
        )
        assert delegates.count() == 13
        for e in (court, standing):
            assert sorted(e.ballots_signed_by) == sorted(name for _, name in scrutineers)
        clerks = court.officers.filter(role="clerk").select_related("person", "user")
        for clerk in clerks:
            assert clerk.person.synthetic and clerk.person.name
            assert clerk.user == clerk.person.user
            assert clerk.user.username == f"demo-clerk-{clerk.person.pk}"
            assert not clerk.user.is_active and not clerk.user.has_usable_password()
            assert clerk.person.memberships.filter(
                organisation__kind="secretariat", role="staff", synthetic=True
            ).exists()
            assert clerk.person.pk not in present and clerk.person.pk not in candidates

    def test_audit_chain_and_events(self, loaded):
        assert verify_chain().ok
        assert Event.objects.get(kind="demo.loaded").data["elections"] == 2
        for e in elections():
            events = Counter(
                Event.objects.filter(subject=f"elections.election:{e.pk}").values_list(
                    "kind", flat=True
                )
            )
            batches = e.batches.count()
            events.pop("elections.difference_resolved", None)  # one, in one of the two
            assert events == {
                "elections.created": 1,
                "elections.nominated": e.seats,
                "elections.candidates_fixed": 1,
                "elections.officer_appointed": 15,
                "elections.opened": 1,
                "elections.closed": 1,
                "elections.returned_recorded": 1,
                "elections.batch_added": batches,
                "elections.batch_keyed": 2 * batches,
                "elections.counted": 1,
                "elections.published": 1,
            }
        assert Event.objects.filter(kind="elections.difference_resolved").count() == 1


def test_no_elections_without_votes():
    load_demo_once(votes=False)
    assert not Election.objects.exists()
    assert not get_user_model().objects.filter(username__startswith="demo-clerk-").exists()
    assert Event.objects.get(kind="demo.loaded").data["elections"] == 0


def test_no_elections_on_the_day_of_the_closing_meeting():
    load_demo_once(today=date(2024, 1, 12))  # the third plenary has not been held yet
    assert not Election.objects.exists()
    assert Event.objects.get(kind="demo.loaded").data["elections"] == 0
    assert verify_chain().ok


@pytest.mark.django_db
def test_each_election_is_linked_to_its_agenda_item():
    from lianghui.elections.models import Election

    load_demo_once()
    titles = {
        e.office.title: e.item.title for e in Election.objects.select_related("office", "item")
    }
    assert titles == {
        "区人民法院院长": "选举区人民法院院长",
        "区人大常委会委员": "补选区人大常委会委员",
    }
