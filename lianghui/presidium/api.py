"""The presidium (主席团) / 主席会议: members for a session, decisions and their votes."""

from datetime import datetime

from ninja import Router, Schema, Status

from lianghui.api_access import PUBLIC
from lianghui.errors import NotFound, PermissionDenied
from lianghui.presidium import actions
from lianghui.presidium.models import Decision
from lianghui.sessions import access

router = Router(tags=["presidium 主席团"])


class PresidiumMemberOut(Schema):
    id: int
    name: str


class PresidiumDecisionOut(Schema):
    id: int
    session_id: int
    meeting_id: int
    meeting: str
    poll_id: int
    poll_state: str
    subject: str
    subject_label: str
    text: str
    election_id: int | None
    persons: list[int]
    valid: bool | None
    adopted: bool | None
    outcome: str
    decided_at: datetime | None


class PresidiumOut(Schema):
    session_id: int
    body: str  # 主席团 or 主席会议
    name: str | None
    members: list[PresidiumMemberOut]
    decisions: list[PresidiumDecisionOut]


class PresidiumMembersIn(Schema):
    person_ids: list[int]


class PresidiumMatterIn(Schema):
    election_id: int | None = None
    person_ids: list[int] = []
    valid: bool | None = None
    meeting_ids: list[int] = []  # an agenda decision: the meetings whose agenda it settles


class PresidiumDecisionIn(Schema):
    subject: str
    text: str
    matter: PresidiumMatterIn = PresidiumMatterIn()
    mode: str = "hands"


def decision_out(d: Decision) -> dict:
    return {
        "id": d.pk,
        "session_id": d.session_id,
        "meeting_id": d.meeting_id,
        "meeting": d.meeting.title,
        "poll_id": d.poll_id,
        "poll_state": d.poll.state,
        "subject": d.subject,
        "subject_label": d.get_subject_display(),
        "text": d.text,
        "election_id": d.election_id,
        "persons": d.persons,
        "valid": d.matter.get("valid"),
        "adopted": d.adopted,
        "outcome": d.outcome,
        "decided_at": d.decided_at,
    }


def presidium_out(session) -> dict:
    org = actions.presidium_of(session)
    decisions = Decision.objects.filter(session=session).select_related("meeting", "poll")
    return {
        "session_id": session.pk,
        "body": actions.word(session),
        "name": org.name if org else None,
        "members": [{"id": p.pk, "name": p.name} for p in actions.members(session)],
        "decisions": [decision_out(d) for d in decisions],
    }


def decision_for(user, decision_id: int) -> Decision:
    decision = (
        Decision.objects.select_related("meeting", "poll", "session__term__body")
        .filter(pk=decision_id)
        .first()
    )
    if decision is None or not access.can_see_session(user, decision.session):
        raise NotFound("未找到该决定，或您无权查看。")
    return decision


@router.get(
    "/sessions/{session_id}", response=PresidiumOut, auth=PUBLIC, summary="主席团成员与决定"
)
def presidium(request, session_id: int):
    return presidium_out(access.session_for(request.user, session_id))


@router.post("/sessions/{session_id}/members", response=PresidiumOut, summary="登记主席团成员")
def set_members(request, session_id: int, payload: PresidiumMembersIn):
    session = access.session_for(request.user, session_id)
    actions.set_members(session, payload.person_ids, request.user)
    return presidium_out(session)


@router.post(
    "/meetings/{meeting_id}/decisions",
    response={201: PresidiumDecisionOut},
    summary="提请主席团会议表决一项决定",
)
def propose(request, meeting_id: int, payload: PresidiumDecisionIn):
    meeting = access.meeting_for(request.user, meeting_id)
    matter = {}
    if payload.matter.election_id is not None:
        matter["election"] = payload.matter.election_id
    if payload.matter.person_ids:
        matter["persons"] = payload.matter.person_ids
    if payload.matter.valid is not None:
        matter["valid"] = payload.matter.valid
    if payload.matter.meeting_ids:
        matter["meetings"] = payload.matter.meeting_ids
    decision = actions.propose(
        meeting, payload.subject, payload.text, request.user, matter=matter, mode=payload.mode
    )
    return Status(201, decision_out(decision_for(request.user, decision.pk)))


@router.get(
    "/decisions/{decision_id}",
    response=PresidiumDecisionOut,
    auth=PUBLIC,
    summary="主席团的一项决定",
)
def decision(request, decision_id: int):
    return decision_out(decision_for(request.user, decision_id))


@router.post(
    "/decisions/{decision_id}/settle",
    response=PresidiumDecisionOut,
    summary="表决结束后记录决定结果",
)
def settle(request, decision_id: int):
    decision = decision_for(request.user, decision_id)
    if not access.can_chair(request.user, decision.meeting):
        raise PermissionDenied("只有会务组或主席团会议的主持人可以记录决定结果。")
    return decision_out(actions.settle(decision, request.user))
