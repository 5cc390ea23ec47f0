"""预选 held in the system (LOL 27 ¶2): by the presidium's decision, a paper ballot of all the
nominees keyed twice and counted as the election's own are; its order of votes fixes the
candidates list, which the presidium's decision must then name; a tie at the last place is
voted on again among the tied."""

import pytest
from django.contrib.auth.models import User
from django.test import Client

from conftest import PASSWORD
from lianghui.attendance import actions as attendance
from lianghui.attendance.models import Method
from lianghui.audit.models import Event
from lianghui.elections import actions
from lianghui.elections.models import Election, ElectionState, Office, RoundKind
from lianghui.elections.tests.test_http import present  # noqa: F401 (a fixture)
from lianghui.errors import ActionError
from lianghui.people.models import Membership, Person, Role


@pytest.fixture
def crowded(hall, decide):
    """Three standing-committee seats in an uncontested by-election (the list keeps exactly
    three, LOL 30), four nominees: three by the presidium, one by ten delegates jointly."""
    extra = []
    for i in range(10):
        p = Person.objects.create(name=f"代表{i}")
        Membership.objects.create(
            person=p, organisation=hall.congress, role=Role.DELEGATE, start=hall.term.start
        )
        extra.append(p)
    for person in hall.delegates + extra:
        attendance.check_in(hall.plenary, person, Method.DESK, hall.officer)
    office = Office.objects.create(body=hall.congress, title="区人大常委会委员", kind="x")
    election = actions.create_election(
        hall.plenary, office, 3, hall.officer, by_election=True, contested=False, surplus=0
    )
    d = hall.delegates
    nominated = decide.nomination(election, d[:3])
    for p in d[:3]:
        actions.nominate(election, p, hall.officer, by_presidium=True, decision=nominated)
    actions.nominate(
        election, d[3], hall.officer, by_presidium=False, signer_ids=[p.pk for p in extra]
    )
    clerks = []
    for name in ("计票甲", "计票乙"):
        user = User.objects.create_user(name, password="x")
        clerks.append((Person.objects.create(name=name, user=user), user))
    hall.extra, hall.clerks = extra, clerks
    return hall, election


def hold(hall, round_, ballots):
    """The preliminary round on paper: officers, open, close, returned, keyed twice, counted."""
    actions.appoint_officer(round_, hall.extra[0], "chief", hall.officer)
    actions.appoint_officer(round_, hall.extra[1], "scrutineer", hall.officer)
    for person, user in hall.clerks:
        actions.appoint_officer(round_, person, "clerk", hall.officer, user=user)
    round_ = actions.open_election(round_, hall.officer)
    round_ = actions.close_voting(round_, hall.officer)
    signers = [hall.extra[0].pk, hall.extra[1].pk]
    actions.record_returned(round_, len(ballots), signers, hall.officer)
    batch = actions.add_batch(round_, len(ballots), hall.officer)
    assert actions.key_batch(batch, 1, ballots, hall.clerks[0][1]) == 0
    assert actions.key_batch(batch, 2, ballots, hall.clerks[1][1]) == 0
    return actions.count(round_, hall.officer)


def ballot(yes_ids, no_ids=()):
    marks = {str(p): "yes" for p in yes_ids} | {str(p): "no" for p in no_ids}
    return {"marks": marks, "write_ins": []}


@pytest.mark.django_db
def test_a_preliminary_held_on_paper_fixes_the_list_in_order_of_votes(crowded, decide):
    hall, election = crowded
    d = hall.delegates
    e = pytest.raises(ActionError, actions.hold_preliminary, election, hall.officer, None)
    assert e.value.code == "presidium_decision_required"
    assert e.value.message.startswith("依照地方组织法第二十七条")
    decision = decide("preliminary", "主席团决定进行预选。", election=election.pk)
    round_ = actions.hold_preliminary(election, hall.officer, decision)
    assert (round_.round_kind, round_.state, round_.seats, round_.previous_id) == (
        RoundKind.PRELIMINARY,
        ElectionState.FIXED,
        3,
        election.pk,
    )
    assert {c.person_id for c in round_.candidates.all()} == {p.pk for p in d[:4]}
    with pytest.raises(ActionError) as e:
        actions.hold_preliminary(election, hall.officer, decision)
    assert e.value.code == "preliminary_exists"
    # 16 delegates present: 李四 (d[1]) gets the fewest 赞成.
    papers = [ballot([d[0].pk, d[2].pk, d[3].pk], [d[1].pk])] * 10
    papers += [ballot([d[0].pk, d[1].pk, d[2].pk])] * 4
    papers += [{"marks": {}, "write_ins": [], "void": True}]  # the scrutineers' void
    with pytest.raises(ActionError) as e:
        actions.check_entry(round_, {"marks": {}, "write_ins": [hall.extra[5].pk]})
    assert e.value.code == "write_in_preliminary" and "第二十七条" in e.value.message
    over = ballot([p.pk for p in d[:4]])  # four 赞成 for three places: void (EL 44)
    round_ = hold(hall, round_, [*papers, over])
    result = round_.result
    assert round_.state == ElectionState.COUNTED and result["elected"] == []
    # 张三 and 王五 14 each (in the ballot's stroke order), 赵六 10; 李四 4 is left off.
    assert result["preliminary"]["kept"] == [d[2].pk, d[0].pk, d[3].pk]
    assert result["void_ballots"] == 2
    assert "按预选得票多少的顺序" in result["sentences"][-1]
    # The list is the preliminary's, and the presidium's decision must name it.
    with pytest.raises(ActionError) as e:
        actions.fix_candidates(
            election, [p.pk for p in d[:3]], decide.candidates(election, d[:3]), hall.officer
        )
    assert e.value.code == "preliminary_order" and "第二十七条" in e.value.message
    kept = [d[0], d[2], d[3]]
    slate = actions.fix_candidates(
        election, [p.pk for p in kept], decide.candidates(election, kept), hall.officer
    )
    assert {c.person_id for c in slate} == {p.pk for p in kept}
    kinds = set(Event.objects.values_list("kind", flat=True))
    assert {"elections.preliminary_created", "elections.counted"} <= kinds


@pytest.mark.django_db
def test_a_by_election_list_shorter_than_the_nominations_rests_on_the_presidiums_decision(
    crowded, decide
):
    """LOL 30 leaves a by-election's method to the congress: with four nominated for three
    uncontested places no preliminary is required, and the presidium's adopted decision on
    the candidates names the three; without one, or naming others, nothing is fixed."""
    hall, election = crowded
    d = hall.delegates
    three = [p.pk for p in d[:3]]
    with pytest.raises(ActionError) as e:
        actions.fix_candidates(election, three, None, hall.officer)
    assert e.value.code == "presidium_decision_required" and "第二十七条" in e.value.message
    with pytest.raises(ActionError) as e:
        actions.fix_candidates(election, three, decide.candidates(election, d[1:4]), hall.officer)
    assert e.value.code == "presidium_decision_persons"
    election.refresh_from_db()
    assert election.state == ElectionState.DRAFT and not election.candidates.exists()
    slate = actions.fix_candidates(
        election, three, decide.candidates(election, d[:3]), hall.officer
    )
    assert sorted(c.person_id for c in slate) == sorted(three)
    election.refresh_from_db()
    assert election.candidates_decision.persons == sorted(three)


@pytest.mark.django_db
def test_a_tie_at_the_last_place_is_voted_again_among_the_tied(crowded, decide):
    hall, election = crowded
    d = hall.delegates
    decision = decide("preliminary", "主席团决定进行预选。", election=election.pk)
    round_ = actions.hold_preliminary(election, hall.officer, decision)
    # 张三 first; 李四, 王五, 赵六 tied for the two places left.
    papers = [ballot([d[0].pk, d[1].pk, d[2].pk])] * 4 + [ballot([d[0].pk, d[3].pk])] * 2
    papers += [ballot([d[3].pk])] * 2
    round_ = hold(hall, round_, papers)
    outcome = round_.result["preliminary"]
    assert outcome["kept"] == [d[0].pk] and outcome["places"] == 2
    assert sorted(outcome["tied"]) == sorted([d[1].pk, d[2].pk, d[3].pk])
    with pytest.raises(ActionError) as e:
        actions.fix_candidates(
            election, [d[0].pk], decide.candidates(election, [d[0]]), hall.officer
        )
    assert e.value.code == "preliminary_pending"
    again = actions.preliminary_revote(round_, hall.officer)
    assert again.seats == 2 and again.previous_id == round_.pk
    with pytest.raises(ActionError) as e:
        actions.preliminary_revote(round_, hall.officer)
    assert e.value.code == "preliminary_exists"
    papers = [ballot([d[1].pk, d[3].pk])] * 5 + [ballot([d[2].pk])] * 3
    hold(hall, again, papers)
    outcome = actions.preliminary_outcome(election)
    assert not outcome["pending"] and outcome["kept"][0] == d[0].pk
    assert sorted(outcome["kept"]) == sorted([d[0].pk, d[1].pk, d[3].pk])


@pytest.mark.django_db
def test_the_api_holds_a_preliminary_only_when_too_many_are_nominated(crowded, decide):
    hall, election = crowded
    chair = Client()
    assert chair.login(username=hall.officer.username, password=PASSWORD)
    url = f"/api/elections/{election.pk}/preliminary"
    r = chair.post(url, {}, content_type="application/json")
    assert r.status_code == 422 and r.json()["message"].startswith("依照地方组织法第二十七条")
    decision = decide("preliminary", "主席团决定进行预选。", election=election.pk)
    r = chair.post(url, {"decision_id": decision.pk}, content_type="application/json")
    assert r.status_code == 201, r.content
    body = r.json()
    assert body["round_kind"] == "preliminary" and len(body["candidates"]) == 4
    page = chair.get(f"/elections/{election.pk}/").content.decode()
    assert f'href="/elections/{body["id"]}/"' in page and "进行预选" in page
    assert "预选" in chair.get(f"/elections/{body['id']}/").content.decode()
    assert chair.get(f"/api/elections/{election.pk}").json()["preliminary"] == {
        "kept": [],
        "pending": True,
    }
    lone = Election.objects.create(
        meeting=hall.plenary, office=election.office, seats=3, by_election=True, contested=False
    )
    other = decide("preliminary", "主席团决定进行预选。", election=lone.pk)
    r = chair.post(
        f"/api/elections/{lone.pk}/preliminary",
        {"decision_id": other.pk},
        content_type="application/json",
    )
    assert r.status_code == 409 and r.json()["code"] == "preliminary_not_needed"
    r = chair.post(f"/api/elections/{election.pk}/preliminary-revote")
    assert r.status_code == 409 and r.json()["code"] == "not_preliminary"


@pytest.mark.django_db
def test_an_electronic_preliminary_goes_through_the_encrypted_ballots(present):  # noqa: F811
    """The same machinery as the election's own electronic ballots: encrypted on the device,
    at most as many 赞成 as places, only the totals decrypted by the scrutineers."""
    from lianghui.elections.models import Nomination
    from lianghui.elections.tests.test_http import cast_all, login
    from lianghui.elections.tests.trustees import decrypt, key_ceremony

    hall = present
    devices, trustees = key_ceremony(hall)
    chair = login(hall.officer)
    office = Office.objects.create(body=hall.congress, title="区人民政府区长", kind="head")
    election = actions.create_election(
        hall.plenary, office, 1, hall.officer, surplus=1, mode="electronic"
    )
    ding, wang, zhang = (Person.objects.create(name=n) for n in ("丁一", "王二", "张三丰"))
    for person in (ding, wang, zhang):  # three nominations (the joint signers are not modelled)
        Nomination.objects.create(election=election, person=person)
    decision = hall.decide("preliminary", "主席团决定进行预选。", election=election.pk)
    round_ = actions.hold_preliminary(election, hall.officer, decision)
    assert (round_.seats, round_.mode) == (2, "electronic")
    assert [c.person.name for c in round_.candidates.order_by("order")] == [
        "丁一",
        "王二",
        "张三丰",
    ]
    assert chair.post(f"/api/elections/{round_.pk}/open").status_code == 200
    marks = [["yes", "no", "yes"]] * 3 + [["no", "yes", "yes"]] * 2
    cast_all(round_.pk, hall.delegates[:5], marks, "pre")
    assert chair.post(f"/api/elections/{round_.pk}/close").status_code == 200
    counted = decrypt(round_.pk, devices, trustees)
    assert counted["state"] == "counted"
    round_.refresh_from_db()
    assert round_.result["preliminary"]["kept"] == [zhang.pk, ding.pk]
    assert actions.preliminary_outcome(election) == {"kept": [zhang.pk, ding.pk], "pending": False}
