"""An interpellation answered at the plenary, and a question asked in a group, in the
session's chronicle and its open-data export (validated against the published schema)."""

import datetime as dt

from django.utils import timezone

from lianghui.deliberation import actions as deliberation
from lianghui.deliberation import questions
from lianghui.interpellation import actions

# The hall's congress grown for interpellations, on a day it sits (fixtures).
from lianghui.interpellation.tests.conftest import congress, in_session  # noqa: F401
from lianghui.records import chronicle
from lianghui.records.opendata import export_session
from lianghui.records.tests.test_opendata import validate
from lianghui.sessions.models import AgendaItem


def test_answered_interpellations_and_questions_appear_where_they_happen(congress):  # noqa: F811
    hall, officer = congress, congress.officer
    item = actions.file(
        hall.session,
        hall.delegates[:10],
        target_kind="department",
        target="测试区生态环境局",
        subject="关于河道黑臭治理进度的质询",
        questions="治理进度为何滞后？",
        actor=officer,
    )
    actions.refer(
        item, form="plenary", meeting=hall.plenary, decision_id=hall.decide(), actor=officer
    )
    actions.answer(item, answered_by="局长周某", text="已制定整改计划。", actor=officer)
    actions.respond(item, hall.delegates[0], satisfied=False, opinion="", actor=officer)
    AgendaItem.objects.create(
        meeting=hall.group, order=1, kind="deliberation", title="审议政府工作报告"
    )
    record = deliberation.open_record(hall.group, officer)
    asked = questions.ask(record, hall.delegates[1], "区教育局", "托育园建设进度如何？", officer)
    questions.answer(asked, "区教育局副局长王某", "年内新建三所。", officer)

    later = timezone.now() + dt.timedelta(days=3650)
    text = chronicle.draft(hall.session, now=later).text
    assert (
        "测试区生态环境局局长周某就代表10人联名提出的质询案“关于河道黑臭治理进度的质询”作了答复"
        in text
    )
    assert "李四代表向区教育局提出询问，区教育局副局长王某作了说明" in text

    data = export_session(hall.session, now=later)
    validate(data)
    (exported,) = data["interpellations"]
    assert exported["target"] == "测试区生态环境局" and len(exported["filer_ids"]) == 10
    (answer,) = exported["answers"]
    assert answer["event_id"] == f"event/{hall.plenary.pk}"
    assert (answer["satisfied"], answer["unsatisfied"]) == (0, 1)
    persons = {p["id"] for p in data["persons"]}
    assert set(exported["filer_ids"]) <= persons
