"""The chronicle's actions: generate, save an edit, publish — kept apart, audited, secretariat only."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.test.utils import CaptureQueriesContext

from lianghui.audit.log import verify_chain
from lianghui.audit.models import Event
from lianghui.deliberation import actions as deliberation
from lianghui.errors import ActionError, PermissionDenied
from lianghui.records import actions, chronicle, queries
from lianghui.records.models import ChronicleDraft, ChronicleEdit
from lianghui.sessions.models import AgendaItem, PresidingOfficer, PresidingRole, Session

pytestmark = pytest.mark.django_db


def events(kind: str) -> list[Event]:
    return list(Event.objects.filter(kind=kind).order_by("id"))


def test_generate_stores_the_draft_and_audits_it(hall):
    draft = actions.generate(hall.session, hall.officer)
    assert draft.session == hall.session and draft.generated_by == hall.officer
    assert "1 月 10 日上午 10 时，大会在会堂开幕，举行第一次全体会议" in draft.text
    assert "区长张三所作的政府工作报告" in draft.text
    assert draft.digest == actions.digest(draft.text)
    [event] = events("records.chronicle_generated")
    assert event.subject == f"records.chronicledraft:{draft.pk}"
    assert event.data == {
        "session": hall.session.pk,
        "digest": draft.digest,
        "chars": len(draft.text),
        "changed": True,
    }
    again = actions.generate(hall.session, hall.officer)
    assert again.pk != draft.pk and again.text == draft.text
    assert events("records.chronicle_generated")[-1].data["changed"] is False
    assert verify_chain().ok


def test_an_edit_is_kept_apart_from_the_generated_text(hall):
    first = actions.generate(hall.session, hall.officer)
    generated = first.text
    edited = generated.replace("大会在会堂开幕", "大会在会堂隆重开幕")
    edit = actions.save_edit(hall.session, edited, hall.officer, based_on=first)
    first.refresh_from_db()
    assert first.text == generated  # the edit did not touch the draft
    assert edit.text == edited and edit.based_on == first and not edit.published
    [event] = events("records.chronicle_edited")
    assert event.data["based_on"] == first.pk and event.data["digest"] == edit.digest

    # Generated again, unchanged: the edit stands, and it is not stale.
    actions.generate(hall.session, hall.officer)
    desk = queries.desk(hall.session)
    assert desk.edit == edit and desk.working_text == edited
    assert not desk.stale and desk.changes == []

    # The records change; generated again: the edit still stands, and the page can say the
    # generated text has changed since the edit, and how.
    AgendaItem.objects.create(
        meeting=hall.plenary,
        order=2,
        kind="report",
        title="财政预算执行情况的报告",
        presenter=hall.delegates[1],
        presenter_title="财政局局长",
    )
    newest = actions.generate(hall.session, hall.officer)
    desk = queries.desk(hall.session)
    assert desk.draft == newest and desk.edit == edit and desk.working_text == edited
    assert desk.stale
    assert any(
        line.startswith("+") and "财政局局长李四所作的财政预算执行情况的报告" in line
        for line in desk.changes
    )
    assert ChronicleDraft.objects.get(pk=first.pk).text == generated
    assert ChronicleEdit.objects.get(pk=edit.pk).text == edited

    # Saved again from the newest draft: no longer stale.
    actions.save_edit(hall.session, edited + "补记。\n", hall.officer, based_on=newest)
    assert not queries.desk(hall.session).stale


def test_publish_the_draft_as_it_stands_then_an_edit(hall):
    draft = actions.generate(hall.session, hall.officer)
    published = actions.publish(hall.session, hall.officer)
    assert published.published and published.published_at and published.published_by
    assert published.text == draft.text and published.based_on == draft
    [event] = events("records.chronicle_published")
    assert event.data["from_draft"] is True and event.data["edit"] == published.pk

    with pytest.raises(ActionError) as refused:
        actions.publish(hall.session, hall.officer)
    assert refused.value.code == "already_published"

    edit = actions.save_edit(hall.session, "标题\n\n改过的正文。", hall.officer)
    assert queries.published(hall.session) == published  # an edit is not public until published
    assert queries.desk(hall.session).unpublished
    actions.publish(hall.session, hall.officer)
    assert queries.published(hall.session) == edit
    assert queries.published(hall.session).text == "标题\n\n改过的正文。\n"
    assert not queries.desk(hall.session).unpublished


@pytest.mark.parametrize("who", ["delegate", "outsider", "anonymous"])
def test_only_the_secretariat_acts(hall, who):
    user = {"delegate": hall.delegate_user, "outsider": hall.outsider}.get(who, AnonymousUser())
    with pytest.raises(PermissionDenied):
        actions.generate(hall.session, user)
    draft = actions.generate(hall.session, hall.officer)
    with pytest.raises(PermissionDenied):
        actions.save_edit(hall.session, "标题\n\n正文", user, based_on=draft)
    with pytest.raises(PermissionDenied):
        actions.publish(hall.session, user)
    assert ChronicleEdit.objects.count() == 0
    assert not events("records.chronicle_edited") and not events("records.chronicle_published")
    assert len(events("records.chronicle_generated")) == 1


def test_refusals(hall):
    with pytest.raises(ActionError) as e:
        actions.save_edit(hall.session, "标题", hall.officer)
    assert e.value.code == "no_draft" and e.value.status == 409
    with pytest.raises(ActionError) as e:
        actions.publish(hall.session, hall.officer)
    assert e.value.code == "no_draft"
    actions.generate(hall.session, hall.officer)
    with pytest.raises(ActionError) as e:
        actions.save_edit(hall.session, "  \n ", hall.officer)
    assert e.value.code == "text_required" and e.value.status == 422
    other = Session.objects.create(
        term=hall.term,
        number=6,
        title="测试区第十七届人民代表大会第六次会议",
        start_date=hall.session.start_date.replace(year=2025),
        end_date=hall.session.end_date.replace(year=2025),
    )
    foreign = actions.generate(other, hall.officer)
    with pytest.raises(ActionError) as e:
        actions.save_edit(hall.session, "标题", hall.officer, based_on=foreign)
    assert e.value.code == "bad_draft"


def test_draft_reads_a_fixed_number_of_queries(hall):
    """However many meetings, speeches and takers: the same queries (as many as for the demo)."""
    PresidingOfficer.objects.create(
        meeting=hall.group, person=hall.guest, role=PresidingRole.ATTENDING, title="区长"
    )
    record = deliberation.open_record(hall.group, hall.officer)
    for i, person in enumerate(hall.delegates[:3]):
        deliberation.add_speech(record, person, f"主题{i}", "", hall.officer)
    with CaptureQueriesContext(connection) as few:
        chronicle.draft(hall.session)
    for i, person in enumerate(hall.delegates[:3]):
        deliberation.add_speech(record, person, f"又一主题{i}", "", hall.officer)
    AgendaItem.objects.create(meeting=hall.plenary, order=2, kind="report", title="另一报告")
    with CaptureQueriesContext(connection) as more:
        text = chronicle.draft(hall.session).text
    assert len(more.captured_queries) == len(few.captured_queries) <= 11
    assert "列席人参加东区代表团分组审议" in "".join(text.split())
