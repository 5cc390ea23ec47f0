"""Deliberation records through the actions: speeches in order, opinions, routing, who may."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import transaction

from lianghui.audit.log import verify_chain
from lianghui.audit.models import Event
from lianghui.deliberation import actions
from lianghui.deliberation.actions._base import _locked_draft
from lianghui.deliberation.models import Opinion, OpinionState, RecordState
from lianghui.deliberation.queries import record_view
from lianghui.errors import ActionError, PermissionDenied
from lianghui.people.models import Person

pytestmark = pytest.mark.django_db


def events(obj) -> list[str]:
    return list(
        Event.objects.filter(subject=f"{obj._meta.label_lower}:{obj.pk}").values_list(
            "kind", flat=True
        )
    )


def test_a_record_with_speeches_in_order_and_opinions(group):
    hall = group
    record = actions.open_record(hall.group, hall.officer)
    # The item under review and the delegation's convener are taken by default.
    assert record.item == hall.item and record.convener == hall.delegates[1]
    record = actions.set_roles(record, hall.officer, recorder=hall.recorder)
    assert (record.convener, record.recorder) == (hall.delegates[1], hall.recorder)

    zhang, li, wang = hall.delegates[:3]
    first = actions.add_speech(record, zhang, "教育事业发展", "建议扩大托育供给。", hall.rec_user)
    second = actions.add_speech(record, wang, "城市更新", "", hall.conv_user)
    leader = actions.add_speech(record, hall.guest, "今年四方面工作", "一是……", hall.officer)
    assert [s.order for s in (first, second, leader)] == [1, 2, 3]
    o1 = actions.add_opinion(first, "建议新建一所社区托育园。", hall.rec_user)
    o2 = actions.add_opinion(first, "建议延长课后服务时间。", hall.rec_user)
    o3 = actions.add_opinion(second, "做好过渡安置。", hall.rec_user)
    assert {o.speech_id for o in (o1, o2)} == {first.pk} and o3.speech_id == second.pk

    edited = actions.edit_speech(second, hall.rec_user, speaker=li, topic="旧区改造")
    assert (edited.speaker, edited.topic, edited.order) == (li, "旧区改造", 2)

    view = record_view(record)
    assert [(s.order, s.speaker.name, s.topic) for s in view.speeches] == [
        (1, "张三", "教育事业发展"),
        (2, "李四", "旧区改造"),
        (3, "列席人", "今年四方面工作"),
    ]
    assert [[o.text for o in s.opinions.all()] for s in view.speeches] == [
        ["建议新建一所社区托育园。", "建议延长课后服务时间。"],
        ["做好过渡安置。"],
        [],
    ]
    assert [s.speaker.name for s in view.leader_speeches] == ["列席人"]
    # The guest attends without being a member of the delegation: 列席.
    assert [(a.person.name, a.title, a.member) for a in view.attending] == [
        ("列席人", "区长", False)
    ]

    record = actions.finalise(record, hall.conv_user)
    assert record.state == RecordState.FINAL and record.finalised_at
    with pytest.raises(ActionError) as e:
        actions.add_speech(record, zhang, "再发言", "", hall.officer)
    assert e.value.code == "record_final"
    with pytest.raises(ActionError):
        actions.edit_speech(first, hall.officer, topic="改")
    assert events(record) == [
        "deliberation.opened",
        "deliberation.roles_set",
        "deliberation.finalised",
    ]
    assert events(second) == ["deliberation.speech_added", "deliberation.speech_edited"]
    assert events(o1) == ["deliberation.opinion_added"]
    finalised = Event.objects.get(kind="deliberation.finalised")
    assert [s["name"] for s in finalised.data["speeches"]] == ["张三", "李四", "列席人"]
    assert verify_chain().ok


def test_who_may_record(group):
    hall = group
    with pytest.raises(PermissionDenied):  # a delegate of the delegation reads only
        actions.open_record(hall.group, hall.delegate_user)
    record = actions.open_record(hall.group, hall.conv_user)  # the convener may
    zhang = hall.delegates[0]
    for user in (hall.delegate_user, hall.west_user, hall.outsider, hall.rec_user):
        with pytest.raises(PermissionDenied):
            actions.add_speech(record, zhang, "议题", "", user)
    with pytest.raises(PermissionDenied):
        actions.add_speech(record, zhang, "议题", "", AnonymousUser())
    actions.set_roles(record, hall.conv_user, recorder=hall.recorder)
    record.refresh_from_db()
    speech = actions.add_speech(record, zhang, "议题", "", hall.rec_user)  # now the recorder
    with pytest.raises(PermissionDenied):
        actions.add_opinion(speech, "意见", hall.west_user)
    with pytest.raises(PermissionDenied):
        actions.finalise(record, hall.delegate_user)
    # Only the chairs and the secretariat enter who attends.
    with pytest.raises(PermissionDenied):
        actions.add_attending(
            record, Person.objects.create(name="副区长甲"), "副区长", hall.conv_user
        )


def test_speakers_are_members_or_leaders_attending(group):
    hall = group
    record = actions.open_record(hall.group, hall.officer)
    with pytest.raises(ActionError) as e:
        actions.add_speech(record, hall.delegates[4], "议题", "", hall.officer)  # 西区
    assert e.value.code == "not_member" and "东区代表团" in e.value.message
    with pytest.raises(ActionError) as e:
        actions.add_speech(record, hall.delegates[0], "  ", "", hall.officer)
    assert e.value.code == "topic_required"
    official = Person.objects.create(name="副区长甲")
    actions.add_attending(record, official, "副区长", hall.officer)
    assert actions.add_speech(record, official, "民生实事", "", hall.officer).order == 1
    with pytest.raises(ActionError):
        actions.add_attending(record, official, "副区长", hall.officer)


def test_only_group_meetings_have_records(group):
    hall = group
    with pytest.raises(ActionError) as e:
        actions.open_record(hall.plenary, hall.officer)
    assert e.value.code == "not_group"
    actions.open_record(hall.group, hall.officer)
    with pytest.raises(ActionError) as e:
        actions.open_record(hall.group, hall.officer)
    assert e.value.code == "already_open"


def test_routing_is_refused_until_wired(group, unwired):
    hall = group
    record = actions.open_record(hall.group, hall.officer)
    speech = actions.add_speech(record, hall.delegates[0], "教育", "", hall.officer)
    opinion = actions.add_opinion(speech, "建议增加学位供给。", hall.officer)
    with pytest.raises(ActionError) as e:
        actions.route_opinion(opinion, hall.officer)
    assert e.value.code == "routing_unavailable" and "办理功能尚未接入" in e.value.message
    opinion.refresh_from_db()
    assert opinion.state == OpinionState.RECORDED and opinion.routed_filing_id is None
    assert "deliberation.opinion_routed" not in events(opinion)


def test_routing_through_a_router(group):
    hall = group
    record = actions.open_record(hall.group, hall.officer)
    speech = actions.add_speech(record, hall.delegates[0], "教育", "", hall.officer)
    opinion = actions.add_opinion(speech, "建议增加学位供给。", hall.officer)
    filed = []

    def router(op, actor):
        # What the suggestions workflow will see: the opinion with its speech and meeting.
        filed.append((op.text, op.speech.speaker.name, op.speech.deliberation.meeting_id, actor))
        return 4711

    with pytest.raises(PermissionDenied):
        actions.route_opinion(opinion, hall.delegate_user, router=router)
    opinion = actions.route_opinion(opinion, hall.conv_user, router=router)
    assert filed == [("建议增加学位供给。", "张三", hall.group.pk, hall.conv_user)]
    assert (opinion.state, opinion.routed_filing_id) == (OpinionState.ROUTED, 4711)
    assert opinion.routed_by == hall.conv_user and opinion.routed_at
    with pytest.raises(ActionError) as e:
        actions.route_opinion(opinion, hall.officer, router=router)
    assert e.value.code == "already_routed"
    event = Event.objects.get(kind="deliberation.opinion_routed")
    assert event.data == {"speech": speech.pk, "filing": 4711}

    # A router that fails rolls everything back; one that answers nonsense is refused.
    other = actions.add_opinion(speech, "第二条。", hall.officer)

    def failing(op, actor):
        raise ActionError("unit_required", "请选择承办单位。", status=422)

    with pytest.raises(ActionError) as e:
        actions.route_opinion(other, hall.officer, router=failing)
    assert e.value.code == "unit_required"
    with pytest.raises(ActionError) as e:
        actions.route_opinion(other, hall.officer, router=lambda op, actor: None)
    assert e.value.code == "bad_filing"
    assert Opinion.objects.get(pk=other.pk).state == OpinionState.RECORDED


def test_a_registered_router_is_the_default(group, unwired):
    hall = group
    record = actions.open_record(hall.group, hall.officer)
    speech = actions.add_speech(record, hall.delegates[0], "教育", "", hall.officer)
    opinion = actions.add_opinion(speech, "建议。", hall.officer)
    actions.register_router(lambda op, actor: 12)
    try:
        assert actions.route_opinion(opinion, hall.officer).routed_filing_id == 12
    finally:
        actions.register_router(None)
    other = actions.add_opinion(speech, "再建议。", hall.officer)
    with pytest.raises(ActionError):
        actions.route_opinion(other, hall.officer)


def test_every_change_starts_from_the_record_locked_while_a_draft(group):
    hall = group
    record = actions.open_record(hall.group, hall.officer)
    with transaction.atomic():
        assert _locked_draft(record.pk) == record
    actions.add_speech(record, hall.delegates[0], "教育", "", hall.officer)
    actions.finalise(record, hall.officer)
    with transaction.atomic(), pytest.raises(ActionError) as e:
        _locked_draft(record.pk)
    assert (e.value.code, e.value.status) == ("record_final", 409)
    assert e.value.message == "审议记录已定稿，不能再修改。"
