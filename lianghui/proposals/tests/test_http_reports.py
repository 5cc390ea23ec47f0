"""The API for what the pages already show: statistics, the overdue list, the secretariat's
desk, and keyword search on the filings list. The story is test_stats.year (six proposals,
three opinion reports and a congress suggestion); each call through the test client."""

import pytest
from django.test import Client

from lianghui.proposals.tests.conftest import at
from lianghui.proposals.tests.test_stats import year  # noqa: F401 (a fixture)

API = "/api/proposals"


def client(user=None) -> Client:
    c = Client()
    if user is not None:
        c.force_login(user)
    return c


def ok(response, status=200):
    assert response.status_code == status, response.content.decode()
    return response.json()


def refused(response, status: int) -> str:
    assert response.status_code == status, response.content.decode()
    return response.json()["message"]


@pytest.mark.django_db
def test_statistics_as_json(year):  # noqa: F811
    d = year
    with at("2024-09-30"):
        body = ok(client(d.officer).get(f"{API}/statistics", {"body_id": d.cppcc.pk, "year": 2024}))
    assert (body["body_id"], body["year"], body["today"]) == (d.cppcc.pk, 2024, "2024-09-30")
    assert body["received"] == 9
    kinds = {k["kind"]: k for k in body["kinds"]}
    p = kinds["proposal"]
    assert (p["received"], p["registered"], p["assigned"], p["replied"]) == (6, 3, 3, 2)
    assert (p["reply_rate"], p["reply_percent"]) == (0.6667, "66.7%")
    assert {s["state_label"]: s["count"] for s in p["states"]} == {
        "待审查": 1,
        "不予立案": 1,
        "转社情民意信息": 1,
        "办理中": 1,
        "已办结": 2,
    }
    h = body["handling"]
    assert (h["replies"], h["on_time"], h["overdue"], h["units"]) == (3, 2, 1, 3)
    assert (h["satisfied"], h["basic"], h["unsatisfied"], h["satisfaction_percent"]) == (
        1,
        1,
        1,
        "66.7%",
    )
    units = {u["name"]: u for u in body["units"]}
    assert (units["区交通委"]["lead"], units["区交通委"]["replies"]) == (2, 3)
    assert units["区住建委"]["overdue"] == 1
    by_type = {r["key"]: r["counts"] for r in body["by_filer_type"]["rows"]}
    assert by_type == {"member": {"proposal": 5, "opinion": 3}, "party": {"proposal": 1}}
    assert body["by_subject"]["total"] == 9
    assert body["opinions"]["total"]["submitted"] == 3
    assert body["opinions"]["total"]["adoption_rate"] == 0.6667
    # One kind only; a kind that does not exist; a body that does not exist.
    only = ok(client(d.officer).get(f"{API}/statistics", {"kind": "opinion", "year": 2024}))
    assert [k["kind"] for k in only["kinds"]] == ["opinion"]
    assert "类别" in refused(client(d.officer).get(f"{API}/statistics", {"kind": "x"}), 422)
    refused(client(d.officer).get(f"{API}/statistics", {"body_id": d.units[0].pk}), 404)


@pytest.mark.django_db
def test_statistics_and_the_desk_are_the_secretariats(year):  # noqa: F811
    d = year
    for user in (d.member_users[0], d.clerks[0], d.users[0], d.leader.user):
        for url in ("/statistics", "/desk"):
            assert "无权" in refused(client(user).get(f"{API}{url}"), 404)
    for url in ("/statistics", "/desk", "/overdue"):
        assert client().get(f"{API}{url}").status_code == 401


@pytest.mark.django_db
def test_the_overdue_list(year):  # noqa: F811
    d = year
    with at("2024-09-30"):
        (row,) = ok(client(d.officer).get(f"{API}/overdue"))
        assert row["what"] == "reply" and row["who"] == "区住建委"
        assert row["title"] == "关于公交线路的提案" and row["due"] == "2024-04-15"
        assert row["days_overdue"] == 168 and row["assignment_id"] == d.a["a7"].pk
        assert (row["kind"], row["year"], row["number_label"]) == ("proposal", 2024, "第 6 号")
        # A unit sees its own overdue duties only; a filer gets no list.
        assert [r["assignment_id"] for r in ok(client(d.clerks[2]).get(f"{API}/overdue"))] == [
            d.a["a7"].pk
        ]
        assert ok(client(d.clerks[0]).get(f"{API}/overdue")) == []
        refused(client(d.member_users[0]).get(f"{API}/overdue"), 404)
    with at("2024-04-15"):  # the last day: not yet overdue
        assert ok(client(d.officer).get(f"{API}/overdue")) == []


@pytest.mark.django_db
def test_the_desk_counts(year):  # noqa: F811
    d = year
    with at("2024-09-30"):
        body = ok(client(d.officer).get(f"{API}/desk"))
    # p5 and the congress's suggestion wait for review; nothing to assign or rate; p7 late.
    assert (body["to_review"], body["to_assign"], body["reassign_requests"]) == (2, 0, 0)
    assert body["extension_requests"] == 0
    assert (body["overdue"], body["awaiting_rating"], body["today"]) == (1, 0, "2024-09-30")
    states = {(s["kind"], s["state_label"]): s["count"] for s in body["states"]}
    assert states[("proposal", "已办结")] == 2 and states[("suggestion", "待受理")] == 1
    assert states[("proposal", "草稿")] == 1  # the desk counts drafts too


@pytest.mark.django_db
def test_keyword_and_filer_search_on_the_list(year):  # noqa: F811
    d = year
    officer = client(d.officer)
    body = ok(officer.get(f"{API}/", {"q": "学前教育"}))
    assert body["mode"] == "words" and body["words"] == ["学前教育"]
    assert [r["title"] for r in body["items"]] == ["关于学前教育资源的提案"]
    assert body["items"][0]["filed_by"] == "周一"
    body = ok(officer.get(f"{API}/", {"q": "教育", "kind": "proposal"}))
    assert body["count"] == 2
    # Filers: a co-signer counts, and so does part of an organisation's name.
    body = ok(officer.get(f"{API}/", {"filer_name": "吴二", "kind": "proposal"}))
    assert {r["title"] for r in body["items"]} == {"关于学前教育资源的提案", "关于旧区改造的提案"}
    body = ok(officer.get(f"{API}/", {"filer_id": d.members[1].pk, "q": "旧区"}))
    assert [r["title"] for r in body["items"]] == ["关于旧区改造的提案"]
    assert ok(officer.get(f"{API}/", {"filer_name": "民盟"}))["count"] == 1
    assert ok(officer.get(f"{API}/", {"organisation_id": d.party.pk}))["count"] == 1
    # A substring the words miss; nothing at all; without q the list is as before.
    assert ok(officer.get(f"{API}/", {"q": "不存在的词语"}))["count"] == 0
    assert ok(officer.get(f"{API}/", {"kind": "proposal"}))["mode"] == "all"
    # The search stays within what the reader may see.
    assert ok(client(d.member_users[3]).get(f"{API}/", {"q": "教育"}))["count"] == 0
    assert ok(client().get(f"{API}/", {"q": "教育"}))["count"] == 0


def test_openapi_types_the_new_endpoints(client):
    schema = client.get("/api/openapi.json").json()
    paths = schema["paths"]
    for path in ("/api/proposals/statistics", "/api/proposals/overdue", "/api/proposals/desk"):
        assert "get" in paths[path], path
    names = {p["name"] for p in paths["/api/proposals/"]["get"]["parameters"]}
    assert {"q", "filer_id", "filer_name", "organisation_id"} <= names
    for name in ("StatisticsOut", "DueOut", "DeskOut", "KindFiguresOut"):
        assert name in schema["components"]["schemas"], name
