"""Interpellations (质询案): read wherever the session is visible; the secretariat records
each step with the same actions as the pages."""

from datetime import datetime

from ninja import Router, Schema, Status

from lianghui.api_access import PUBLIC
from lianghui.api_lookup import meeting, people
from lianghui.interpellation import access, actions, queries
from lianghui.interpellation.models import Interpellation
from lianghui.sessions import access as session_access

router = Router(tags=["interpellation 质询案"])


class InterpellationFilerOut(Schema):
    id: int
    name: str


class InterpellationResponseOut(Schema):
    person_id: int
    satisfied: bool


class InterpellationDecisionOut(Schema):
    id: int
    text: str
    meeting_id: int


class InterpellationAnswerOut(Schema):
    round: int
    form: str
    form_label: str
    meeting_id: int | None
    decision: InterpellationDecisionOut | None
    answered_by: str
    text: str
    answered_at: datetime
    satisfied: int
    unsatisfied: int
    silent: int
    responses: list[InterpellationResponseOut]


class InterpellationOut(Schema):
    id: int
    session_id: int
    number: int
    target_kind: str
    target_kind_label: str
    target: str
    subject: str
    questions: str
    filers: list[InterpellationFilerOut]
    state: str
    state_label: str
    form: str
    meeting_id: int | None
    decision: InterpellationDecisionOut | None
    may_ask_again: bool
    answers: list[InterpellationAnswerOut]


class InterpellationIn(Schema):
    session_id: int
    filer_ids: list[int]
    target_kind: str
    target: str
    subject: str
    questions: str


class InterpellationReferIn(Schema):
    form: str
    meeting_id: int | None = None
    decision_id: int | None = None  # the presidium's adopted decision (lianghui.presidium)


class InterpellationAnswerIn(Schema):
    answered_by: str
    text: str


class InterpellationResponseIn(Schema):
    person_id: int
    satisfied: bool
    opinion: str = ""


def decision_ref(d) -> dict | None:
    return {"id": d.pk, "text": d.text, "meeting_id": d.meeting_id} if d else None


def out(item: Interpellation) -> dict:
    v = queries.view(item)
    return {
        "id": item.pk,
        "session_id": item.session_id,
        "number": item.number,
        "target_kind": item.target_kind,
        "target_kind_label": item.get_target_kind_display(),
        "target": item.target,
        "subject": item.subject,
        "questions": item.questions,
        "filers": [{"id": p.pk, "name": p.name} for p in v.filers],
        "state": item.state,
        "state_label": item.get_state_display(),
        "form": item.form,
        "meeting_id": item.meeting_id,
        "decision": decision_ref(item.decision),
        "may_ask_again": v.may_ask_again,
        "answers": [
            {
                "round": a.answer.round,
                "form": a.answer.form,
                "form_label": a.answer.get_form_display(),
                "meeting_id": a.answer.meeting_id,
                "decision": decision_ref(a.answer.decision),
                "answered_by": a.answer.answered_by,
                "text": a.answer.text,
                "answered_at": a.answer.answered_at,
                "satisfied": a.tally.satisfied,
                "unsatisfied": a.tally.unsatisfied,
                "silent": a.tally.silent,
                "responses": [{"person_id": pid, "satisfied": s} for pid, s in a.responses.items()],
            }
            for a in v.answers
        ],
    }


def _decided(action, request, interpellation_id: int, payload: InterpellationReferIn) -> dict:
    """A decision of the presidium: refer it, or refer it back for a second answer."""
    item = access.interpellation_for(request.user, interpellation_id)
    item = action(
        item,
        form=payload.form,
        meeting=meeting(payload.meeting_id),
        decision_id=payload.decision_id,
        actor=request.user,
    )
    return out(item)


@router.get(
    "/sessions/{session_id}",
    response=list[InterpellationOut],
    auth=PUBLIC,
    summary="一次会议的质询案",
)
def list_interpellations(request, session_id: int):
    session = session_access.session_for(request.user, session_id)
    return [out(i) for i in session.interpellations.order_by("number")]


@router.get("/{interpellation_id}", response=InterpellationOut, auth=PUBLIC, summary="质询案")
def get_interpellation(request, interpellation_id: int):
    return out(access.interpellation_for(request.user, interpellation_id))


@router.post("/", response={201: InterpellationOut}, summary="登记质询案（代表十人以上联名）")
def file_interpellation(request, payload: InterpellationIn):
    session = session_access.session_for(request.user, payload.session_id)
    item = actions.file(
        session,
        people(payload.filer_ids),
        target_kind=payload.target_kind,
        target=payload.target,
        subject=payload.subject,
        questions=payload.questions,
        actor=request.user,
    )
    return Status(201, out(item))


@router.post(
    "/{interpellation_id}/withdraw", response=InterpellationOut, summary="撤回（主席团决定前）"
)
def withdraw(request, interpellation_id: int):
    item = access.interpellation_for(request.user, interpellation_id)
    return out(actions.withdraw(item, request.user))


@router.post(
    "/{interpellation_id}/refer",
    response=InterpellationOut,
    summary="主席团决定交受质询机关答复（方式与会议）",
)
def refer(request, interpellation_id: int, payload: InterpellationReferIn):
    return _decided(actions.refer, request, interpellation_id, payload)


@router.post(
    "/{interpellation_id}/answers",
    response={201: InterpellationOut},
    summary="记录受质询机关负责人的答复",
)
def answer(request, interpellation_id: int, payload: InterpellationAnswerIn):
    item = access.interpellation_for(request.user, interpellation_id)
    actions.answer(item, answered_by=payload.answered_by, text=payload.text, actor=request.user)
    return Status(201, out(Interpellation.objects.get(pk=item.pk)))


@router.post(
    "/{interpellation_id}/responses",
    response=InterpellationOut,
    summary="记录提质询案的代表对答复是否满意",
)
def respond(request, interpellation_id: int, payload: InterpellationResponseIn):
    item = access.interpellation_for(request.user, interpellation_id)
    actions.respond(
        item,
        people([payload.person_id])[0],
        satisfied=payload.satisfied,
        opinion=payload.opinion,
        actor=request.user,
    )
    return out(Interpellation.objects.get(pk=item.pk))


@router.post(
    "/{interpellation_id}/ask-again",
    response=InterpellationOut,
    summary="半数以上不满意：主席团决定交受质询机关再作答复",
)
def ask_again(request, interpellation_id: int, payload: InterpellationReferIn):
    return _decided(actions.ask_again, request, interpellation_id, payload)
