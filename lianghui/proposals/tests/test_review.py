"""Review of proposals and suggestions, merging (并案), and opinion reports (社情民意信息)."""

import pytest

from lianghui.errors import ActionError, NotFound, PermissionDenied
from lianghui.proposals import actions
from lianghui.proposals.access import filing_for
from lianghui.proposals.actions import Recipient
from lianghui.proposals.models import Decision, Filing
from lianghui.proposals.tests.conftest import at
from lianghui.proposals.tests.flows import proposal, suggestion


@pytest.mark.django_db
def test_proposal_review_outcomes(desk):
    d = desk
    registered = actions.review(proposal(d), "register", d.officer)
    assert registered.state == "registered"
    declined = proposal(d)
    with pytest.raises(ActionError) as e:
        actions.review(declined, "decline", d.officer)
    assert e.value.code == "reasons_required"
    with pytest.raises(PermissionDenied):
        actions.review(declined, "register", d.member_users[0])
    declined = actions.review(declined, "decline", d.officer, reasons="不属于政协履职范围")
    assert declined.state == "declined" and declined.closed_at
    assert Decision.objects.get(filing=declined).reasons == "不属于政协履职范围"
    letter = actions.review(proposal(d), "as_letter", d.officer, reasons="个人诉求，转来信处理")
    assert letter.state == "as_letter"
    turned = actions.review(
        proposal(d, cosigners=(1,)), "as_opinion", d.officer, reasons="宜作社情民意"
    )
    opinion = turned.derived.get()
    assert turned.state == "as_opinion"
    assert (opinion.kind, opinion.state, opinion.filers.count()) == ("opinion", "submitted", 2)
    # A suggestion cannot be turned into an opinion report: its table has no such step.
    with pytest.raises(ActionError) as e:
        actions.review(suggestion(d), "as_opinion", d.officer, reasons="…")
    assert e.value.code == "bad_state"


@pytest.mark.django_db
def test_merge_keeps_every_filer(desk):
    d = desk
    main = suggestion(d, cosigners=(1,))
    dup = suggestion(d, cosigners=(2, 3), title="关于增开公交的建议")
    other_body = proposal(d)
    with pytest.raises(ActionError) as e:
        actions.merge(dup, other_body, d.officer)
    assert e.value.code == "merge_mismatch"
    with pytest.raises(ActionError) as e:
        actions.merge(dup, dup, d.officer)
    assert e.value.code == "merge_self"
    with pytest.raises(PermissionDenied):
        actions.merge(dup, main, d.users[0])
    into = actions.merge(dup, main, d.officer, reasons="内容相同")
    dup.refresh_from_db()
    assert dup.state == "merged" and dup.merged_into == into
    assert sorted(into.filers.values_list("person__name", flat=True)) == sorted(
        ["张三", "李四", "王五", "赵六"]
    )
    # The merged filing's filers follow the main one; a merged filing is not a target.
    assert filing_for(d.users[3], main.pk)
    with pytest.raises(ActionError) as e:
        actions.merge(suggestion(d), dup, d.officer)
    assert e.value.code == "merge_target_closed"


@pytest.mark.django_db
def test_opinion_report_from_submission_to_instructions(desk):
    d = desk
    with at("2024-03-01"):
        filing = actions.file(
            actions.FilingDraft(
                kind="opinion",
                body_id=d.cppcc.pk,
                title="关于老旧小区加装电梯的建议",
                filer_type="member",
                text="居民反映加装电梯审批慢。",
            ),
            d.member_users[0],
        )
        filing = actions.submit(filing, d.member_users[0])
        with pytest.raises(PermissionDenied):
            actions.edit(filing, d.member_users[0], text="改")
        filing = actions.edit(filing, d.officer, text="居民反映：加装电梯审批周期长。")
        assert filing.original_text == "居民反映加装电梯审批慢。"
        with pytest.raises(ActionError) as e:
            actions.forward(filing, [Recipient(name="区长")], d.officer)
        assert e.value.code == "bad_state"  # adopt first
        filing = actions.adopt(filing, True, d.officer, note="《社情民意》2024 年第 5 期")
        with pytest.raises(ActionError) as e:
            actions.forward(filing, [Recipient(unit_id=99999)], d.officer)
        assert e.value.code == "unknown_unit"
        (fwd,) = actions.forward(filing, [Recipient(unit_id=d.units[2].pk)], d.officer)
        assert fwd.recipient == "区住建委"
        actions.record_feedback(
            filing, "instruction", "区长", "请区住建委研究办理。", d.officer, leader_id=d.leader.pk
        )
        actions.record_feedback(
            filing, "feedback", "区住建委", "已简化审批流程。", d.officer, forward_id=fwd.pk
        )
        filing = actions.conclude(filing, d.officer)
    assert filing.state == "closed"
    assert list(filing.feedback.values_list("kind", flat=True)) == ["instruction", "feedback"]


@pytest.mark.django_db
def test_an_opinion_report_not_adopted_needs_a_reason(desk):
    d = desk
    filing = actions.submit(
        actions.file(
            actions.FilingDraft(
                kind="opinion", body_id=d.cppcc.pk, title="标题", filer_type="member", text="正文"
            ),
            d.member_users[1],
        ),
        d.member_users[1],
    )
    with pytest.raises(ActionError) as e:
        actions.adopt(filing, False, d.officer)
    assert e.value.code == "reasons_required"
    assert actions.adopt(filing, False, d.officer, note="内容已有报送").state == "not_adopted"
    with pytest.raises(ActionError) as e:
        actions.adopt(proposal(d), True, d.officer)
    assert e.value.code == "not_opinion"
    with pytest.raises(NotFound):  # another member does not see it
        actions.withdraw(filing, d.member_users[2])
    assert Filing.objects.filter(kind="opinion").count() == 1
