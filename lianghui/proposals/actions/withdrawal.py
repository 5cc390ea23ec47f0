"""Withdrawal. A draft: at once, by its lead. A motion: with the presidium's consent (LOL 22;
DL 15) — the lead asks, the presidium decides (motions.decide_motion). A suggestion or
proposal: when all its filers ask (沪建议规定 10), or when the secretariat records their
written request; its handling units stop.
"""

from django.db import transaction
from django.utils import timezone

from lianghui.people.access import person_of
from lianghui.proposals import access, stored_workflow
from lianghui.proposals import default_workflow as wf
from lianghui.proposals.actions._base import clean, invalid, locked, move, refuse, today
from lianghui.proposals.models import Assignment, Filing, Kind, Signature


def withdraw(filing: Filing, actor, *, reason: str = "") -> Filing:
    """Withdraw a draft at once; otherwise as the law says (see the module docstring)."""
    reason = clean(reason, 300)
    with transaction.atomic():
        filing = locked(filing.pk)
        if filing.state == wf.INITIAL:
            target = stored_workflow.check(filing, "withdraw", actor)
            move(filing, target, "withdraw", actor, {"reason": reason})
            return filing
        if filing.kind == Kind.MOTION:
            return _ask_presidium(filing, reason, actor)
        return _withdraw_jointly(filing, reason, actor)


def _ask_presidium(filing: Filing, reason: str, actor) -> Filing:
    target = stored_workflow.check(filing, "request_withdrawal", actor)
    if filing.withdrawal_requested_at:
        raise refuse("already_requested", "已申请撤回，请等待主席团决定。")
    if not reason:
        raise invalid("reason_required", "申请撤回议案须说明理由。")
    filing.withdrawal_requested_at = timezone.now()
    filing.withdrawal_reason = reason
    move(
        filing,
        target,
        "request_withdrawal",
        actor,
        {"reason": reason},
        fields=["withdrawal_requested_at", "withdrawal_reason"],
    )
    return filing


def _withdraw_jointly(filing: Filing, reason: str, actor) -> Filing:
    roles = access.roles_of(actor, filing)
    waiting = []
    if wf.SIGNER in roles and filing.by_people:
        stored_workflow.check(filing, "request_withdrawal", actor)
        me = filing.filers.get(person=person_of(actor))
        if me.withdrawal_requested_at is None:
            me.withdrawal_requested_at = timezone.now()
            me.save(update_fields=["withdrawal_requested_at"])
        waiting = list(
            filing.filers.filter(
                signature=Signature.CONFIRMED, withdrawal_requested_at__isnull=True
            ).values_list("person_id", flat=True)
        )
    if waiting:
        move(
            filing,
            filing.state,
            "request_withdrawal",
            actor,
            {"reason": reason, "waiting_for": waiting},
        )
        return filing
    target = stored_workflow.check(filing, "withdraw", actor)
    ended = Assignment.objects.filter(filing=filing, active=True).update(
        active=False, ended_on=today()
    )
    filing.withdrawal_reason = reason
    move(
        filing,
        target,
        "withdraw",
        actor,
        {"reason": reason, "assignments_ended": ended},
        fields=["withdrawal_reason"],
    )
    return filing
