"""Recall and resignation only while the congress is in session (LOL 31 ¶1; LOL 32 ¶1)."""

import datetime as dt

from lianghui.recall.models import Recall, Resignation
from lianghui.recall.tests.test_api import post, proposal, proposed
from lianghui.votes.models import Poll

SHANGHAI = dt.timezone(dt.timedelta(hours=8))
# The hall's session: 10–12 January 2024 (local days).
BEFORE = dt.datetime(2024, 1, 9, 23, 59, tzinfo=SHANGHAI)
OPENING = dt.datetime(2024, 1, 10, 0, 1, tzinfo=SHANGHAI)
CLOSING = dt.datetime(2024, 1, 12, 23, 59, tzinfo=SHANGHAI)
AFTER = dt.datetime(2024, 1, 13, 0, 1, tzinfo=SHANGHAI)

RESIGNATION = {
    "post": "gov_leader",
    "title": "测试区区长",
    "letter": "因工作调动，请求辞去测试区区长职务。",
}


def test_a_recall_is_proposed_from_the_opening_day_to_the_closing_day(congress, in_session):
    in_session.move_to(BEFORE)
    r = post(congress.office, "/api/recalls/", proposal(congress))
    assert r.status_code == 409 and r.json()["code"] == "not_in_session"
    message = r.json()["message"]
    assert message.startswith(
        "依照地方组织法第三十一条，提出罢免案只能在人民代表大会举行会议的时候进行"
    )
    assert "2024年1月10日至2024年1月12日" in message and "2024年1月9日尚未开幕" in message
    in_session.move_to(AFTER)
    r = post(congress.office, "/api/recalls/", proposal(congress))
    assert r.status_code == 409 and "2024年1月13日已经闭幕" in r.json()["message"]
    assert not Recall.objects.exists()
    in_session.move_to(OPENING)
    assert proposed(congress)["state"] == "proposed"
    in_session.move_to(CLOSING)
    assert proposed(congress)["state"] == "proposed"


def test_a_recall_proposed_in_session_is_not_put_to_the_vote_after_it(congress, in_session):
    pk = proposed(congress)["id"]
    post(congress.office, f"/api/recalls/{pk}/defence", {"form": "declined"})
    body = {"meeting_id": congress.plenary.pk, "decision_id": congress.decide(), "mode": "paper"}
    in_session.move_to(AFTER)
    r = post(congress.office, f"/api/recalls/{pk}/vote", body)
    assert r.status_code == 409 and r.json()["code"] == "not_in_session"
    assert "主席团将罢免案提请大会表决" in r.json()["message"]
    assert not Poll.objects.filter(question__contains="罢免").exists()
    assert Recall.objects.get(pk=pk).state == "proposed"


def test_a_resignation_goes_to_the_standing_committee_between_sessions(congress, in_session):
    body = {
        "session_id": congress.session.pk,
        "person_id": congress.head.pk,
        "membership_id": congress.head_post.pk,
        **RESIGNATION,
    }
    in_session.move_to(AFTER)
    r = post(congress.office, "/api/resignations/", body)
    assert r.status_code == 409 and "地方组织法第三十二条" in r.json()["message"]
    assert "由常务委员会决定是否接受" in r.json()["message"]
    assert not Resignation.objects.exists()
    in_session.move_to(CLOSING)
    r = post(congress.office, "/api/resignations/", body)
    assert r.status_code == 201
    pk = r.json()["id"]
    in_session.move_to(AFTER)
    vote = {
        "meeting_id": congress.plenary.pk,
        "decision_id": congress.decide(subject="resignation"),
        "mode": "hands",
    }
    r = post(congress.office, f"/api/resignations/{pk}/vote", vote)
    assert r.status_code == 409 and r.json()["code"] == "not_in_session"
    assert Resignation.objects.get(pk=pk).state == "proposed"
