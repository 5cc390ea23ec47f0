"""Every JSON answer of the API, in the tests, checked against the committed OpenAPI document.

The root conftest.py wraps Django's test client: a response to an ``/api/`` path whose body
is JSON must be documented in ``docs/openapi.json`` for its operation and status (an exact
status, else its range such as ``4XX``, else ``default``) and must validate against that
schema. A test that meets an answer the document does not describe fails with the operation,
the status and the first violation, so the published document cannot drift from what the
server answers (what schemathesis checks on the running demo, here on every API test).

Validators are compiled once per (method, path template, status) and kept; the document is
read once per process.
"""

import json
import os
import re
from datetime import datetime
from functools import cache

from jsonschema import Draft202012Validator, FormatChecker

from lianghui.openapi import SNAPSHOT

JSON_TYPES = ("application/json",)
# Formats are checked too (jsonschema only annotates them by default): "date" by jsonschema,
# "date-time" here (jsonschema's own needs a package the project does not use).
FORMATS = FormatChecker()


@FORMATS.checks("date-time", raises=ValueError)
def _date_time(value) -> bool:
    if not isinstance(value, str):
        return True
    # RFC 3339: a date, "T", a time and an offset; Python reads the rest.
    return "T" in value.upper() and datetime.fromisoformat(value).tzinfo is not None


class UndocumentedResponse(AssertionError):
    pass


@cache
def document() -> dict:
    return json.loads(SNAPSHOT.read_text(encoding="utf-8"))


@cache
def _templates(method: str) -> list[tuple[re.Pattern, str]]:
    """The document's paths that have this method, most literal first (``/proposals/desk``
    before ``/proposals/{filing_id}``)."""
    out = []
    for path, operations in document()["paths"].items():
        if method in operations:
            pattern = re.sub(r"\\\{\w+\\\}", "[^/]+", re.escape(path))
            out.append((path.count("{"), -len(path), re.compile(f"^{pattern}$"), path))
    out.sort(key=lambda t: t[:2])
    return [(pattern, path) for *_, pattern, path in out]


def template_for(method: str, path: str) -> str | None:
    for pattern, template in _templates(method):
        if pattern.match(path):
            return template
    return None


@cache
def validator(method: str, template: str, status: str):
    """The compiled validator of one documented answer; None when the document gives it no
    JSON schema; raises UndocumentedResponse when the status is not documented at all."""
    responses = document()["paths"][template][method]["responses"]
    for key in (status, f"{status[0]}XX", "default"):
        if key in responses:
            break
    else:
        raise UndocumentedResponse(
            f"{method.upper()} {template} answered {status}, which docs/openapi.json does "
            f"not document (documented: {', '.join(sorted(responses))})"
        )
    schema = responses[key].get("content", {}).get("application/json", {}).get("schema")
    if schema is None:
        return None
    # The components travel with the schema, so that "#/components/schemas/X" resolves.
    return Draft202012Validator(
        {**schema, "components": document()["components"]}, format_checker=FORMATS
    )


def check(method: str, path: str, response) -> None:
    """Raise UndocumentedResponse if this answer to an /api/ request is not as documented."""
    method = method.lower()
    template = template_for(method, path)
    if template is None:
        return  # not an operation (the interactive docs, an unknown path)
    content_type = response.get("Content-Type", "").split(";")[0].strip()
    if content_type not in JSON_TYPES or getattr(response, "streaming", False):
        return
    found = validator(method, template, str(response.status_code))
    if found is None:
        return
    body = json.loads(response.content)
    error = next(iter(sorted(found.iter_errors(body), key=lambda e: e.path)), None)
    if error is not None:
        where = "/".join(str(p) for p in error.absolute_path) or "(the body)"
        raise UndocumentedResponse(
            f"{method.upper()} {path} ({template}) answered {response.status_code} with a body "
            f"that docs/openapi.json does not describe: at {where}: {error.message}"
        )


def install() -> None:
    """Wrap Django's test client (every test's, for the whole run) so that each answer to an
    /api/ path is checked. LIANGHUI_CHECK_API_RESPONSES=0 turns it off (to time its cost)."""
    from django.test.client import Client

    if os.environ.get("LIANGHUI_CHECK_API_RESPONSES", "1") == "0" or hasattr(Client, "_unchecked"):
        return
    unchecked = Client.request

    def request(self, **environ):
        response = unchecked(self, **environ)
        path = environ.get("PATH_INFO", "")
        if path.startswith("/api/"):
            check(environ.get("REQUEST_METHOD", "GET"), path, response)
        return response

    Client._unchecked = unchecked
    Client.request = request
