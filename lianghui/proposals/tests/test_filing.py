"""Filing, co-signing, submitting, withdrawing (LOL 22; DL 15, 24; 沪建议规定 4, 10)."""

import datetime as dt

import pytest

from lianghui.audit.log import verify_chain
from lianghui.audit.models import Event
from lianghui.errors import ActionError, NotFound, PermissionDenied
from lianghui.people.models import Membership, Role
from lianghui.proposals import actions
from lianghui.proposals.actions import FilingDraft
from lianghui.proposals.models import Filer, Filing, Signature
from lianghui.proposals.tests.conftest import SHANGHAI, at
from lianghui.proposals.tests.flows import motion, proposal, suggestion


def events(filing):
    return list(
        Event.objects.filter(subject=f"proposals.filing:{filing.pk}").values_list("kind", flat=True)
    )


def joint_motion_draft(d, cosigner_ids):
    return FilingDraft(
        kind="motion",
        body_id=d.congress.pk,
        session_id=d.session.pk,
        title="关于制定区生活垃圾分类管理办法的议案",
        filer_type="delegates",
        cosigner_ids=tuple(cosigner_ids),
        grounds="案据",
        solution="方案",
    )


@pytest.mark.django_db
def test_suggestion_from_draft_to_submitted_with_confirmed_cosigners(desk, mailoutbox):
    d = desk
    with at("2024-01-11"):
        filing = suggestion(d, cosigners=(1, 2), submit=False)
        assert filing.state == "draft" and filing.number is None
        assert filing.group == d.hall.east  # the lead's delegation, for the statistics
        assert [f.signature for f in filing.filers.order_by("order")] == [
            "confirmed",
            "confirmed",
            "confirmed",
        ]
        filing = actions.submit(filing, d.users[0])
    assert filing.state == "submitted" and filing.number == 1 and filing.number_label == "第 1 号"
    assert events(filing) == [
        "proposals.filed",
        "proposals.confirm",
        "proposals.confirm",
        "proposals.submit",
    ]
    assert verify_chain().ok
    second = suggestion(d, cosigners=())
    assert second.number == 2


@pytest.mark.django_db
def test_cosigners_are_mailed_after_commit(desk, mailoutbox, django_capture_on_commit_callbacks):
    d = desk
    with django_capture_on_commit_callbacks(execute=True):
        suggestion(d, cosigners=(1,), submit=False)
    assert len(mailoutbox) == 1 and mailoutbox[0].to == ["d1@example.org"]
    assert "联名" in mailoutbox[0].subject


@pytest.mark.django_db
def test_joint_motion_needs_ten_delegates(desk):
    d = desk
    draft = joint_motion_draft(d, [p.pk for p in d.delegates[1:9]])  # lead + 8 = 9
    with pytest.raises(ActionError) as e:
        actions.file(draft, d.users[0])
    assert e.value.code == "too_few_signers" and e.value.status == 422
    assert "10 名以上" in e.value.message and "现有 9 名" in e.value.message
    assert not Filing.objects.exists() and not Event.objects.exists()
    assert motion(d, signers=10).state == "submitted"


@pytest.mark.django_db
def test_joint_motion_with_a_declined_signature_is_refused_at_submission(desk):
    d = desk
    filing = motion(d, signers=10, submit=False)
    # Re-open one signature: a new co-signer who declines leaves nine confirmed after removal.
    actions.update_draft(
        filing, d.users[0], cosigner_ids=[p.pk for p in d.delegates[1:9]] + [d.delegates[10].pk]
    )
    actions.confirm(filing, d.users[10], agree=False)
    with pytest.raises(ActionError) as e:
        actions.submit(filing, d.users[0])
    assert e.value.code == "too_few_signers"
    filing.refresh_from_db()
    assert filing.state == "draft" and filing.number is None


@pytest.mark.django_db
def test_township_level_needs_five(desk):
    d = desk
    actions.update_settings(d.congress, d.officer, township=True)
    draft = joint_motion_draft(d, [p.pk for p in d.delegates[1:5]])
    filing = actions.file(draft, d.users[0])
    assert filing.filers.count() == 5


@pytest.mark.django_db
def test_a_cosigner_who_is_not_a_delegate_is_refused(desk):
    d = desk
    draft = FilingDraft(
        kind="suggestion",
        body_id=d.congress.pk,
        title="关于…的建议",
        filer_type="delegates",
        cosigner_ids=(d.delegates[1].pk, d.hall.guest.pk, d.members[0].pk),
        text="正文",
    )
    with pytest.raises(ActionError) as e:
        actions.file(draft, d.users[0])
    assert e.value.code == "not_a_delegate"
    assert "列席人" in e.value.message and "周一" in e.value.message and "不是" in e.value.message
    assert e.value.details["person_ids"] == [d.hall.guest.pk, d.members[0].pk]
    assert not Filing.objects.exists()


@pytest.mark.django_db
def test_a_delegate_whose_term_ended_may_not_sign(desk):
    d = desk
    Membership.objects.filter(person=d.delegates[1], role=Role.DELEGATE).update(
        end=dt.date(2023, 12, 31)
    )
    draft = FilingDraft(
        kind="suggestion",
        body_id=d.congress.pk,
        title="建议",
        filer_type="delegates",
        cosigner_ids=(d.delegates[1].pk,),
        text="正文",
    )
    with pytest.raises(ActionError) as e:
        actions.file(draft, d.users[0])
    assert e.value.code == "not_a_delegate"


@pytest.mark.django_db
def test_only_delegates_file_suggestions_and_only_members_proposals(desk):
    d = desk
    with pytest.raises(ActionError) as e:  # a CPPCC member is not a delegate
        actions.file(
            FilingDraft(
                kind="suggestion",
                body_id=d.congress.pk,
                title="建议",
                filer_type="delegates",
                text="正文",
            ),
            d.member_users[0],
        )
    assert e.value.code == "lead_not_member"
    with pytest.raises(ActionError) as e:
        actions.file(
            FilingDraft(
                kind="proposal", body_id=d.congress.pk, title="提案", filer_type="member", text="x"
            ),
            d.member_users[0],
        )
    assert e.value.code == "wrong_body"
    with pytest.raises(PermissionDenied):  # nobody files in someone else's name
        actions.file(
            FilingDraft(
                kind="suggestion",
                body_id=d.congress.pk,
                title="建议",
                filer_type="delegates",
                text="正文",
                lead_id=d.delegates[3].pk,
            ),
            d.users[0],
        )


@pytest.mark.django_db
def test_the_secretariat_keys_in_a_paper_filing_and_paper_signatures(desk):
    d = desk
    filing = actions.file(
        FilingDraft(
            kind="suggestion",
            body_id=d.congress.pk,
            title="关于…的建议",
            filer_type="delegates",
            lead_id=d.delegates[3].pk,
            cosigner_ids=(d.delegates[4].pk,),
            text="正文",
        ),
        d.officer,
    )
    lead = filing.filers.get(lead=True)
    assert lead.person == d.delegates[3] and lead.on_paper
    with pytest.raises(PermissionDenied):  # a delegate confirms only their own signature
        actions.confirm(filing, d.users[0], person_id=d.delegates[4].pk)
    signer = actions.confirm(filing, d.officer, person_id=d.delegates[4].pk)
    assert signer.signature == Signature.CONFIRMED and signer.on_paper
    assert actions.submit(filing, d.officer).state == "submitted"


@pytest.mark.django_db
def test_submission_waits_for_every_cosigner(desk):
    d = desk
    filing = suggestion(d, cosigners=(), submit=False)
    actions.update_draft(filing, d.users[0], cosigner_ids=[d.delegates[1].pk, d.delegates[2].pk])
    actions.confirm(filing, d.users[1])
    with pytest.raises(ActionError) as e:
        actions.submit(filing, d.users[0])
    assert e.value.code == "signatures_pending" and "王五" in e.value.message
    with pytest.raises(PermissionDenied):  # a co-signer cannot submit
        actions.submit(filing, d.users[1])
    with pytest.raises(ActionError) as e:  # confirming twice
        actions.confirm(filing, d.users[1])
    assert e.value.code == "not_pending"
    actions.confirm(filing, d.users[2], agree=False)
    assert actions.submit(filing, d.users[0]).state == "submitted"
    with pytest.raises(NotFound):  # who declined is no filer: the filing is not theirs
        actions.confirm(filing, d.users[2])
    filing.filers.filter(person=d.delegates[1]).update(signature=Signature.PENDING)
    with pytest.raises(ActionError) as e:  # no more confirming once submitted
        actions.confirm(filing, d.users[1])
    assert e.value.code == "bad_state" and "待受理" in e.value.message


@pytest.mark.django_db
def test_motions_are_filed_in_session_before_the_presidium_deadline(desk):
    d = desk
    no_session = joint_motion_draft(d, [p.pk for p in d.delegates[1:10]])
    no_session = FilingDraft(**{**no_session.__dict__, "session_id": None})
    with pytest.raises(ActionError) as e:
        actions.file(no_session, d.users[0])
    assert e.value.code == "session_required"
    with pytest.raises(ActionError) as e:
        actions.file(
            FilingDraft(**{**no_session.__dict__, "session_id": d.session.pk, "grounds": ""}),
            d.users[0],
        )
    assert e.value.code == "incomplete_motion" and "DL 15" in e.value.message
    with pytest.raises(PermissionDenied):
        actions.set_motion_deadline(
            d.session, dt.datetime(2024, 1, 11, 12, tzinfo=SHANGHAI), d.users[0]
        )
    actions.set_motion_deadline(
        d.session, dt.datetime(2024, 1, 11, 12, tzinfo=SHANGHAI), d.presidium_user
    )
    with at("2024-01-11", hour=13):
        filing = motion(d, submit=False)
        with pytest.raises(ActionError) as e:
            actions.submit(filing, d.users[0])
    assert e.value.code == "past_deadline" and "01月11日 12:00" in e.value.message
    with at("2024-01-11", hour=11):
        assert actions.submit(filing, d.users[0]).state == "submitted"


@pytest.mark.django_db
def test_organisation_filers(desk):
    d = desk
    gov = FilingDraft(
        kind="motion",
        body_id=d.congress.pk,
        session_id=d.session.pk,
        title="关于区国民经济和社会发展计划的议案",
        filer_type="government",
        organisation_id=d.government.pk,
        grounds="案据",
        solution="方案",
    )
    with pytest.raises(PermissionDenied):  # a delegate cannot file in the government's name
        actions.file(gov, d.users[0])
    filing = actions.file(gov, d.government_user)
    assert filing.organisation == d.government and not filing.filers.exists()
    assert actions.submit(filing, d.government_user).state == "submitted"
    # A delegation only where the local rules allow it.
    east = FilingDraft(
        **{**gov.__dict__, "filer_type": "delegation", "organisation_id": d.hall.east.pk}
    )
    with pytest.raises(ActionError) as e:
        actions.file(east, d.officer)
    assert e.value.code == "filer_not_allowed"
    actions.update_settings(d.congress, d.officer, delegations_may_file_motions=True)
    assert actions.file(east, d.officer).filer_type == "delegation"
    # A party files a proposal through its own officer.
    party = FilingDraft(
        kind="proposal",
        body_id=d.cppcc.pk,
        title="关于…的提案",
        filer_type="party",
        organisation_id=d.party.pk,
        text="正文",
    )
    assert actions.file(party, d.party_officer.user).organisation == d.party
    with pytest.raises(ActionError) as e:  # the organisation must match the filer type
        actions.file(FilingDraft(**{**party.__dict__, "organisation_id": d.sector.pk}), d.officer)
    assert e.value.code == "bad_organisation"


@pytest.mark.django_db
def test_a_joint_suggestion_is_withdrawn_when_all_its_filers_ask(desk):
    d = desk
    filing = suggestion(d, cosigners=(1,))
    filing = actions.withdraw(filing, d.users[0], reason="情况已变化")
    assert filing.state == "submitted"
    with pytest.raises(NotFound):  # someone else's filing does not exist for them
        actions.withdraw(filing, d.users[4])
    filing = actions.withdraw(filing, d.users[1])
    assert filing.state == "withdrawn"
    assert events(filing)[-2:] == ["proposals.request_withdrawal", "proposals.withdraw"]


@pytest.mark.django_db
def test_a_draft_is_withdrawn_at_once_by_its_lead(desk):
    d = desk
    filing = suggestion(d, cosigners=(1,), submit=False)
    with pytest.raises(PermissionDenied):
        actions.withdraw(filing, d.users[1])
    assert actions.withdraw(filing, d.users[0]).state == "withdrawn"


@pytest.mark.django_db
def test_proposal_numbers_are_kept_per_kind_and_session(desk):
    d = desk
    assert proposal(d).number == 1  # between sessions: numbered per year
    assert proposal(d).number == 2
    assert suggestion(d, cosigners=()).number == 1
    assert Filer.objects.filter(filing__kind="proposal").count() == 2


@pytest.mark.django_db
def test_the_secretariat_records_a_written_withdrawal_and_the_units_stop(desk):
    from lianghui.proposals.actions import UnitOrder
    from lianghui.proposals.tests.flows import assigned

    d = desk
    filing = suggestion(d, cosigners=(1,))
    (a,) = assigned(d, filing, UnitOrder(d.units[0].pk))
    with pytest.raises(NotFound):  # a unit does not withdraw
        actions.withdraw(filing, d.clerks[1], reason="…")
    filing = actions.withdraw(filing, d.officer, reason="代表书面要求撤回")
    a.refresh_from_db()
    assert filing.state == "withdrawn" and not a.active
