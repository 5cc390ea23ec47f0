"""Motions: the presidium's decisions with reasons (LOL 22; DL 15; 沪议事规则 26–34)."""

import pytest

from lianghui.errors import ActionError, NotFound, PermissionDenied
from lianghui.proposals import actions
from lianghui.proposals.models import Decision, Filing
from lianghui.proposals.tests.flows import motion


@pytest.mark.django_db
def test_referred_to_a_committee_then_listed_then_put_to_vote(desk):
    d = desk
    filing = motion(d)
    with pytest.raises(PermissionDenied):  # a delegate does not decide
        actions.decide_motion(filing, "list", d.users[0], reasons="…")
    with pytest.raises(NotFound):  # the committee sees nothing before it is referred to
        actions.committee_opinion(filing, "意见", d.committee_user)
    with pytest.raises(ActionError) as e:
        actions.decide_motion(filing, "refer", d.presidium_user, reasons="涉及立法")
    assert e.value.code == "unknown_committee"
    actions.decide_motion(
        filing, "refer", d.presidium_user, reasons="涉及立法", committee_id=d.committee.pk
    )
    filing.refresh_from_db()
    assert filing.state == "committee_review"
    with pytest.raises(ActionError) as e:  # the presidium waits for the committee's opinion
        actions.decide_motion(filing, "list", d.presidium_user, reasons="…")
    assert e.value.code == "bad_state" and "交专门委员会审议" in e.value.message
    opinion = actions.committee_opinion(
        filing, "建议列入本次会议议程。", d.committee_user, recommend_listing=True
    )
    assert opinion.committee == d.committee and opinion.recommend_listing is True
    with pytest.raises(ActionError) as e:
        actions.decide_motion(filing, "list", d.presidium_user)
    assert e.value.code == "reasons_required"
    actions.decide_motion(filing, "list", d.presidium_user, reasons="属于本级人大职权范围")
    actions.publish(filing, d.officer)  # the motion on the agenda is public
    actions.decide_motion(filing, "put_to_vote", d.officer)
    filing.refresh_from_db()
    assert filing.state == "voted" and filing.public and filing.closed_at
    kinds = list(filing.decisions.values_list("kind", flat=True))
    assert kinds == ["refer", "committee_opinion", "list", "put_to_vote"]
    # After the vote no withdrawal: LOL 22 allows it only before.
    with pytest.raises(ActionError) as e:
        actions.withdraw(filing, d.users[0], reason="…")
    assert e.value.code == "bad_state"


@pytest.mark.django_db
def test_withdrawal_needs_the_presidiums_consent(desk):
    d = desk
    filing = motion(d)
    actions.decide_motion(filing, "list", d.presidium_user, reasons="列入议程")
    with pytest.raises(ActionError) as e:  # no request yet
        actions.decide_motion(filing, "consent_withdrawal", d.presidium_user, reasons="同意")
    assert e.value.code == "no_withdrawal_request"
    with pytest.raises(ActionError) as e:
        actions.withdraw(filing, d.users[0])
    assert e.value.code == "reason_required"
    with pytest.raises(PermissionDenied):  # the lead asks, not a co-signer
        actions.withdraw(filing, d.users[1], reason="…")
    filing = actions.withdraw(filing, d.users[0], reason="情况已变化")
    assert filing.state == "on_agenda" and filing.withdrawal_requested_at
    actions.decide_motion(filing, "refuse_withdrawal", d.presidium_user, reasons="已审议成熟")
    filing.refresh_from_db()
    assert filing.state == "on_agenda" and filing.withdrawal_requested_at is None
    actions.withdraw(filing, d.users[0], reason="再次申请")
    actions.decide_motion(filing, "consent_withdrawal", d.presidium_user, reasons="同意撤回")
    filing.refresh_from_db()
    assert filing.state == "withdrawn"
    assert list(filing.decisions.values_list("kind", flat=True)) == [
        "list",
        "refuse_withdrawal",
        "consent_withdrawal",
    ]


@pytest.mark.django_db
def test_not_listed_studied_after_the_session(desk):
    d = desk
    filing = motion(d)
    actions.decide_motion(
        filing, "study", d.presidium_user, reasons="需进一步调研", committee_id=d.committee.pk
    )
    filing.refresh_from_db()
    assert filing.state == "study"
    with pytest.raises(PermissionDenied):
        actions.study_report(filing, "报告", d.users[0])
    actions.study_report(filing, "建议由区政府制定规范性文件。", d.committee_user)
    filing.refresh_from_db()
    assert filing.state == "studied"


@pytest.mark.django_db
def test_not_listed_handled_as_a_suggestion(desk):
    d = desk
    filing = motion(d)
    decision = actions.decide_motion(
        filing, "as_suggestion", d.officer, reasons="不属于本级人大职权范围（沪议事规则 34）"
    )
    filing.refresh_from_db()
    suggestion = decision.result
    assert filing.state == "as_suggestion"
    assert (suggestion.kind, suggestion.state, suggestion.origin) == (
        "suggestion",
        "registered",
        filing,
    )
    assert suggestion.number == 1 and suggestion.filers.count() == 10
    assert suggestion.filers.get(lead=True).person == d.delegates[0]
    # The suggestion continues in its own workflow.
    actions.assign(suggestion, [actions.UnitOrder(d.units[0].pk)], d.officer)
    suggestion.refresh_from_db()
    assert suggestion.state == "assigned"


@pytest.mark.django_db
def test_decisions_apply_to_motions_only(desk):
    from lianghui.proposals.tests.flows import suggestion

    d = desk
    with pytest.raises(ActionError) as e:
        actions.decide_motion(suggestion(d), "list", d.officer, reasons="…")
    assert e.value.code == "not_motion"
    with pytest.raises(ActionError) as e:
        actions.decide_motion(motion(d), "adjourn", d.officer, reasons="…")
    assert e.value.code == "bad_decision"
    assert not Decision.objects.exists()
    assert Filing.objects.count() == 2
