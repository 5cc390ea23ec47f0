"""Who sees what, and who may do what: one test per role, the same shape for each."""

import pytest

from lianghui.errors import NotFound
from lianghui.proposals import actions, stored_workflow
from lianghui.proposals.access import (
    assignment_for,
    can_see,
    filing_for,
    roles_of,
    visible_filings,
    visible_replies,
)
from lianghui.proposals.actions import UnitOrder
from lianghui.proposals.models import Rating
from lianghui.proposals.tests.conftest import at
from lianghui.proposals.tests.flows import assigned, motion, proposal, suggestion


@pytest.fixture
def world(desk):
    """A suggestion assigned to unit 0 (lead) and unit 1 (co), the co-opinion sent and the
    lead's reply given; a proposal assigned to unit 2; a draft; a motion referred to the
    committee."""
    d = desk
    with at("2024-01-15"):
        d.mine = suggestion(d, cosigners=(1,))
        d.lead, d.co = assigned(
            d, d.mine, UnitOrder(d.units[0].pk, "lead"), UnitOrder(d.units[1].pk, "co")
        )
        actions.co_opinion(d.co, "同意主办单位意见。", d.clerks[1])
        d.reply = actions.reply(d.lead, "答复", "solved", d.clerks[0])
        d.theirs = proposal(d)
        assigned(d, d.theirs, UnitOrder(d.units[2].pk))
        d.draft = suggestion(d, cosigners=(), submit=False)
        actions.update_draft(d.draft, d.users[0], cosigner_ids=[d.delegates[3].pk])
        d.motion = motion(d)
        actions.decide_motion(
            d.motion, "refer", d.officer, reasons="涉及立法", committee_id=d.committee.pk
        )
    for filing in (d.mine, d.theirs, d.draft, d.motion):
        filing.refresh_from_db()
    return d


def visible(user):
    return set(visible_filings(user).values_list("pk", flat=True))


def actions_of(user, filing):
    return {s.action for s in stored_workflow.available(user, filing)}


@pytest.mark.django_db
def test_the_secretariat_sees_all(world):
    d = world
    assert visible(d.officer) == {d.mine.pk, d.theirs.pk, d.draft.pk, d.motion.pk}
    assert {"publish", "flag_key"} <= actions_of(d.officer, d.mine)


@pytest.mark.django_db
def test_filers_see_their_own_and_cosigned_filings(world):
    d = world
    lead, cosigner, asked, other = d.users[0], d.users[1], d.users[3], d.users[11]
    assert visible(lead) == {d.mine.pk, d.draft.pk, d.motion.pk}
    assert visible(cosigner) == {d.mine.pk, d.motion.pk}
    assert visible(asked) == {d.draft.pk, d.motion.pk}  # asked to co-sign the draft
    assert visible(other) == set()
    assert actions_of(lead, d.mine) == {"rate", "rate_satisfied", "rate_unsatisfied"}
    assert actions_of(cosigner, d.mine) == set()
    assert actions_of(asked, d.draft) == {"confirm"}
    with pytest.raises(NotFound):
        filing_for(other, d.mine.pk)


@pytest.mark.django_db
def test_unit_staff_see_only_what_is_assigned_to_their_unit(world):
    d = world
    assert visible(d.clerks[0]) == {d.mine.pk}
    assert visible(d.clerks[1]) == {d.mine.pk}
    assert visible(d.clerks[2]) == {d.theirs.pk}
    assert roles_of(d.clerks[0], d.mine) == {"lead_unit"}
    assert roles_of(d.clerks[1], d.mine) == {"co_unit"}
    with pytest.raises(NotFound):
        filing_for(d.clerks[2], d.mine.pk)
    with pytest.raises(NotFound):
        filing_for(d.clerks[0], d.theirs.pk)


@pytest.mark.django_db
def test_a_units_staff_get_their_own_units_assignment_only(world):
    """Both units handle the suggestion and see it, yet neither gets the other's assignment:
    access.assignment_for checks the unit, not only the filing."""
    from django.test import Client

    d = world
    assert assignment_for(d.clerks[0], d.lead.pk) == d.lead
    assert assignment_for(d.clerks[1], d.co.pk) == d.co
    assert assignment_for(d.officer, d.co.pk) == d.co
    for clerk, other in ((d.clerks[0], d.co), (d.clerks[1], d.lead)):
        assert can_see(clerk, d.mine)
        with pytest.raises(NotFound):
            assignment_for(clerk, other.pk)
    for user in (d.clerks[2], d.users[0], d.outsider):
        with pytest.raises(NotFound):
            assignment_for(user, d.lead.pk)
    # Through the API and the unit's page: no such assignment (404), nothing written.
    lead_clerk = Client()
    lead_clerk.force_login(d.clerks[0])
    r = lead_clerk.post(
        f"/api/proposals/assignments/{d.co.pk}/reassign-request",
        {"reason": "不属于本单位"},
        content_type="application/json",
    )
    assert r.status_code == 404 and "无权查看" in r.json()["message"]
    assert lead_clerk.get(f"/proposals/unit/{d.co.pk}/").status_code == 404
    assert not d.co.reassign_requests.exists()


@pytest.mark.django_db
def test_presidium_and_committee_see_motions(world):
    d = world
    assert visible(d.presidium_user) == {d.motion.pk}
    assert visible(d.committee_user) == {d.motion.pk}
    assert actions_of(d.committee_user, d.motion) == {"committee_opinion"}
    assert "consent_withdrawal" in actions_of(d.presidium_user, d.motion)


@pytest.mark.django_db
def test_the_public_sees_published_filings_and_public_replies_only(world, anonymous):
    d = world
    assert visible(anonymous) == set() == visible(d.outsider)
    actions.publish(d.mine, d.officer, reply_ids=[])
    assert visible(anonymous) == {d.mine.pk}
    assert list(visible_replies(anonymous, d.mine)) == []
    assert list(visible_replies(d.users[0], d.mine)) == [d.reply]
    actions.publish(d.mine, d.officer)
    assert list(visible_replies(anonymous, d.mine)) == [d.reply]
    assert actions_of(anonymous, d.mine) == set()


def _proposal_by(d, user, **kw):
    kw.setdefault("filer_type", "member")
    draft = actions.FilingDraft(kind="proposal", body_id=d.cppcc.pk, text="内容。", **kw)
    return actions.submit(actions.file(draft, user), user)


def merges(d):
    """Both directions of 并案: member 1's proposal into the party's, the party's second
    proposal into member 2's."""
    with at("2024-01-15"):
        d.party_p = _proposal_by(
            d,
            d.party_officer.user,
            title="关于科创融资的提案",
            filer_type="party",
            organisation_id=d.party.pk,
        )
        d.member_dup = _proposal_by(d, d.member_users[1], title="关于科创企业融资的提案")
        actions.merge(d.member_dup, d.party_p, d.officer, reasons="同一事项")
        d.member_p = _proposal_by(d, d.member_users[2], title="关于社区养老的提案")
        d.party_dup = _proposal_by(
            d,
            d.party_officer.user,
            title="关于社区养老服务的提案",
            filer_type="party",
            organisation_id=d.party.pk,
        )
        actions.merge(d.party_dup, d.member_p, d.officer, reasons="同一事项")
    return d


@pytest.mark.django_db
def test_merged_filers_see_the_filing_and_its_lead_rates(world):
    """A member merged into a party's proposal, and a party merged into a member's: each
    opens the joined filing and reads its replies; only its own lead filer rates."""
    from django.test import Client

    d = merges(world)
    member, party = d.member_users[1], d.party_officer.user
    with at("2024-01-16"):
        (a_party,) = assigned(d, d.party_p, UnitOrder(d.units[0].pk))
        (a_member,) = assigned(d, d.member_p, UnitOrder(d.units[1].pk))
        r_party = actions.reply(a_party, "已研究。", "planned", d.clerks[0])
        r_member = actions.reply(a_member, "已落实。", "solved", d.clerks[1])
        for filing, reader, lead, answer in (
            (d.party_p, member, party, r_party),
            (d.member_p, party, d.member_users[2], r_member),
        ):
            filing.refresh_from_db()
            assert filing_for(reader, filing.pk) == filing
            assert roles_of(reader, filing) == {"reader"}
            assert actions_of(reader, filing) == set()
            assert list(visible_replies(reader, filing)) == [answer]
            assert "rate_satisfied" in actions_of(lead, filing)
            web = Client()
            web.force_login(reader)
            assert web.get(f"/proposals/{filing.pk}/").status_code == 200
            assert web.get(f"/api/proposals/{filing.pk}").status_code == 200
            r = web.post(
                f"/api/proposals/replies/{answer.pk}/rate",
                {"level": "satisfied"},
                content_type="application/json",
            )
            assert r.status_code == 403 and "无权" in r.json()["message"]
            assert not Rating.objects.filter(reply=answer).exists()
            actions.rate(answer, "satisfied", lead)
            filing.refresh_from_db()
            assert filing.state == "closed"


@pytest.mark.django_db
def test_the_list_filter_agrees_with_the_gate_for_everyone(world, anonymous):
    from lianghui.proposals.access import can_see
    from lianghui.proposals.models import Filing

    d = merges(world)
    actions.flag_key(d.theirs, d.officer, leader_id=d.leader.pk)
    actions.publish(d.mine, d.officer)
    people = [
        d.officer,
        *d.users,
        *d.member_users,
        *d.clerks,
        d.presidium_user,
        d.committee_user,
        d.government_user,
        d.party_officer.user,
        d.leader.user,
        d.outsider,
        anonymous,
    ]
    filings = list(Filing.objects.all())
    for user in people:
        expected = {f.pk for f in filings if can_see(user, f)}
        assert visible(user) == expected, user
    # Every filer kept by the merges sees the filing they were merged into.
    assert {d.party_p.pk, d.member_dup.pk} <= visible(d.member_users[1])
    assert {d.member_p.pk, d.party_dup.pk, d.party_p.pk} <= visible(d.party_officer.user)
