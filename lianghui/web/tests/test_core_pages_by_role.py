"""The core pages and endpoints of a sitting day (home, the session, the meeting and its
quorum, a delegate's own page and badge, the people list, the check-in desk, the admin, and
their API counterparts): the exact answer each of four roles gets (200, the sign-in redirect,
401, 403 or 404), a private session hidden from outsiders; what the session and meeting
pages show; and their query counts, which do not grow with the roster. Whether each role
gets into every page and endpoint at all, found from the URL patterns and the OpenAPI
document, is test_deny_by_default.py's table."""

import pytest
from django.test import Client
from django.urls import reverse

from conftest import PASSWORD

ANON, DELEGATE, OUTSIDER, SECRETARIAT = "anonymous", "delegate", "outsider", "secretariat"


def client_for(hall, who) -> Client:
    client = Client()
    user = {DELEGATE: hall.delegate_user, OUTSIDER: hall.outsider, SECRETARIAT: hall.officer}.get(
        who
    )
    if user is not None:
        assert client.login(username=user.username, password=PASSWORD)
    return client


def pages(hall):
    m, s = hall.plenary.pk, hall.session.pk
    return [
        # (url, {who: expected status}); 302 = sent to sign in
        (reverse("web:home"), {ANON: 200, DELEGATE: 200, OUTSIDER: 200, SECRETARIAT: 200}),
        (
            reverse("sessions:session", args=[s]),
            {ANON: 200, DELEGATE: 200, OUTSIDER: 200, SECRETARIAT: 200},
        ),
        (
            reverse("sessions:meeting", args=[m]),
            {ANON: 200, DELEGATE: 200, OUTSIDER: 200, SECRETARIAT: 200},
        ),
        (
            reverse("sessions:quorum", args=[m]),
            {ANON: 200, DELEGATE: 200, OUTSIDER: 200, SECRETARIAT: 200},
        ),
        (reverse("people:me"), {ANON: 302, DELEGATE: 200, OUTSIDER: 404, SECRETARIAT: 404}),
        (
            reverse("attendance:my_badge"),
            {ANON: 302, DELEGATE: 200, OUTSIDER: 404, SECRETARIAT: 404},
        ),
        (reverse("people:list"), {ANON: 302, DELEGATE: 404, OUTSIDER: 404, SECRETARIAT: 200}),
        (
            reverse("attendance:desk", args=[m]),
            {ANON: 302, DELEGATE: 404, OUTSIDER: 404, SECRETARIAT: 200},
        ),
        (reverse("admin:index"), {ANON: 302, DELEGATE: 302, OUTSIDER: 302, SECRETARIAT: 200}),
        ("/api/sessions/", {ANON: 200, DELEGATE: 200, OUTSIDER: 200, SECRETARIAT: 200}),
        (
            f"/api/sessions/{s}/meetings",
            {ANON: 200, DELEGATE: 200, OUTSIDER: 200, SECRETARIAT: 200},
        ),
        (
            f"/api/attendance/meetings/{m}/quorum",
            {ANON: 200, DELEGATE: 200, OUTSIDER: 200, SECRETARIAT: 200},
        ),
        (
            f"/api/attendance/meetings/{m}/checkins",
            {ANON: 401, DELEGATE: 404, OUTSIDER: 404, SECRETARIAT: 200},
        ),
        ("/api/people/", {ANON: 401, DELEGATE: 403, OUTSIDER: 403, SECRETARIAT: 200}),
        ("/api/people/me", {ANON: 401, DELEGATE: 200, OUTSIDER: 404, SECRETARIAT: 404}),
    ]


@pytest.mark.django_db
@pytest.mark.parametrize("who", [ANON, DELEGATE, OUTSIDER, SECRETARIAT])
def test_each_page_for_each_role(hall, who):
    hall.officer.person = None
    client = client_for(hall, who)
    failures = []
    for url, expected in pages(hall):
        status = client.get(url).status_code
        if status != expected[who]:
            failures.append(f"{url}: {status} != {expected[who]}")
    assert not failures, failures


@pytest.mark.django_db
def test_private_session_is_hidden_from_outsiders(hall):
    hall.session.public = False
    hall.session.save(update_fields=["public"])
    url = reverse("sessions:session", args=[hall.session.pk])
    assert client_for(hall, ANON).get(url).status_code == 404
    assert client_for(hall, OUTSIDER).get(url).status_code == 404
    assert client_for(hall, DELEGATE).get(url).status_code == 200
    assert client_for(hall, ANON).get("/api/sessions/").json() == []


@pytest.mark.django_db
def test_session_page_shows_the_title_and_meetings(hall):
    html = (
        client_for(hall, ANON)
        .get(reverse("sessions:session", args=[hall.session.pk]))
        .content.decode()
    )
    assert "测试区第十七届人民代表大会第五次会议" in html
    assert "第一次全体会议" in html and "政府工作报告" in html


@pytest.mark.django_db
def test_meeting_page_shows_live_quorum(hall):
    html = (
        client_for(hall, ANON)
        .get(reverse("sessions:meeting", args=[hall.plenary.pk]))
        .content.decode()
    )
    assert "应到" in html and "未达到法定人数" in html


@pytest.mark.django_db
def test_meeting_page_query_count_is_fixed(hall, django_assert_max_num_queries):
    client = client_for(hall, SECRETARIAT)
    url = reverse("sessions:meeting", args=[hall.plenary.pk])
    client.get(url)
    with django_assert_max_num_queries(14):
        assert client.get(url).status_code == 200


@pytest.mark.django_db
def test_page_query_counts_do_not_grow_with_the_roster(hall):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from lianghui.attendance.models import CheckIn
    from lianghui.people.models import Membership, Person, Role

    officer, delegate = client_for(hall, SECRETARIAT), client_for(hall, DELEGATE)
    urls = [
        (officer, reverse("sessions:meeting", args=[hall.plenary.pk])),
        (officer, reverse("attendance:desk", args=[hall.plenary.pk])),
        (delegate, reverse("people:me")),
        (officer, reverse("sessions:session", args=[hall.session.pk])),
    ]

    def counts():
        result = []
        for client, url in urls:
            client.get(url)
            with CaptureQueriesContext(connection) as ctx:
                assert client.get(url).status_code == 200
            result.append(len(ctx.captured_queries))
        return result

    small = counts()
    for i in range(40):
        person = Person.objects.create(name=f"新代表{i}")
        Membership.objects.create(person=person, organisation=hall.congress, role=Role.DELEGATE)
        Membership.objects.create(person=person, organisation=hall.east, role=Role.GROUP_MEMBER)
        CheckIn.objects.create(
            meeting=hall.plenary, person=person, capacity="voting", method="desk"
        )
    assert counts() == small
