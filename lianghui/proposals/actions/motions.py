"""Motions (议案): the presidium's decisions and the special committees' opinions.

LOL 22, DL 15: the presidium decides whether a motion goes on the agenda, or first refers it
to a special committee for an opinion; a motion on the agenda may be withdrawn before the
vote only with the presidium's consent. 沪议事规则 24: the presidium sets the deadline for
delegates' motions; 33: a delegates' motion not listed is studied by a committee after the
session, which reports within three months; 34: one outside the congress's powers is handled
as a suggestion. Each decision is recorded with its reasons (Decision).
"""

from datetime import datetime

from django.db import transaction
from django.utils import timezone

from lianghui.audit.log import record
from lianghui.errors import PermissionDenied
from lianghui.people.models import Organisation, OrgKind
from lianghui.proposals import access, stored_workflow
from lianghui.proposals.actions._base import derive, invalid, locked, move, refuse, require
from lianghui.proposals.models import Decision, DecisionKind, Filing, Kind, MotionDeadline
from lianghui.sessions.models import Meeting, MeetingKind, Session

PRESIDIUM_DECISIONS = (
    DecisionKind.REFER,
    DecisionKind.LIST,
    DecisionKind.STUDY,
    DecisionKind.AS_SUGGESTION,
    DecisionKind.CONSENT_WITHDRAWAL,
    DecisionKind.REFUSE_WITHDRAWAL,
    DecisionKind.PUT_TO_VOTE,
)
NEEDS_COMMITTEE = (DecisionKind.REFER, DecisionKind.STUDY)
NEEDS_REQUEST = (DecisionKind.CONSENT_WITHDRAWAL, DecisionKind.REFUSE_WITHDRAWAL)


def set_motion_deadline(session: Session, closes_at: datetime, actor) -> MotionDeadline:
    """The presidium sets the deadline for delegates' motions at its first meeting."""
    if not access.is_presidium(actor, session.term.body_id):
        raise PermissionDenied("只有主席团（或秘书处）可以确定代表提出议案的截止时间。")
    if timezone.is_naive(closes_at):
        raise invalid("naive_time", "截止时间须带时区。")
    if timezone.localtime(closes_at).date() > session.end_date:
        raise invalid("after_session", "截止时间不能晚于大会闭幕。")
    with transaction.atomic():
        deadline, _ = MotionDeadline.objects.update_or_create(
            session=session, defaults={"closes_at": closes_at, "set_by": actor}
        )
        record(
            "proposals.motion_deadline_set",
            session,
            actor=actor,
            data={"closes_at": closes_at.isoformat()},
        )
    return deadline


def _committee(filing: Filing, committee_id: int | None) -> Organisation:
    committee = Organisation.objects.filter(
        pk=committee_id, kind=OrgKind.SPECIAL_COMMITTEE, parent_id=filing.body_id
    ).first()
    if committee is None:
        raise invalid("unknown_committee", "请选择本级人民代表大会的专门委员会。")
    return committee


def _meeting(filing: Filing, meeting_id: int | None) -> Meeting | None:
    if meeting_id is None:
        return None
    meeting = Meeting.objects.filter(
        pk=meeting_id, session_id=filing.session_id, kind=MeetingKind.PRESIDIUM
    ).first()
    if meeting is None:
        raise invalid("bad_meeting", "请选择本次大会的主席团会议。")
    return meeting


def decide_motion(
    filing: Filing,
    decision: str,
    actor,
    *,
    reasons: str = "",
    committee_id: int | None = None,
    meeting_id: int | None = None,
) -> Decision:
    """Record a presidium decision on a motion, with its reasons, and move the motion."""
    if decision not in PRESIDIUM_DECISIONS:
        raise invalid("bad_decision", "未知的主席团决定。")
    if filing.kind != Kind.MOTION:
        raise invalid("not_motion", "主席团决定只适用于议案。")
    with transaction.atomic():
        filing = locked(filing.pk)
        target = stored_workflow.check(filing, decision, actor)
        if decision != DecisionKind.PUT_TO_VOTE:
            reasons = require(reasons, "reasons_required", "请写明决定的理由。")
        committee = _committee(filing, committee_id) if decision in NEEDS_COMMITTEE else None
        meeting = _meeting(filing, meeting_id)
        if decision in NEEDS_REQUEST and not filing.withdrawal_requested_at:
            raise refuse("no_withdrawal_request", "提案人没有申请撤回该议案。")
        if decision == DecisionKind.AS_SUGGESTION and filing.filer_type != "delegates":
            raise refuse(
                "not_by_delegates", "只有代表联名提出的议案可以作为建议处理（沪议事规则 34）。"
            )
        fields = []
        if decision == DecisionKind.REFUSE_WITHDRAWAL:
            filing.withdrawal_requested_at = None
            fields.append("withdrawal_requested_at")
        result = None
        if decision == DecisionKind.AS_SUGGESTION:
            # The presidium's decision is the acceptance: the suggestion is ready to assign.
            result = derive(filing, Kind.SUGGESTION, "registered", actor)
        row = Decision.objects.create(
            filing=filing,
            kind=decision,
            reasons=reasons,
            committee=committee,
            meeting=meeting,
            result=result,
            recorded_by=actor,
        )
        move(
            filing,
            target,
            decision,
            actor,
            {
                "decision": row.pk,
                "reasons": reasons,
                "committee": committee.pk if committee else None,
                "meeting": meeting.pk if meeting else None,
                "result": result.pk if result else None,
            },
            fields=fields,
        )
    return row


def _committee_report(filing, action, kind, text, actor, recommend_listing=None) -> Decision:
    text = require(text, "text_required", "请填写审议意见。")
    with transaction.atomic():
        filing = locked(filing.pk)
        target = stored_workflow.check(filing, action, actor)
        row = Decision.objects.create(
            filing=filing,
            kind=kind,
            reasons=text,
            committee_id=access.referred_committee_id(filing),
            recommend_listing=recommend_listing,
            recorded_by=actor,
        )
        move(
            filing,
            target,
            action,
            actor,
            {"decision": row.pk, "recommend_listing": recommend_listing},
        )
    return row


def committee_opinion(
    filing: Filing, text: str, actor, *, recommend_listing: bool | None = None
) -> Decision:
    """The special committee's opinion on whether to list a motion (LOL 22; DL 50)."""
    return _committee_report(
        filing, "committee_opinion", DecisionKind.COMMITTEE_OPINION, text, actor, recommend_listing
    )


def study_report(filing: Filing, text: str, actor) -> Decision:
    """The committee's report on a motion studied after the session (沪议事规则 33)."""
    return _committee_report(filing, "study_report", DecisionKind.STUDY_REPORT, text, actor)
