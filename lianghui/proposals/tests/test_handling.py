"""Handling with a moved clock: assignment, deadlines, replies, co-handlers, ratings
(DL 51; 沪建议规定 13, 14, 17–21)."""

import datetime as dt

import pytest

from lianghui.audit.log import verify_chain
from lianghui.audit.models import Event
from lianghui.errors import ActionError, NotFound, PermissionDenied
from lianghui.proposals import actions
from lianghui.proposals.actions import UnitOrder
from lianghui.proposals.models import Assignment, Attachment, Filing, Rating, Reply
from lianghui.proposals.tests.conftest import PDF_BYTES, at
from lianghui.proposals.tests.flows import assigned, proposal, registered, suggestion

D = dt.date


def state(filing):
    return Filing.objects.get(pk=filing.pk).state


@pytest.mark.django_db
def test_suggestion_from_assignment_to_a_satisfied_rating(
    desk, mailoutbox, django_capture_on_commit_callbacks
):
    d = desk
    filing = suggestion(d)
    with at("2024-01-15"), django_capture_on_commit_callbacks(execute=True):
        (a,) = assigned(d, filing)
    assert (a.assigned_on, a.due, a.role) == (D(2024, 1, 15), D(2024, 4, 15), "lead")
    assert state(filing) == "assigned"
    assert mailoutbox[-1].to == ["unit0@example.org"] and "2024年04月15日" in mailoutbox[-1].body
    with at("2024-04-15", hour=17), django_capture_on_commit_callbacks(execute=True):
        reply = actions.reply(
            a, "已开通社区巴士 3 条。", "solved", d.clerks[0], files=[("答复.pdf", PDF_BYTES)]
        )
    assert reply.on_time and reply.due == D(2024, 4, 15) and state(filing) == "replied"
    assert Attachment.objects.get(reply=reply).original_name == "答复.pdf"
    assert "已答复" in mailoutbox[-1].body and "daibiao@example.org" in mailoutbox[-1].to
    with at("2024-04-20"):
        rating = actions.rate(reply, "satisfied", d.users[0], comment="满意")
    assert rating.person == d.delegates[0] and state(filing) == "closed"
    assert Filing.objects.get(pk=filing.pk).closed_at
    kinds = list(
        Event.objects.filter(subject=f"proposals.filing:{filing.pk}").values_list("kind", flat=True)
    )
    assert kinds[-4:] == [
        "proposals.register",
        "proposals.assign",
        "proposals.reply",
        "proposals.rate_satisfied",
    ]
    assert verify_chain().ok


@pytest.mark.django_db
def test_broad_or_difficult_matters_have_six_months(desk):
    d = desk
    with at("2024-01-15"):
        (a,) = assigned(d, suggestion(d), difficult=True)
    assert a.due == D(2024, 7, 15)


@pytest.mark.django_db
def test_assigning_to_a_unit_that_does_not_exist_changes_nothing(desk):
    d = desk
    filing = suggestion(d)
    registered(d, filing)
    before = Event.objects.count()
    with pytest.raises(ActionError) as e:
        actions.assign(filing, [UnitOrder(99999), UnitOrder(d.units[1].pk, "co")], d.officer)
    assert e.value.code == "unknown_unit" and e.value.status == 422
    assert "99999" in e.value.message and "承办单位不存在" in e.value.message
    with pytest.raises(ActionError) as e:  # an organisation that is not a handling unit
        actions.assign(filing, [UnitOrder(d.hall.east.pk)], d.officer)
    assert e.value.code == "unknown_unit"
    with pytest.raises(ActionError) as e:
        actions.assign(filing, [UnitOrder(d.units[0].pk, "co")], d.officer)
    assert e.value.code == "no_lead"
    with pytest.raises(ActionError) as e:
        actions.assign(
            filing, [UnitOrder(d.units[0].pk), UnitOrder(d.units[0].pk, "co")], d.officer
        )
    assert e.value.code == "unit_twice"
    with pytest.raises(PermissionDenied):
        actions.assign(filing, [UnitOrder(d.units[0].pk)], d.users[0])
    assert not Assignment.objects.exists() and Event.objects.count() == before
    assert state(filing) == "registered"


@pytest.mark.django_db
def test_an_unregistered_filing_cannot_be_assigned(desk):
    d = desk
    filing = suggestion(d)
    with pytest.raises(ActionError) as e:
        actions.assign(filing, [UnitOrder(d.units[0].pk)], d.officer)
    assert e.value.code == "bad_state" and "待受理" in e.value.message


@pytest.mark.django_db
def test_replying_after_the_deadline_needs_an_extension(desk):
    d = desk
    with at("2024-01-15"):
        (a,) = assigned(d, suggestion(d))
    with at("2024-04-16"):
        with pytest.raises(ActionError) as e:
            actions.reply(a, "答复", "planned", d.clerks[0])
        assert e.value.code == "reply_overdue" and "2024年04月15日" in e.value.message
        assert not Reply.objects.exists()
        with pytest.raises(PermissionDenied):  # only the secretariat extends
            actions.extend(a, D(2024, 5, 15), "需协调", d.clerks[0])
        with pytest.raises(ActionError) as e:  # DL 51: at most six months from assignment
            actions.extend(a, D(2024, 7, 16), "需协调", d.officer)
        assert e.value.code == "extension_too_long"
        a = actions.extend(a, D(2024, 5, 15), "涉及多部门，需协调", d.officer)
        assert a.effective_due == D(2024, 5, 15)
        reply = actions.reply(a, "列入年度计划。", "planned", d.clerks[0])
    # Replied after the original deadline: allowed by the extension, but not on time.
    assert reply.due == D(2024, 5, 15) and not reply.on_time


@pytest.mark.django_db
def test_a_unit_cannot_open_or_answer_another_units_filing(desk):
    from lianghui.proposals.access import assignment_for, filing_for

    d = desk
    with at("2024-01-15"):
        (a,) = assigned(d, suggestion(d))
        other = suggestion(d, title="关于学校午餐的建议")
        assigned(d, other, UnitOrder(d.units[1].pk))
        assert filing_for(d.clerks[0], a.filing_id).pk == a.filing_id
        with pytest.raises(NotFound):
            filing_for(d.clerks[1], a.filing_id)
        with pytest.raises(NotFound):
            assignment_for(d.clerks[1], a.pk)
        with pytest.raises(NotFound):
            actions.reply(a, "答复", "solved", d.clerks[1])
        with pytest.raises(NotFound):
            actions.request_reassign(a, "不属于本单位", d.clerks[1])
    assert not Reply.objects.exists()


@pytest.mark.django_db
def test_an_upload_that_is_not_a_document_is_refused(desk):
    d = desk
    with at("2024-01-15"):
        (a,) = assigned(d, suggestion(d))
        for name, data in [("答复.pdf", b"MZ\x90\x00 not a pdf"), ("答复.exe", PDF_BYTES)]:
            with pytest.raises(ActionError) as e:
                actions.reply(
                    a, "答复", "solved", d.clerks[0], files=[("ok.pdf", PDF_BYTES), (name, data)]
                )
            assert e.value.code == "bad_document" and name in e.value.message
    assert not Reply.objects.exists() and not Attachment.objects.exists()
    assert state(a.filing) == "assigned"
    draft = suggestion(d, cosigners=(), submit=False)
    with pytest.raises(ActionError) as e:
        actions.attach(draft, "材料.docx", b"PK\x03\x04 not a zip", d.users[0])
    assert e.value.code == "bad_document"
    assert (
        actions.attach(draft, "材料.pdf", PDF_BYTES, d.users[0]).content_type == "application/pdf"
    )


@pytest.mark.django_db
def test_rating_a_reply_twice_is_refused(desk):
    d = desk
    with at("2024-01-15"):
        (a,) = assigned(d, suggestion(d))
    with at("2024-02-01"):
        reply = actions.reply(a, "答复", "solved", d.clerks[0])
        with pytest.raises(PermissionDenied):  # a co-signer does not rate; the lead does
            actions.rate(reply, "satisfied", d.users[1])
        actions.rate(reply, "basic", d.users[0])
        with pytest.raises(ActionError) as e:
            actions.rate(reply, "satisfied", d.users[0])
    assert e.value.code == "already_rated" and "只能评价一次" in e.value.message
    assert Rating.objects.get().level == "basic"


@pytest.mark.django_db
def test_unsatisfied_sends_it_back_with_one_month(desk):
    d = desk
    with at("2024-01-15"):
        (a,) = assigned(d, suggestion(d))
    with at("2024-03-01"):
        first = actions.reply(a, "答复", "explained", d.clerks[0])
    with at("2024-03-08"):
        with pytest.raises(ActionError) as e:  # 沪建议规定 21: say why
            actions.rate(first, "unsatisfied", d.users[0])
        assert e.value.code == "comment_required"
        actions.rate(first, "unsatisfied", d.users[0], comment="  未解决实际问题 ")
    # The filer's comment is part of the rating's audit event, as given (trimmed).
    event = Event.objects.get(kind="proposals.rate_unsatisfied")
    assert event.data["comment"] == "未解决实际问题" and event.data["level"] == "unsatisfied"
    a.refresh_from_db()
    filing = Filing.objects.get(pk=a.filing_id)
    assert filing.state == "rehandling" and filing.round == 2
    assert (a.round, a.started_on, a.due) == (2, D(2024, 3, 8), D(2024, 4, 8))
    with at("2024-04-09"):
        with pytest.raises(ActionError) as e:
            actions.reply(a, "再次答复", "planned", d.clerks[0])
        assert e.value.code == "reply_overdue"
    with at("2024-04-08"):
        second = actions.reply(a, "再次答复", "planned", d.clerks[0])
    assert second.round == 2 and state(filing) == "replied"
    with at("2024-04-10"):
        actions.rate(second, "satisfied", d.users[0])
    assert state(filing) == "closed"
    assert Event.objects.get(kind="proposals.rate_satisfied").data["comment"] == ""
    assert verify_chain().ok


@pytest.mark.django_db
def test_rating_within_fifteen_working_days_then_the_secretariat_concludes(desk):
    d = desk
    with at("2024-01-15"):
        (a,) = assigned(d, suggestion(d))
    with at("2024-04-01"):  # a Monday
        reply = actions.reply(a, "答复", "solved", d.clerks[0])
    with at("2024-04-22"):  # the 15th working day
        with pytest.raises(ActionError) as e:
            actions.conclude(a.filing, d.officer)
        assert e.value.code == "rating_open" and "2024年04月22日" in e.value.message
    with at("2024-04-23"):
        with pytest.raises(ActionError) as e:
            actions.rate(reply, "satisfied", d.users[0])
        assert e.value.code == "rating_closed"
        assert actions.conclude(a.filing, d.officer).state == "closed"


@pytest.mark.django_db
def test_co_handling_unit_sends_its_opinion_and_does_not_reply(desk):
    d = desk
    with at("2024-01-15"):
        lead, co = assigned(
            d, proposal(d), UnitOrder(d.units[0].pk, "lead"), UnitOrder(d.units[1].pk, "co")
        )
    assert co.role == "co" and co.due == D(2024, 2, 15)
    with at("2024-02-20"):
        with pytest.raises(ActionError) as e:
            actions.reply(co, "答复", "solved", d.clerks[1])
        assert e.value.code == "co_unit_cannot_reply"
        with pytest.raises(PermissionDenied):  # the lead unit does not send a co-opinion
            actions.co_opinion(lead, "意见", d.clerks[0])
        opinion = actions.co_opinion(co, "同意主办单位意见。", d.clerks[1])
        assert not opinion.on_time  # late, accepted and marked
        with pytest.raises(ActionError) as e:
            actions.co_opinion(co, "再提一次", d.clerks[1])
        assert e.value.code == "already_sent"
        actions.reply(lead, "答复", "solved", d.clerks[0])
    assert state(lead.filing) == "replied"


@pytest.mark.django_db
def test_the_lead_waits_for_co_handlers_until_their_deadline(desk):
    """沪建议规定 17: co-handlers' opinions within one month; the lead's reply takes them into
    account, and replies without one only once its deadline has passed, naming who was
    missing in the reply's event."""
    d = desk
    with at("2024-01-15"):
        lead, co, late_co = assigned(
            d,
            proposal(d),
            UnitOrder(d.units[0].pk, "lead"),
            UnitOrder(d.units[1].pk, "co"),
            UnitOrder(d.units[2].pk, "co"),
        )
    with at("2024-02-01"):
        before = Event.objects.count()
        with pytest.raises(ActionError) as e:
            actions.reply(lead, "答复", "solved", d.clerks[0])
        assert e.value.code == "co_opinions_pending" and e.value.status == 409
        assert "区教育局、区住建委" in e.value.message and "2024年02月15日" in e.value.message
        assert not Reply.objects.exists() and Event.objects.count() == before
        opinion = actions.co_opinion(co, "建议结合校车线路统筹。", d.clerks[1])
    with at("2024-02-15"):  # the co-handlers' last day: still waiting for the other one
        with pytest.raises(ActionError) as e:
            actions.reply(lead, "答复", "solved", d.clerks[0])
        assert e.value.code == "co_opinions_pending"
        assert "区住建委" in e.value.message and "区教育局" not in e.value.message
    with at("2024-02-16"):
        reply = actions.reply(lead, "已开通社区巴士。", "solved", d.clerks[0])
    assert state(lead.filing) == "replied"
    event = Event.objects.get(kind="proposals.reply")
    assert event.data["reply"] == reply.pk
    assert event.data["co_opinions"] == [opinion.pk]
    assert event.data["co_opinions_missing"] == [
        {"unit": d.units[2].pk, "name": "区住建委", "due": "2024-02-15"}
    ]
    # The co-handler is still heard after the lead's reply: late, and marked so.
    with at("2024-02-20"):
        late = actions.co_opinion(late_co, "同意。", d.clerks[2])
        with pytest.raises(ActionError) as e:
            actions.co_opinion(late_co, "再提一次", d.clerks[2])
        assert e.value.code == "already_sent"
    assert not late.on_time and state(lead.filing) == "replied"
    event = Event.objects.filter(kind="proposals.co_opinion").order_by("id").last()
    assert event.data["opinion"] == late.pk and event.data["after_reply"] is True
    assert verify_chain().ok


@pytest.mark.django_db
def test_with_every_co_opinion_in_the_lead_replies_at_once(desk):
    d = desk
    with at("2024-01-15"):
        lead, co = assigned(
            d, suggestion(d), UnitOrder(d.units[0].pk, "lead"), UnitOrder(d.units[1].pk, "co")
        )
    with at("2024-01-20"):
        opinion = actions.co_opinion(co, "同意主办单位意见。", d.clerks[1])
        actions.reply(lead, "答复", "solved", d.clerks[0])
    event = Event.objects.get(kind="proposals.reply")
    assert (event.data["co_opinions"], event.data["co_opinions_missing"]) == ([opinion.pk], [])
    assert Event.objects.get(kind="proposals.co_opinion").data["after_reply"] is False


@pytest.mark.django_db
def test_a_co_handler_reassigned_late_does_not_keep_the_lead_past_its_deadline(desk):
    d = desk
    with at("2024-01-15"):
        lead, co = assigned(
            d, suggestion(d), UnitOrder(d.units[0].pk, "lead"), UnitOrder(d.units[1].pk, "co")
        )
    with at("2024-04-01"):
        actions.reassign(co, d.units[2].pk, "改由区住建委会办", d.officer)  # due 1 May
        with pytest.raises(ActionError) as e:
            actions.reply(lead, "答复", "solved", d.clerks[0])
        assert e.value.code == "co_opinions_pending"
    with at("2024-04-15"):  # the lead's own last day
        actions.reply(lead, "答复", "solved", d.clerks[0])
    missing = Event.objects.get(kind="proposals.reply").data["co_opinions_missing"]
    assert [m["name"] for m in missing] == ["区住建委"]


@pytest.mark.django_db
def test_split_units_each_reply_and_each_reply_is_rated(desk):
    d = desk
    with at("2024-01-15"):
        with pytest.raises(ActionError) as e:
            assigned(
                d,
                suggestion(d),
                UnitOrder(d.units[0].pk, "split"),
                UnitOrder(d.units[1].pk, "split"),
            )
        assert e.value.code == "part_required"
        filing = Filing.objects.get()
        one, two = actions.assign(
            filing,
            [
                UnitOrder(d.units[0].pk, "split", "公交线路"),
                UnitOrder(d.units[1].pk, "split", "校车"),
            ],
            d.officer,
        )
    with at("2024-02-01"):
        r1 = actions.reply(one, "公交答复", "solved", d.clerks[0])
        assert state(filing) == "assigned"  # the other part is still open
        with pytest.raises(ActionError) as e:  # rated once every part is answered
            actions.rate(r1, "satisfied", d.users[0])
        assert e.value.code == "bad_state"
        r2 = actions.reply(two, "校车答复", "planned", d.clerks[1])
        assert state(filing) == "replied"
        actions.rate(r1, "satisfied", d.users[0])
        assert state(filing) == "replied"
        actions.rate(r2, "unsatisfied", d.users[0], comment="校车仍不足")
        assert state(filing) == "rehandling"
        r2b = actions.reply(Assignment.objects.get(pk=two.pk), "再次答复", "solved", d.clerks[1])
        assert state(filing) == "replied"
        actions.rate(r2b, "satisfied", d.users[0])
    assert state(filing) == "closed"


@pytest.mark.django_db
def test_a_unit_asks_to_return_it_within_seven_working_days(desk):
    d = desk
    with at("2024-01-15"):
        (a,) = assigned(d, suggestion(d))
    with at("2024-01-25"):  # the 8th working day
        with pytest.raises(ActionError) as e:
            actions.request_reassign(a, "不属于本单位职权", d.clerks[0])
        assert e.value.code == "reassign_too_late"
    with at("2024-01-24"):
        request = actions.request_reassign(
            a, "不属于本单位职权", d.clerks[0], suggested_unit_id=d.units[2].pk
        )
        with pytest.raises(ActionError) as e:
            actions.request_reassign(a, "再申请", d.clerks[0])
        assert e.value.code == "request_pending"
    with at("2024-01-26"):
        new = actions.reassign(a, d.units[2].pk, "同意改交区住建委", d.officer, request=request)
    request.refresh_from_db()
    a.refresh_from_db()
    assert request.state == "approved" and not a.active and a.ended_on == D(2024, 1, 26)
    assert (new.unit, new.role, new.assigned_on, new.due) == (
        d.units[2],
        "lead",
        D(2024, 1, 26),
        D(2024, 4, 26),
    )
    from lianghui.proposals.access import filing_for

    with pytest.raises(NotFound):  # the old unit no longer sees it
        filing_for(d.clerks[0], a.filing_id)
    assert filing_for(d.clerks[2], a.filing_id)


@pytest.mark.django_db
def test_the_secretariat_refuses_a_reassignment(desk):
    d = desk
    with at("2024-01-15"):
        (a,) = assigned(d, suggestion(d))
        request = actions.request_reassign(a, "不属于本单位", d.clerks[0])
        with pytest.raises(ActionError) as e:
            actions.refuse_reassign(request, "", d.officer)
        assert e.value.code == "reason_required"
        request = actions.refuse_reassign(request, "属于贵单位职责", d.officer)
        assert request.state == "refused"
        with pytest.raises(ActionError) as e:
            actions.reassign(a, d.units[1].pk, "改交", d.officer, request=request)
        assert e.value.code == "request_not_pending"
    a.refresh_from_db()
    assert a.active


@pytest.mark.django_db
def test_key_proposal_with_its_overseeing_leader_and_publication(desk, anonymous):
    from lianghui.proposals.access import filing_for, visible_replies

    d = desk
    with at("2024-01-15"):
        (a,) = assigned(d, proposal(d))
        # No key filing without the leader who oversees it; nothing changes.
        with pytest.raises(ActionError) as e:
            actions.flag_key(a.filing, d.officer)
        assert e.value.code == "leader_required" and "督办领导" in e.value.message
        a.filing.refresh_from_db()
        assert not a.filing.key
        assert not Event.objects.filter(kind="proposals.flag_key").exists()
        filing = actions.flag_key(a.filing, d.officer, leader_id=d.leader.pk)
        assert filing.key and filing.key_leader == d.leader
        assert filing_for(d.leader.user, filing.pk)  # the leader follows it
        with pytest.raises(PermissionDenied):
            actions.flag_key(filing, d.leader.user, key=False)
    with at("2024-02-01"):
        reply = actions.reply(a, "答复", "solved", d.clerks[0])
        with pytest.raises(NotFound):
            filing_for(anonymous, filing.pk)
        actions.publish(filing, d.officer, reply_ids=[reply.pk])
    assert filing_for(anonymous, filing.pk)
    assert list(visible_replies(anonymous, filing)) == [reply]
