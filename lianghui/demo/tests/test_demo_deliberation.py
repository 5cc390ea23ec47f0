"""The demo replays the seed's two group deliberations and its oath ceremony.

The expected values are written out here from the page (徐汇报, January 2024; docs/seed.md), not read from
lianghui.demo.facts or lianghui.demo.deliberation, so a slip there fails a test.
"""

from datetime import date

import pytest

from lianghui.audit.log import verify_chain
from lianghui.audit.models import Event
from lianghui.deliberation.models import Deliberation, OathCeremony, OathTaker
from lianghui.deliberation.queries import ceremony_view, record_view
from lianghui.deliberation.rules import OATH_TEXT_2018
from lianghui.demo.deliberation import replay_deliberations, replay_oath
from tests.demo_copy import load_demo_once

pytestmark = pytest.mark.django_db

XUJIAHUI_SPEAKERS = ["万小岚", "王育松", "雷煌", "程金华", "张桑"]
XUJIAHUI_TOPICS = [
    "STEM教科文中心",
    "科创策源",
    "大徐家汇功能区",
    "文化软实力",
    "治理现代化",
]
TIANPING_TOPICS = ["教育", "医疗卫生", "科技创新", "城市更新"]
OATH = {"麦珏": ["区人民法院院长"], "张岚": ["常委会委员"], "张剑": ["常委会委员"]}


def record_of(group: str) -> Deliberation:
    return Deliberation.objects.get(meeting__group__name=group, meeting__kind="group")


def test_two_deliberations_replayed():
    load_demo_once(votes=False)  # the loader replays the deliberations itself
    assert Deliberation.objects.count() == 2

    xjh = record_view(record_of("徐家汇代表团"))
    assert xjh.record.state == "final" and xjh.record.item.title == "审议政府工作报告"
    assert [(a.person.name, a.title) for a in xjh.attending] == [("曹立强", "区委书记")]
    assert [s.speaker.name for s in xjh.delegate_speeches] == XUJIAHUI_SPEAKERS
    for speech, words in zip(xjh.delegate_speeches, XUJIAHUI_TOPICS, strict=True):
        assert words in speech.topic, (speech.topic, words)
        # The page does not say who spoke on what: the pairing is marked synthetic.
        assert speech.synthetic
        assert [o.synthetic for o in speech.opinions.all()] == [True]
    assert [s.speaker.name for s in xjh.leader_speeches] == ["曹立强"]
    cao = xjh.leader_speeches[0]
    assert not cao.synthetic and "七个方面" in cao.summary and "稳增长提振信心" in cao.summary
    assert [s.order for s in xjh.speeches] == [1, 2, 3, 4, 5, 6]
    assert "代表发言积极踊跃" in xjh.record.summary
    assert xjh.record.convener.synthetic and xjh.record.recorder.synthetic

    tp = record_view(record_of("天平代表团"))
    assert [(a.person.name, a.member) for a in tp.attending] == [("钟晓咏", False)]  # 列席
    assert len(tp.delegate_speeches) == 4
    for speech, words in zip(tp.delegate_speeches, TIANPING_TOPICS, strict=True):
        assert words in speech.topic
        assert speech.synthetic and speech.speaker.synthetic  # the page names no speaker
    assert len({s.speaker_id for s in tp.delegate_speeches}) == 4
    zhong = tp.leader_speeches[0]
    assert zhong.speaker.name == "钟晓咏" and "四方面" in zhong.summary
    assert "定位精准、路径清晰" in tp.record.summary

    kinds = set(
        Event.objects.filter(kind__startswith="deliberation.").values_list("kind", flat=True)
    )
    assert {"deliberation.opened", "deliberation.speech_added", "deliberation.finalised"} <= kinds
    assert verify_chain().ok
    # Twice changes nothing.
    before = Event.objects.count()
    assert replay_deliberations(today=date(2024, 1, 13)) == []
    assert Event.objects.count() == before


def test_oath_replayed_from_the_published_elections_and_the_vote():
    load_demo_once()  # with the votes and the elections: both published at the 第三次全体会议
    ceremony = OathCeremony.objects.get()  # the loader replays the oath itself
    assert ceremony is not None and ceremony.meeting.title == "第三次全体会议"
    assert ceremony.oath_text == OATH_TEXT_2018
    assert ceremony.item.title == "宪法宣誓仪式" and ceremony.held_at is not None
    view = ceremony_view(ceremony)
    offices = {t.person.name: [o.title for o in t.offices.all()] for t in view.takers}
    assert set(offices) == {"麦珏", "张岚", "张剑", "徐颖"}
    for name, words in OATH.items():
        assert all(w in title for w, title in zip(words, offices[name], strict=True)), offices
    assert len(offices["徐颖"]) == 2
    assert any("常委会委员" in t for t in offices["徐颖"])
    assert "城市建设环境保护委员会主任委员" in offices["徐颖"]
    xu = OathTaker.objects.get(ceremony=ceremony, person__name="徐颖")
    chair = xu.offices.get(title="城市建设环境保护委员会主任委员")
    assert chair.source == "confirmed" and chair.poll is not None and chair.poll.passed
    # Each elected office points at the election that produced it.
    for taker in view.takers:
        elected = [o for o in taker.offices.all() if o.source == "elected"]
        assert len(elected) == 1, taker
        election = elected[0].election
        assert election is not None and election.state == "published"
        assert taker.person_id in election.result["elected"]
        assert election.meeting_id == ceremony.meeting_id and not elected[0].basis
    # The 检察长 朱庆华 was not elected here and swears nowhere in this session.
    assert "朱庆华" not in offices

    (batch,) = view.batches
    assert batch.form == "collective" and batch.leader.name == "麦珏" and batch.leader_synthetic
    assert batch.taken_at is not None and all(t.taken_at for t in view.takers)
    taken = Event.objects.get(kind="deliberation.oath_taken")
    assert sorted(t["name"] for t in taken.data["takers"]) == sorted(
        ["麦珏", "张岚", "张剑", "徐颖"]
    )
    assert taken.data["form"] == "collective" and taken.data["leader"] == "麦珏"
    assert verify_chain().ok
    assert replay_oath(today=date(2024, 1, 13)) is None
    assert OathCeremony.objects.count() == 1


def test_oath_falls_back_to_the_reported_facts():
    load_demo_once(votes=False)  # no poll, no election in the database
    ceremony = replay_oath(today=date(2024, 1, 13))
    view = ceremony_view(ceremony)
    bases = [o.basis for t in view.takers for o in t.offices.all()]
    assert len(bases) == 5 and all(b.startswith("据会议报道") for b in bases)


def test_nothing_replayed_before_the_meetings():
    load_demo_once(today=date(2024, 1, 10), votes=False)
    assert replay_deliberations(today=date(2024, 1, 10)) == []
    assert replay_oath(today=date(2024, 1, 12)) is None
    assert not Deliberation.objects.exists() and not OathCeremony.objects.exists()
