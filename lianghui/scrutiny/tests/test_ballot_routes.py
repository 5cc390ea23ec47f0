"""BallotRoutes on a stand-in subject (no database): the three routes sit under the path's own
id name, carry the operation ids of the module that adds them, and answer with the lookup,
output and record they are given. The vote's and the election's routes are tested through
the project's API in votes and elections."""

from types import SimpleNamespace

import pytest
from ninja import NinjaAPI, Router, Schema
from ninja.testing import TestClient

from lianghui.errors import NotFound
from lianghui.scrutiny.ballot_routes import BallotRoutes


class ThingOut(Schema):
    id: int
    answers: list[dict]


THINGS = {
    7: SimpleNamespace(pk=7, definition={"name": "甲"}, answers=[]),
    8: SimpleNamespace(pk=8, definition=None, answers=[]),
}
VOTER = SimpleNamespace(is_authenticated=True, person=SimpleNamespace(pk=3))


def _lookup(user, pk):
    if pk not in THINGS:
        raise NotFound("未找到。")
    return THINGS[pk]


def _answer(pk, user, message):
    THINGS[pk].answers.append({"user": user is VOTER, **message})
    return THINGS[pk]


def _router() -> Router:
    for thing in THINGS.values():
        thing.answers.clear()
    router = Router()
    BallotRoutes(
        id_name="thing_id",
        lookup=_lookup,
        definition=lambda thing: thing.definition,
        voter_index=lambda pk, person_pk: f"{pk}:{person_pk}",
        not_encrypted="不加密。",
        answer=_answer,
        out=lambda thing: {"id": thing.pk, "answers": thing.answers},
        out_schema=ThingOut,
        record=lambda user, thing: {"record": thing.pk, "signed_in": user is VOTER},
        encryption_summary="加密定义",
        answer_summary="部分解密",
        record_summary="公开记录",
    ).add_to(router, "lianghui.things.api")
    return router


def test_routes_take_the_paths_id_name_and_the_modules_operation_ids():
    api = NinjaAPI(urls_namespace="test-ballot-routes")
    api.add_router("/things", _router())
    paths = api.get_openapi_schema(path_prefix="/api/")["paths"]
    found = {
        (method, path): (op["operationId"], op["summary"], [p["name"] for p in op["parameters"]])
        for path, ops in paths.items()
        for method, op in ops.items()
    }
    assert found == {
        ("get", "/api/things/{thing_id}/encryption"): (
            "lianghui_things_api_encryption",
            "加密定义",
            ["thing_id"],
        ),
        ("post", "/api/things/{thing_id}/partial-decryptions"): (
            "lianghui_things_api_partial_decryption",
            "部分解密",
            ["thing_id"],
        ),
        ("get", "/api/things/{thing_id}/record"): (
            "lianghui_things_api_record",
            "公开记录",
            ["thing_id"],
        ),
    }
    assert "security" in paths["/api/things/{thing_id}/record"]["get"]  # PUBLIC, signed in or not


def test_encryption_gives_the_definition_and_the_voters_index():
    client = TestClient(_router())
    assert client.get("/7/encryption", user=VOTER).json() == {
        "election": {"name": "甲"},
        "voter": "7:3",
    }
    assert client.get("/7/encryption").json() == {"election": {"name": "甲"}, "voter": None}
    with pytest.raises(NotFound, match="不加密。"):
        client.get("/8/encryption")
    with pytest.raises(NotFound, match="未找到。"):
        client.get("/9/encryption")


def test_a_partial_decryption_is_answered_with_the_subjects_output():
    client = TestClient(_router())
    message = {"trustee": 2, "factors": [{"factor": "f", "proof": {"c": "1"}}]}
    r = client.post("/7/partial-decryptions", json=message, user=VOTER)
    assert r.status_code == 200
    assert r.json() == {"id": 7, "answers": [{"user": True, **message}]}


def test_the_record_is_the_subjects_own():
    client = TestClient(_router())
    assert client.get("/8/record", user=VOTER).json() == {"record": 8, "signed_in": True}
    with pytest.raises(NotFound):
        client.get("/9/record")
