"""The published OpenAPI document is correct (no schema documented under another's name),
complete (every error answer documented) and stable (the committed snapshot is current)."""

import difflib
import json

import jsonschema
import pytest

from lianghui import openapi
from lianghui.api import api


def test_no_two_schemas_share_a_name():
    clashes = openapi.clashes(api)
    assert not clashes, (
        "These OpenAPI schema names are used by two different classes, so one operation is "
        f"documented with the other's body: {', '.join(sorted(clashes))}. Rename the class in "
        "your router's module with its domain as a prefix (e.g. votes' CastIn is PollCastIn)."
    )


def test_the_committed_snapshot_is_the_generated_document():
    generated = openapi.text(api)
    committed = openapi.SNAPSHOT.read_text(encoding="utf-8")
    if generated == committed:
        return
    old, new = json.loads(committed), json.loads(generated)
    ops = {(m.upper(), p) for p, ms in new["paths"].items() for m in ms}
    was = {(m.upper(), p) for p, ms in old["paths"].items() for m in ms}
    diff = "".join(
        list(difflib.unified_diff(committed.splitlines(True), generated.splitlines(True), n=1))[:60]
    )
    pytest.fail(
        f"docs/openapi.json is out of date. If the API change is intended, run\n"
        f"    {openapi.REGENERATE}\nand commit docs/openapi.json with it.\n"
        f"Operations added: {sorted(ops - was)}\nOperations removed: {sorted(was - ops)}\n{diff}"
    )


def test_every_operation_documents_its_errors():
    schema = api.get_openapi_schema()
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            assert {"4XX", "503"} <= set(operation["responses"]), (method, path)


@pytest.mark.django_db
def test_an_error_answer_matches_the_documented_error_schema(client):
    error = api.get_openapi_schema()["components"]["schemas"]["Error"]
    for response in (client.get("/api/votes/1"), client.post("/api/votes/", {})):
        assert response.status_code in (401, 404)
        jsonschema.validate(response.json(), error)
