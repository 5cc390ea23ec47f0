"""Questions during a group's deliberation (询问): the actions that record them.

A delegate of the group puts a question to a state organ while the group deliberates a bill
or a report; whoever the organ sent explains (or it is to be answered after the session, as
agreed). Recorded by whoever keeps the group's record, while it is a draft; each write with
its audit event in one transaction (rules.question_refusal cites the law).
"""

from django.db import transaction
from django.utils import timezone

from lianghui.audit.log import record
from lianghui.deliberation import rules
from lianghui.deliberation.actions._base import _locked_draft, _require_recorder
from lianghui.deliberation.models import Deliberation, Question
from lianghui.errors import ActionError
from lianghui.people.models import OrgKind, Person
from lianghui.rows import next_number
from lianghui.sessions import live, roster


def ask(record_: Deliberation, asker: Person, unit: str, text: str, actor) -> Question:
    _require_recorder(actor, record_)
    meeting = record_.meeting
    refusal = rules.question_refusal(
        congress=meeting.session.term.body.kind == OrgKind.CONGRESS,
        asker_is_member=roster.is_member(meeting, asker.pk),
        under_review=record_.item_id is not None,
        unit=unit or "",
        text=text or "",
    )
    if refusal:
        raise ActionError("bad_question", refusal, status=422)
    with transaction.atomic():
        rec = _locked_draft(record_.pk)
        order = next_number(rec.questions)
        question = Question.objects.create(
            deliberation=rec,
            order=order,
            asker=asker,
            unit=unit.strip()[:100],
            text=text.strip(),
            recorded_by=actor,
        )
        record(
            "deliberation.question_asked",
            question,
            actor=actor,
            data={"deliberation": rec.pk, "order": order, "asker": asker.pk, "unit": question.unit},
        )
    live.meeting_changed(rec.meeting_id)
    return question


def answer(question: Question, answered_by: str, text: str, actor, *, deferred: bool = False):
    """The explanation given by the organ's envoy; or, deferred, who agreed to an answer
    after the session (沪议事规则 54 ¶4)."""
    record_ = question.deliberation
    _require_recorder(actor, record_)
    refusal = rules.answer_refusal(answered_by or "", text or "", deferred=deferred)
    if refusal:
        raise ActionError("bad_answer", refusal, status=422)
    with transaction.atomic():
        rec = _locked_draft(record_.pk)
        question = Question.objects.select_for_update().get(pk=question.pk)
        question.answered_by = answered_by.strip()[:100]
        question.answer = (text or "").strip()
        question.deferred = deferred
        question.answered_at = timezone.now()
        question.save(update_fields=["answered_by", "answer", "deferred", "answered_at"])
        record(
            "deliberation.question_answered",
            question,
            actor=actor,
            data={"answered_by": question.answered_by, "deferred": deferred},
        )
    live.meeting_changed(rec.meeting_id)
    return question
