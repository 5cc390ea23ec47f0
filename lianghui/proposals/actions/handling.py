"""Assignment to handling units (交办), reassignment (改办), extensions (延期).

- assign (DL 51; 沪建议规定 11, 13): one lead unit and any co-handling units, or two or more
  split units each with its part; the reply is due three months from assignment, six for
  broad or difficult matters; co-handlers' opinions within one month (沪建议规定 17).
- request_reassign (沪建议规定 14): a unit asks, within seven working days of assignment, to
  return a filing outside its remit; the secretariat reassigns or refuses.
- request_extension (沪建议规定 19): a lead or split unit that cannot answer in time asks in
  writing for a later deadline, with its reasons (and the day it needs, if it says); one
  request at a time. The secretariat grants it with extend, or refuses it with a reason
  (refuse_extension).
- extend (沪建议规定 19): the secretariat grants a later deadline, at most six months from the
  start of handling (DL 51). An extension may be granted after the deadline has passed; it
  settles the unit's pending request, if any.
"""

from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.utils import timezone

from lianghui.people.models import Organisation, OrgKind
from lianghui.proposals import notify, rules, stored_workflow
from lianghui.proposals.actions._base import (
    deadlines,
    invalid,
    locked,
    locked_assignment,
    move,
    refuse,
    replied,
    require,
    today,
)
from lianghui.proposals.models import (
    Assignment,
    ExtensionRequest,
    ExtensionState,
    Filing,
    HandlingRole,
    ReassignRequest,
    RequestState,
)


@dataclass(frozen=True)
class UnitOrder:
    unit_id: int
    role: str = HandlingRole.LEAD
    part: str = ""  # what a split unit handles


def _units(unit_ids) -> dict[int, Organisation]:
    found = {
        u.pk: u
        for u in Organisation.objects.filter(pk__in=list(unit_ids), kind=OrgKind.HANDLING_UNIT)
    }
    missing = [i for i in unit_ids if i not in found]
    if missing:
        raise invalid(
            "unknown_unit",
            f"承办单位不存在（编号 {'、'.join(map(str, missing))}），请从承办单位名单中选择。",
            unit_ids=missing,
        )
    return found


def _due(role: str, start: date, difficult: bool, d: rules.Deadlines) -> date:
    if role == HandlingRole.CO:
        return rules.cohandler_due(start, d)
    return rules.reply_due(start, difficult, d)


def assign(
    filing: Filing, orders: list[UnitOrder], actor, *, difficult: bool = False
) -> list[Assignment]:
    """Give a registered filing to its handling units, with their deadlines."""
    orders = list(orders)
    verdict = rules.check_assignment([o.role for o in orders])
    if not verdict.ok:
        raise invalid(verdict.code, verdict.reason)
    ids = [o.unit_id for o in orders]
    if len(set(ids)) != len(ids):
        raise invalid("unit_twice", "同一承办单位不能重复交办。")
    units = _units(ids)
    for o in orders:
        if o.role == HandlingRole.SPLIT and not o.part.strip():
            raise invalid("part_required", f"请写明{units[o.unit_id]}分办的内容。")
    with transaction.atomic():
        filing = locked(filing.pk)
        target = stored_workflow.check(filing, "assign", actor)
        d = deadlines(filing.body_id)
        day = today()
        created = Assignment.objects.bulk_create(
            Assignment(
                filing=filing,
                unit=units[o.unit_id],
                role=o.role,
                part=o.part.strip()[:200],
                assigned_on=day,
                started_on=day,
                due=_due(o.role, day, difficult, d),
                round=filing.round,
                assigned_by=actor,
            )
            for o in orders
        )
        filing.difficult = difficult
        move(
            filing,
            target,
            "assign",
            actor,
            {
                "units": [
                    {"unit": a.unit_id, "role": a.role, "due": a.due.isoformat()} for a in created
                ],
                "difficult": difficult,
            },
            fields=["difficult"],
        )
        created = list(Assignment.objects.filter(filing=filing, active=True).order_by("id"))
        notify.units_assigned(filing, created)
    return created


def _check_unanswered(assignment: Assignment, answered: str) -> None:
    """Only an assignment still in force whose unit has not answered this round is given to
    another unit or more time; `answered` is the refusal once it has answered."""
    if not assignment.active:
        raise refuse("inactive", "该交办已经改办。")
    if replied(assignment):
        raise refuse("already_replied", answered)


def request_reassign(
    assignment: Assignment, reason: str, actor, *, suggested_unit_id: int | None = None
) -> ReassignRequest:
    """A unit asks to return a filing that is not within its remit."""
    reason = require(reason, "reason_required", "请说明不属于本单位职权范围的理由。")
    suggested = _units([suggested_unit_id])[suggested_unit_id] if suggested_unit_id else None
    with transaction.atomic():
        filing, assignment = locked_assignment(assignment)
        target = stored_workflow.check(filing, "request_reassign", actor, assignment)
        verdict = rules.check_reassign_in_time(
            today(), assignment.assigned_on, deadlines(filing.body_id)
        )
        if not verdict.ok:
            raise refuse(verdict.code, verdict.reason)
        if assignment.reassign_requests.filter(state=RequestState.PENDING).exists():
            raise refuse("request_pending", "已提出申请，请等待秘书处处理。")
        request = ReassignRequest.objects.create(
            assignment=assignment, reason=reason, suggested_unit=suggested, requested_by=actor
        )
        move(
            filing,
            target,
            "request_reassign",
            actor,
            {"assignment": assignment.pk, "request": request.pk, "reason": reason},
        )
    return request


def reassign(
    assignment: Assignment,
    unit_id: int,
    reason: str,
    actor,
    *,
    request: ReassignRequest | None = None,
) -> Assignment:
    """Take a filing from one unit and give it to another, in the same role, with a fresh
    deadline from today."""
    reason = require(reason, "reason_required", "请说明改办的理由。")
    unit = _units([unit_id])[unit_id]
    with transaction.atomic():
        filing, assignment = locked_assignment(assignment)
        target = stored_workflow.check(filing, "reassign", actor)
        _check_unanswered(assignment, f"{assignment.unit}已答复，不能改办。")
        if Assignment.objects.filter(filing=filing, unit=unit, active=True).exists():
            raise invalid("unit_twice", f"{unit}已承办该件。")
        if request is not None:
            request = ReassignRequest.objects.select_for_update(of=("self",)).get(pk=request.pk)
            if request.assignment_id != assignment.pk or request.state != RequestState.PENDING:
                raise refuse("request_not_pending", "该申请不是待处理的申请。")
        day = today()
        assignment.active, assignment.ended_on = False, day
        assignment.save(update_fields=["active", "ended_on"])
        new = Assignment.objects.create(
            filing=filing,
            unit=unit,
            role=assignment.role,
            part=assignment.part,
            assigned_on=day,
            started_on=day,
            due=_due(assignment.role, day, filing.difficult, deadlines(filing.body_id)),
            round=assignment.round,
            assigned_by=actor,
        )
        if request is not None:
            _decide(request, RequestState.APPROVED, reason, actor)
        move(
            filing,
            target,
            "reassign",
            actor,
            {
                "from_unit": assignment.unit_id,
                "to_unit": unit.pk,
                "assignment": new.pk,
                "request": request.pk if request else None,
                "reason": reason,
            },
        )
        notify.units_assigned(filing, [new])
    return new


def refuse_reassign(request: ReassignRequest, answer: str, actor) -> ReassignRequest:
    answer = require(answer, "reason_required", "请说明不同意改办的理由。", 300)
    return _refuse_request(
        request,
        (RequestState.PENDING, RequestState.REFUSED),
        "refuse_reassign",
        answer,
        actor,
        lambda assignment, row: {"request": row.pk, "answer": answer},
    )


def extend(assignment: Assignment, new_due: date, reason: str, actor) -> Assignment:
    """Grant a later deadline (the unit has reported why it needs one); a pending request
    of the unit's is granted by it."""
    reason = require(reason, "reason_required", "请写明延期理由。", 300)
    with transaction.atomic():
        filing, assignment = locked_assignment(assignment)
        target = stored_workflow.check(filing, "extend", actor)
        _check_unanswered(assignment, f"{assignment.unit}已答复，无需延期。")
        verdict = rules.check_extension(
            assignment.started_on, assignment.effective_due, new_due, deadlines(filing.body_id)
        )
        if not verdict.ok:
            raise invalid(verdict.code, verdict.reason)
        before = assignment.effective_due
        assignment.extended_due, assignment.extension_reason = new_due, reason
        assignment.save(update_fields=["extended_due", "extension_reason"])
        request = _pending_extension(assignment)
        if request is not None:
            _decide(request, ExtensionState.GRANTED, reason, actor)
        move(
            filing,
            target,
            "extend",
            actor,
            {
                "assignment": assignment.pk,
                "old_due": before.isoformat(),
                "due": new_due.isoformat(),
                "reason": reason,
                "request": request.pk if request else None,
            },
        )
    return assignment


def _pending_extension(assignment: Assignment) -> ExtensionRequest | None:
    return (
        ExtensionRequest.objects.select_for_update(of=("self",))
        .filter(assignment=assignment, state=ExtensionState.PENDING)
        .first()
    )


def _decide(request: ExtensionRequest | ReassignRequest, state: str, answer: str, actor) -> None:
    request.state, request.answer = state, answer[:300]
    request.decided_by, request.decided_at = actor, timezone.now()
    request.save(update_fields=["state", "answer", "decided_by", "decided_at"])


def request_extension(
    assignment: Assignment, reason: str, actor, *, wanted_due: date | None = None
) -> ExtensionRequest:
    """A lead or split unit asks in writing for a later reply deadline."""
    reason = require(
        reason, "reason_required", "请说明不能按期答复的原因（沪建议规定 19：书面报告）。"
    )
    with transaction.atomic():
        filing, assignment = locked_assignment(assignment)
        target = stored_workflow.check(filing, "request_extension", actor, assignment)
        _check_unanswered(assignment, "本单位已经答复，无需延期。")
        if _pending_extension(assignment) is not None:
            raise refuse("request_pending", "已申请延期，请等待秘书处处理。")
        verdict = rules.check_extension_request_in_time(
            today(), assignment.started_on, deadlines(filing.body_id)
        )
        if not verdict.ok:
            raise refuse(verdict.code, verdict.reason)
        if wanted_due is not None:
            verdict = rules.check_extension(
                assignment.started_on,
                assignment.effective_due,
                wanted_due,
                deadlines(filing.body_id),
            )
            if not verdict.ok:
                raise invalid(verdict.code, verdict.reason)
        request = ExtensionRequest.objects.create(
            assignment=assignment,
            round=assignment.round,
            reason=reason,
            wanted_due=wanted_due,
            requested_by=actor,
        )
        move(
            filing,
            target,
            "request_extension",
            actor,
            {
                "assignment": assignment.pk,
                "request": request.pk,
                "due": assignment.effective_due.isoformat(),
                "wanted_due": wanted_due.isoformat() if wanted_due else None,
                "reason": reason,
            },
        )
        notify.extension_requested(filing, assignment, request)
    return request


def refuse_extension(request: ExtensionRequest, answer: str, actor) -> ExtensionRequest:
    """The secretariat does not extend the deadline, and says why."""
    answer = require(answer, "reason_required", "请说明不同意延期的理由。", 300)
    return _refuse_request(
        request,
        (ExtensionState.PENDING, ExtensionState.REFUSED),
        "refuse_extension",
        answer,
        actor,
        lambda assignment, row: {"assignment": assignment.pk, "request": row.pk, "answer": answer},
    )


def _refuse_request(request, states: tuple[str, str], step: str, answer: str, actor, data):
    """The secretariat's no to a unit's request (reassignment or extension), with its answer:
    the filing and the assignment locked, the step checked, the request (locked) still
    pending, then refused; `data(assignment, request)` is what the audit event says."""
    pending, refused = states
    with transaction.atomic():
        filing, assignment = locked_assignment(request.assignment)
        target = stored_workflow.check(filing, step, actor)
        request = type(request).objects.select_for_update(of=("self",)).get(pk=request.pk)
        if request.state != pending:
            raise refuse("request_not_pending", "该申请已处理。")
        _decide(request, refused, answer, actor)
        move(filing, target, step, actor, data(assignment, request))
    return request
