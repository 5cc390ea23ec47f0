"""The check every API test runs (tests/openapi_responses.py): it holds the server's JSON
answers to docs/openapi.json, and it is switched on for the test client."""

import pytest
from django.http import JsonResponse
from django.test import Client

from tests import openapi_responses
from tests.openapi_responses import UndocumentedResponse, check, template_for


def test_the_test_client_is_checked():
    assert hasattr(Client, "_unchecked"), "conftest.py no longer installs the check"


def test_a_path_finds_its_most_literal_operation():
    assert template_for("get", "/api/proposals/desk") == "/api/proposals/desk"
    assert template_for("get", "/api/proposals/12") == "/api/proposals/{filing_id}"
    assert template_for("post", "/api/votes/7/close") == "/api/votes/{poll_id}/close"
    assert template_for("get", "/api/docs") is None


def test_an_answer_outside_the_document_fails():
    # A session without its documented fields.
    with pytest.raises(UndocumentedResponse, match=r"/api/sessions/\{session_id\}.*200"):
        check("GET", "/api/sessions/3", JsonResponse({"id": "three"}))
    # An error without its message.
    with pytest.raises(UndocumentedResponse, match="message"):
        check("GET", "/api/sessions/3", JsonResponse({"code": "not_found"}, status=404))
    # Formats count: a date-time needs its offset (RFC 3339).
    assert openapi_responses.FORMATS.conforms("2024-01-10T10:00:00+08:00", "date-time")
    assert not openapi_responses.FORMATS.conforms("2024-01-10 10:00", "date-time")
    assert not openapi_responses.FORMATS.conforms("2024-01-10T10:00:00", "date-time")
    # A status the operation does not document.
    with pytest.raises(UndocumentedResponse, match="does not document"):
        check("GET", "/api/sessions/3", JsonResponse({}, status=302))
    # Documented answers pass; a non-JSON answer is not the check's.
    check(
        "GET", "/api/sessions/3", JsonResponse({"code": "not_found", "message": "无"}, status=404)
    )
    check("GET", "/api/sessions/3", JsonResponse({}, status=302, content_type="text/html"))


@pytest.mark.django_db
def test_a_real_answer_is_checked_through_the_client(hall, monkeypatch):
    seen = []
    real = openapi_responses.check
    monkeypatch.setattr(openapi_responses, "check", lambda *a: seen.append(a[:2]) or real(*a))
    path = f"/api/sessions/{hall.session.pk}"
    answer = Client().get(path)
    assert answer.status_code == 200
    assert seen == [("GET", path)]
    # The same answer with a date written otherwise is refused.
    body = answer.json()
    body["start_date"] = "2024年1月10日"
    with pytest.raises(UndocumentedResponse, match="start_date"):
        real("GET", path, JsonResponse(body))
