"""Recalls (罢免案) and resignations (辞职): read wherever the session is visible; the
secretariat records each step with the same actions as the pages. The vote itself is run
with the votes API (/api/votes/{poll_id}/…) on the poll these answer with."""

from datetime import datetime

from ninja import Router, Schema, Status

from lianghui.api_access import PUBLIC
from lianghui.api_lookup import meeting as _meeting
from lianghui.api_lookup import people as _people
from lianghui.people.models import Person
from lianghui.recall import access, actions
from lianghui.recall.models import Recall, Resignation
from lianghui.sessions import access as session_access

router = Router(tags=["recall 罢免与辞职"])


class RecallPersonOut(Schema):
    id: int
    name: str


class RecallVoteOut(Schema):
    poll_id: int
    meeting_id: int
    state: str
    passed: bool | None
    sentence: str


class RecallOut(Schema):
    id: int
    session_id: int
    person: RecallPersonOut
    post: str
    post_label: str
    title: str
    membership_id: int | None
    proposer: str
    proposer_label: str
    proposal_decision_id: int | None
    signers: list[RecallPersonOut]
    reasons: str
    defence: str
    defence_text: str
    defence_meeting_id: int | None
    vote_decision_id: int | None
    vote: RecallVoteOut | None
    state: str
    state_label: str
    concluded_at: datetime | None


class ResignationOut(Schema):
    id: int
    session_id: int
    person: RecallPersonOut
    post: str
    post_label: str
    title: str
    membership_id: int | None
    letter: str
    vote_decision_id: int | None
    vote: RecallVoteOut | None
    state: str
    state_label: str
    concluded_at: datetime | None


class RecallIn(Schema):
    session_id: int
    person_id: int
    post: str
    title: str
    reasons: str
    proposer: str
    signer_ids: list[int] = []
    decision_id: int | None = None  # the presidium's decision, when it proposes
    membership_id: int | None = None


class ResignationIn(Schema):
    session_id: int
    person_id: int
    post: str
    title: str
    letter: str
    membership_id: int | None = None


class DefenceIn(Schema):
    form: str
    text: str = ""
    meeting_id: int | None = None


class PutToVoteIn(Schema):
    meeting_id: int
    decision_id: int | None = None
    mode: str = "electronic"


def _person(p: Person) -> dict:
    return {"id": p.pk, "name": p.name}


def _common(m) -> dict:
    poll = m.poll
    return {
        "id": m.pk,
        "session_id": m.session_id,
        "person": _person(m.person),
        "post": m.post,
        "post_label": m.get_post_display(),
        "title": m.title,
        "membership_id": m.membership_id,
        "vote_decision_id": m.vote_decision_id,
        "vote": {
            "poll_id": poll.pk,
            "meeting_id": poll.meeting_id,
            "state": poll.state,
            "passed": poll.passed,
            "sentence": poll.sentence,
        }
        if poll
        else None,
        "state": m.state,
        "state_label": m.get_state_display(),
        "concluded_at": m.concluded_at,
    }


def recall_out(r: Recall) -> dict:
    return {
        **_common(r),
        "proposer": r.proposer,
        "proposer_label": r.get_proposer_display(),
        "proposal_decision_id": r.proposal_decision_id,
        "signers": [_person(p) for p in r.signers.order_by("pk")],
        "reasons": r.reasons,
        "defence": r.defence,
        "defence_text": r.defence_text,
        "defence_meeting_id": r.defence_meeting_id,
    }


def resignation_out(r: Resignation) -> dict:
    return {**_common(r), "letter": r.letter}


@router.get("/sessions/{session_id}", response=list[RecallOut], auth=PUBLIC, summary="罢免案")
def list_recalls(request, session_id: int):
    return _listed(request, session_id, Recall, recall_out)


@router.get("/{recall_id}", response=RecallOut, auth=PUBLIC, summary="一件罢免案")
def get_recall(request, recall_id: int):
    return recall_out(access.recall_for(request.user, recall_id))


@router.post("/", response={201: RecallOut}, summary="登记罢免案")
def propose(request, payload: RecallIn):
    recall = _registered(
        request,
        payload,
        actions.propose_recall,
        lambda: {
            "reasons": payload.reasons,
            "proposer": payload.proposer,
            "signers": _people(payload.signer_ids),
            "decision_id": payload.decision_id,
        },
    )
    return Status(201, recall_out(recall))


@router.post("/{recall_id}/defence", response=RecallOut, summary="记录被提出罢免人员的申辩意见")
def defence(request, recall_id: int, payload: DefenceIn):
    recall = access.recall_for(request.user, recall_id)
    recall = actions.record_defence(
        recall,
        form=payload.form,
        text=payload.text,
        meeting=_meeting(payload.meeting_id),
        actor=request.user,
    )
    return recall_out(recall)


@router.post("/{recall_id}/vote", response=RecallOut, summary="主席团提请大会全体会议表决罢免案")
def put_recall(request, recall_id: int, payload: PutToVoteIn):
    recall = access.recall_for(request.user, recall_id)
    return recall_out(_put(request, recall, payload))


@router.post("/{recall_id}/conclude", response=RecallOut, summary="根据表决结果记录罢免案的结果")
def conclude_recall(request, recall_id: int):
    recall = access.recall_for(request.user, recall_id)
    return recall_out(actions.conclude(recall, request.user))


# --- what a recall's and a resignation's handlers share --------------------------------------


def _listed(request, session_id: int, model, out) -> list[dict]:
    """A visible session's recalls or resignations, in the order they were registered."""
    session = session_access.session_for(request.user, session_id)
    return [out(m) for m in model.objects.filter(session=session).order_by("id")]


def _registered(request, payload, register, fields):
    """Register a recall or a resignation with the action given: the session, the person, the
    post and the membership are asked alike of both; the rest is what `fields()` gives, read
    after the session and the person (so a refusal comes in the order it always has)."""
    session = session_access.session_for(request.user, payload.session_id)
    person = _people([payload.person_id])[0]
    return register(
        session,
        person,
        post=payload.post,
        title=payload.title,
        membership_id=payload.membership_id,
        actor=request.user,
        **fields(),
    )


def _put(request, matter, payload: PutToVoteIn):
    meeting = _meeting(payload.meeting_id)
    return actions.put_to_vote(
        matter,
        meeting=meeting,
        decision_id=payload.decision_id,
        mode=payload.mode,
        actor=request.user,
    )


resignations = Router(tags=["recall 罢免与辞职"])


@resignations.get(
    "/sessions/{session_id}", response=list[ResignationOut], auth=PUBLIC, summary="辞职请求"
)
def list_resignations(request, session_id: int):
    return _listed(request, session_id, Resignation, resignation_out)


@resignations.get("/{resignation_id}", response=ResignationOut, auth=PUBLIC, summary="一件辞职请求")
def get_resignation(request, resignation_id: int):
    return resignation_out(access.resignation_for(request.user, resignation_id))


@resignations.post("/", response={201: ResignationOut}, summary="登记向大会提出的辞职请求")
def submit(request, payload: ResignationIn):
    resignation = _registered(
        request, payload, actions.submit_resignation, lambda: {"letter": payload.letter}
    )
    return Status(201, resignation_out(resignation))


@resignations.post(
    "/{resignation_id}/vote",
    response=ResignationOut,
    summary="主席团提请大会全体会议决定是否接受辞职",
)
def put_resignation(request, resignation_id: int, payload: PutToVoteIn):
    resignation = access.resignation_for(request.user, resignation_id)
    return resignation_out(_put(request, resignation, payload))


@resignations.post(
    "/{resignation_id}/conclude", response=ResignationOut, summary="根据表决结果记录是否接受辞职"
)
def conclude_resignation(request, resignation_id: int):
    resignation = access.resignation_for(request.user, resignation_id)
    return resignation_out(actions.conclude(resignation, request.user))
