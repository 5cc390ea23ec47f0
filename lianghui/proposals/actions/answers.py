"""Answers: co-handlers' opinions, the units' replies, the filer's rating, closing.

- co_opinion (沪建议规定 17): a co-handling unit sends its opinion to the lead unit, once per
  round, while its assignment is open, whatever the lead has done (also after the lead's
  reply, which the event notes); a late one is accepted and marked late.
- reply (DL 51; 沪建议规定 17–20): a lead or split unit answers in writing with a result class
  and PDF/Word attachments. After its deadline it may not, unless the secretariat extended it
  (handling.extend). While a co-handler's opinion is missing and still within its deadline it
  may not either (rules.check_reply_waits); after that it may, and the event records the
  opinions received and the units that sent none. The filing is "replied" once every lead
  and split unit has answered.
  A request for an extension still pending lapses with the reply.
- rate (沪建议规定 21): the lead filer rates each reply once, within 15 working days; 不满意
  (with the filer's reasons) sends that unit back to work with a new one-month deadline.
- conclude: the secretariat closes a replied filing whose rating time has run out, or an
  opinion report once its feedback is in.
"""

from django.db import transaction
from django.utils import timezone

from lianghui.people.access import person_of
from lianghui.proposals import due, notify, rules, stored_workflow
from lianghui.proposals.actions._base import (
    check_uploads,
    deadlines,
    invalid,
    locked,
    locked_assignment,
    move,
    refuse,
    replied,
    require,
    store_uploads,
    today,
)
from lianghui.proposals.models import (
    Assignment,
    CoHandlerOpinion,
    ExtensionRequest,
    ExtensionState,
    Filing,
    HandlingRole,
    Kind,
    Rating,
    RatingLevel,
    Reply,
    ResultClass,
)
from lianghui.proposals.models.handling import REPLYING_ROLES


def co_opinion(assignment: Assignment, text: str, actor) -> CoHandlerOpinion:
    text = require(text, "text_required", "请填写会办意见。")
    with transaction.atomic():
        filing, assignment = locked_assignment(assignment)
        target = stored_workflow.check(filing, "co_opinion", actor, assignment)
        if assignment.co_opinions.filter(round=assignment.round).exists():
            raise refuse("already_sent", "本轮会办意见已经提出。")
        day = today()
        lead_replied = len(pending_assignments(filing)) < _replying(filing).count()
        opinion = CoHandlerOpinion.objects.create(
            assignment=assignment,
            round=assignment.round,
            text=text,
            due=assignment.effective_due,
            on_time=rules.on_time(day, assignment.effective_due),
            sent_by=actor,
        )
        move(
            filing,
            target,
            "co_opinion",
            actor,
            {
                "assignment": assignment.pk,
                "opinion": opinion.pk,
                "on_time": opinion.on_time,
                "after_reply": lead_replied,
            },
        )
    return opinion


def _replying(filing: Filing):
    return Assignment.objects.filter(filing=filing, active=True, role__in=REPLYING_ROLES)


def pending_assignments(filing: Filing):
    """Active lead and split assignments still owing a reply for their current round."""
    return [a for a in _replying(filing) if not replied(a)]


def reply(assignment: Assignment, text: str, result: str, actor, *, files=()) -> Reply:
    """A lead or split unit answers the filers. `files`: (filename, bytes) pairs."""
    text = require(text, "text_required", "请填写答复内容。")
    if result not in ResultClass.values:
        raise invalid(
            "bad_result", "请选择办理结果：解决或采纳、正在解决或列入计划、说明解释留作参考。"
        )
    checked = check_uploads(files)
    with transaction.atomic():
        filing, assignment = locked_assignment(assignment)
        stored_workflow.roles_or_404(filing, actor, assignment)  # another unit: no such filing
        if assignment.role == HandlingRole.CO:
            raise refuse("co_unit_cannot_reply", "会办单位不直接答复，请向主办单位提出会办意见。")
        if replied(assignment):
            raise refuse("already_replied", "本单位已经答复。")
        others = [a for a in pending_assignments(filing) if a.pk != assignment.pk]
        action = "reply_part" if others else "reply"
        target = stored_workflow.check(filing, action, actor, assignment)
        day = today()
        verdict = rules.check_reply_in_time(day, assignment.effective_due)
        if not verdict.ok:
            raise refuse(verdict.code, verdict.reason)
        co = due.co_opinions(filing)
        verdict = rules.check_reply_waits(day, assignment.effective_due, co.missing_pairs())
        if not verdict.ok:
            raise refuse(verdict.code, verdict.reason)
        # A request for more time made before answering in time needs no decision now.
        lapsed = list(
            ExtensionRequest.objects.filter(
                assignment=assignment, state=ExtensionState.PENDING
            ).values_list("pk", flat=True)
        )
        ExtensionRequest.objects.filter(pk__in=lapsed).update(
            state=ExtensionState.LAPSED, decided_at=timezone.now()
        )
        answer = Reply.objects.create(
            filing=filing,
            assignment=assignment,
            unit=assignment.unit,
            round=assignment.round,
            text=text,
            result=result,
            due=assignment.effective_due,
            on_time=rules.on_time(day, assignment.due),
            replied_on=day,
            replied_by=actor,
        )
        move(
            filing,
            target,
            action,
            actor,
            {
                "reply": answer.pk,
                "unit": assignment.unit_id,
                "round": answer.round,
                "result": result,
                "on_time": answer.on_time,
                "files": [name for name, _, _ in checked],
                **({"extension_requests_lapsed": lapsed} if lapsed else {}),
                **_co_record(co),
            },
        )
        store_uploads(filing, checked, actor, reply=answer)
        notify.filers_answered(filing, answer)
    return answer


def _co_record(co: due.CoOpinions) -> dict:
    """What the reply had from the co-handling units: for the reply's audit event."""
    if not (co.received or co.missing):
        return {}
    return {
        "co_opinions": [o.pk for o in co.received],
        "co_opinions_missing": [
            {"unit": a.unit_id, "name": a.unit.name, "due": a.effective_due.isoformat()}
            for a in co.missing
        ],
    }


def _settled(filing: Filing, rated: Reply, level: str) -> bool:
    """Every lead and split unit has a current reply rated satisfied or basically satisfied
    (counting the rating being given now)."""
    for a in _replying(filing):
        current = Reply.objects.filter(assignment=a, round=a.round).first()
        if current is None:
            return False
        current_level = (
            level
            if current.pk == rated.pk
            else getattr(Rating.objects.filter(reply=current).first(), "level", None)
        )
        if current_level not in (RatingLevel.SATISFIED, RatingLevel.BASIC):
            return False
    return True


def rate(answer: Reply, level: str, actor, *, comment: str = "") -> Rating:
    """The lead filer rates a reply: once per reply."""
    if level not in RatingLevel.values:
        raise invalid("bad_level", "评价只能是满意、基本满意或不满意。")
    comment = (comment or "").strip()
    if level == RatingLevel.UNSATISFIED and not comment:
        raise invalid("comment_required", "不满意的，请填写具体意见（沪建议规定 21）。")
    with transaction.atomic():
        filing = locked(answer.filing_id)
        answer = Reply.objects.select_related("assignment").get(pk=answer.pk)
        stored_workflow.roles_or_404(filing, actor)
        if Rating.objects.filter(reply=answer).exists():
            raise refuse("already_rated", "该答复已经评价，每份答复只能评价一次。")
        assignment = Assignment.objects.select_for_update(of=("self",)).get(pk=answer.assignment_id)
        if answer.round != assignment.round or not assignment.active:
            raise refuse("superseded", "该答复已有新的答复，请评价最新的答复。")
        if level == RatingLevel.UNSATISFIED:
            action = "rate_unsatisfied"
        else:
            action = "rate_satisfied" if _settled(filing, answer, level) else "rate"
        target = stored_workflow.check(filing, action, actor)
        d = deadlines(filing.body_id)
        day = today()
        closes = rules.rating_due(answer.replied_on, d)
        if day > closes:
            raise refuse("rating_closed", f"评价期限（{closes:%Y年%m月%d日}）已过。")
        rating = Rating.objects.create(
            reply=answer,
            level=level,
            comment=comment,
            person=person_of(actor),
            rated_by=actor,
            rated_on=day,
        )
        fields = []
        data = {"reply": answer.pk, "rating": rating.pk, "level": level, "comment": comment}
        if level == RatingLevel.UNSATISFIED:
            assignment.round += 1
            assignment.started_on = day
            assignment.due = rules.rereply_due(day, d)
            assignment.extended_due, assignment.extension_reason = None, ""
            assignment.save(
                update_fields=["round", "started_on", "due", "extended_due", "extension_reason"]
            )
            filing.round = max(filing.round, assignment.round)
            fields.append("round")
            data.update(assignment=assignment.pk, due=assignment.due.isoformat())
        move(filing, target, action, actor, data, fields=fields)
    return rating


def conclude(filing: Filing, actor) -> Filing:
    """Close a replied filing whose rating time has run out, or a forwarded opinion report."""
    with transaction.atomic():
        filing = locked(filing.pk)
        target = stored_workflow.check(filing, "conclude", actor)
        if filing.kind != Kind.OPINION:
            d = deadlines(filing.body_id)
            unrated = Reply.objects.filter(filing=filing, rating__isnull=True).select_related(
                "assignment"
            )
            for r in unrated:
                if r.assignment.active and r.round == r.assignment.round:
                    closes = rules.rating_due(r.replied_on, d)
                    if today() <= closes:
                        raise refuse(
                            "rating_open",
                            f"提出人的评价期限（{closes:%Y年%m月%d日}）未到，暂不能办结。",
                        )
        move(filing, target, "conclude", actor)
    return filing
