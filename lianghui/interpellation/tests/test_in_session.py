"""An interpellation is filed, referred and referred again only while the congress is in
session (LOL 24 ¶1: "地方各级人民代表大会举行会议的时候")."""

import datetime as dt

from lianghui.audit.models import Event
from lianghui.interpellation.models import Interpellation
from lianghui.interpellation.tests.test_api import filed, filing, post, refer

SHANGHAI = dt.timezone(dt.timedelta(hours=8))
BEFORE = dt.datetime(2024, 1, 9, 23, 59, tzinfo=SHANGHAI)  # the session: 10–12 January 2024
AFTER = dt.datetime(2024, 1, 13, 0, 1, tzinfo=SHANGHAI)


def test_filed_only_while_the_congress_is_in_session(congress, in_session):
    for moment, words in ((BEFORE, "2024年1月9日尚未开幕"), (AFTER, "2024年1月13日已经闭幕")):
        in_session.move_to(moment)
        r = post(congress.office, "/api/interpellations/", filing(congress))
        assert r.status_code == 409 and r.json()["code"] == "not_in_session"
        message = r.json()["message"]
        assert message.startswith(
            "依照地方组织法第二十四条，提出质询案只能在人民代表大会举行会议的时候"
        )
        assert words in message
    assert not Interpellation.objects.exists()
    assert not Event.objects.filter(kind__startswith="interpellation.").exists()


def test_referred_only_while_the_congress_is_in_session(congress, in_session):
    pk = filed(congress)["id"]
    decision = congress.decide("交区生态环境局在主席团会议上口头答复。")
    in_session.move_to(AFTER)
    r = refer(congress, pk, decision_id=decision)
    assert r.status_code == 409 and "主席团决定将质询案交受质询机关答复" in r.json()["message"]
    assert Interpellation.objects.get(pk=pk).state == "filed"
