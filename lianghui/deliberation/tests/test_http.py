"""Deliberation and oath through HTTP: the pages and the API, for each member of the cast."""

import pytest
from django.test import Client
from django.urls import reverse

from conftest import PASSWORD
from lianghui.deliberation import actions
from lianghui.deliberation.models import Speech
from lianghui.elections.models import Election, Office

pytestmark = pytest.mark.django_db

ANON, SECRETARIAT, CONVENER, RECORDER, MEMBER, OTHER_DELEGATION, OUTSIDER = (
    "anonymous",
    "secretariat",
    "convener",
    "recorder",
    "member",
    "other delegation",
    "outsider",
)
CAST = (ANON, SECRETARIAT, CONVENER, RECORDER, MEMBER, OTHER_DELEGATION, OUTSIDER)


def login(user) -> Client:
    c = Client()
    assert c.login(username=user.username, password=PASSWORD)
    return c


def client_for(hall, who) -> Client:
    user = {
        SECRETARIAT: hall.officer,
        CONVENER: hall.conv_user,
        RECORDER: hall.rec_user,
        MEMBER: hall.delegate_user,
        OTHER_DELEGATION: hall.west_user,
        OUTSIDER: hall.outsider,
    }.get(who)
    return login(user) if user else Client()


@pytest.fixture
def recorded(group):
    hall = group
    hall.record = actions.open_record(hall.group, hall.officer, recorder=hall.recorder)
    hall.speech = actions.add_speech(
        hall.record, hall.delegates[0], "教育事业发展", "建议扩大托育供给。", hall.officer
    )
    hall.opinion = actions.add_opinion(hall.speech, "建议新建社区托育园。", hall.officer)
    return hall


# (who: page status, API read status, API write status)
EXPECTED = {
    ANON: (302, 401, 401),
    SECRETARIAT: (200, 200, 201),
    CONVENER: (200, 200, 201),
    RECORDER: (200, 200, 201),
    MEMBER: (200, 200, 403),  # a delegate of the delegation reads
    OTHER_DELEGATION: (404, 404, 404),  # for anyone else the record does not exist
    OUTSIDER: (404, 404, 404),
}


@pytest.mark.parametrize("who", CAST)
def test_record_for_each_member_of_the_cast(recorded, who):
    hall = recorded
    m = hall.group.pk
    c = client_for(hall, who)
    page, read, write = EXPECTED[who]
    for url in (
        reverse("deliberation:record", args=[m]),
        reverse("deliberation:minutes", args=[m]),
        reverse("deliberation:minutes_pdf", args=[m]),
    ):
        assert c.get(url).status_code == page, url
    assert c.get(f"/api/deliberation/meetings/{m}/record").status_code == read
    assert c.get(f"/api/deliberation/meetings/{m}/speeches").status_code == read
    r = c.post(
        f"/api/deliberation/meetings/{m}/speeches",
        {"speaker_id": hall.delegates[1].pk, "topic": "城市更新"},
        content_type="application/json",
    )
    assert r.status_code == write, r.content
    posted = c.post(
        reverse("deliberation:add_speech", args=[m]),
        {"speaker": hall.delegates[2].pk, "topic": "医疗卫生"},
    )
    assert posted.status_code in (302, 404)
    topics = list(Speech.objects.filter(deliberation=hall.record).values_list("topic", flat=True))
    assert ("医疗卫生" in topics) == (write == 201)
    if who in (OTHER_DELEGATION, OUTSIDER):
        assert posted.status_code == 404


def test_the_recorder_enters_a_speech_with_htmx(recorded):
    hall = recorded
    c = login(hall.rec_user)
    page = c.get(reverse("deliberation:record", args=[hall.group.pk])).content.decode()
    assert 'id="speech-form"' in page and "审议政府工作报告" in page
    # The form lists the delegation's members and the leader attending, nobody else.
    assert "张三" in page and "列席人" in page and "赵六" not in page
    r = c.post(
        reverse("deliberation:add_speech", args=[hall.group.pk]),
        {"speaker": hall.delegates[2].pk, "topic": "城市更新", "summary": "建议做好安置。"},
        HTTP_HX_REQUEST="true",
    )
    assert r.status_code == 200
    html = r.content.decode()
    assert html.startswith('<section id="speeches-panel">') and "<html" not in html
    assert html.index("教育事业发展") < html.index("城市更新")
    refused = c.post(
        reverse("deliberation:add_speech", args=[hall.group.pk]),
        {"speaker": hall.delegates[4].pk, "topic": "外团发言"},
        HTTP_HX_REQUEST="true",
    )
    assert "不是东区代表团成员" in refused.content.decode()
    assert 'value="外团发言"' in refused.content.decode()  # what was typed is kept
    opinion = c.post(
        reverse("deliberation:add_opinion", args=[hall.speech.pk]),
        {"text": "建议增加学位。"},
        HTTP_HX_REQUEST="true",
    )
    assert "建议增加学位。" in opinion.content.decode()


def test_the_api_reads_and_writes_the_record(recorded, unwired):
    hall = recorded
    c = login(hall.conv_user)
    m = hall.group.pk
    record = c.get(f"/api/deliberation/meetings/{m}/record").json()
    assert record["group"] == "东区代表团" and record["item"] == "审议政府工作报告"
    assert record["convener"]["name"] == "李四" and record["recorder"]["name"] == "记录员"
    assert record["attending"] == [
        {"person_id": hall.guest.pk, "name": "列席人", "title": "区长", "member": False}
    ]
    (speech,) = record["speeches"]
    assert speech["opinions"][0]["text"] == "建议新建社区托育园。"
    added = c.post(
        f"/api/deliberation/meetings/{m}/speeches",
        {"speaker_id": hall.guest.pk, "topic": "四方面工作", "summary": "一是……"},
        content_type="application/json",
    ).json()
    assert added["order"] == 2 and added["attending_leader"] is True
    edited = c.patch(
        f"/api/deliberation/speeches/{added['id']}",
        {"topic": "重点抓好四方面工作"},
        content_type="application/json",
    ).json()
    assert edited["topic"] == "重点抓好四方面工作" and edited["summary"] == "一是……"
    op = c.post(
        f"/api/deliberation/speeches/{speech['id']}/opinions",
        {"text": "建议延长课后服务。"},
        content_type="application/json",
    )
    assert op.status_code == 201 and op.json()["state"] == "recorded"
    assert len(c.get(f"/api/deliberation/meetings/{m}/opinions").json()) == 2
    refused = c.post(f"/api/deliberation/opinions/{op.json()['id']}/route")
    assert refused.status_code == 409 and refused.json()["code"] == "routing_unavailable"
    roles = c.post(
        f"/api/deliberation/meetings/{m}/record/roles",
        {"recorder_id": None},
        content_type="application/json",
    ).json()
    assert roles["recorder"] is None and roles["convener"]["name"] == "李四"
    final = c.post(f"/api/deliberation/meetings/{m}/record/finalise").json()
    assert final["state"] == "final" and final["finalised_at"]
    late = c.post(
        f"/api/deliberation/meetings/{m}/speeches",
        {"speaker_id": hall.delegates[0].pk, "topic": "再发言"},
        content_type="application/json",
    )
    assert late.status_code == 409 and late.json()["code"] == "record_final"


def test_opening_a_record_from_the_page(group):
    hall = group
    c = login(hall.conv_user)
    url = reverse("deliberation:record", args=[hall.group.pk])
    button = '<button class="primary">建立审议记录</button>'
    assert button in c.get(url).content.decode()
    member_page = login(hall.delegate_user).get(url)
    assert member_page.status_code == 200 and button not in member_page.content.decode()
    r = c.post(reverse("deliberation:open", args=[hall.group.pk]))
    assert r.status_code == 302
    assert 'id="speech-form"' in c.get(url).content.decode()
    # A plenary has no deliberation page.
    plenary = reverse("deliberation:record", args=[hall.plenary.pk])
    assert login(hall.officer).get(plenary).status_code == 404


def test_the_oath_through_the_api_and_the_page(group):
    hall = group
    office = Office.objects.create(
        body=hall.congress, title="区人大常委会委员", kind="standing_member"
    )
    election = Election.objects.create(
        meeting=hall.plenary,
        office=office,
        seats=2,
        state="published",
        result={"elected": [hall.delegates[1].pk, hall.delegates[2].pk]},
    )
    procurator_office = Office.objects.create(
        body=hall.congress, title="区人民检察院检察长", kind="head", needs_approval=True
    )
    procurator = Election.objects.create(
        meeting=hall.plenary,
        office=procurator_office,
        seats=1,
        state="published",
        result={"elected": [hall.delegates[5].pk]},
    )
    chair = login(hall.officer)
    assert Client().get(reverse("deliberation:oath", args=[hall.plenary.pk])).status_code == 404
    page = chair.get(reverse("deliberation:oath", args=[hall.plenary.pk])).content.decode()
    assert "安排宪法宣誓仪式" in page
    assert (
        login(hall.delegate_user)
        .post(
            "/api/deliberation/oath",
            {"meeting_id": hall.plenary.pk},
            content_type="application/json",
        )
        .status_code
        == 403
    )
    r = chair.post(
        "/api/deliberation/oath", {"meeting_id": hall.plenary.pk}, content_type="application/json"
    )
    assert r.status_code == 201, r.content
    ceremony = r.json()
    assert ceremony["oath_text"].startswith("我宣誓：忠于中华人民共和国宪法")
    ids = []
    for person in hall.delegates[1:3]:
        t = chair.post(
            f"/api/deliberation/oath/{ceremony['id']}/takers",
            {"person_id": person.pk, "election_id": election.pk},
            content_type="application/json",
        )
        assert t.status_code == 201, t.content
        ids.append(t.json()["id"])
    refused = chair.post(
        f"/api/deliberation/oath/{ceremony['id']}/takers",
        {"person_id": hall.delegates[5].pk, "election_id": procurator.pk},
        content_type="application/json",
    )
    assert refused.status_code == 422 and refused.json()["code"] == "after_approval"
    assert "第四条第四款" in refused.json()["message"]
    batch = chair.post(
        f"/api/deliberation/oath/{ceremony['id']}/batches",
        {"form": "collective", "taker_ids": ids, "leader_id": hall.delegates[1].pk},
        content_type="application/json",
    )
    assert batch.status_code == 201 and batch.json()["takers"] == ["李四", "王五"]
    taken = chair.post(f"/api/deliberation/oath/batches/{batch.json()['id']}/taken")
    assert taken.status_code == 200 and taken.json()["taken_at"]

    # Public: anyone may read the ceremony and its page.
    public = Client().get(f"/api/deliberation/meetings/{hall.plenary.pk}/oath").json()
    assert [t["person"]["name"] for t in public["takers"]] == ["李四", "王五"]
    assert public["batches"][0]["leader"]["name"] == "李四" and public["held_at"]
    page = Client().get(reverse("deliberation:oath", args=[hall.plenary.pk])).content.decode()
    assert "我宣誓：忠于中华人民共和国宪法" in page and "李四" in page and "集体宣誓" in page
    chair_page = chair.get(reverse("deliberation:oath", args=[hall.plenary.pk])).content.decode()
    assert "第四条第四款" in chair_page  # the 检察长 candidate, with the reason he swears later


def test_the_oath_page_forms(group):
    hall = group
    office = Office.objects.create(body=hall.congress, title="区长", kind="head")
    election = Election.objects.create(
        meeting=hall.plenary,
        office=office,
        seats=1,
        state="published",
        result={"elected": [hall.delegates[0].pk]},
    )
    chair = login(hall.officer)
    base = f"/meetings/{hall.plenary.pk}/oath/"
    assert chair.post(base + "create/", {"emblem": "emblem"}).status_code == 302
    chair.post(base + "taker/", {"person": hall.delegates[0].pk, "election": election.pk})
    page = chair.get(base).content.decode()
    assert "区长" in page and "国徽" in page
    taker = hall.plenary.oath_ceremony.takers.get()
    chair.post(base + "batch/", {"takers": [taker.pk], "form": "individual"})
    batch = hall.plenary.oath_ceremony.batches.get()
    chair.post(base + "taken/", {"batch": batch.pk})
    batch.refresh_from_db()
    assert batch.taken_at is not None
    assert login(hall.delegate_user).post(base + "create/").status_code == 302  # refused, shown


def test_openapi_schema_lists_the_deliberation_endpoints(client):
    paths = client.get("/api/openapi.json").json()["paths"]
    for path in [
        "/api/deliberation/meetings/{meeting_id}/record",
        "/api/deliberation/meetings/{meeting_id}/record/roles",
        "/api/deliberation/meetings/{meeting_id}/record/summary",
        "/api/deliberation/meetings/{meeting_id}/record/finalise",
        "/api/deliberation/meetings/{meeting_id}/speeches",
        "/api/deliberation/speeches/{speech_id}",
        "/api/deliberation/meetings/{meeting_id}/opinions",
        "/api/deliberation/speeches/{speech_id}/opinions",
        "/api/deliberation/opinions/{opinion_id}/route",
        "/api/deliberation/oath",
        "/api/deliberation/oath/{ceremony_id}",
        "/api/deliberation/meetings/{meeting_id}/oath",
        "/api/deliberation/oath/{ceremony_id}/takers",
        "/api/deliberation/oath/{ceremony_id}/batches",
        "/api/deliberation/oath/batches/{batch_id}/taken",
    ]:
        assert path in paths, path
    created = paths["/api/deliberation/meetings/{meeting_id}/speeches"]["post"]["responses"]
    assert "201" in created


def test_the_record_page_costs_the_same_with_more_speeches(recorded):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    hall = recorded
    c = login(hall.rec_user)
    url = reverse("deliberation:record", args=[hall.group.pk])
    c.get(url)
    with CaptureQueriesContext(connection) as few:
        assert c.get(url).status_code == 200
    for i in range(6):
        speech = actions.add_speech(
            hall.record, hall.delegates[i % 3], f"议题{i}", "", hall.officer
        )
        actions.add_opinion(speech, f"意见{i}", hall.officer)
    with CaptureQueriesContext(connection) as many:
        assert c.get(url).status_code == 200
    assert len(many) == len(few), [q["sql"] for q in many.captured_queries]
