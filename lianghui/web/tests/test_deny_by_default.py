"""Deny by default, proven: every page and every API operation, called by each member of the
cast, is refused unless the table in access_table.py lets that member in.

The operations are found, not listed: every URL pattern of the site (Django's resolver) and
every operation of the OpenAPI document. A new one without an entry fails this test with the
line to add (the roles that got in, as observed), so that whoever adds a page or an endpoint
states who may use it, and a reviewer sees it.

The cast: anonymous, a delegate (人大代表), a CPPCC member (政协委员), a handling unit's clerk
(承办单位经办人), a signed-in person with no role, the secretariat (会务组, of every body), and
the secretariat of another body (a SecretariatSeat on a third body). The last must get in
exactly where the person with no role does: a body's secretariat is nobody in another body's
sessions, meetings, votes, elections, proposals and people.

Each call runs in a savepoint that is rolled back, so one role's write never changes what
the next one meets. "Refused" means 401, 403, 404 or 405, or (pages) a redirect to sign in;
anything else means the role got past the gate (a 409 or 422 from an action is past it).
A POST to the API sends a body built from the operation's own schema, so that a refusal is
the gate's and not the body's.
"""

import re

import pytest
from django.contrib import messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client
from django.urls import URLResolver, get_resolver

from lianghui.api import api
from lianghui.people.models import Membership, Organisation, OrgKind, SecretariatSeat
from lianghui.proposals.tests.conftest import desk  # noqa: F401 (a fixture)
from lianghui.sessions.models import AgendaItem
from lianghui.web.tests.access_table import ACCESS, ROLES, describe

ANON, DELEGATE, MEMBER, CLERK, OUTSIDER, SECRETARIAT, OTHER_SECRETARIAT = ROLES
SKIPPED_PREFIXES = ("api/", "admin/", "i18n/", "static/", "media/")
LOGIN_PATHS = ("/accounts/login/", "/signin/")


def site_patterns(patterns=None, prefix="", namespace=None):
    """(route, "namespace:name") of every page URL pattern."""
    for p in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(p, URLResolver):
            ns = ":".join(filter(None, [namespace, p.namespace])) or None
            yield from site_patterns(p.url_patterns, prefix + str(p.pattern), ns)
        elif not (prefix + str(p.pattern)).startswith(SKIPPED_PREFIXES):
            yield prefix + str(p.pattern), ":".join(filter(None, [namespace, p.name]))


def api_operations():
    schema = api.get_openapi_schema()
    for path, methods in schema["paths"].items():
        for method, operation in methods.items():
            yield method.upper(), path, operation, schema


def all_keys() -> dict[str, tuple]:
    keys = {}
    for route, name in site_patterns():
        keys[f"page {name}"] = ("page", route)
    for method, path, operation, schema in api_operations():
        keys[f"{method} {path}"] = ("api", method, path, operation, schema)
    return keys


# --- the world the calls meet --------------------------------------------------------------


@pytest.fixture
def world(desk):  # noqa: F811
    d = desk
    hall = d.hall
    officer = Client()
    officer.force_login(hall.officer)
    poll = officer.post(
        "/api/votes/",
        {"meeting_id": hall.plenary.pk, "question": "表决通过会议议程"},
        content_type="application/json",
    )
    election = officer.post(
        "/api/elections/",
        {"meeting_id": hall.plenary.pk, "office": {"title": "区长"}, "seats": 1},
        content_type="application/json",
    )
    member = Client()
    member.force_login(d.member_users[0])
    filing = member.post(
        "/api/proposals/",
        {
            "kind": "proposal",
            "body_id": d.cppcc.pk,
            "title": "关于公交线路的提案",
            "filer_type": "member",
            "text": "建议增开公交线路。",
            "subject": "交通",
        },
        content_type="application/json",
    )
    for made in (poll, election, filing):
        assert made.status_code == 201, made.content.decode()
    from lianghui.halls.actions import create_from_blocks
    from lianghui.halls.layout_rules import BlockSpec

    seating = create_from_blocks("会址", "会场", [BlockSpec("中区", 2, 3, 0, 0)], hall.officer)
    # An interpellation, a recall and a resignation of the session, stored as they are (the
    # rules they were filed under are not what this test is about: the gates are).
    from lianghui.interpellation.models import Interpellation
    from lianghui.recall.models import Recall, Resignation

    oversight = {"session": hall.session, "person": hall.delegates[2], "title": "区长"}
    interpellation = Interpellation.objects.create(
        session=hall.session,
        number=1,
        target_kind="court",
        target="区法院",
        subject="质询",
        questions="内容",
    )
    recall = Recall.objects.create(
        **oversight, post="gov_leader", proposer="presidium", reasons="理由"
    )
    resignation = Resignation.objects.create(**oversight, post="gov_leader", letter="请求辞职。")
    ids = {
        "hall": seating.pk,
        "meeting": hall.plenary.pk,
        "group_meeting": hall.group.pk,
        "session": hall.session.pk,
        "person": hall.delegates[1].pk,
        "body": hall.congress.pk,
        "term": hall.term.pk,
        "membership": Membership.objects.filter(person=hall.delegates[1]).first().pk,
        "item": AgendaItem.objects.filter(meeting=hall.plenary).first().pk,
        "poll": poll.json().get("id", 0) if poll.status_code == 201 else 0,
        "election": election.json().get("id", 0) if election.status_code == 201 else 0,
        "filing": filing.json().get("id", 0) if filing.status_code == 201 else 0,
        "interpellation": interpellation.pk,
        "recall": recall.pk,
        "resignation": resignation.pk,
    }
    other_body = Organisation.objects.create(kind=OrgKind.CONGRESS, name="另一区人民代表大会")
    other_secretariat = type(hall.officer).objects.create_user("other-mishu")
    SecretariatSeat.objects.create(user=other_secretariat, body=other_body)
    users = {
        OTHER_SECRETARIAT: other_secretariat,
        DELEGATE: hall.delegate_user,
        MEMBER: d.member_users[1],
        CLERK: d.clerks[0],
        OUTSIDER: hall.outsider,
        SECRETARIAT: hall.officer,
    }
    return ids, users


# Which object a path parameter names: by the parameter's name, else by the route before it.
BY_NAME = {
    "meeting_id": "meeting",
    "session_id": "session",
    "poll_id": "poll",
    "election_id": "election",
    "filing_id": "filing",
    "person_id": "person",
    "person_pk": "person",
    "body_id": "body",
    "item_id": "item",
    # Named, never a guessed 1: PostgreSQL's sequences are not rolled back between tests,
    # so an id that exists on SQLite names nothing there.
    "term_id": "term",
    "membership_id": "membership",
    "organisation_id": "body",
    "into_id": "filing",
    "interpellation_id": "interpellation",
    "recall_id": "recall",
    "resignation_id": "resignation",
    "hall_id": "hall",
}
BY_ROUTE = [
    (r"^deliberations/", "group_meeting"),
    (r"meetings/$|^meetings/", "meeting"),
    (r"^(setup/)?sessions/", "session"),
    (r"^votes/", "poll"),
    (r"^elections/", "election"),
    (r"^proposals/settings/", "body"),
    (r"^proposals/", "filing"),
    (r"^people/", "person"),
    (r"^halls/", "hall"),
    (r"^hall/", "meeting"),
    (r"^interpellations/", "interpellation"),
    (r"^recalls/", "recall"),
    (r"^resignations/", "resignation"),
]


def value_for(name: str, before: str, ids: dict):
    if name in BY_NAME:
        return ids[BY_NAME[name]]
    for pattern, kind in BY_ROUTE:
        if re.search(pattern, before):
            return ids[kind]
    return 1


def page_url(route: str, ids: dict) -> str:
    out, pos = "", 0
    for m in re.finditer(r"<(?:(\w+):)?(\w+)>", route):
        out += route[pos : m.start()]
        converter, name = m.group(1) or "str", m.group(2)
        out += str(value_for(name, out, ids)) if converter == "int" else "x"
        pos = m.end()
    return "/" + out + route[pos:]


def api_url(path: str, ids: dict) -> str:
    def fill(m):
        return str(value_for(m.group(1), path[: m.start()].removeprefix("/api/"), ids))

    return re.sub(r"\{(\w+)\}", fill, path)


def body_for(operation: dict, schema: dict, ids: dict):
    content = operation.get("requestBody", {}).get("content", {})
    if "application/json" in content:
        return "application/json", example(content["application/json"]["schema"], schema, ids)
    if content:  # multipart: form fields and a small PDF for each file
        media = next(iter(content.values()))
        fields = example(media["schema"], schema, ids)
        return None, {k: v for k, v in fields.items() if not isinstance(v, dict | list)}
    return None, None


def a_file():
    return SimpleUploadedFile("a.pdf", b"%PDF-1.4\n%%EOF\n", content_type="application/pdf")


def example(node: dict, schema: dict, ids: dict, name: str = ""):
    """A value the schema accepts, with ids of the world's objects for *_id fields."""
    if "$ref" in node:
        return example(schema["components"]["schemas"][node["$ref"].split("/")[-1]], schema, ids)
    for key in ("anyOf", "oneOf", "allOf"):
        if key in node:
            options = [o for o in node[key] if o.get("type") != "null"]
            return example(options[0], schema, ids, name) if options else None
    if "enum" in node:
        return node["enum"][0]
    kind = node.get("type")
    if kind == "object" or "properties" in node:
        return {
            prop: example(sub, schema, ids, prop)
            for prop, sub in node.get("properties", {}).items()
            if prop in node.get("required", [])
        }
    if kind == "array":
        return []
    if kind == "integer":
        return value_for(name, "", ids) if name.endswith("_id") else 1
    if kind == "number":
        return 1
    if kind == "boolean":
        return False
    if node.get("format") == "binary":
        return a_file()
    if node.get("format") in ("date", "date-time"):
        return "2024-01-10" if node["format"] == "date" else "2024-01-10T10:00:00+08:00"
    return "x"


# --- calling -------------------------------------------------------------------------------


def refused(response, page: bool) -> bool:
    if response.status_code in (401, 403, 404, 405):
        return True
    if not page or response.status_code != 302:
        return False
    # A page refuses by sending the reader to sign in, or back with an error message.
    queued = getattr(getattr(response.wsgi_request, "_messages", None), "_queued_messages", [])
    errors = [m for m in queued if m.level >= messages.ERROR]
    return response.get("Location", "").startswith(LOGIN_PATHS) or bool(errors)


def gets_in(client, target: tuple, ids: dict) -> tuple[bool, str]:
    """Whether this client gets past the gate of the operation (any method, for a page), and
    the statuses it was answered."""
    with transaction.atomic():
        if target[0] == "page":
            url = page_url(target[1], ids)
            answers = [client.get(url), client.post(url, {})]
            result = not all(refused(r, page=True) for r in answers)
        else:
            _, method, path, operation, schema = target
            content_type, body = body_for(operation, schema, ids)
            call = getattr(client, method.lower())
            url = api_url(path, ids)
            if content_type:
                response = call(url, body, content_type=content_type)
            elif body is not None:
                response = call(url, body)
            else:
                response = call(url)
            answers = [response]
            result = not refused(response, page=False)
        transaction.set_rollback(True)
    return result, "/".join(str(r.status_code) for r in answers)


@pytest.mark.django_db
def test_every_page_and_operation_is_refused_unless_the_table_lets_the_role_in(world):
    ids, users = world

    def signed_in_clients():
        # Each from an address of its own: the sign-in pages' guessing throttle counts
        # failures per address, and one address for the whole cast would reach it.
        clients = {
            role: Client(raise_request_exception=False, REMOTE_ADDR=f"10.9.0.{i}")
            for i, role in enumerate(ROLES, start=1)
        }
        for role, user in users.items():
            clients[role].force_login(user)
        return clients

    clients = signed_in_clients()
    keys = all_keys()
    missing, wrong = [], []
    for key, target in sorted(keys.items()):
        # Signing out ends the client's session (its cookie, not only the rolled-back row):
        # called with clients of its own, so that the pages after it are called signed in.
        callers = signed_in_clients() if key == "page web:logout" else clients
        answers = {role: gets_in(callers[role], target, ids) for role in ROLES}
        observed = tuple(role for role in ROLES if answers[role][0])
        statuses = " ".join(f"{role} {answers[role][1]}" for role in ROLES)
        if answers[OTHER_SECRETARIAT][0] != answers[OUTSIDER][0]:
            wrong.append(
                f"{key}: the secretariat of another body is not treated as no_role ({statuses})"
            )
        if key not in ACCESS:
            missing.append(f"    {key!r}: {describe(observed)},  # {statuses}")
        elif set(ACCESS[key]) != set(observed):
            wrong.append(
                f"{key}: table lets in {describe(ACCESS[key])}, observed {describe(observed)}"
                f" ({statuses})"
            )
    stale = sorted(set(ACCESS) - set(keys))
    problems = []
    if missing:
        problems.append(
            "New pages or API operations have no entry in lianghui/web/tests/access_table.py. "
            "Check who got in (observed below) is who should, then add to ACCESS:\n"
            + "\n".join(missing)
        )
    if wrong:
        problems.append(
            "These let in other roles than the table says (fix the gate, or the entry if the "
            "change is intended):\n" + "\n".join(wrong)
        )
    if stale:
        problems.append(f"Remove these entries, their operations are gone: {stale}")
    assert not problems, "\n\n".join(problems)
    assert len(keys) * len(ROLES) >= 1000  # the table's size: operations x roles
