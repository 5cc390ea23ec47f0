"""Opinion reports (社情民意信息): members submit (filing.file / submit); the secretariat edits,
adopts or not, forwards to leaders or units, and records their feedback and instructions.
The text as submitted is kept (original_text) when the secretariat first edits it.
"""

from dataclasses import dataclass
from datetime import date

from django.db import transaction

from lianghui.people.models import Organisation, OrgKind, Person
from lianghui.proposals import stored_workflow
from lianghui.proposals.actions._base import clean, invalid, locked, move, require, today
from lianghui.proposals.models import (
    Decision,
    DecisionKind,
    Feedback,
    FeedbackKind,
    Filing,
    Forward,
    Kind,
)


def _opinion(filing: Filing) -> None:
    if filing.kind != Kind.OPINION:
        raise invalid("not_opinion", "此操作只适用于社情民意信息。")


def edit(filing: Filing, actor, *, title=None, text=None, subject=None) -> Filing:
    _opinion(filing)
    with transaction.atomic():
        filing = locked(filing.pk)
        target = stored_workflow.check(filing, "edit", actor)
        changed = []
        if text is not None and clean(text) != filing.text:
            if not clean(text):
                raise invalid("text_required", "请填写内容。")
            if not filing.original_text:
                filing.original_text = filing.text
                changed.append("original_text")
            filing.text = clean(text)
            changed.append("text")
        if title is not None and clean(title, 200) != filing.title:
            filing.title = require(title, "title_required", "请填写标题。", 200)
            changed.append("title")
        if subject is not None and clean(subject, 40) != filing.subject:
            filing.subject = clean(subject, 40)
            changed.append("subject")
        move(filing, target, "edit", actor, {"fields": changed}, fields=changed)
    return filing


def adopt(filing: Filing, adopted: bool, actor, *, note: str = "") -> Filing:
    """Adopt (采用, e.g. into an issue of the bulletin) or not, with a note or a reason."""
    _opinion(filing)
    action = DecisionKind.ADOPT if adopted else DecisionKind.NOT_ADOPT
    with transaction.atomic():
        filing = locked(filing.pk)
        target = stored_workflow.check(filing, action, actor)
        note = clean(note, 200)
        if not adopted and not note:
            raise invalid("reasons_required", "请写明不予采用的理由。")
        filing.adoption_note = note
        row = Decision.objects.create(filing=filing, kind=action, reasons=note, recorded_by=actor)
        move(
            filing,
            target,
            action,
            actor,
            {"decision": row.pk, "note": note},
            fields=["adoption_note"],
        )
    return filing


@dataclass(frozen=True)
class Recipient:
    """A unit, a leader (a person), or just a name."""

    unit_id: int | None = None
    leader_id: int | None = None
    name: str = ""


def _forward_row(filing: Filing, r: Recipient, note: str, actor) -> Forward:
    if r.unit_id is not None and r.leader_id is not None:
        raise invalid("bad_recipient", "每个报送对象只能是一个单位或一位领导。")
    unit = leader = None
    if r.unit_id is not None:
        unit = Organisation.objects.filter(pk=r.unit_id).exclude(kind=OrgKind.CPPCC).first()
        if unit is None:
            raise invalid("unknown_unit", f"报送单位不存在（编号 {r.unit_id}）。")
    if r.leader_id is not None:
        leader = Person.objects.filter(pk=r.leader_id).first()
        if leader is None:
            raise invalid("unknown_person", f"未找到领导（编号 {r.leader_id}）。")
    name = clean(r.name, 100) or str(unit or leader or "")
    if not name:
        raise invalid("bad_recipient", "请填写报送对象。")
    return Forward(
        filing=filing,
        unit=unit,
        leader=leader,
        recipient=name,
        note=note,
        forwarded_on=today(),
        forwarded_by=actor,
    )


def forward(filing: Filing, recipients: list[Recipient], actor, *, note: str = "") -> list[Forward]:
    _opinion(filing)
    if not recipients:
        raise invalid("bad_recipient", "请选择报送对象。")
    note = clean(note, 300)
    with transaction.atomic():
        filing = locked(filing.pk)
        target = stored_workflow.check(filing, "forward", actor)
        rows = Forward.objects.bulk_create(_forward_row(filing, r, note, actor) for r in recipients)
        move(filing, target, "forward", actor, {"recipients": [f.recipient for f in rows]})
    return rows


def record_feedback(
    filing: Filing,
    kind: str,
    source: str,
    text: str,
    actor,
    *,
    forward_id: int | None = None,
    leader_id: int | None = None,
    received_on: date | None = None,
) -> Feedback:
    """A unit's feedback (反馈) or a leader's instruction (批示) on a forwarded report."""
    _opinion(filing)
    if kind not in FeedbackKind.values:
        raise invalid("bad_feedback", "类型只能是单位反馈或领导批示。")
    source = require(source, "source_required", "请填写批示领导或反馈单位。", 100)
    text = require(text, "text_required", "请填写内容。")
    if received_on and received_on > today():
        raise invalid("future_date", "收到日期不能晚于今天。")
    with transaction.atomic():
        filing = locked(filing.pk)
        target = stored_workflow.check(filing, "feedback", actor)
        if forward_id is not None and not filing.forwards.filter(pk=forward_id).exists():
            raise invalid("unknown_forward", "所选报送记录不属于该件。")
        if leader_id is not None and not Person.objects.filter(pk=leader_id).exists():
            raise invalid("unknown_person", f"未找到领导（编号 {leader_id}）。")
        row = Feedback.objects.create(
            filing=filing,
            forward_id=forward_id,
            kind=kind,
            source=source,
            leader_id=leader_id,
            text=text,
            received_on=received_on or today(),
            recorded_by=actor,
        )
        move(
            filing, target, "feedback", actor, {"feedback": row.pk, "kind": kind, "source": source}
        )
    return row
