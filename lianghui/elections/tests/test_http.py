"""Elections through HTTP: the API and the pages, for each member of the cast; and the clerk's
keying line format (keying.py), which the entry page parses."""

import copy
import json
import secrets
from types import SimpleNamespace

import pytest
from django.contrib.auth.models import User
from django.test import Client

from conftest import PASSWORD
from lianghui.attendance import actions as attendance
from lianghui.attendance.models import Method
from lianghui.audit.log import verify_chain
from lianghui.audit.models import Event
from lianghui.ballots import ballot as B
from lianghui.ballots import group as G
from lianghui.elections import actions, keying
from lianghui.elections.models import (
    Batch,
    Candidate,
    Election,
    ElectionState,
    EncryptedElectionBallot,
    FinalBallot,
    KeyedBallot,
    Office,
)
from lianghui.elections.tests.trustees import decrypt, key_ceremony
from lianghui.people.models import Person

HAN = "\u4e00", "\u9fff"


def login(user) -> Client:
    c = Client()
    assert c.login(username=user.username, password=PASSWORD)
    return c


def post(client, url, data=None, status=200):
    r = client.post(url, data or {}, content_type="application/json")
    assert r.status_code == status, r.content.decode()
    return r.json()


def chinese(message: str) -> bool:
    return any(HAN[0] <= ch <= HAN[1] for ch in message)


def with_account(person: Person, username: str) -> User:
    person.user = User.objects.create_user(username, password=PASSWORD)
    person.save(update_fields=["user"])
    return person.user


def yes(pid):
    return {"marks": {str(pid): "yes"}, "write_ins": []}


def no(pid):
    return {"marks": {str(pid): "no"}, "write_ins": []}


@pytest.fixture
def present(hall, decide):
    """5 of the 6 delegates checked in; the scrutineers (李四, 王五) and two clerks can sign in."""
    for person in hall.delegates[:5]:
        attendance.check_in(hall.plenary, person, Method.DESK, hall.officer)
    hall.chief_user = with_account(hall.delegates[1], "lisi")
    hall.scrutineer_user = with_account(hall.delegates[2], "wangwu")
    hall.clerks = []
    for name, username in (("计票甲", "jia"), ("计票乙", "yi")):
        person = Person.objects.create(name=name)
        with_account(person, username)
        hall.clerks.append(person)
    hall.decide = decide
    return hall


def appoint_officers(chair, hall, eid):
    d = hall.delegates
    post(chair, f"/api/elections/{eid}/officers", {"person_id": d[1].pk, "role": "chief"}, 201)
    post(chair, f"/api/elections/{eid}/officers", {"person_id": d[2].pk, "role": "scrutineer"}, 201)
    for clerk in hall.clerks:  # each keys with the account of the person appointed
        post(chair, f"/api/elections/{eid}/officers", {"person_id": clerk.pk, "role": "clerk"}, 201)


# --- the paper flow -----------------------------------------------------------------------


@pytest.mark.django_db
def test_court_president_elected_on_paper_through_the_api(present):
    hall = present
    chair = login(hall.officer)
    created = post(
        chair,
        "/api/elections/",
        {
            "meeting_id": hall.plenary.pk,
            "office": {"title": "区人民法院院长", "kind": "head"},
            "seats": 1,
        },
        201,
    )
    eid = created["id"]
    assert created["state"] == "draft" and created["office"]["kind_label"] == "正职"
    mai = Person.objects.create(name="麦珏")

    election = Election.objects.get(pk=eid)
    r = chair.post(
        f"/api/elections/{eid}/nominations",
        {"person_id": mai.pk, "by_presidium": True},
        content_type="application/json",
    )
    assert r.status_code == 422 and r.json()["code"] == "presidium_decision_required"
    assert r.json()["message"].startswith("依照地方组织法第二十六条")
    nominating = hall.decide.nomination(election, [mai])
    nominated = post(
        chair,
        f"/api/elections/{eid}/nominations",
        {"person_id": mai.pk, "by_presidium": True, "decision_id": nominating.pk},
        201,
    )
    assert [n["name"] for n in nominated["nominations"]] == ["麦珏"]
    assert nominated["nominations"][0]["decision_id"] == nominating.pk
    slate = hall.decide.candidates(election, [mai])
    fixed = post(
        chair, f"/api/elections/{eid}/candidates", {"person_ids": [mai.pk], "decision_id": slate.pk}
    )
    assert fixed["state"] == "fixed" and fixed["candidates_decision_id"] == slate.pk
    assert fixed["candidates"] == [{"order": 1, "person_id": mai.pk, "name": "麦珏"}]
    appoint_officers(chair, hall, eid)

    opened = post(chair, f"/api/elections/{eid}/open")
    assert (opened["state"], opened["members_total"], opened["issued"]) == ("open", 6, 5)
    assert post(chair, f"/api/elections/{eid}/close")["state"] == "closed"
    d = hall.delegates
    returned = post(
        chair,
        f"/api/elections/{eid}/returned",
        {"returned": 5, "scrutineer_ids": [d[1].pk, d[2].pk]},
    )
    assert returned["returned"] == 5 and returned["ballots_signed_by"] == ["李四", "王五"]
    batch = post(chair, f"/api/elections/{eid}/batches", {"size": 5}, 201)
    assert (batch["number"], batch["entries"], batch["done"]) == (1, [], False)

    clerk1, clerk2 = (login(c.user) for c in hall.clerks)
    entries = f"/api/elections/batches/{batch['id']}/entries"
    first = [yes(mai.pk)] * 4 + [no(mai.pk)]
    second = [yes(mai.pk)] * 4 + [{"marks": {str(mai.pk): "abstain"}, "write_ins": []}]
    assert post(clerk1, f"{entries}/1", {"ballots": first}) == {
        "batch_id": batch["id"],
        "differences": 0,
    }
    assert post(clerk2, f"{entries}/2", {"ballots": second})["differences"] == 1

    scrutineer = login(hall.scrutineer_user)
    differences = scrutineer.get(f"/api/elections/batches/{batch['id']}/differences").json()
    assert differences == [
        {
            "index": 5,
            "first": {"marks": {str(mai.pk): "no"}, "write_ins": [], "void": False},
            "second": {"marks": {str(mai.pk): "abstain"}, "write_ins": [], "void": False},
        }
    ]
    resolved = post(
        scrutineer,
        f"/api/elections/batches/{batch['id']}/resolve",
        {"index": 5, "ballot": no(mai.pk)},
    )
    assert resolved["differences"] == 0
    batches = Client().get(f"/api/elections/{eid}").json()["batches"]
    assert [(e["entry"], e["clerk"]) for e in batches[0]["entries"]] == [
        (1, "计票甲"),
        (2, "计票乙"),
    ]
    assert batches[0]["done"] and batches[0]["final"] == 5

    assert post(chair, f"/api/elections/{eid}/count")["state"] == "counted"
    assert Client().get(f"/api/elections/{eid}/result").status_code == 409  # not yet declared
    assert chair.get(f"/api/elections/{eid}/result").json()["elected"] == [
        {"id": mai.pk, "name": "麦珏"}
    ]
    r = chair.post(f"/api/elections/{eid}/declare", {}, content_type="application/json")
    assert r.status_code == 422 and r.json()["message"].startswith("依照选举法第四十六条")
    r = chair.post(
        f"/api/elections/{eid}/declare",
        {"decision_id": nominating.pk},
        content_type="application/json",
    )
    assert r.status_code == 422 and r.json()["code"] == "presidium_decision_subject"
    valid = hall.decide.validity(election)
    declared = post(chair, f"/api/elections/{eid}/declare", {"decision_id": valid.pk})
    assert declared["state"] == "published" and declared["validity_decision_id"] == valid.pk

    result = Client().get(f"/api/elections/{eid}/result").json()  # anonymous, public session
    tally = result["tallies"][0]
    assert (tally["name"], tally["yes"], tally["no"], tally["abstain"]) == ("麦珏", 4, 1, 0)
    assert tally["verdict"] == "elected" and tally["verdict_label"] == "当选"
    assert result["elected"] == [{"id": mai.pk, "name": "麦珏"}]
    assert (result["valid_ballots"], result["void_ballots"], result["unfilled"]) == (5, 0, 0)
    assert "麦珏 得赞成票 4 票，超过全体代表 6 人的半数，当选。" in result["sentences"]
    assert result["declared_by"] == "mishu"
    assert {(o["role_label"], o["name"]) for o in result["officers"]} == {
        ("总监票人", "李四"),
        ("监票人", "王五"),
        ("计票人", "计票甲"),
        ("计票人", "计票乙"),
    }
    assert verify_chain().ok


# --- refusals: a Chinese 4xx, and nothing changed -------------------------------------------


@pytest.fixture
def counting(present):
    """Through the API to the closed vote: an uncontested by-election of one standing-committee
    member (only delegates may be written in), 赵六 the candidate, 5 ballots returned."""
    hall = present
    chair = login(hall.officer)
    eid = post(
        chair,
        "/api/elections/",
        {
            "meeting_id": hall.plenary.pk,
            "office": {"title": "区人大常委会委员", "kind": "standing_member"},
            "seats": 1,
            "by_election": True,
            "contested": False,
        },
        201,
    )["id"]
    zhao = hall.delegates[3]
    election = Election.objects.get(pk=eid)
    post(
        chair,
        f"/api/elections/{eid}/nominations",
        {
            "person_id": zhao.pk,
            "by_presidium": True,
            "decision_id": hall.decide.nomination(election, [zhao]).pk,
        },
        201,
    )
    post(
        chair,
        f"/api/elections/{eid}/candidates",
        {"person_ids": [zhao.pk], "decision_id": hall.decide.candidates(election, [zhao]).pk},
    )
    appoint_officers(chair, hall, eid)
    post(chair, f"/api/elections/{eid}/open")
    post(chair, f"/api/elections/{eid}/close")
    post(
        chair,
        f"/api/elections/{eid}/returned",
        {"returned": 5, "scrutineer_ids": [hall.delegates[1].pk]},
    )
    return SimpleNamespace(hall=hall, chair=chair, eid=eid, zhao=zhao)


def snapshot(eid):
    election = Election.objects.get(pk=eid)
    return (
        election.state,
        election.result,
        Batch.objects.count(),
        KeyedBallot.objects.count(),
        FinalBallot.objects.count(),
        Event.objects.count(),
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("case", "status", "code", "words"),
    [
        ("write_in_not_eligible", 422, "write_in_not_eligible", "第 5 张：另选的人不是"),
        ("not_on_slate", 422, "not_on_slate", "第 2 张：选票上标记了不在候选人名单上的人"),
        ("bad_mark", 422, "bad_mark", "第 1 张：标记只能是"),
        ("too_many_ballots", 422, "too_many_ballots", "多于收回的 5 张"),
        ("short_batch", 422, "batch_size", "本批应录入 5 张选票，实际录入 4 张"),
        ("same_clerk", 409, "same_clerk", "两名不同的计票人"),
        ("entry_done", 409, "entry_done", "第一遍已经录入"),
        ("count_before_agreement", 409, "entry_incomplete", "录入完成且一致后才能计票"),
        ("declare_before_count", 409, "bad_state", "此操作只能在“已计票”时进行"),
    ],
)
def test_bad_input_is_refused_in_chinese_and_changes_nothing(counting, case, status, code, words):
    c = counting
    hall, zhao = c.hall, c.zhao
    clerk1, clerk2 = (login(clerk.user) for clerk in hall.clerks)
    batch = post(c.chair, f"/api/elections/{c.eid}/batches", {"size": 5}, 201)
    entries = f"/api/elections/batches/{batch['id']}/entries"
    ballots = [yes(zhao.pk)] * 5
    client, url, payload = clerk1, f"{entries}/1", {"ballots": ballots}
    if case == "write_in_not_eligible":  # 列席人 is no delegate: not for standing-committee seats
        payload["ballots"] = [*ballots[:4], {"marks": {}, "write_ins": [hall.guest.pk]}]
    elif case == "not_on_slate":
        payload["ballots"] = [
            ballots[0],
            {"marks": {str(hall.delegates[4].pk): "yes"}},
            *ballots[2:],
        ]
    elif case == "bad_mark":
        payload["ballots"] = [{"marks": {str(zhao.pk): "maybe"}}, *ballots[1:]]
    elif case == "too_many_ballots":
        client, url, payload = c.chair, f"/api/elections/{c.eid}/batches", {"size": 1}
    elif case == "short_batch":
        payload["ballots"] = ballots[:4]
    elif case == "same_clerk":
        post(clerk1, f"{entries}/1", {"ballots": ballots})
        url = f"{entries}/2"
    elif case == "entry_done":
        post(clerk1, f"{entries}/1", {"ballots": ballots})
        client = clerk2
    elif case == "count_before_agreement":
        post(clerk1, f"{entries}/1", {"ballots": ballots})
        post(clerk2, f"{entries}/2", {"ballots": [*ballots[:4], no(zhao.pk)]})
        client, url, payload = c.chair, f"/api/elections/{c.eid}/count", {}
    elif case == "declare_before_count":
        client, url, payload = c.chair, f"/api/elections/{c.eid}/declare", {}
    before = snapshot(c.eid)
    r = client.post(url, payload, content_type="application/json")
    assert r.status_code == status, r.content.decode()
    body = r.json()
    assert body["code"] == code and words in body["message"] and chinese(body["message"])
    assert snapshot(c.eid) == before


@pytest.mark.django_db
def test_bad_slate_and_officer_refused_in_chinese(present):
    hall = present
    chair = login(hall.officer)
    eid = post(
        chair,
        "/api/elections/",
        {"meeting_id": hall.plenary.pk, "office": {"title": "区长", "kind": "head"}, "seats": 1},
        201,
    )["id"]
    r = chair.post(
        f"/api/elections/{eid}/nominations",
        {"person_id": hall.guest.pk, "signer_ids": [d.pk for d in hall.delegates]},
        content_type="application/json",
    )
    assert r.status_code == 422 and "少于 10 人" in r.json()["message"]
    election = Election.objects.get(pk=eid)
    post(
        chair,
        f"/api/elections/{eid}/nominations",
        {
            "person_id": hall.guest.pk,
            "by_presidium": True,
            "decision_id": hall.decide.nomination(election, [hall.guest]).pk,
        },
        201,
    )
    r = chair.post(
        f"/api/elections/{eid}/officers",
        {"person_id": hall.guest.pk, "role": "clerk"},
        content_type="application/json",
    )
    assert r.status_code == 422 and r.json()["code"] == "is_candidate"
    r = chair.post(
        f"/api/elections/{eid}/candidates",
        {"person_ids": [hall.guest.pk]},
        content_type="application/json",
    )
    assert r.status_code == 422 and r.json()["message"].startswith("依照地方组织法第二十七条")
    other = hall.decide.candidates(election, [hall.delegates[0]])
    r = chair.post(
        f"/api/elections/{eid}/candidates",
        {"person_ids": [hall.guest.pk], "decision_id": other.pk},
        content_type="application/json",
    )
    assert r.status_code == 422 and r.json()["code"] == "presidium_decision_persons"
    r = chair.post(
        "/api/elections/",
        {"meeting_id": hall.plenary.pk, "office": {"title": "区长", "kind": "mayor"}, "seats": 1},
        content_type="application/json",
    )
    assert r.status_code == 422 and r.json()["code"] == "bad_kind"
    assert Election.objects.count() == 1 and Office.objects.count() == 1


def voided(c):
    """Six ballots returned of five issued, keyed and counted: the vote is void (EL 44)."""
    d = c.hall.delegates
    post(c.chair, f"/api/elections/{c.eid}/returned", {"returned": 6, "scrutineer_ids": [d[1].pk]})
    batch = post(c.chair, f"/api/elections/{c.eid}/batches", {"size": 6}, 201)
    for clerk, entry in zip(c.hall.clerks, (1, 2), strict=True):
        post(
            login(clerk.user),
            f"/api/elections/batches/{batch['id']}/entries/{entry}",
            {"ballots": [yes(c.zhao.pk)] * 6},
        )
    assert post(c.chair, f"/api/elections/{c.eid}/count")["state"] == "void"


@pytest.mark.django_db
def test_more_returned_than_issued_voids_the_vote_and_it_is_held_again(counting):
    c = counting
    voided(c)
    assert Client().get(f"/api/elections/{c.eid}/result").status_code == 409
    result = c.chair.get(f"/api/elections/{c.eid}/result").json()
    assert not result["valid"] and "选举无效，应重新投票" in result["sentences"][0]
    r = c.chair.post(f"/api/elections/{c.eid}/next-round", {}, content_type="application/json")
    assert r.status_code == 422 and r.json()["code"] == "presidium_decision_required"
    assert r.json()["message"].startswith("依照地方组织法第二十九条")
    assert not Election.objects.filter(previous_id=c.eid).exists()
    decision = c.hall.decide.next_round(Election.objects.get(pk=c.eid), [c.zhao])
    again = post(c.chair, f"/api/elections/{c.eid}/next-round", {"decision_id": decision.pk}, 201)
    assert (again["round_kind"], again["previous_id"], again["state"]) == ("again", c.eid, "draft")
    assert [n["name"] for n in again["nominations"]] == ["赵六"]


@pytest.mark.django_db
def test_the_page_arranges_the_next_round_only_on_the_presidiums_decision(counting):
    c = counting
    voided(c)
    url = f"/elections/{c.eid}/step/next_round/"
    r = c.chair.post(url, {}, follow=True)
    assert r.redirect_chain[-1][0] == f"/elections/{c.eid}/"
    assert "地方组织法第二十九条" in r.content.decode()
    assert not Election.objects.filter(previous_id=c.eid).exists()
    decision = c.hall.decide.next_round(Election.objects.get(pk=c.eid), [c.zhao])
    page = c.chair.get(f"/elections/{c.eid}/").content.decode()
    assert f'<option value="{decision.pk}">' in page
    r = c.chair.post(url, {"decision": str(decision.pk)})
    again = Election.objects.get(previous_id=c.eid)
    assert r.status_code == 302 and r.url == f"/elections/{again.pk}/"
    assert c.chair.post(f"/elections/{c.eid}/step/nonsense/").status_code == 404


@pytest.mark.django_db
def test_openapi_schema_lists_the_election_endpoints(client):
    paths = client.get("/api/openapi.json").json()["paths"]
    for path in [
        "/api/elections/",
        "/api/elections/{election_id}",
        "/api/elections/{election_id}/nominations",
        "/api/elections/{election_id}/candidates",
        "/api/elections/{election_id}/officers",
        "/api/elections/{election_id}/returned",
        "/api/elections/{election_id}/batches",
        "/api/elections/batches/{batch_id}/entries/{entry}",
        "/api/elections/batches/{batch_id}/differences",
        "/api/elections/batches/{batch_id}/resolve",
        "/api/elections/{election_id}/next-round",
        "/api/elections/{election_id}/cast",
        "/api/elections/{election_id}/result",
    ]:
        assert path in paths, path


# --- permissions --------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_delegate_cannot_drive_and_a_non_clerk_cannot_key(counting):
    c = counting
    hall = c.hall
    delegate = login(hall.delegate_user)  # 张三: a delegate, no presiding officer
    r = delegate.post(
        "/api/elections/",
        {"meeting_id": hall.plenary.pk, "office": {"title": "区长", "kind": "head"}, "seats": 1},
        content_type="application/json",
    )
    assert r.status_code == 403 and r.json()["code"] == "forbidden"
    assert not Office.objects.filter(title="区长").exists()  # the new office went with it
    for step in ("open", "close", "count", "declare", "next-round"):
        r = delegate.post(f"/api/elections/{c.eid}/{step}", {}, content_type="application/json")
        assert r.status_code == 403, step
        assert chinese(r.json()["message"])
    r = delegate.post(
        f"/api/elections/{c.eid}/batches", {"size": 1}, content_type="application/json"
    )
    assert r.status_code == 403
    batch = post(c.chair, f"/api/elections/{c.eid}/batches", {"size": 5}, 201)
    url = f"/api/elections/batches/{batch['id']}/entries/1"
    payload = {"ballots": [yes(c.zhao.pk)] * 5}
    # A scrutineer is a counting officer but no clerk: refused by the action.
    r = login(hall.chief_user).post(url, payload, content_type="application/json")
    assert r.status_code == 403 and r.json()["message"] == "只有本次选举的计票人可以录入选票。"
    # The chair drives, but does not key.
    assert c.chair.post(url, payload, content_type="application/json").status_code == 403
    # Anyone else does not see the counting room at all.
    assert delegate.post(url, payload, content_type="application/json").status_code == 404
    assert delegate.get(f"/api/elections/batches/{batch['id']}/differences").status_code == 404
    assert delegate.get(f"/elections/batches/{batch['id']}/entry/1/").status_code == 404
    assert delegate.get(f"/elections/batches/{batch['id']}/differences/").status_code == 404
    assert Client().post(url, payload, content_type="application/json").status_code == 401
    assert not KeyedBallot.objects.exists()
    # A clerk may not resolve differences: only the scrutineers (or the chair).
    clerk1, clerk2 = (login(clerk.user) for clerk in hall.clerks)
    post(clerk1, url, payload)
    post(clerk2, url[:-1] + "2", {"ballots": [*payload["ballots"][:4], no(c.zhao.pk)]})
    r = clerk1.post(
        f"/api/elections/batches/{batch['id']}/resolve",
        {"index": 5, "ballot": no(c.zhao.pk)},
        content_type="application/json",
    )
    assert r.status_code == 403 and "监票人" in r.json()["message"]
    assert FinalBallot.objects.count() == 4


@pytest.mark.django_db
def test_outsiders_get_404_in_a_closed_session(counting):
    c = counting
    hall = c.hall
    hall.session.public = False
    hall.session.save(update_fields=["public"])
    outsider = login(hall.outsider)
    for client in (outsider, Client()):
        assert client.get(f"/elections/{c.eid}/").status_code == 404
        assert client.get(f"/elections/{c.eid}/result/").status_code == 404
    assert outsider.get(f"/api/elections/{c.eid}").status_code == 404
    assert outsider.get(f"/api/elections/{c.eid}/result").status_code == 404
    assert login(hall.delegate_user).get(f"/api/elections/{c.eid}").status_code == 200


# --- electronic ballots ---------------------------------------------------------------------


def electronic_election(chair, hall, candidates, seats=1, title="区监察委员会主任"):
    """An electronic election with these candidates, fixed (the slate rules bypassed where a
    test needs more candidates than the presidium alone may nominate)."""
    office = Office.objects.create(body=hall.congress, title=title, kind="head")
    eid = post(
        chair,
        "/api/elections/",
        {
            "meeting_id": hall.plenary.pk,
            "office_id": office.pk,
            "seats": seats,
            "mode": "electronic",
        },
        201,
    )["id"]
    election = Election.objects.get(pk=eid)
    for order, person in enumerate(candidates, start=1):
        Candidate.objects.create(election=election, person=person, order=order)
    election.state = ElectionState.FIXED
    election.save(update_fields=["state"])
    return eid


def cast(client, eid, marks, token=None, ballot=None):
    """A ballot made as the delegate's device makes it, posted to the API."""
    if ballot is None:
        form = client.get(f"/api/elections/{eid}/encryption").json()
        ballot = B.encrypt_ballot(form["election"], form["voter"], [MARKS[m] for m in marks])
    r = client.post(
        f"/api/elections/{eid}/cast",
        {"ballot": ballot, "client_token": token or secrets.token_urlsafe(18)},
        content_type="application/json",
    )
    return r, ballot


MARKS = {"yes": [1, 0, 0], "no": [0, 1, 0], "abstain": [0, 0, 1]}


def cast_all(eid, people, ballots, prefix: str) -> list[str]:
    """Each person (given an account if needed) casts their marks; the receipts."""
    receipts = []
    for i, (person, marks) in enumerate(zip(people, ballots, strict=True)):
        if person.user is None:
            with_account(person, f"{prefix}{i}")
        r, _ = cast(login(person.user), eid, marks)
        assert r.status_code == 200, r.content
        receipts.append(r.json()["receipt"])
    return receipts


@pytest.mark.django_db
def test_electronic_voting_needs_the_scrutineers_key_first(present):
    hall = present
    chair = login(hall.officer)
    eid = electronic_election(chair, hall, [Person.objects.create(name="方正")])
    r = chair.post(f"/api/elections/{eid}/open")
    assert r.status_code == 409 and r.json()["code"] == "no_tally_key"
    assert "计票密钥仪式" in r.json()["message"] and "第四十条" in r.json()["message"]
    assert Election.objects.get(pk=eid).state == ElectionState.FIXED


@pytest.mark.django_db
def test_encrypted_election_from_the_device_to_the_verified_count(present, caplog):
    hall = present
    devices, trustee_clients = key_ceremony(hall)
    chair = login(hall.officer)
    fang = Person.objects.create(name="方正")
    eid = post(chair, f"/api/elections/{electronic_election(chair, hall, [fang])}/open")["id"]
    assert Client().get(f"/api/elections/{eid}").json()["encrypted"] is True
    voters = hall.delegates[:4]
    for i, person in enumerate(voters):
        if person.user is None:
            with_account(person, f"voter{i}")
    me = login(voters[0].user)
    page = me.get(f"/elections/{eid}/ballot/").content.decode()
    form = me.get(f"/api/elections/{eid}/encryption").json()
    assert f'data-voter="{form["voter"]}"' in page and 'id="election-definition"' in page
    assert f'name="mark-{fang.pk}"' in page and "不能另选他人" in page

    token = secrets.token_urlsafe(18)
    r, ballot = cast(me, eid, ["yes"], token)
    assert r.status_code == 200, r.content
    assert r.json()["receipt"] == B.tracker(ballot)
    again, _ = cast(me, eid, None, token, ballot=ballot)  # a retry: the same receipt
    assert again.status_code == 200 and again.json()["receipt"] == r.json()["receipt"]
    other, _ = cast(me, eid, ["no"])
    assert other.status_code == 409 and other.json()["message"] == "您已经投过票，不能重复投票。"

    # Refused, nothing stored, logged: another voter's ballot replayed, a broken proof, a
    # ballot for another key, plaintext, a write-in.
    second = login(voters[1].user)
    caplog.clear()
    replay, _ = cast(second, eid, None, ballot=ballot)
    assert replay.status_code == 422 and replay.json()["code"] == "ballot_wrong_voter"
    assert "另一位投票人" in replay.json()["message"]
    assert "ballot_wrong_voter" in caplog.text
    form2 = second.get(f"/api/elections/{eid}/encryption").json()
    broken = B.encrypt_ballot(form2["election"], form2["voter"], [MARKS["no"]])
    broken["answers"][0]["individual_proofs"][0][0]["response"] = "1"
    bad, _ = cast(second, eid, None, ballot=broken)
    assert bad.status_code == 422 and bad.json()["code"] == "ballot_bad_proof"
    malformed = copy.deepcopy(broken)
    malformed["answers"][0]["choices"][1]["beta"] = "00" * 32  # not a group element
    bad_point, _ = cast(second, eid, None, ballot=malformed)
    # (refused as malformed, or as a failed proof where the point is checked as it is used)
    assert bad_point.status_code == 422
    assert bad_point.json()["code"] in ("ballot_malformed", "ballot_bad_proof")
    foreign = copy.deepcopy(form2["election"])
    foreign["public_key"] = G.base_mul(12345).hex()
    stray = B.encrypt_ballot(foreign, form2["voter"], [MARKS["no"]])
    wrong, _ = cast(second, eid, None, ballot=stray)
    assert wrong.status_code == 422 and wrong.json()["code"] == "ballot_wrong_election"
    plain = second.post(
        f"/api/elections/{eid}/cast",
        {"marks": {str(fang.pk): "no"}, "client_token": secrets.token_urlsafe(18)},
        content_type="application/json",
    )
    assert plain.status_code == 422 and plain.json()["code"] == "ballot_required"
    write_in = second.post(
        f"/api/elections/{eid}/cast",
        {"ballot": broken, "write_ins": [hall.delegates[5].pk], "client_token": "x" * 20},
        content_type="application/json",
    )
    assert write_in.status_code == 422 and "纸质选票" in write_in.json()["message"]
    assert EncryptedElectionBallot.objects.filter(election_id=eid).count() == 1

    for person, mark in zip(voters[1:], ["yes", "no", "abstain"], strict=True):
        r, _ = cast(login(person.user), eid, [mark])
        assert r.status_code == 200, r.content
    assert Client().get(f"/api/elections/{eid}").json()["cast"] == 4
    stored = json.dumps(list(EncryptedElectionBallot.objects.values_list("ballot", flat=True)))
    assert "yes" not in stored and "赞成" not in stored  # ciphertexts and proofs only

    closed = post(chair, f"/api/elections/{eid}/close")
    assert closed["state"] == "closed" and closed["returned"] == 4
    assert closed["awaiting_trustees"] == ["张三", "李四", "王五"]
    waiting = chair.post(f"/api/elections/{eid}/count")
    assert (
        waiting.status_code == 409
        and "尚未解密的监票人：张三、李四、王五" in waiting.json()["message"]
    )
    # A forged partial decryption is refused and changes nothing.
    request = actions.decryption_request(Election.objects.get(pk=eid))
    forged = devices[0].partial_decryption(request.fingerprint, [G.G] * len(request.ciphertexts))
    r = trustee_clients[0].post(
        f"/api/elections/{eid}/partial-decryptions", forged, content_type="application/json"
    )
    assert r.status_code == 422 and r.json()["code"] == "bad_partial_decryption"
    after_one = decrypt(eid, devices, trustee_clients, which=(3,))
    assert after_one["state"] == "closed" and after_one["awaiting_trustees"] == ["张三", "李四"]
    counted = decrypt(eid, devices, trustee_clients, which=(1,))
    assert counted["state"] == "counted"
    election = Election.objects.get(pk=eid)
    valid = hall.decide.validity(election)
    post(chair, f"/api/elections/{eid}/declare", {"decision_id": valid.pk})
    result = Client().get(f"/api/elections/{eid}/result").json()
    assert result["returned"] == 4 and result["valid_ballots"] == 4
    assert (result["tallies"][0]["yes"], result["tallies"][0]["no"]) == (2, 1)
    assert result["tallies"][0]["abstain"] == 1
    assert result["elected"] == []  # 2 of 6 is not more than half of all delegates (LOL 29)
    events = Event.objects.filter(kind="elections.ballot_cast")
    assert events.count() == 4
    assert all(set(e.data) == {"person"} for e in events)


@pytest.mark.django_db
def test_an_overvote_cannot_be_cast_and_the_rules_run_on_the_totals(present):
    """Three candidates for two seats: a ballot with three 赞成 has no valid proof (EL 44), and
    the count (more than half of all delegates, LOL 29) runs on the decrypted totals."""
    hall = present
    devices, trustee_clients = key_ceremony(hall)
    chair = login(hall.officer)
    a, b, c = (Person.objects.create(name=n) for n in ("甲一", "乙二", "丙三"))
    eid = electronic_election(chair, hall, [a, b, c], seats=2, title="区人民政府副区长")
    post(chair, f"/api/elections/{eid}/open")
    voters = hall.delegates[:5]
    for i, person in enumerate(voters):
        if person.user is None:
            with_account(person, f"ov{i}")
    me = login(voters[0].user)
    form = me.get(f"/api/elections/{eid}/encryption").json()
    assert form["election"]["constraints"] == [
        {"choices": [[0, 0], [1, 0], [2, 0]], "min": 0, "max": 2}
    ]
    with pytest.raises(ValueError):
        B.encrypt_ballot(form["election"], form["voter"], [MARKS["yes"]] * 3)
    # The device's proofs made for a definition allowing three: refused by the server.
    loose = copy.deepcopy(form["election"])
    loose["constraints"][0]["max"] = 3
    over = B.encrypt_ballot(loose, form["voter"], [MARKS["yes"]] * 3)
    over["election"] = B.fingerprint(form["election"])
    r, _ = cast(me, eid, None, ballot=over)
    assert r.status_code == 422 and r.json()["code"] == "ballot_bad_proof"
    ballots = [
        ["yes", "yes", "no"],
        ["yes", "yes", "abstain"],
        ["yes", "no", "yes"],
        ["yes", "yes", "no"],
        ["no", "yes", "yes"],
    ]
    for person, marks in zip(voters, ballots, strict=True):
        r, _ = cast(login(person.user), eid, marks)
        assert r.status_code == 200, r.content
    post(chair, f"/api/elections/{eid}/close")
    decrypt(eid, devices, trustee_clients, which=(2, 3))
    e = Election.objects.get(pk=eid)
    tallies = {t["name"]: (t["yes"], t["no"], t["abstain"]) for t in e.result["tallies"]}
    assert tallies == {"甲一": (4, 1, 0), "乙二": (4, 1, 0), "丙三": (2, 2, 1)}
    assert e.result["elected"] == [a.pk, b.pk] and e.result["unfilled"] == 0
    assert e.result["valid_ballots"] == 5 and e.result["void_ballots"] == 0


# --- pages ---------------------------------------------------------------------------------


@pytest.mark.django_db
def test_pages_from_setup_to_the_result_report(present):
    hall = present
    chair = login(hall.officer)
    meeting = chair.get(f"/meetings/{hall.plenary.pk}/").content.decode()
    assert "安排选举" in meeting
    r = chair.post(
        f"/meetings/{hall.plenary.pk}/elections/new/",
        {"title": "区人民检察院检察长", "kind": "head", "needs_approval": "1", "seats": "1"},
    )
    election = Election.objects.get()
    assert r.status_code == 302 and r.url == f"/elections/{election.pk}/"
    assert election.office.needs_approval
    assert "区人民检察院检察长" in chair.get(f"/meetings/{hall.plenary.pk}/").content.decode()
    step = f"/elections/{election.pk}/step"
    page = chair.get(f"/elections/{election.pk}/").content.decode()
    assert "登记提名" in page and "提名中" in page
    ma, niu = (Person.objects.create(name=n) for n in ("马力", "牛犇"))
    r = chair.post(f"{step}/nominate/", {"person": ma.pk, "by": "presidium"}, follow=True)
    assert "依照地方组织法第二十六条" in r.content.decode()  # no decision of the presidium
    both = hall.decide.nomination(election, [ma, niu])
    assert both.text in chair.get(f"/elections/{election.pk}/").content.decode()  # offered
    chair.post(f"{step}/nominate/", {"person": ma.pk, "by": "presidium", "decision": both.pk})
    r = chair.post(
        f"{step}/nominate/", {"person": niu.pk, "by": "presidium", "decision": both.pk}, follow=True
    )
    assert "LOL 26" in r.content.decode()  # the presidium nominates no more than the seats
    slate = hall.decide.candidates(election, [ma])
    chair.post(f"{step}/fix/", {"person": [ma.pk], "decision": slate.pk})
    d = hall.delegates
    chair.post(f"{step}/officer/", {"person": d[1].pk, "role": "chief"})
    for clerk in hall.clerks:
        chair.post(f"{step}/officer/", {"person": clerk.pk, "role": "clerk"})
    page = chair.get(f"/elections/{election.pk}/").content.decode()
    assert "马力" in page and slate.text in page and "开始投票" in page
    chair.post(f"{step}/open/")
    chair.post(f"{step}/close/")
    chair.post(f"{step}/returned/", {"returned": "5", "scrutineers": [d[1].pk]})
    chair.post(f"{step}/batch/", {"size": "5"})
    batch = Batch.objects.get()
    election.refresh_from_db()
    assert (election.state, election.returned, election.ballots_signed_by) == (
        "closed",
        5,
        ["李四"],
    )

    # The clerk's keyboard entry: the slate's order, one line per ballot.
    clerk1, clerk2 = (login(clerk.user) for clerk in hall.clerks)
    entry = f"/elections/batches/{batch.pk}/entry"
    page = clerk1.get(f"{entry}/1/").content.decode()
    assert "马力" in page and 'data-size="5"' in page and "第一遍录入" in page
    r = clerk1.post(f"{entry}/1/", {"lines": "1\n1\n4\n1\n1\n"})
    assert r.status_code == 422
    assert "第 3 张：无法识别“4”" in r.content.decode() and "1\n1\n4" in r.content.decode()
    r = clerk1.post(f"{entry}/1/", {"lines": f"1\n1\n1\n1\n2+{d[5].pk}\n"})
    assert r.status_code == 302 and KeyedBallot.objects.filter(entry=1).count() == 5
    r = clerk1.post(f"{entry}/2/", {"lines": "1\n1\n1\n1\nx\n"})
    assert r.status_code == 409 and "两名不同的计票人" in r.content.decode()
    r = clerk2.post(f"{entry}/2/", {"lines": "1\n1\n1\n1\nx\n"}, follow=True)
    assert "两遍录入有 1 张不一致" in r.content.decode()

    # The scrutineers' differences: both entries side by side, and what the paper shows.
    chief = login(hall.chief_user)
    page = chief.get(f"/elections/batches/{batch.pk}/differences/").content.decode()
    assert f"2+{d[5].pk}" in page and "马力 反对；另选 孙八" in page and "废票" in page
    r = chief.post(f"/elections/batches/{batch.pk}/differences/", {"index": "5", "line": "x"})
    assert r.status_code == 302 and FinalBallot.objects.count() == 5
    assert (
        "没有待核定的选票"
        in chief.get(f"/elections/batches/{batch.pk}/differences/").content.decode()
    )

    assert "选举结果尚未公布" in Client().get(f"/elections/{election.pk}/result/").content.decode()
    chair.post(f"{step}/count/")
    chair.post(f"{step}/declare/", {"decision": hall.decide.validity(election).pk})
    report = Client().get(f"/elections/{election.pk}/result/").content.decode()
    assert "选举结果报告" in report
    assert "应到 6 人，发出选票 5 张，收回 5 张，有效票 4 张，无效票 1 张，选举有效。" in report
    assert "马力 得赞成票 4 票，超过全体代表 6 人的半数，当选。" in report
    assert '<td class="yes">4</td><td class="no">0</td><td class="abstain">0</td>' in report
    assert "监票人认定为废票：1" in report and "无另选他人" in report
    assert "总监票人：</span>李四" in report and "计票人：</span>计票甲" in report
    assert "由 mishu 代表主席团宣布" in report


@pytest.mark.django_db
def test_chair_pages_are_hidden_from_others(counting):
    c = counting
    hall = c.hall
    delegate = login(hall.delegate_user)
    page = delegate.get(f"/elections/{c.eid}/").content.decode()
    assert "赵六" in page and "主席团操作" not in page
    assert delegate.get(f"/meetings/{hall.plenary.pk}/elections/new/").status_code == 404
    r = delegate.post(f"/elections/{c.eid}/step/count/", follow=True)
    assert "只有主席团" in r.content.decode()
    assert Election.objects.get(pk=c.eid).state == ElectionState.CLOSED
    assert Client().post(f"/elections/{c.eid}/step/count/").status_code == 302  # to sign in


# --- the keying line format ---------------------------------------------------------------

ORDER = [11, 22, 33]


@pytest.mark.parametrize(
    ("line", "ballot"),
    [
        (
            "123",
            {"marks": {"11": "yes", "22": "no", "33": "abstain"}, "write_ins": [], "void": False},
        ),
        ("1 0", {"marks": {"11": "yes"}, "write_ins": [], "void": False}),
        ("000", {"marks": {}, "write_ins": [], "void": False}),
        ("   ", {"marks": {}, "write_ins": [], "void": False}),
        ("220+7", {"marks": {"11": "no", "22": "no"}, "write_ins": [7], "void": False}),
        ("220+7+8", {"marks": {"11": "no", "22": "no"}, "write_ins": [7, 8], "void": False}),
        ("220+7，8", {"marks": {"11": "no", "22": "no"}, "write_ins": [7, 8], "void": False}),
        ("x", {"marks": {}, "write_ins": [], "void": True}),
        ("X", {"marks": {}, "write_ins": [], "void": True}),
        (
            "１２３",
            {"marks": {"11": "yes", "22": "no", "33": "abstain"}, "write_ins": [], "void": False},
        ),
        ("2　0＋7", {"marks": {"11": "no"}, "write_ins": [7], "void": False}),
    ],
)
def test_keying_line_reads_a_ballot(line, ballot):
    assert keying.parse_line(line, ORDER) == ballot
    assert keying.parse_line(keying.format_ballot(ballot, ORDER), ORDER) == ballot


@pytest.mark.parametrize(
    ("line", "words"),
    [
        ("12", "应有 3 位标记（每位候选人一位），实际 2 位"),
        ("1234", "应有 3 位标记"),
        ("", "空行"),
        ("124", "无法识别“4”"),
        ("12a", "无法识别“a”"),
        ("123+", "“+”后应填写另选人的编号"),
        ("123+张三", "另选人编号“张三”应为数字"),
        ("x+5", "应有 3 位标记"),
    ],
)
def test_keying_line_refuses_what_is_not_a_ballot(line, words):
    with pytest.raises(keying.KeyingError) as e:
        keying.parse_line(line, ORDER)
    assert words in e.value.message and e.value.status == 422


def test_keying_batch_numbers_the_ballot_and_ignores_trailing_empty_lines():
    assert len(keying.parse_lines("1\r\n2\r\nx\r\n\r\n", [5])) == 3
    with pytest.raises(keying.KeyingError) as e:
        keying.parse_lines("1\n\n2\n", [5])
    assert e.value.message.startswith("第 2 张：空行")
    with pytest.raises(keying.KeyingError) as e:
        keying.parse_lines("1\n2\n3+x\n", [5])
    assert e.value.message == "第 3 张：另选人编号“x”应为数字。"


def test_keyed_ballot_described_for_the_scrutineers():
    names = {11: "甲", 22: "乙", 33: "丙", 7: "丁"}
    ballot = keying.parse_line("20 +7", ORDER)
    assert keying.describe(ballot, ORDER, names) == "甲 反对、乙 未划、丙 未划；另选 丁"
    assert keying.format_ballot(ballot, ORDER) == "200+7"
    assert keying.describe({"void": True}, ORDER, names) == "废票"
