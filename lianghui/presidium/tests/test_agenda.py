"""The agenda once the presidium is elected: its decisions, cited (LOL 17; 沪议事规则 14)."""

import datetime as dt
import json

import pytest
from django.test import Client

from conftest import PASSWORD, SHANGHAI
from lianghui.audit.models import Event
from lianghui.errors import ActionError
from lianghui.presidium import actions as presidium
from lianghui.sessions import setup
from lianghui.sessions.models import AgendaItem, Meeting, MeetingKind

REPORT = setup.ItemDraft(title="关于区级预算执行情况的报告", kind="report")


def refused(fn, *args, **kwargs) -> ActionError:
    with pytest.raises(ActionError) as e:
        fn(*args, **kwargs)
    return e.value


def titles(meeting):
    return list(
        AgendaItem.objects.filter(meeting=meeting).order_by("order").values_list("title", flat=True)
    )


@pytest.mark.django_db
def test_before_the_presidium_is_elected_the_secretariat_enters_the_draft(hall):
    assert not setup.agenda_decision_required(hall.plenary)
    item = setup.add_item(hall.plenary, REPORT, hall.officer)
    event = Event.objects.filter(kind="sessions.item_added").get()
    assert event.data["presidium_decision"] is None and item.order == 2


@pytest.mark.django_db
def test_once_elected_the_agenda_is_changed_only_by_the_presidiums_decision(hall, decide):
    plenary = hall.plenary
    assert setup.agenda_decision_required(plenary)
    e = refused(setup.add_item, plenary, REPORT, hall.officer)
    assert e.code == "presidium_decision_required" and e.status == 422
    assert "地方组织法第十七条和上海市人民代表大会议事规则第十四条" in e.message
    other = decide("other", "主席团的其他决定。")
    e = refused(setup.add_item, plenary, REPORT, hall.officer, decision=other.pk)
    assert e.code == "presidium_decision_subject"
    elsewhere = decide("agenda", "主席团决定分组会议议程。", meetings=[hall.group.pk])
    e = refused(setup.add_item, plenary, REPORT, hall.officer, decision=elsewhere.pk)
    assert e.code == "presidium_decision_meeting" and hall.plenary.title in e.message
    rejected = decide("agenda", "调整全体会议议程。", yes=2, no=2)  # 2 of 4: not more than half
    e = refused(setup.add_item, plenary, REPORT, hall.officer, decision=rejected.pk)
    assert e.code == "presidium_decision_not_adopted"
    assert titles(plenary) == ["政府工作报告"]
    assert not Event.objects.filter(kind__startswith="sessions.").exists()

    schedule = decide("agenda", "主席团决定会议日程。", meetings=[plenary.pk])
    item = setup.add_item(plenary, REPORT, hall.officer, decision=schedule.pk, order=1)
    assert titles(plenary) == [REPORT.title, "政府工作报告"]
    added = Event.objects.filter(kind="sessions.item_added").get()
    assert added.data["presidium_decision"] == schedule.pk
    with pytest.raises(ActionError):
        setup.update_item(item, setup.ItemDraft(title="预算报告", kind="report"), hall.officer)
    whole = decide("agenda", "主席团决定本次会议的全部日程。")  # names no meeting: all of them
    setup.update_item(
        item, setup.ItemDraft(title="预算报告", kind="report"), hall.officer, decision=whole
    )
    ids = list(
        AgendaItem.objects.filter(meeting=plenary).order_by("-order").values_list("pk", flat=True)
    )
    assert refused(setup.reorder, plenary, ids, hall.officer).code == "presidium_decision_required"
    setup.reorder(plenary, ids, hall.officer, decision=schedule.pk)
    assert titles(plenary) == ["政府工作报告", "预算报告"]
    changed = Event.objects.filter(kind="sessions.item_changed").get()
    moved = Event.objects.filter(kind="sessions.agenda_reordered").get()
    assert (changed.data["presidium_decision"], moved.data["presidium_decision"]) == (
        whole.pk,
        schedule.pk,
    )


@pytest.mark.django_db
def test_the_preparatory_and_presidium_meetings_keep_their_own_agenda(hall, decide):
    preparatory = Meeting.objects.create(
        session=hall.session,
        kind=MeetingKind.PREPARATORY,
        title="预备会议",
        starts_at=dt.datetime(2024, 1, 9, 14, 0, tzinfo=SHANGHAI),
    )
    for meeting in (preparatory, hall.presidium_meeting):
        assert not setup.agenda_decision_required(meeting)
        setup.add_item(meeting, setup.ItemDraft(title="选举主席团"), hall.officer)
    assert titles(preparatory) == ["选举主席团"]


@pytest.mark.django_db
def test_a_cppcc_session_is_not_held_to_the_congress_rule(hall):
    hall.congress.kind = "cppcc"
    hall.congress.save(update_fields=["kind"])
    for d in hall.delegates:
        d.memberships.filter(role="delegate").update(role="member")
    presidium.set_members(hall.session, [d.pk for d in hall.delegates[:3]], hall.officer)
    assert not setup.agenda_decision_required(hall.plenary)
    setup.add_item(hall.plenary, REPORT, hall.officer)
    e = refused(setup.add_item, hall.plenary, REPORT, hall.officer, decision=999)
    assert e.code == "presidium_decision_unknown" and "主席会议" in e.message


@pytest.mark.django_db
def test_the_api_and_the_pages_ask_for_the_decision(hall, decide):
    c = Client()
    assert c.login(username=hall.officer.username, password=PASSWORD)
    url = f"/api/sessions/setup/sessions/{hall.session.pk}/items"
    payload = {"meeting_id": hall.plenary.pk, "title": REPORT.title, "kind": "report"}
    r = c.post(url, json.dumps(payload), content_type="application/json")
    assert r.status_code == 422 and r.json()["code"] == "presidium_decision_required"
    schedule = decide("agenda", "主席团决定会议日程。")
    r = c.post(
        url, json.dumps(payload | {"decision_id": schedule.pk}), content_type="application/json"
    )
    assert r.status_code == 201
    ids = list(
        AgendaItem.objects.filter(meeting=hall.plenary)
        .order_by("-order")
        .values_list("pk", flat=True)
    )
    order = f"/api/sessions/setup/meetings/{hall.plenary.pk}/agenda"
    r = c.put(order, json.dumps({"item_ids": ids}), content_type="application/json")
    assert r.status_code == 422 and r.json()["code"] == "presidium_decision_required"

    page = f"/setup/meetings/{hall.plenary.pk}/"
    assert "调整议程须引用主席团关于会议日程的决定" in c.get(page).content.decode()
    first = AgendaItem.objects.filter(meeting=hall.plenary).order_by("order").first()
    r = c.post(page, {"step": "move", "item": first.pk, "direction": "down"})
    assert r.status_code == 422
    assert AgendaItem.objects.filter(meeting=hall.plenary).order_by("order").first() == first
    r = c.post(
        page, {"step": "move", "item": first.pk, "direction": "down", "decision": schedule.pk}
    )
    assert r.status_code == 302
    assert AgendaItem.objects.filter(meeting=hall.plenary).order_by("order").last() == first
