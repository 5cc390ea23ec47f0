"""An opinion raised in group deliberation becomes a delegate's suggestion (from_deliberation)."""

import pytest
from django.apps import apps

from lianghui.audit.models import Event
from lianghui.deliberation import actions as deliberation
from lianghui.deliberation.models import Opinion, OpinionState
from lianghui.errors import ActionError, PermissionDenied
from lianghui.people.models import Membership, Role
from lianghui.proposals.from_deliberation import file_from_opinion, title_from_topic
from lianghui.proposals.models import Filing
from lianghui.proposals.tests.conftest import at
from lianghui.sessions.models import AgendaItem, PresidingOfficer, PresidingRole


@pytest.fixture
def spoken(desk):
    """东区代表团's group meeting: 张三 (a delegate) and 列席人 (an attending leader) spoke."""
    d = desk
    hall = d.hall
    deliberation.register_router(file_from_opinion)  # as ProposalsConfig.ready() does
    AgendaItem.objects.create(
        meeting=hall.group, order=1, kind="deliberation", title="审议政府工作报告"
    )
    PresidingOfficer.objects.create(
        meeting=hall.group, person=hall.guest, role=PresidingRole.ATTENDING, title="区长"
    )
    Membership.objects.create(
        person=d.delegates[1], organisation=hall.east, role=Role.CONVENER, start=hall.term.start
    )
    with at("2024-01-10", hour=15):
        record = deliberation.open_record(hall.group, d.officer)
        speech = deliberation.add_speech(record, d.delegates[0], "教育事业发展", "", d.officer)
        d.opinion = deliberation.add_opinion(
            speech, "建议加快优质教育资源向社区延伸，扩大托育和课后服务供给。", d.officer
        )
        guest = deliberation.add_speech(record, hall.guest, "做好今年工作的要求", "", d.officer)
        d.guest_opinion = deliberation.add_opinion(guest, "要求各部门抓好落实。", d.officer)
    return d


def test_titles_come_from_the_topic():
    assert title_from_topic("教育事业发展") == "关于教育事业发展的建议"
    assert title_from_topic("关于学位供给的建议") == "关于学位供给的建议"
    assert title_from_topic("  医疗卫生 ") == "关于医疗卫生的建议"


def test_the_router_is_registered_when_the_app_is_ready():
    # Another app's test may have unplugged it (register_router(None)): plug it in again
    # the way Django does at start-up.
    deliberation.register_router(None)
    apps.get_app_config("proposals").ready()
    assert deliberation._router is file_from_opinion


@pytest.mark.django_db
def test_the_secretariat_routes_an_opinion_into_a_registered_suggestion(spoken):
    d = spoken
    with at("2024-01-10", hour=16):
        opinion = deliberation.route_opinion(d.opinion, d.officer)
    filing = Filing.objects.get(pk=opinion.routed_filing_id)
    assert opinion.state == OpinionState.ROUTED
    assert (filing.kind, filing.body, filing.session, filing.state) == (
        "suggestion",
        d.congress,
        d.session,
        "registered",
    )
    assert filing.title == "关于教育事业发展的建议" and filing.number == 1
    assert filing.text == "建议加快优质教育资源向社区延伸，扩大托育和课后服务供给。"
    assert filing.created_by == d.officer and filing.group == d.hall.east
    (lead,) = filing.filers.all()
    assert (lead.person, lead.lead, lead.signature, lead.on_paper) == (
        d.delegates[0],
        True,
        "confirmed",
        True,
    )
    kinds = list(
        Event.objects.filter(subject=f"proposals.filing:{filing.pk}").values_list("kind", flat=True)
    )
    assert kinds == [
        "proposals.filed",
        "proposals.submit",
        "proposals.register",
        "proposals.from_deliberation",
    ]
    event = Event.objects.get(kind="proposals.from_deliberation")
    assert event.data["opinion"] == d.opinion.pk and event.data["speaker"] == d.delegates[0].pk
    # The delegate sees it among their own, ready to be assigned by the secretariat.
    from lianghui.proposals import flow

    assert "assign" in {s.action for s in flow.available(d.officer, filing)}
    assert filing in Filing.objects.filter(filers__person=d.delegates[0])


@pytest.mark.django_db
def test_only_the_secretariat_files_on_a_delegates_behalf(spoken):
    d = spoken
    convener = d.users[1]  # 李四 records the group meeting as its convener
    with at("2024-01-10", hour=16), pytest.raises(PermissionDenied) as e:
        deliberation.route_opinion(d.opinion, convener)
    assert "秘书处" in e.value.message
    assert Opinion.objects.get(pk=d.opinion.pk).state == OpinionState.RECORDED
    assert not Filing.objects.exists()


@pytest.mark.django_db
def test_an_attending_leader_is_no_delegate_to_lead_a_suggestion(spoken):
    d = spoken
    before = Event.objects.count()
    with at("2024-01-10", hour=16), pytest.raises(ActionError) as e:
        deliberation.route_opinion(d.guest_opinion, d.officer)
    assert e.value.code == "lead_not_member" and "列席人不是" in e.value.message
    assert Opinion.objects.get(pk=d.guest_opinion.pk).state == OpinionState.RECORDED
    assert not Filing.objects.exists() and Event.objects.count() == before
