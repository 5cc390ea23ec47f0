"""Give an account the secretariat of one body, or take it away (SecretariatSeat), audited.

Spec: only the secretariat of every body (the "secretariat" group, superusers) decides who
runs a body's sessions; a reason is required. Events: people.secretariat_seat_granted,
people.secretariat_seat_revoked (account, body, reason).
"""

from django.db import transaction

from lianghui.audit.log import record
from lianghui.errors import ActionError, NotFound, PermissionDenied
from lianghui.people.access import is_secretariat
from lianghui.people.models import BODY_KINDS, Organisation, SecretariatSeat


def _check(actor, body: Organisation, reason: str) -> str:
    if not is_secretariat(actor):
        raise PermissionDenied("只有全体机构的会务组可以指定本机构会务组成员。")
    if body.kind not in BODY_KINDS:
        raise ActionError("not_a_body", f"“{body.name}”不是人大或政协，不能设会务组。", 422)
    reason = (reason or "").strip()[:200]
    if not reason:
        raise ActionError("reason_required", "请说明原因（如：任命、调离）。", status=422)
    return reason


def grant(user, body: Organisation, actor, reason: str) -> SecretariatSeat:
    reason = _check(actor, body, reason)
    with transaction.atomic():
        seat, created = SecretariatSeat.objects.get_or_create(user=user, body=body)
        if not created:
            raise ActionError("already_seated", f"{user} 已是{body.name}的会务组成员。", 409)
        record(
            "people.secretariat_seat_granted",
            body,
            actor=actor,
            data={"user": user.pk, "username": user.get_username(), "reason": reason},
        )
    return seat


def revoke(user, body: Organisation, actor, reason: str) -> None:
    reason = _check(actor, body, reason)
    with transaction.atomic():
        removed, _ = SecretariatSeat.objects.filter(user=user, body=body).delete()
        if not removed:
            raise NotFound(f"{user} 不是{body.name}的会务组成员。")
        record(
            "people.secretariat_seat_revoked",
            body,
            actor=actor,
            data={"user": user.pk, "username": user.get_username(), "reason": reason},
        )
