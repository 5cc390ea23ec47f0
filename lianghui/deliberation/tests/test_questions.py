"""Questions during deliberation (询问, LOL 23; DL 19): rules at each boundary, the HTTP API and
the recorder's page; refused input is a Chinese 4xx naming the article and stores nothing."""

import pytest
from django.test import Client

from lianghui.audit.models import Event
from lianghui.deliberation import actions, rules
from lianghui.deliberation.models import Question


def refusal(**kw):
    given = dict(congress=True, asker_is_member=True, under_review=True, unit="区教育局", text="?")
    return rules.question_refusal(**{**given, **kw})


def test_a_delegate_of_the_group_asks_an_organ_while_a_report_is_under_review():
    assert refusal() is None


@pytest.mark.parametrize(
    "change,words",
    [
        ({"congress": False}, "人民代表大会代表"),
        ({"under_review": False}, "审议的事项"),
        ({"asker_is_member": False}, "参加本组审议的代表"),
        ({"unit": " "}, "被询问的机关"),
        ({"text": ""}, "询问的内容"),
    ],
)
def test_each_refusal(change, words):
    message = refusal(**change)
    assert words in message
    if "text" not in change:
        assert "地方组织法第二十三条" in message


def test_the_answer_names_who_explained_or_who_agreed_to_wait():
    assert "地方组织法第二十三条" in rules.answer_refusal(" ", "说明", deferred=False)
    assert rules.answer_refusal("区教育局副局长 王某", "", deferred=False) is not None
    assert rules.answer_refusal("区教育局副局长 王某", "已说明。", deferred=False) is None
    assert rules.answer_refusal("东区代表团同意", "", deferred=True) is None


@pytest.fixture
def opened(group):
    group.record = actions.open_record(group.group, group.officer, recorder=group.recorder)
    group.office = Client()
    group.office.force_login(group.officer)
    return group


def post(client, url, body):
    return client.post(url, body, content_type="application/json")


def test_the_api_records_a_question_and_its_answer(opened):
    hall, m = opened, opened.group.pk
    url = f"/api/deliberation/meetings/{m}/record/questions"
    body = {"asker_id": hall.delegates[0].pk, "unit": "区教育局", "text": "托育园建设进度如何？"}
    r = post(hall.office, url, body)
    assert r.status_code == 201 and r.json()["order"] == 1
    # 赵六 is of 西区代表团, not of this group.
    r = post(hall.office, url, {**body, "asker_id": hall.delegates[3].pk})
    assert r.status_code == 422 and "地方组织法第二十三条" in r.json()["message"]
    assert Question.objects.count() == 1
    qid = Question.objects.get().pk
    r = post(hall.office, f"/api/deliberation/questions/{qid}/answer", {"answered_by": ""})
    assert r.status_code == 422
    r = post(
        hall.office,
        f"/api/deliberation/questions/{qid}/answer",
        {"answered_by": "区教育局副局长 王某", "text": "年内新建三所。"},
    )
    assert r.status_code == 200 and r.json()["answered_at"]
    record = hall.office.get(f"/api/deliberation/meetings/{m}/record").json()
    assert record["questions"][0]["answer"] == "年内新建三所。"
    kinds = set(
        Event.objects.filter(kind__startswith="deliberation.question").values_list(
            "kind", flat=True
        )
    )
    assert kinds == {"deliberation.question_asked", "deliberation.question_answered"}
    # Someone outside the delegation may not record, nor see it.
    west = Client()
    west.force_login(hall.west_user)
    assert post(west, url, body).status_code in (403, 404)


def test_no_question_without_an_item_under_review(opened):
    opened.record.item = None
    opened.record.save(update_fields=["item"])
    r = post(
        opened.office,
        f"/api/deliberation/meetings/{opened.group.pk}/record/questions",
        {"asker_id": opened.delegates[0].pk, "unit": "区教育局", "text": "？"},
    )
    assert r.status_code == 422 and "审议的事项" in r.json()["message"]


def test_the_recorders_page_records_a_deferred_answer(opened):
    hall, m = opened, opened.group.pk
    hall.office.post(
        f"/deliberations/{m}/questions/",
        {"asker": hall.delegates[1].pk, "unit": "区住房保障局", "text": "旧改资金缺口多大？"},
    )
    q = Question.objects.get()
    hall.office.post(
        f"/deliberations/questions/{q.pk}/answer/",
        {"answered_by": "东区代表团同意会后答复", "deferred": "1"},
    )
    q.refresh_from_db()
    assert q.deferred and q.answered_at
    page = hall.office.get(f"/deliberations/{m}/").content.decode()
    assert "旧改资金缺口多大" in page and "会后答复" in page
    minutes = hall.office.get(f"/deliberations/{m}/record/").content.decode()
    assert "旧改资金缺口多大" in minutes
