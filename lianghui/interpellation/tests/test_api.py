"""Interpellations through the HTTP API: filing, referral, answers, responses, a second answer,
each refusal a Chinese 4xx naming the article and storing nothing."""

import pytest
from django.db import transaction
from django.test import Client

from lianghui.audit.models import Event
from lianghui.errors import ActionError
from lianghui.interpellation.actions import _locked_in
from lianghui.interpellation.models import Answer, Interpellation


def post(client, url, body):
    return client.post(url, body, content_type="application/json")


def filing(hall, n=10, **extra):
    return {
        "session_id": hall.session.pk,
        "filer_ids": [p.pk for p in hall.delegates[:n]],
        "target_kind": "department",
        "target": "测试区生态环境局",
        "subject": "关于河道黑臭治理进度的质询",
        "questions": "一、治理进度为何滞后？二、资金如何使用？",
        **extra,
    }


def filed(hall, n=10):
    r = post(hall.office, "/api/interpellations/", filing(hall, n))
    assert r.status_code == 201, r.content.decode()
    return r.json()


def refer(hall, pk, **extra):
    body = {"form": "presidium", "meeting_id": hall.presidium.pk, **extra}
    if "decision_id" not in body:
        body["decision_id"] = hall.decide("交区生态环境局在主席团会议上口头答复。")
    return post(hall.office, f"/api/interpellations/{pk}/refer", body)


def answer(hall, pk):
    return post(
        hall.office,
        f"/api/interpellations/{pk}/answers",
        {"answered_by": "测试区生态环境局局长 周某", "text": "已制定整改计划。"},
    )


def respond(hall, pk, person, satisfied):
    return post(
        hall.office,
        f"/api/interpellations/{pk}/responses",
        {"person_id": person.pk, "satisfied": satisfied},
    )


def test_ten_delegates_file_and_the_file_is_numbered_and_audited(congress):
    made = filed(congress)
    assert made["number"] == 1 and len(made["filers"]) == 10 and made["state"] == "filed"
    assert Event.objects.filter(kind="interpellation.filed").count() == 1
    assert filed(congress)["number"] == 2


def test_nine_delegates_are_refused_naming_lol_24_and_nothing_is_stored(congress):
    r = post(congress.office, "/api/interpellations/", filing(congress, 9))
    assert r.status_code == 422
    assert "地方组织法第二十四条" in r.json()["message"]
    assert not Interpellation.objects.exists()
    assert not Event.objects.filter(kind__startswith="interpellation").exists()


def test_a_name_twice_counts_once(congress):
    body = filing(congress, 9)
    body["filer_ids"].append(body["filer_ids"][0])
    assert post(congress.office, "/api/interpellations/", body).status_code == 422


def test_a_non_delegate_may_not_join(congress):
    body = filing(congress, 10)
    body["filer_ids"].append(congress.guest.pk)
    r = post(congress.office, "/api/interpellations/", body)
    assert r.status_code == 422 and "不是本届代表" in r.json()["message"]


def test_a_body_the_law_does_not_name_is_refused(congress):
    r = post(congress.office, "/api/interpellations/", filing(congress, target_kind="party"))
    assert r.status_code == 422 and "质询对象" in r.json()["message"]


def test_only_the_secretariat_records(congress):
    delegate = Client()
    delegate.force_login(congress.delegate_user)
    assert post(delegate, "/api/interpellations/", filing(congress)).status_code == 403
    assert Client().get(f"/api/interpellations/sessions/{congress.session.pk}").json() == []


def test_no_answer_before_the_presidium_refers_it(congress):
    pk = filed(congress)["id"]
    r = answer(congress, pk)
    assert r.status_code == 409 and "主席团" in r.json()["message"]


def test_the_referral_needs_an_adopted_decision_and_a_meeting_of_the_right_kind(congress):
    pk = filed(congress)["id"]
    r = refer(congress, pk, decision_id=None)
    assert r.status_code == 422 and "地方组织法第二十四条" in r.json()["message"]
    assert "过半数" in r.json()["message"]
    rejected = congress.decide("主席团决定交答复。", yes=2, no=2)  # half of four: not adopted
    r = refer(congress, pk, decision_id=rejected)
    assert r.status_code == 409 and "地方组织法第二十四条" in r.json()["message"]
    r = refer(congress, pk, form="plenary")  # the presidium meeting is not a plenary
    assert r.status_code == 422 and "地方组织法第二十四条" in r.json()["message"]
    assert Interpellation.objects.get(pk=pk).state == "filed"
    assert not Event.objects.filter(kind="interpellation.referred").exists()


def test_a_written_answer_has_no_meeting(congress):
    pk = filed(congress)["id"]
    made = refer(congress, pk, form="written").json()
    assert made["form"] == "written" and made["meeting_id"] is None


def test_the_whole_course_with_a_second_answer(congress):
    pk = filed(congress)["id"]
    assert refer(congress, pk).json()["state"] == "referred"
    r = post(
        congress.office, f"/api/interpellations/{pk}/answers", {"answered_by": "", "text": "x"}
    )
    assert r.status_code == 422 and "负责人" in r.json()["message"]
    assert answer(congress, pk).status_code == 201
    # A delegate who did not sign has no say.
    r = respond(congress, pk, congress.delegates[11], False)
    assert r.status_code == 422 and "代表法第二十条" in r.json()["message"]
    for person in congress.delegates[:4]:
        assert respond(congress, pk, person, False).status_code == 200
    # Four of ten are not satisfied: no second answer.
    r = refer(congress, pk)
    assert r.status_code == 409
    again = {"form": "plenary", "meeting_id": congress.plenary.pk}
    again["decision_id"] = Interpellation.objects.get(pk=pk).decision_id
    r = post(congress.office, f"/api/interpellations/{pk}/ask-again", again)
    assert r.status_code == 422 and "半数以上" in r.json()["message"]
    # The fifth: half of the ten. A delegate may change their view; it counts once.
    assert respond(congress, pk, congress.delegates[4], True).status_code == 200
    shown = respond(congress, pk, congress.delegates[4], False).json()
    assert shown["answers"][0]["unsatisfied"] == 5 and shown["may_ask_again"]
    r = post(congress.office, f"/api/interpellations/{pk}/ask-again", again)
    assert r.status_code == 422 and "另有再作答复的决定" in r.json()["message"]
    again["decision_id"] = congress.decide("主席团决定交区生态环境局在全体会议上再作答复。")
    r = post(congress.office, f"/api/interpellations/{pk}/ask-again", again)
    assert r.status_code == 200 and r.json()["state"] == "reanswer"
    assert respond(congress, pk, congress.delegates[0], True).status_code == 409
    second = answer(congress, pk).json()
    assert second["state"] == "closed" and [a["round"] for a in second["answers"]] == [1, 2]
    assert second["answers"][1]["meeting_id"] == congress.plenary.pk
    assert second["answers"][1]["decision"]["id"] == again["decision_id"]
    assert second["answers"][0]["decision"]["meeting_id"] == congress.presidium_meeting.pk
    assert respond(congress, pk, congress.delegates[0], True).json()["answers"][1]["satisfied"] == 1
    assert post(congress.office, f"/api/interpellations/{pk}/ask-again", again).status_code == 409
    assert Answer.objects.filter(interpellation_id=pk).count() == 2
    kinds = set(
        Event.objects.filter(kind__startswith="interpellation").values_list("kind", flat=True)
    )
    assert kinds == {
        "interpellation.filed",
        "interpellation.referred",
        "interpellation.answered",
        "interpellation.responded",
        "interpellation.asked_again",
    }


def test_withdrawn_only_before_the_presidium_decides(congress):
    pk = filed(congress)["id"]
    other = filed(congress)["id"]
    assert post(congress.office, f"/api/interpellations/{pk}/withdraw", {}).json()["state"] == (
        "withdrawn"
    )
    refer(congress, other)
    r = post(congress.office, f"/api/interpellations/{other}/withdraw", {})
    assert r.status_code == 409 and "第五十九条" in r.json()["message"]


def test_a_cppcc_session_has_no_interpellations(congress):
    congress.congress.kind = "cppcc"
    congress.congress.save(update_fields=["kind"])
    r = post(congress.office, "/api/interpellations/", filing(congress))
    assert r.status_code == 422


def test_a_private_session_hides_them_from_outsiders(congress):
    pk = filed(congress)["id"]
    congress.session.public = False
    congress.session.save(update_fields=["public"])
    assert Client().get(f"/api/interpellations/{pk}").status_code in (401, 404)
    member = Client()
    member.force_login(congress.delegate_user)
    assert member.get(f"/api/interpellations/{pk}").status_code == 200


def test_a_step_takes_the_interpellation_locked_only_in_the_states_it_follows(congress):
    pk = filed(congress)["id"]
    with transaction.atomic():
        assert _locked_in(pk, ("filed",), "not_filed", "x").pk == pk
    with transaction.atomic(), pytest.raises(ActionError) as e:
        _locked_in(pk, ("referred", "reanswer"), "not_referred", "须经主席团决定。")
    assert (e.value.code, e.value.status, e.value.message) == (
        "not_referred",
        409,
        "须经主席团决定。",
    )
