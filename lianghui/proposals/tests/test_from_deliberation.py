"""An opinion raised in group deliberation becomes a delegate's suggestion at a congress, a
member's proposal at a CPPCC committee (from_deliberation)."""

import datetime as dt

import pytest
from django.apps import apps

from lianghui.audit.models import Event
from lianghui.deliberation import actions as deliberation
from lianghui.deliberation.actions import routing
from lianghui.deliberation.models import Opinion, OpinionState
from lianghui.errors import ActionError, PermissionDenied
from lianghui.people.models import Membership, Role
from lianghui.proposals.from_deliberation import file_from_opinion, title_from_topic
from lianghui.proposals.models import Filing
from lianghui.proposals.tests.conftest import at
from lianghui.sessions.models import (
    AgendaItem,
    Meeting,
    MeetingKind,
    PresidingOfficer,
    PresidingRole,
    Session,
    Term,
)


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


@pytest.fixture
def cppcc_spoken(desk):
    """经济界's group meeting at the CPPCC's session: 周一 (a member) and 督办领导 (an
    attending leader, no member) spoke."""
    d = desk
    deliberation.register_router(file_from_opinion)
    term = Term.objects.get(body=d.cppcc)
    d.cppcc_session = Session.objects.create(
        term=term,
        number=3,
        title="政协测试区第十五届委员会第三次会议",
        start_date=dt.date(2024, 1, 8),
        end_date=dt.date(2024, 1, 11),
        venue="会堂",
    )
    meeting = Meeting.objects.create(
        session=d.cppcc_session,
        kind=MeetingKind.GROUP,
        title="经济界小组讨论",
        group=d.sector,
        starts_at=dt.datetime(2024, 1, 9, 14, 0, tzinfo=dt.timezone(dt.timedelta(hours=8))),
    )
    AgendaItem.objects.create(
        meeting=meeting, order=1, kind="deliberation", title="讨论常委会工作报告"
    )
    PresidingOfficer.objects.create(
        meeting=meeting, person=d.leader, role=PresidingRole.ATTENDING, title="副主席"
    )
    with at("2024-01-09", hour=15):
        record = deliberation.open_record(meeting, d.officer)
        speech = deliberation.add_speech(record, d.members[0], "中小企业融资", "", d.officer)
        d.cppcc_opinion = deliberation.add_opinion(
            speech, "建议设立区级中小企业融资担保平台。", d.officer
        )
        guest = deliberation.add_speech(record, d.leader, "提案工作", "", d.officer)
        d.cppcc_guest_opinion = deliberation.add_opinion(guest, "要求提高提案质量。", d.officer)
    return d


def test_titles_come_from_the_topic():
    assert title_from_topic("教育事业发展") == "关于教育事业发展的建议"
    assert title_from_topic("关于学位供给的建议") == "关于学位供给的建议"
    assert title_from_topic("  医疗卫生 ") == "关于医疗卫生的建议"
    assert title_from_topic("中小企业融资", "proposal") == "关于中小企业融资的提案"
    assert title_from_topic("关于中小企业融资的建议", "proposal") == "关于中小企业融资的建议"


def test_the_router_is_registered_when_the_app_is_ready():
    # Another app's test may have unplugged it (register_router(None)): plug it in again
    # the way Django does at start-up.
    deliberation.register_router(None)
    apps.get_app_config("proposals").ready()
    assert routing._router is file_from_opinion


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
    from lianghui.proposals import stored_workflow

    assert "assign" in {s.action for s in stored_workflow.available(d.officer, filing)}
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


@pytest.mark.django_db
def test_a_cppcc_groups_opinion_becomes_a_proposal_filed_by_the_member(spoken, cppcc_spoken):
    d = cppcc_spoken  # the same cast as `spoken`, with the CPPCC's group meeting too
    with at("2024-01-09", hour=16):
        opinion = deliberation.route_opinion(d.cppcc_opinion, d.officer)
    filing = Filing.objects.get(pk=opinion.routed_filing_id)
    assert (filing.kind, filing.body, filing.session, filing.state) == (
        "proposal",
        d.cppcc,
        d.cppcc_session,
        "registered",
    )
    assert (filing.filer_type, filing.organisation) == ("member", None)
    assert filing.title == "关于中小企业融资的提案" and filing.number == 1
    assert filing.text == "建议设立区级中小企业融资担保平台。" and filing.group == d.sector
    (lead,) = filing.filers.all()
    assert (lead.person, lead.lead, lead.signature, lead.on_paper) == (
        d.members[0],
        True,
        "confirmed",
        True,
    )
    event = Event.objects.get(kind="proposals.from_deliberation")
    assert event.data["kind"] == "proposal" and event.data["speaker"] == d.members[0].pk
    # The member sees it among their own; the secretariat may assign it.
    from lianghui.proposals import stored_workflow
    from lianghui.proposals.access import filing_for

    assert filing_for(d.member_users[0], filing.pk) == filing
    assert "assign" in {s.action for s in stored_workflow.available(d.officer, filing)}

    # The congress's group, the same day: still a delegate's suggestion.
    with at("2024-01-10", hour=16):
        suggestion = deliberation.route_opinion(d.opinion, d.officer)
    assert Filing.objects.get(pk=suggestion.routed_filing_id).kind == "suggestion"


@pytest.mark.django_db
def test_only_a_member_of_the_cppcc_files_a_proposal_from_its_group(cppcc_spoken):
    d = cppcc_spoken
    before = Event.objects.count()
    with at("2024-01-09", hour=16), pytest.raises(ActionError) as e:
        deliberation.route_opinion(d.cppcc_guest_opinion, d.officer)
    assert e.value.code == "lead_not_member" and "督办领导不是测试区政协的委员" in e.value.message
    with at("2024-01-09", hour=16), pytest.raises(PermissionDenied):
        deliberation.route_opinion(d.cppcc_opinion, d.member_users[0])
    assert not Filing.objects.exists() and Event.objects.count() == before
    assert Opinion.objects.get(pk=d.cppcc_opinion.pk).state == OpinionState.RECORDED


@pytest.mark.django_db
def test_the_record_page_says_what_the_opinion_became(cppcc_spoken):
    from django.test import Client
    from django.urls import reverse

    d = cppcc_spoken
    c = Client()
    c.force_login(d.officer)
    with at("2024-01-09", hour=16):
        r = c.post(reverse("deliberation:route_opinion", args=[d.cppcc_opinion.pk]), follow=True)
    assert "已转交提案办理。" in [str(m) for m in r.context["messages"]]
    assert Filing.objects.get().kind == "proposal"
