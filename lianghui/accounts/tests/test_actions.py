"""Issuing, using and revoking sign-in slips through the actions."""

import json
from datetime import timedelta

import pytest
import time_machine
from django.contrib.auth.models import User
from django.db import IntegrityError, transaction
from django.utils import timezone

from lianghui.accounts import actions, rules
from lianghui.accounts.models import SignInSlip
from lianghui.audit.models import Event
from lianghui.errors import ActionError, PermissionDenied

pytestmark = pytest.mark.django_db


def issue(hall, **kw):
    return actions.issue_slips(hall.session, hall.officer, **kw)


def test_every_delegate_gets_a_slip_and_an_account_without_a_password(hall):
    result = issue(hall)
    assert sorted(p.person.name for p in result.printed) == sorted(d.name for d in hall.delegates)
    assert result.accounts_created == 5  # 张三 already signs in as daibiao
    assert {p.group for p in result.printed} == {"东区代表团", "西区代表团"}
    for d in hall.delegates[1:]:
        d.refresh_from_db()
        assert d.user is not None and not d.user.has_usable_password()
    hall.delegate_user.refresh_from_db()
    assert hall.delegate_user.has_usable_password()  # an existing password is left alone
    assert SignInSlip.objects.filter(session=hall.session).count() == 6
    assert not any(p.person == hall.guest for p in result.printed)


def test_the_event_names_the_slips_but_never_their_secrets(hall):
    result = issue(hall)
    event = Event.objects.get(kind="accounts.slips_issued")
    assert event.subject == f"lh_sessions.session:{hall.session.pk}"
    assert sorted(event.data["people"]) == sorted(d.pk for d in hall.delegates)
    assert len(event.data["accounts_created"]) == 5
    text = json.dumps(event.data)
    for printed in result.printed:
        assert printed.token not in text and printed.code not in text
    stored = json.dumps(list(SignInSlip.objects.values()), default=str)
    for printed in result.printed:
        assert printed.token not in stored and printed.code not in stored


def test_issuing_again_skips_valid_slips_or_replaces_them_all(hall):
    first = issue(hall)
    again = issue(hall)
    assert again.printed == [] and len(again.skipped) == 6
    assert Event.objects.filter(kind="accounts.slips_issued").count() == 1
    replaced = issue(hall, only_missing=False)
    assert len(replaced.printed) == 6
    old = SignInSlip.objects.filter(pk__in=[p.slip_id for p in first.printed])
    assert all(s.revoked_at and s.revoke_reason == actions.SUPERSEDED for s in old)
    with pytest.raises(ActionError) as refused:
        actions.redeem(token=first.printed[0].token)
    assert refused.value.code == "slip_revoked"


def test_an_expired_slip_is_replaced_even_when_only_missing_ones_are_issued(hall):
    first = issue(hall, valid_days=1)
    with time_machine.travel(timezone.now() + timedelta(days=2)):
        again = issue(hall)
    assert len(again.printed) == 6
    assert SignInSlip.objects.get(pk=first.printed[0].slip_id).revoked_at is not None


def test_one_delegation_only(hall):
    result = issue(hall, organisation_id=hall.west.pk)
    assert sorted(p.person.name for p in result.printed) == sorted(["赵六", "钱七", "孙八"])
    assert Event.objects.get(kind="accounts.slips_issued").data["organisation"] == hall.west.pk


def test_only_the_secretariat_issues_and_nothing_changes_otherwise(hall):
    with pytest.raises(PermissionDenied):
        actions.issue_slips(hall.session, hall.delegate_user)
    with pytest.raises(ActionError) as bad:
        issue(hall, valid_days=0)
    assert bad.value.code == "bad_valid_days" and bad.value.status == 422
    with pytest.raises(ActionError) as stranger:
        issue(hall, person_ids=[hall.guest.pk])
    assert stranger.value.code == "not_member" and "列席人" in stranger.value.message
    assert not SignInSlip.objects.exists()
    assert User.objects.count() == 3
    assert not Event.objects.filter(kind__startswith="accounts.").exists()


def test_no_slip_for_a_secretariat_or_staff_account(hall):
    hall.delegates[2].user = hall.officer
    hall.delegates[2].save(update_fields=["user"])
    result = issue(hall)
    assert (hall.delegates[2], actions.PRIVILEGED) in result.skipped
    assert len(result.printed) == 5


def test_a_slip_signs_in_once_by_link_or_by_code(hall):
    printed = {p.person.pk: p for p in issue(hall).printed}
    li = printed[hall.delegates[1].pk]
    user = actions.redeem(token=li.token)
    assert user.person == hall.delegates[1]
    with pytest.raises(ActionError) as twice:
        actions.redeem(code=li.code)  # the other secret of the same slip
    assert twice.value.code == "slip_used" and twice.value.status == 410
    wang = printed[hall.delegates[2].pk]
    typed = wang.code_display.lower().replace("0", "o").replace("1", "l")
    assert actions.redeem(code=typed).person == hall.delegates[2]
    used = Event.objects.filter(kind="accounts.slip_used").order_by("id")
    assert [e.data["via"] for e in used] == ["link", "code"]
    assert used[0].actor_id == user.pk


@pytest.mark.parametrize("secret", [{"token": "x" * 43}, {"token": "../"}, {"code": "ZZZZZ-ZZZZZ"}])
def test_an_unknown_secret_is_refused(hall, secret):
    issue(hall)
    with pytest.raises(ActionError) as refused:
        actions.redeem(**secret)
    assert refused.value.code == "unknown_slip" and refused.value.status == 404
    assert not SignInSlip.objects.filter(used_at__isnull=False).exists()


def test_an_expired_slip_is_refused(hall):
    printed = issue(hall, valid_days=3).printed[0]
    later = timezone.now() + timedelta(days=3, seconds=1)
    with time_machine.travel(later), pytest.raises(ActionError) as refused:
        actions.redeem(token=printed.token)
    assert refused.value.code == "slip_expired"
    assert SignInSlip.objects.get(pk=printed.slip_id).used_at is None


def test_revoking_a_slip(hall):
    printed = issue(hall).printed[0]
    with pytest.raises(ActionError) as no_reason:
        actions.revoke_slip(printed.slip_id, hall.officer, "  ")
    assert no_reason.value.code == "reason_required"
    with pytest.raises(PermissionDenied):
        actions.revoke_slip(printed.slip_id, hall.delegate_user, "遗失")
    slip = actions.revoke_slip(printed.slip_id, hall.officer, "遗失")
    assert slip.state() == rules.SlipState.REVOKED
    event = Event.objects.get(kind="accounts.slip_revoked")
    assert event.data == {"person": printed.person.pk, "reason": "遗失", "signed_out": False}
    with pytest.raises(ActionError) as again:
        actions.revoke_slip(printed.slip_id, hall.officer, "遗失")
    assert again.value.code == "already_revoked"
    with pytest.raises(ActionError) as refused:
        actions.redeem(code=printed.code)
    assert refused.value.code == "slip_revoked"


def test_revoking_a_used_slip_signs_its_account_out(hall):
    printed = {p.person.pk: p for p in issue(hall).printed}[hall.delegates[3].pk]
    user = actions.redeem(token=printed.token)
    before = user.get_session_auth_hash()
    actions.revoke_slip(printed.slip_id, hall.officer, "手机遗失")
    user.refresh_from_db()
    assert user.get_session_auth_hash() != before and not user.has_usable_password()
    assert Event.objects.get(kind="accounts.slip_revoked").data["signed_out"] is True


def test_at_most_one_open_slip_per_person(hall):
    printed = issue(hall).printed[0]
    slip = SignInSlip.objects.get(pk=printed.slip_id)
    with pytest.raises(IntegrityError), transaction.atomic():
        SignInSlip.objects.create(
            person=slip.person, token_digest="a", code_digest="b", expires_at=slip.expires_at
        )


def test_a_terms_slips_go_to_those_in_office_today(hall):
    import datetime as dt

    from lianghui.people.models import Membership, Person, Role

    newcomer = Person.objects.create(name="补选人")  # elected after the session
    Membership.objects.create(
        person=newcomer, organisation=hall.congress, role=Role.DELEGATE, start=dt.date(2025, 3, 1)
    )
    assert newcomer not in [p.person for p in issue(hall, only_missing=True).printed]
    result = actions.issue_slips(hall.term, hall.officer)
    assert [p.person for p in result.printed] == [newcomer]  # the others hold valid slips
    assert result.scope.title == str(hall.term)
    slip = SignInSlip.objects.get(pk=result.printed[0].slip_id)
    assert slip.session is None
    event = Event.objects.filter(kind="accounts.slips_issued").latest("id")
    assert event.subject == f"lh_sessions.term:{hall.term.pk}"
    with pytest.raises(ActionError) as outside:
        actions.issue_slips(hall.term, hall.officer, person_ids=[hall.guest.pk])
    assert "不是本届的代表或委员" in outside.value.message
