"""The recall, resignation and interpellation pages read in English: no Chinese but what the
users stored, and no link that answers an error — crawled from the session's page, with a
recall put to the vote, a resignation, and an interpellation answered and responded to."""

from lianghui.interpellation import actions as interpellation
from lianghui.recall import actions

# The hall's congress grown for recalls, on a day it sits (fixtures).
from lianghui.recall.tests.conftest import congress, in_session  # noqa: F401
from lianghui.web.tests.test_english import crawl, english_client, user_data


def test_the_pages_in_english_for_the_secretariat_and_the_public(congress):  # noqa: F811
    hall, officer = congress, congress.officer
    recall = actions.propose_recall(
        hall.session,
        hall.head,
        post="gov_leader",
        title="测试区区长",
        reasons="严重失职。",
        proposer="delegates",
        signers=hall.delegates[:3],
        actor=officer,
    )
    actions.record_defence(recall, form="written", text="书面申辩。", meeting=None, actor=officer)
    actions.put_to_vote(recall, meeting=hall.plenary, decision_id=hall.decide(), actor=officer)
    actions.submit_resignation(
        hall.session,
        hall.head,
        post="court_president",
        title="测试区人民法院院长",
        letter="请求辞职。",
        actor=officer,
    )
    item = interpellation.file(
        hall.session,
        hall.delegates[:10],
        target_kind="court",
        target="测试区人民法院",
        subject="关于执行难的质询",
        questions="执行到位率为何下降？",
        actor=officer,
    )
    interpellation.refer(
        item,
        form="written",
        meeting=None,
        decision_id=hall.decide(subject="interpellation"),
        actor=officer,
    )
    interpellation.answer(item, answered_by="院长吴某", text="已专项整治。", actor=officer)
    interpellation.respond(item, hall.delegates[0], satisfied=False, opinion="", actor=officer)

    data = user_data()
    for signed_in in (True, False):
        client = english_client()
        if signed_in:
            client.force_login(officer)
        dead, chinese = crawl(client, f"/sessions/{hall.session.pk}/", data)
        assert not dead, dead
        assert not chinese, chinese
