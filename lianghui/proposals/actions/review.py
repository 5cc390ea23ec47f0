"""Review of suggestions and proposals; merging, key filings, publication.

- review: the secretariat registers (立案 / 受理) a filing, declines it with a reason (不予
  立案 / 退回, 沪建议规定 8), hands it on as a letter (来信), or turns a proposal into
  public-opinion information (社情民意信息), which then goes its own way (docs/law.md).
- merge (并案): duplicates become one; every filer of the merged filing joins the other.
- flag_key: a key filing (重点提案, 重点督办建议, DL 52) with the leader who oversees it;
  none without one.
- publish: the filing and its replies (all, or those named) become public (DL 51: the
  report on handling is public).
"""

from django.db import transaction
from django.utils import timezone

from lianghui.audit.log import record
from lianghui.people.models import Person
from lianghui.proposals import default_workflow as wf
from lianghui.proposals import stored_workflow
from lianghui.proposals.actions._base import derive, invalid, locked, move, refuse, require
from lianghui.proposals.models import Decision, DecisionKind, Filer, Filing, Kind, Reply, Signature

REVIEW_OUTCOMES = (
    DecisionKind.REGISTER,
    DecisionKind.DECLINE,
    DecisionKind.AS_LETTER,
    DecisionKind.AS_OPINION,
)


def review(filing: Filing, outcome: str, actor, *, reasons: str = "") -> Filing:
    """Register, decline, hand on as a letter, or turn into an opinion report."""
    if outcome not in REVIEW_OUTCOMES:
        raise invalid(
            "bad_outcome", "审查结果只能是立案（受理）、不予立案（退回）、转来信或转社情民意信息。"
        )
    with transaction.atomic():
        filing = locked(filing.pk)
        target = stored_workflow.check(filing, outcome, actor)
        if outcome != DecisionKind.REGISTER:
            reasons = require(reasons, "reasons_required", "请写明理由，以便告知提出人。")
        result = None
        if outcome == DecisionKind.AS_OPINION:
            result = derive(filing, Kind.OPINION, "submitted", actor)
        row = Decision.objects.create(
            filing=filing, kind=outcome, reasons=reasons, result=result, recorded_by=actor
        )
        move(
            filing,
            target,
            outcome,
            actor,
            {"decision": row.pk, "reasons": reasons, "result": result.pk if result else None},
        )
    return filing


def merge(filing: Filing, into: Filing, actor, *, reasons: str = "") -> Filing:
    """Merge `filing` into `into` (并案): all filers are kept on `into`."""
    if filing.pk == into.pk:
        raise invalid("merge_self", "不能与自身并案。")
    with transaction.atomic():
        # Lock in id order: two merges of the same pair cannot deadlock.
        first, second = sorted([filing.pk, into.pk])
        rows = {first: locked(first), second: locked(second)}
        filing, into = rows[filing.pk], rows[into.pk]
        target = stored_workflow.check(filing, "merge", actor)
        if (into.kind, into.body_id) != (filing.kind, filing.body_id):
            raise invalid("merge_mismatch", "只能合并同一机关的同类件。")
        if (
            into.state == wf.INITIAL
            or stored_workflow.is_terminal(into.kind, into.state)
            or into.merged_into_id
        ):
            raise refuse("merge_target_closed", "并入的件须已提交且尚在办理中。")
        present = set(into.filers.values_list("person_id", flat=True))
        joined = [
            f.carried_to(into, order=100 + i, merged_from=filing)
            for i, f in enumerate(filing.filers.filter(signature=Signature.CONFIRMED))
            if f.person_id not in present
        ]
        Filer.objects.bulk_create(joined)
        repointed = Filing.objects.filter(merged_into=filing).update(merged_into=into)
        filing.merged_into = into
        row = Decision.objects.create(
            filing=filing,
            kind=DecisionKind.MERGE,
            reasons=reasons.strip(),
            result=into,
            recorded_by=actor,
        )
        move(
            filing,
            target,
            "merge",
            actor,
            {"decision": row.pk, "into": into.pk, "repointed": repointed},
            fields=["merged_into"],
        )
        record(
            "proposals.merged_in",
            into,
            actor=actor,
            data={"from": filing.pk, "filers": [f.person_id for f in joined]},
        )
    return into


def flag_key(
    filing: Filing, actor, *, key: bool = True, leader_id: int | None = None, note: str = ""
) -> Filing:
    """Mark (or unmark) a key filing, with the leader who oversees its handling: a key
    filing is one a leader oversees (DL 52; 重点提案由领导领衔督办), so one is required."""
    leader = None
    if key and leader_id is not None:
        leader = Person.objects.filter(pk=leader_id).first()
        if leader is None:
            raise invalid("unknown_person", "未找到督办领导。")
    with transaction.atomic():
        filing = locked(filing.pk)
        target = stored_workflow.check(filing, "flag_key", actor)
        if key and leader is None:
            raise invalid("leader_required", "设为重点督办须指定督办领导，请填写督办领导的姓名。")
        filing.key = key
        filing.key_leader = leader
        move(
            filing,
            target,
            "flag_key",
            actor,
            {"key": key, "leader": leader.pk if leader else None, "note": note.strip()[:300]},
            fields=["key", "key_leader"],
        )
    return filing


def publish(filing: Filing, actor, *, reply_ids=None) -> Filing:
    """Publish the filing and its replies (all, or the ones named)."""
    with transaction.atomic():
        filing = locked(filing.pk)
        target = stored_workflow.check(filing, "publish", actor)
        replies = Reply.objects.filter(filing=filing)
        if reply_ids is not None:
            wanted = set(reply_ids)
            if not wanted <= set(replies.values_list("pk", flat=True)):
                raise invalid("unknown_reply", "所选答复不属于该件。")
            replies = replies.filter(pk__in=wanted)
        published = list(replies.filter(public=False).values_list("pk", flat=True))
        replies.filter(pk__in=published).update(public=True, published_at=timezone.now())
        filing.public = True
        move(filing, target, "publish", actor, {"replies": published}, fields=["public"])
    return filing
