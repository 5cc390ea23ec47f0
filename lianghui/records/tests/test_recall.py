"""A recall carried at the plenary in the chronicle (as the vote it was) and in open data."""

import datetime as dt

from django.utils import timezone

from lianghui.recall import actions

# The hall's congress grown for recalls, on a day it sits (fixtures).
from lianghui.recall.tests.conftest import congress, in_session  # noqa: F401
from lianghui.records import chronicle
from lianghui.records.opendata import export_session
from lianghui.records.tests.test_opendata import validate
from lianghui.votes import actions as votes


def test_a_carried_recall_and_a_pending_resignation(congress):  # noqa: F811
    hall, officer = congress, congress.officer
    recall = actions.propose_recall(
        hall.session,
        hall.head,
        post="gov_leader",
        title="测试区区长",
        reasons="严重失职。",
        proposer="delegates",
        signers=hall.delegates[:3],
        membership_id=hall.head_post.pk,
        actor=officer,
    )
    actions.record_defence(recall, form="declined", text="", meeting=None, actor=officer)
    recall = actions.put_to_vote(
        recall, meeting=hall.plenary, decision_id=hall.decide(), mode="paper", actor=officer
    )
    poll, _ = votes.open_poll(recall.poll, officer)
    votes.enter_counts(poll, 15, 6, 0, officer)
    actions.conclude(recall, officer)
    actions.submit_resignation(
        hall.session,
        hall.head,
        post="gov_leader",
        title="测试区区长",
        letter="请求辞职。",
        actor=officer,
    )

    later = timezone.now() + dt.timedelta(days=3650)
    text = chronicle.draft(hall.session, now=later).text
    assert "表决通过了关于罢免周区长的测试区区长职务的议案" in text

    data = export_session(hall.session, now=later)
    validate(data)
    (exported,) = data["recalls"]
    assert exported["state"] == "carried" and exported["vote_event_id"] == f"vote-event/{poll.pk}"
    assert exported["person_id"] in {p["id"] for p in data["persons"]}
    assert exported["vote_event_id"] in {v["id"] for v in data["vote_events"]}
    (resignation,) = data["resignations"]
    assert resignation["state"] == "proposed" and resignation["vote_event_id"] is None
