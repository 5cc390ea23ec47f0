"""Setting up a session through the API: every step audited, every refusal names its field."""

import json

import pytest
from django.test import Client
from django.utils import timezone

from lianghui.audit.models import Event
from lianghui.sessions.models import AgendaItem, Meeting, PresidingOfficer, Session, Term

BASE = "/api/sessions/setup"


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def send(client, method, url, data, status):
    response = getattr(client, method)(url, json.dumps(data), content_type="application/json")
    assert response.status_code == status, response.content.decode()
    return response.json() if response.content else None


def kinds():
    return list(Event.objects.order_by("id").values_list("kind", flat=True))


@pytest.fixture
def staff(hall):
    return client_for(hall.officer)


def test_a_cppcc_committee_is_set_up_from_nothing(staff, hall):
    body = send(staff, "post", f"{BASE}/bodies", {"kind": "cppcc", "name": "测试区政协"}, 201)
    term = send(
        staff,
        "post",
        f"{BASE}/terms",
        {"body_id": body["id"], "number": 15, "start": "2022-01-01"},
        201,
    )
    session = send(
        staff,
        "post",
        f"{BASE}/sessions",
        {
            "term_id": term["id"],
            "number": 3,
            "title": "政协测试区第十五届委员会第三次会议",
            "start_date": "2024-01-08",
            "end_date": "2024-01-11",
            "venue": "区会议中心",
        },
        201,
    )
    url = f"{BASE}/sessions/{session['id']}/meetings"
    plenary = send(
        staff,
        "post",
        url,
        {
            "kind": "plenary",
            "title": "第二次全体会议",
            "starts_at": "2024-01-09T09:00",
            "ends_at": "2024-01-09T11:30",
        },
        201,
    )
    assert plenary["starts_at"].endswith("+08:00")  # a time without offset is Beijing time
    send(
        staff,
        "post",
        url,
        {
            "kind": "standing",
            "title": "常委会议",
            "starts_at": "2024-01-09T14:00",
            "ends_at": "2024-01-09T15:00",
        },
        201,
    )
    speech = send(
        staff,
        "post",
        f"{BASE}/sessions/{session['id']}/items",
        {"meeting_id": plenary["id"], "title": "大会发言：民营经济", "kind": "floor_speech"},
        201,
    )
    assert speech["order"] == 1
    assert kinds() == [
        "sessions.body_created",
        "sessions.term_created",
        "sessions.session_created",
        "sessions.meeting_created",
        "sessions.meeting_created",
        "sessions.item_added",
    ]
    assert set(Event.objects.values_list("actor", flat=True)) == {hall.officer.pk}


def test_agenda_and_officers_of_a_meeting(staff, hall):
    items = f"{BASE}/sessions/{hall.session.pk}/items"
    first = AgendaItem.objects.get(meeting=hall.plenary)
    budget = send(
        staff,
        "post",
        items,
        {"meeting_id": hall.plenary.pk, "title": "预算报告", "kind": "report"},
        201,
    )
    plan = send(
        staff,
        "post",
        items,
        {
            "meeting_id": hall.plenary.pk,
            "title": "计划报告",
            "presenter_id": hall.delegates[1].pk,
            "order": 1,
        },
        201,
    )
    assert list(AgendaItem.objects.filter(meeting=hall.plenary).values_list("pk", flat=True)) == [
        plan["id"],
        first.pk,
        budget["id"],
    ]
    order = [budget["id"], first.pk, plan["id"]]
    out = send(staff, "put", f"{BASE}/meetings/{hall.plenary.pk}/agenda", {"item_ids": order}, 200)
    assert [i["id"] for i in out] == order and [i["order"] for i in out] == [1, 2, 3]
    officer = send(
        staff,
        "post",
        f"{BASE}/meetings/{hall.plenary.pk}/officers",
        {"person_id": hall.delegates[2].pk, "role": "executive_chair", "title": "区人大常委会主任"},
        201,
    )
    send(staff, "delete", f"{BASE}/officers/{officer['id']}", {}, 204)
    assert not PresidingOfficer.objects.exists()
    assert kinds() == [
        "sessions.item_added",
        "sessions.item_added",
        "sessions.agenda_reordered",
        "sessions.officer_added",
        "sessions.officer_removed",
    ]


def _refused(client, method, url, data, field):
    before = (Event.objects.count(), Meeting.objects.count(), AgendaItem.objects.count())
    body = send(client, method, url, data, 422)
    assert body["details"]["field"] == field
    after = (Event.objects.count(), Meeting.objects.count(), AgendaItem.objects.count())
    assert after == before
    return body["message"]


def test_bad_input_is_refused_naming_the_field_and_nothing_changes(staff, hall):
    meetings = f"{BASE}/sessions/{hall.session.pk}/meetings"
    # The fixture's plenary starts at 10:00 on 10 January and has no end time.
    message = _refused(
        staff,
        "post",
        meetings,
        {
            "kind": "presidium",
            "title": "主席团第一次会议",
            "starts_at": "2024-01-10T09:30",
            "ends_at": "2024-01-10T10:30",
        },
        "starts_at",
    )
    assert message.startswith("开始时间：与“第一次全体会议”") and "重叠" in message
    message = _refused(
        staff,
        "post",
        meetings,
        {
            "kind": "plenary",
            "title": "闭幕会",
            "starts_at": "2024-01-13T09:00",
            "ends_at": "2024-01-13T10:00",
        },
        "starts_at",
    )
    assert "会期（2024年1月10日至2024年1月12日）之内" in message
    other = Session.objects.create(
        term=hall.term, number=6, title="第六次会议", start_date="2025-01-10", end_date="2025-01-12"
    )
    message = _refused(
        staff,
        "post",
        f"{BASE}/sessions/{other.pk}/items",
        {"meeting_id": hall.plenary.pk, "title": "串到别的会议的议程"},
        "meeting",
    )
    assert message.startswith("所属会议：")
    _refused(
        staff,
        "post",
        f"{BASE}/sessions",
        {
            "term_id": hall.term.pk,
            "number": 5,
            "title": "重复",
            "start_date": "2024-02-01",
            "end_date": "2024-02-02",
        },
        "number",
    )
    _refused(
        staff,
        "put",
        f"{BASE}/meetings/{hall.plenary.pk}/agenda",
        {"item_ids": [999999]},
        "items",
    )


def test_only_the_secretariat_sets_up(hall):
    delegate = client_for(hall.delegate_user)
    body = send(delegate, "post", f"{BASE}/bodies", {"kind": "congress", "name": "某区人大"}, 403)
    assert body["code"] == "forbidden"
    send(
        delegate,
        "post",
        f"{BASE}/sessions/{hall.session.pk}/items",
        {"meeting_id": hall.plenary.pk, "title": "x"},
        403,
    )
    assert not Event.objects.exists()
    assert Client().post(f"{BASE}/bodies", "{}", content_type="application/json").status_code == 401


def test_a_session_cloned_from_the_last_one(staff, hall):
    send(
        staff,
        "post",
        f"{BASE}/sessions/{hall.session.pk}/meetings",
        {
            "kind": "plenary",
            "title": "闭幕大会",
            "starts_at": "2024-01-12T09:00",
            "ends_at": "2024-01-12T10:00",
        },
        201,
    )
    out = send(
        staff,
        "post",
        f"{BASE}/sessions",
        {
            "term_id": hall.term.pk,
            "number": 6,
            "title": "测试区第十七届人民代表大会第六次会议",
            "start_date": "2025-01-13",
            "end_date": "2025-01-14",
            "clone": True,
        },
        201,
    )
    # Three meetings before (10, 10 and 12 January 2024); the new session has two days, so
    # the closing meeting (third day) is left out.
    new = Session.objects.get(pk=out["id"])
    copied = list(new.meetings.order_by("starts_at"))
    assert [m.title for m in copied] == ["第一次全体会议", "东区代表团分组审议"]
    assert copied[0].local_day.isoformat() == "2025-01-13"
    assert timezone.localtime(copied[0].starts_at).hour == 10  # the same wall-clock time
    assert [i.title for i in copied[0].items.all()] == ["政府工作报告"]
    assert copied[0].items.get().presenter is None  # the skeleton: no presenters
    event = Event.objects.get(kind="sessions.session_cloned")
    assert event.data["left_out"] == ["闭幕大会"] and event.data["items"] == 1
    assert Term.objects.count() == 1


def test_a_congress_is_set_up_at_its_level_lol_47(staff):
    """The level decides what the congress elects (no 常委会秘书长 at county level, LOL 47)."""
    from lianghui.people.models import Organisation

    body = send(
        staff,
        "post",
        f"{BASE}/bodies",
        {"kind": "congress", "name": "测试市人民代表大会", "level": "city"},
        201,
    )
    assert body["level"] == "city" and Organisation.objects.get(pk=body["id"]).level == "city"
    event = Event.objects.get(kind="sessions.body_created")
    assert event.data["level"] == "city"
    default = send(staff, "post", f"{BASE}/bodies", {"kind": "congress", "name": "测试县人大"}, 201)
    assert default["level"] == "county"
    refused = send(
        staff,
        "post",
        f"{BASE}/bodies",
        {"kind": "congress", "name": "测试乡人大", "level": "township"},
        422,
    )
    assert "层级" in json.dumps(refused, ensure_ascii=False)
    assert not Organisation.objects.filter(name="测试乡人大").exists()
