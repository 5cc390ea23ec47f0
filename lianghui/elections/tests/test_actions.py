"""Elections through their actions: the seed's two elections, double entry, refusals."""

import pytest
from django.contrib.auth.models import User
from django.db import transaction

from lianghui.attendance import actions as attendance
from lianghui.attendance.models import Method
from lianghui.audit.log import verify_chain
from lianghui.elections import actions, encrypted
from lianghui.elections.actions._base import _locked_in
from lianghui.elections.models import ElectionState, FinalBallot, KeyedBallot, Office, RoundKind
from lianghui.elections.tests.trustees import decrypt, key_ceremony
from lianghui.errors import ActionError, PermissionDenied
from lianghui.people.models import Kinship, Person


@pytest.fixture
def court(decide, hall):
    """The congress in session: 5 of 6 delegates present; 麦珏 nominated for court president."""
    for person in hall.delegates[:5]:
        attendance.check_in(hall.plenary, person, Method.DESK, hall.officer)
    office = Office.objects.create(body=hall.congress, title="区人民法院院长", kind="head")
    election = actions.create_election(hall.plenary, office, 1, hall.officer)
    mai = Person.objects.create(name="麦珏")
    actions.nominate(
        election, mai, hall.officer, by_presidium=True, decision=decide.nomination(election, [mai])
    )
    actions.fix_candidates(election, [mai.pk], decide.candidates(election, [mai.pk]), hall.officer)
    d = hall.delegates
    actions.appoint_officer(election, d[1], "chief", hall.officer)
    actions.appoint_officer(election, d[2], "scrutineer", hall.officer)
    clerks = []
    for name in ("计票甲", "计票乙"):
        user = User.objects.create_user(name, password="x")
        person = Person.objects.create(name=name, user=user)
        actions.appoint_officer(election, person, "clerk", hall.officer, user=user)
        clerks.append(user)
    election.refresh_from_db()
    return hall, election, mai, clerks


def yes(mai):
    return {"marks": {str(mai.pk): "yes"}, "write_ins": []}


def test_court_president_elected_by_paper_ballots_with_double_entry(decide, court):
    hall, election, mai, (clerk1, clerk2) = court
    election = actions.open_election(election, hall.officer)
    assert (election.members_total, election.issued) == (6, 5)
    actions.close_voting(election, hall.officer)
    actions.record_returned(election, 5, [hall.delegates[1].pk, hall.delegates[2].pk], hall.officer)
    batch = actions.add_batch(election, 5, hall.officer)
    first = [yes(mai)] * 4 + [{"marks": {str(mai.pk): "no"}, "write_ins": []}]
    second = [yes(mai)] * 4 + [{"marks": {str(mai.pk): "abstain"}, "write_ins": []}]
    assert actions.key_batch(batch, 1, first, clerk1) == 0
    with pytest.raises(ActionError) as e:
        actions.count(election, hall.officer)  # counting before double entry agrees
    assert e.value.code == "entry_incomplete"
    assert actions.key_batch(batch, 2, second, clerk2) == 1
    assert [i for i, _, _ in actions.differences(batch)] == [5]
    with pytest.raises(ActionError):
        actions.count(election, hall.officer)
    actions.resolve(batch, 5, {"marks": {str(mai.pk): "no"}}, hall.officer)
    election = actions.count(election, hall.officer)
    assert election.state == ElectionState.COUNTED
    assert election.result["elected"] == [mai.pk]
    tally = election.result["tallies"][0]
    assert (tally["yes"], tally["no"], tally["abstain"]) == (4, 1, 0)
    assert "麦珏 得赞成票 4 票，超过全体代表 6 人的半数，当选。" in election.result["sentences"]
    election = actions.declare(election, hall.officer, decide.validity(election))
    assert election.state == ElectionState.PUBLISHED
    assert verify_chain().ok


def test_entry_refusals_change_nothing(court):
    hall, election, mai, (clerk1, clerk2) = court
    actions.open_election(election, hall.officer)
    actions.close_voting(election, hall.officer)
    actions.record_returned(election, 5, [hall.delegates[1].pk], hall.officer)
    with pytest.raises(ActionError) as e:
        actions.add_batch(election, 6, hall.officer)
    assert e.value.code == "too_many_ballots" and "多于收回" in e.value.message
    batch = actions.add_batch(election, 5, hall.officer)
    stranger = Person.objects.create(name="路人")
    bad = [yes(mai)] * 4 + [{"marks": {str(stranger.pk): "yes"}, "write_ins": []}]
    with pytest.raises(ActionError) as e:
        actions.key_batch(batch, 1, bad, clerk1)
    assert e.value.code == "not_on_slate" and e.value.message.startswith("第 5 张")
    assert not KeyedBallot.objects.exists()
    actions.key_batch(batch, 1, [yes(mai)] * 5, clerk1)
    with pytest.raises(ActionError) as e:
        actions.key_batch(batch, 2, [yes(mai)] * 5, clerk1)  # the same clerk again
    assert e.value.code == "same_clerk"
    with pytest.raises(PermissionDenied):
        actions.key_batch(batch, 2, [yes(mai)] * 5, hall.delegate_user)
    assert not FinalBallot.objects.exists()


def test_returned_more_than_issued_voids_the_vote(decide, court):
    hall, election, mai, (clerk1, clerk2) = court
    actions.open_election(election, hall.officer)
    actions.close_voting(election, hall.officer)
    actions.record_returned(election, 6, [hall.delegates[1].pk], hall.officer)  # 5 issued
    batch = actions.add_batch(election, 6, hall.officer)
    actions.key_batch(batch, 1, [yes(mai)] * 6, clerk1)
    actions.key_batch(batch, 2, [yes(mai)] * 6, clerk2)
    election = actions.count(election, hall.officer)
    assert election.state == ElectionState.VOID
    assert "选举无效" in election.result["sentences"][0]
    with pytest.raises(ActionError) as e:  # by the presidium: its decision is cited
        actions.next_round(election, hall.officer)
    assert e.value.code == "presidium_decision_required" and e.value.status == 422
    assert "地方组织法第二十九条" in e.value.message
    assert not election.next_rounds.exists()
    with pytest.raises(ActionError) as e:  # a void vote is held again with the same slate
        actions.next_round(election, hall.officer, decide.next_round(election, []))
    assert e.value.code == "persons_required"
    stranger = Person.objects.create(name="路人")
    with pytest.raises(ActionError) as e:
        actions.next_round(election, hall.officer, decide.next_round(election, [stranger]))
    assert e.value.code == "presidium_decision_persons" and "麦珏" in e.value.message
    assert not election.next_rounds.exists()
    decision = decide.next_round(election, [mai])
    again = actions.next_round(election, hall.officer, decision)
    assert again.round_kind == RoundKind.AGAIN and again.previous == election
    assert [(n.person_id, n.by_presidium, n.decision_id) for n in again.nominations.all()] == [
        (mai.pk, True, decision.pk)
    ]


def test_no_candidate_or_near_relative_counts(decide, hall):
    office = Office.objects.create(body=hall.congress, title="区人民法院院长", kind="head")
    election = actions.create_election(hall.plenary, office, 1, hall.officer)
    mai = Person.objects.create(name="麦珏")
    actions.nominate(
        election, mai, hall.officer, by_presidium=True, decision=decide.nomination(election, [mai])
    )
    Kinship.objects.create(person=mai, relative=hall.delegates[3], relation="配偶")
    with pytest.raises(ActionError) as e:
        actions.appoint_officer(election, hall.delegates[3], "scrutineer", hall.officer)
    assert e.value.code == "near_relative" and "EL 43" in e.value.message
    with pytest.raises(ActionError) as e:
        actions.appoint_officer(election, mai, "clerk", hall.officer)
    assert e.value.code == "is_candidate"


def test_uncontested_by_election_of_three_standing_committee_members(decide, hall):
    for person in hall.delegates[:5]:
        attendance.check_in(hall.plenary, person, Method.DESK, hall.officer)
    office = Office.objects.create(
        body=hall.congress, title="区人大常委会委员", kind="standing_member"
    )
    election = actions.create_election(
        hall.plenary, office, 3, hall.officer, by_election=True, contested=False, mode="electronic"
    )
    names = ["张岚", "张剑", "徐颖"]
    people = list(hall.delegates[:3])
    for person, name in zip(people, names, strict=True):
        person.name = name
        person.save(update_fields=["name"])
        actions.nominate(
            election,
            person,
            hall.officer,
            by_presidium=True,
            decision=decide.nomination(election, [person]),
        )
    candidates = actions.fix_candidates(
        election,
        [p.pk for p in people],
        decide.candidates(election, [p.pk for p in people]),
        hall.officer,
    )
    assert [c.person.name for c in candidates] == [
        "张岚",
        "张剑",
        "徐颖",
    ]  # surname strokes: 张 7, 徐 10; 岚 7 before 剑 9
    import secrets

    from conftest import PASSWORD

    for i, person in enumerate(hall.delegates[:5]):
        if person.user is None:
            person.user = User.objects.create_user(f"e{i}", password=PASSWORD)
            person.save(update_fields=["user"])
    devices, clients = key_ceremony(hall)
    election = actions.open_election(election, hall.officer)
    for person in hall.delegates[:5]:
        ballot = encrypted.make_ballot(election, person.pk, ["yes", "yes", "yes"])
        actions.cast_electronic(election.pk, person, ballot, secrets.token_urlsafe(24), person.user)
    with pytest.raises(ActionError) as e:
        ballot = encrypted.make_ballot(election, people[0].pk, ["no", "no", "no"])
        actions.cast_electronic(
            election.pk, people[0], ballot, secrets.token_urlsafe(24), people[0].user
        )
    assert e.value.code == "already_voted"
    election = actions.close_voting(election, hall.officer)
    decrypt(election.pk, devices, clients)
    election.refresh_from_db()
    assert election.state == ElectionState.COUNTED
    assert sorted(election.result["elected"]) == sorted(p.pk for p in people)
    assert election.result["unfilled"] == 0


def test_slate_rule_blocks_a_bad_slate(decide, hall):
    office = Office.objects.create(body=hall.congress, title="区人民法院院长", kind="head")
    election = actions.create_election(hall.plenary, office, 1, hall.officer)
    a, b = (Person.objects.create(name=n) for n in ("甲", "乙"))
    with pytest.raises(ActionError) as e:
        actions.nominate(
            election, a, hall.officer, by_presidium=False, signer_ids=[d.pk for d in hall.delegates]
        )
    assert e.value.code == "joint_nomination" and "少于 10 人" in e.value.message
    actions.nominate(
        election, a, hall.officer, by_presidium=True, decision=decide.nomination(election, [a])
    )
    with pytest.raises(ActionError) as e:
        actions.nominate(
            election, b, hall.officer, by_presidium=True, decision=decide.nomination(election, [b])
        )  # presidium: at most 1 for 1 seat
    assert e.value.code == "nomination_limit" and "LOL 26" in e.value.message
    assert election.candidates.count() == 0


@pytest.mark.django_db
def test_a_step_takes_the_election_locked_only_in_the_states_it_follows(hall):
    office = Office.objects.create(body=hall.congress, title="区人民检察院检察长", kind="head")
    election = actions.create_election(hall.plenary, office, 1, hall.officer)
    with transaction.atomic():
        assert _locked_in(election.pk, ElectionState.DRAFT, ElectionState.FIXED) == election
    with transaction.atomic(), pytest.raises(ActionError) as e:
        _locked_in(election.pk, ElectionState.OPEN, ElectionState.CLOSED)
    assert (e.value.code, e.value.status) == ("bad_state", 409)
    assert e.value.message == "选举当前为“提名中”，此操作只能在“投票中、投票结束”时进行。"
