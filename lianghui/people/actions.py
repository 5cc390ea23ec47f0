"""Edit a person or a membership, with the reason recorded.

Spec: the secretariat; a reason is required (a roster correction, a resignation, a
by-election...), because memberships decide who counts towards the quorum and every
majority. Only the fields given change; the event holds each changed field's old and new
value and the reason. Events: people.person_changed, people.membership_changed,
people.membership_added.
"""

from datetime import date

from django.db import transaction

from lianghui.audit.diff import apply_changes, plain
from lianghui.audit.log import record
from lianghui.errors import ActionError, PermissionDenied
from lianghui.people.access import is_secretariat
from lianghui.people.models import Gender, Membership, Organisation, Person, Role
from lianghui.people.roster_rules import clean_name

PERSON_FIELDS = ("name", "gender", "ethnicity", "birth_date", "work", "mobile")
MEMBERSHIP_FIELDS = ("role", "title", "start", "end")


def _refuse(field: str, message: str, code: str = "invalid") -> ActionError:
    return ActionError(code, message, status=422, field=field)


def _require(actor, reason: str) -> str:
    if not is_secretariat(actor):
        raise PermissionDenied("只有会务组可以修改人员和任职。")
    reason = (reason or "").strip()
    if not reason:
        raise _refuse("reason", "修改原因：请填写修改原因（如名单更正、辞职、补选）。")
    return reason[:200]


def _apply(obj, changes: dict, allowed) -> dict:
    for field in changes:
        if field not in allowed:
            raise _refuse(field, f"{field}：不能在这里修改。")
    return apply_changes(obj, changes)


def _save(obj, diff: dict, kind: str, actor, data: dict) -> None:
    """Store the changed fields and record them with the reason; nothing if nothing changed."""
    if diff:
        obj.save(update_fields=list(diff))
        record(kind, obj, actor=actor, data=data | {"changes": diff})


def edit_person(person: Person, changes: dict, reason: str, actor) -> Person:
    reason = _require(actor, reason)
    for field in ("gender", "ethnicity", "work", "mobile"):
        if field in changes and changes[field] is None:
            changes[field] = ""  # null in a request clears a text field; the column is not null
    if "name" in changes:
        changes["name"] = clean_name(changes["name"] or "")
        if not changes["name"]:
            raise _refuse("name", "姓名：不能为空。")
    if changes.get("gender") not in (None, "", *Gender.values):
        raise _refuse("gender", "性别：只能是男或女。")
    with transaction.atomic():
        person = Person.objects.select_for_update(of=("self",)).get(pk=person.pk)
        diff = _apply(person, changes, PERSON_FIELDS)
        _save(person, diff, "people.person_changed", actor, {"reason": reason})
    return person


def _check_membership(m: Membership) -> None:
    if m.role not in Role.values:
        raise _refuse("role", "角色：未知的角色。")
    if m.start and m.end and m.end < m.start:
        raise _refuse("end", "终止日期：不能早于起始日期。")


def edit_membership(membership: Membership, changes: dict, reason: str, actor) -> Membership:
    reason = _require(actor, reason)
    with transaction.atomic():
        membership = Membership.objects.select_for_update(of=("self",)).get(pk=membership.pk)
        diff = _apply(membership, changes, MEMBERSHIP_FIELDS)
        _check_membership(membership)
        data = {
            "person": membership.person_id,
            "organisation": membership.organisation_id,
            "reason": reason,
        }
        _save(membership, diff, "people.membership_changed", actor, data)
    return membership


def add_membership(
    person: Person,
    organisation: Organisation,
    role: str,
    reason: str,
    actor,
    *,
    title: str = "",
    start: date | None = None,
    end: date | None = None,
) -> Membership:
    reason = _require(actor, reason)
    membership = Membership(
        person=person,
        organisation=organisation,
        role=role,
        title=title.strip()[:100],
        start=start,
        end=end,
    )
    _check_membership(membership)
    with transaction.atomic():
        clash = Membership.objects.filter(
            person=person, organisation=organisation, role=role, start=start
        )
        if clash.exists():
            raise _refuse("role", "角色：此人在该机构已有同一起始日期的这一角色。", "exists")
        membership.save()
        record(
            "people.membership_added",
            membership,
            actor=actor,
            data={
                "person": person.pk,
                "organisation": organisation.pk,
                "role": role,
                "start": plain(start),
                "reason": reason,
            },
        )
    return membership
