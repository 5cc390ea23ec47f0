"""The demo's sessions as open data: valid against the JSON Schema, every reference resolves,
the seed's votes and elections are there with their counts, and no secret vote names anyone."""

import json

import jsonschema
import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from lianghui.records.api import session_schema
from lianghui.records.opendata import export_session
from lianghui.sessions.models import Session
from lianghui.votes.models import Poll, SecretBallot, Voter

# Marked so that pytest-django creates the test database; the demo is loaded once (conftest).
pytestmark = pytest.mark.django_db

CONGRESS = "徐汇区第十七届人民代表大会第五次会议"
CPPCC = "政协徐汇区第十五届委员会第四次会议"


def validate(data: dict) -> None:
    validator = jsonschema.Draft202012Validator(
        session_schema(), format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )
    errors = sorted(validator.iter_errors(data), key=lambda e: list(e.absolute_path))
    assert not errors, [f"{list(e.absolute_path)}: {e.message}" for e in errors[:5]]


@pytest.fixture(scope="module")
def exports(demo):
    return {title: export_session(Session.objects.get(title=title)) for title in (CONGRESS, CPPCC)}


def test_schema_is_a_valid_json_schema():
    jsonschema.Draft202012Validator.check_schema(session_schema())


@pytest.mark.parametrize("title", [CONGRESS, CPPCC])
def test_demo_export_validates_against_the_schema(exports, title):
    data = exports[title]
    validate(data)
    # Through JSON and back, as a reader gets it.
    validate(json.loads(json.dumps(data, ensure_ascii=False)))


@pytest.mark.parametrize("title", [CONGRESS, CPPCC])
def test_every_reference_resolves(exports, title):
    data = exports[title]
    persons = {p["id"] for p in data["persons"]}
    orgs = {o["id"] for o in data["organizations"]}
    events = {e["id"] for e in data["events"]}
    posts = {p["id"] for p in data["posts"]}
    votes = {v["id"] for v in data["vote_events"]}
    elections = {e["id"] for e in data["elections"]}
    assert len(persons) == len(data["persons"])  # each person once
    assert data["legislative_session"]["organization_id"] in orgs
    for m in data["memberships"]:
        assert m["person_id"] in persons and m["organization_id"] in orgs
    for o in data["organizations"]:
        assert o["parent_id"] is None or o["parent_id"] in orgs
    known = {"person": persons, "organization": orgs, "vote_event": votes, "election": elections}
    for e in data["events"]:
        for entity in e["participants"] + [r for i in e["agenda"] for r in i["related_entities"]]:
            assert entity["entity_id"] in known[entity["entity_type"]], entity
    for v in data["vote_events"]:
        assert v["event_id"] in events and v["organization_id"] in orgs
        for vote in v.get("votes", []):
            assert vote["voter_id"] in persons
    for e in data["elections"]:
        assert e["event_id"] in events and e["post_id"] in posts
        assert {t["person_id"] for t in e["tallies"]} <= persons
        assert set(e["elected"]) <= persons


def test_congress_export_has_the_seed(exports):
    data = exports[CONGRESS]
    s = data["legislative_session"]
    assert (s["name"], s["identifier"], s["start_date"], s["end_date"]) == (
        CONGRESS,
        "17-5",
        "2024-01-10",
        "2024-01-12",
    )
    kinds = {o["classification"] for o in data["organizations"]}
    assert kinds == {"congress", "standing", "presidium", "delegation", "committee"}
    assert sum(o["classification"] == "delegation" for o in data["organizations"]) == 13
    assert "会务组" not in {o["name"] for o in data["organizations"]}
    assert sum(m["role"] == "delegate" for m in data["memberships"]) == 300
    assert not any(m["role"] == "staff" for m in data["memberships"])

    events = {e["name"]: e for e in data["events"]}
    assert list(events) == [
        "预备会议",
        "第一次全体会议",
        "徐家汇代表团分组审议",
        "天平代表团分组审议",
        "第二次全体会议",
        # The presidium meets before the third plenary (nominations, candidate lists) and on
        # the rostrum after its counts (validity): invented meetings, the seed names none.
        "大会主席团第三次会议",
        "第三次全体会议",
        "大会主席团第四次会议",
    ]
    assert events["第一次全体会议"]["start_date"] == "2024-01-10T10:00:00+08:00"
    closing = events["第三次全体会议"]
    chairs = [p["name"] for p in closing["participants"] if p["note"] == "executive_chair"]
    assert chairs == ["曹立强", "李新华", "沈权", "徐国文", "陈奇忠", "卢鉴", "朱伟红", "赵允"]
    report = events["第一次全体会议"]["agenda"][0]
    assert report["description"] == "政府工作报告"
    assert [(r["name"], r["note"]) for r in report["related_entities"]] == [("钟晓咏", "presenter")]
    host = events["徐家汇代表团分组审议"]["participants"][0]
    assert (host["entity_type"], host["name"], host["note"]) == (
        "organization",
        "徐家汇代表团",
        "host",
    )

    votes = {v["motion_text"]: v for v in data["vote_events"]}
    assert set(votes) == {
        "选举大会主席团和秘书长",
        "通过会议议程",
        "表决通过大会补选和通过人选办法",
        "表决通过徐颖为城市建设环境保护委员会主任委员",
        "表决通过各项决议",
        # The presidium's decisions behind the elections, votes of its own meetings.
        "决定提名麦珏为区人民法院院长候选人",
        "决定麦珏为区人民法院院长正式候选人，提请大会选举",
        "决定区人民法院院长的选举结果为有效",
        "决定提名张岚、张剑、徐颖为区人大常委会委员补选候选人",
        "决定张岚、张剑、徐颖为区人大常委会委员补选正式候选人（等额补选），提请大会选举",
        "决定区人大常委会委员补选的选举结果为有效",
    }
    for v in votes.values():
        poll = Poll.objects.get(pk=int(v["id"].split("/")[1]))
        counts = {c["option"]: c["value"] for c in v["counts"]}
        assert (counts["yes"], counts["no"], counts["abstain"]) == (poll.yes, poll.no, poll.abstain)
        assert v["result"] == "pass" and v["secret"] == poll.secret

    elections = {e["tallies"][0]["name"]: e for e in data["elections"]}
    court, standing = elections["麦珏"], elections["张岚"]
    names = {p["id"]: p["name"] for p in data["persons"]}
    assert [names[p] for p in court["elected"]] == ["麦珏"]
    assert sorted(names[p] for p in standing["elected"]) == sorted(["张岚", "张剑", "徐颖"])
    assert standing["by_election"] and standing["seats"] == 3
    posts = {p["id"]: p["label"] for p in data["posts"]}
    assert posts[court["post_id"]] == "区人民法院院长"
    assert posts[standing["post_id"]] == "区人大常委会委员"


def test_no_secret_vote_names_anyone(exports):
    data = exports[CONGRESS]
    secret = [v for v in data["vote_events"] if v["secret"]]
    assert len(secret) == 3  # the three electronic votes of the plenaries
    for v in secret:
        assert "votes" not in v
    # Nor does anything of the secret ballots or of who voted appear anywhere in the export.
    text = json.dumps(data, ensure_ascii=False)
    for receipt in SecretBallot.objects.values_list("receipt", flat=True):
        assert receipt not in text
    for voter_id in Voter.objects.values_list("id", flat=True):
        assert str(voter_id) not in text
    assert "token" not in text and "receipt" not in text


def test_persons_carry_no_private_details(exports):
    for data in exports.values():
        for p in data["persons"]:
            assert set(p) <= {"id", "name", "gender", "summary", "extras"}


def test_export_reads_a_fixed_number_of_queries(demo):
    session = Session.objects.get(title=CONGRESS)
    with CaptureQueriesContext(connection) as queries:
        export_session(session)
    # 10 for the session, 1 for the audit head, and up to 7 for interpellations (with their
    # filers, answers and responses), recalls (with their signers) and resignations.
    assert len(queries.captured_queries) <= 18


def test_api_serves_the_export_and_its_schema(exports):
    session = Session.objects.get(title=CONGRESS)
    c = Client()  # anonymous: the session is public
    response = c.get(f"/api/records/sessions/{session.pk}/opendata")
    assert response.status_code == 200
    validate(response.json())
    assert response.json()["legislative_session"]["name"] == CONGRESS
    assert c.get("/api/records/opendata/schema").json() == session_schema()
