"""Group deliberation records and the oath ceremony: read, and the same actions as the pages.

Records are read by the delegation and those who keep them (anyone else gets 404); the oath
ceremony is public wherever its meeting is.
"""

from datetime import datetime

from ninja import Router, Schema, Status

from lianghui.api_access import PUBLIC
from lianghui.deliberation import access, actions, queries, questions
from lianghui.deliberation.models import (
    OathBatch,
    OathCeremony,
    OathTaker,
    Opinion,
    Question,
    Speech,
)
from lianghui.elections.models import Election
from lianghui.errors import NotFound, named_row
from lianghui.people.models import Person
from lianghui.sessions import access as session_access
from lianghui.votes.models import Poll

router = Router(tags=["deliberation 分组审议与宪法宣誓"])


class PersonRef(Schema):
    id: int
    name: str


class AttendingOut(Schema):
    person_id: int
    name: str
    title: str
    member: bool  # takes part as a member of the group; False: attends without being one (列席)


class OpinionOut(Schema):
    id: int
    speech_id: int
    text: str
    state: str
    state_label: str
    routed_filing_id: int | None
    synthetic: bool


class SpeechOut(Schema):
    id: int
    order: int
    speaker: PersonRef
    attending_leader: bool
    topic: str
    summary: str
    synthetic: bool
    opinions: list[OpinionOut]


class QuestionOut(Schema):
    id: int
    order: int
    asker: PersonRef
    unit: str
    text: str
    answered_by: str
    answer: str
    deferred: bool
    answered_at: datetime | None


class QuestionIn(Schema):
    asker_id: int
    unit: str
    text: str


class QuestionAnswerIn(Schema):
    answered_by: str
    text: str = ""
    deferred: bool = False


class RecordOut(Schema):
    id: int
    meeting_id: int
    group: str
    item: str
    state: str
    state_label: str
    convener: PersonRef | None
    recorder: PersonRef | None
    attending: list[AttendingOut]
    present: int
    members_total: int
    summary: str
    finalised_at: datetime | None
    speeches: list[SpeechOut]
    questions: list[QuestionOut]


class RecordIn(Schema):
    item_id: int | None = None
    convener_id: int | None = None
    recorder_id: int | None = None


class RolesIn(Schema):
    convener_id: int | None = None
    recorder_id: int | None = None


class SummaryIn(Schema):
    summary: str


class SpeechIn(Schema):
    speaker_id: int
    topic: str
    summary: str = ""


class SpeechEdit(Schema):
    speaker_id: int | None = None
    topic: str | None = None
    summary: str | None = None


class OpinionIn(Schema):
    text: str


def _person(pk: int | None, what: str) -> Person | None:
    return named_row(Person.objects, pk, "no_person", f"未找到该{what}。")


def _ref(person: Person | None) -> dict | None:
    return {"id": person.pk, "name": person.name} if person else None


def opinion_out(o: Opinion) -> dict:
    return {
        "id": o.pk,
        "speech_id": o.speech_id,
        "text": o.text,
        "state": o.state,
        "state_label": o.get_state_display(),
        "routed_filing_id": o.routed_filing_id,
        "synthetic": o.synthetic,
    }


def speech_out(s: Speech, leader_ids: set[int]) -> dict:
    return {
        "id": s.pk,
        "order": s.order,
        "speaker": _ref(s.speaker),
        "attending_leader": s.speaker_id in leader_ids,
        "topic": s.topic,
        "summary": s.summary,
        "synthetic": s.synthetic,
        "opinions": [opinion_out(o) for o in s.opinions.all()],
    }


def question_out(q: Question) -> dict:
    return {
        "id": q.pk,
        "order": q.order,
        "asker": _ref(q.asker),
        "unit": q.unit,
        "text": q.text,
        "answered_by": q.answered_by,
        "answer": q.answer,
        "deferred": q.deferred,
        "answered_at": q.answered_at,
    }


def record_out(view: queries.RecordView) -> dict:
    r = view.record
    return {
        "id": r.pk,
        "meeting_id": view.meeting.pk,
        "group": view.meeting.group.name,
        "item": r.item.title if r.item else "",
        "state": r.state,
        "state_label": r.get_state_display(),
        "convener": _ref(r.convener),
        "recorder": _ref(r.recorder),
        "attending": [
            {"person_id": a.person.pk, "name": a.person.name, "title": a.title, "member": a.member}
            for a in view.attending
        ],
        "present": view.attendance.present,
        "members_total": view.attendance.total,
        "summary": r.summary,
        "finalised_at": r.finalised_at,
        "speeches": [speech_out(s, view.leader_ids) for s in view.speeches],
        "questions": [question_out(q) for q in view.questions],
    }


def _view(request, meeting_id: int) -> queries.RecordView:
    return queries.record_view(access.record_for(request.user, meeting_id))


@router.get("/meetings/{meeting_id}/record", response=RecordOut, summary="分组审议记录")
def get_record(request, meeting_id: int):
    return record_out(_view(request, meeting_id))


@router.post("/meetings/{meeting_id}/record", response={201: RecordOut}, summary="建立分组审议记录")
def open_record(request, meeting_id: int, payload: RecordIn):
    meeting = access.group_meeting_for(request.user, meeting_id)
    record = actions.open_record(
        meeting,
        request.user,
        item_id=payload.item_id,
        convener=_person(payload.convener_id, "召集人"),
        recorder=_person(payload.recorder_id, "记录人"),
    )
    return Status(201, record_out(queries.record_view(record)))


@router.post(
    "/meetings/{meeting_id}/record/roles",
    response=RecordOut,
    summary="设置召集人、记录人（未给出的字段不变，null 清除）",
)
def set_roles(request, meeting_id: int, payload: RolesIn):
    record = access.record_for(request.user, meeting_id)
    given = payload.dict(exclude_unset=True)
    kwargs = {}
    if "convener_id" in given:
        kwargs["convener"] = _person(given["convener_id"], "召集人")
    if "recorder_id" in given:
        kwargs["recorder"] = _person(given["recorder_id"], "记录人")
    actions.set_roles(record, request.user, **kwargs)
    return record_out(_view(request, meeting_id))


@router.post("/meetings/{meeting_id}/record/summary", response=RecordOut, summary="审议综述")
def set_summary(request, meeting_id: int, payload: SummaryIn):
    actions.set_summary(access.record_for(request.user, meeting_id), payload.summary, request.user)
    return record_out(_view(request, meeting_id))


@router.post("/meetings/{meeting_id}/record/finalise", response=RecordOut, summary="定稿")
def finalise(request, meeting_id: int):
    actions.finalise(access.record_for(request.user, meeting_id), request.user)
    return record_out(_view(request, meeting_id))


@router.get(
    "/meetings/{meeting_id}/speeches", response=list[SpeechOut], summary="发言（按发言顺序）"
)
def list_speeches(request, meeting_id: int):
    view = _view(request, meeting_id)
    return [speech_out(s, view.leader_ids) for s in view.speeches]


@router.post("/meetings/{meeting_id}/speeches", response={201: SpeechOut}, summary="记录发言")
def add_speech(request, meeting_id: int, payload: SpeechIn):
    record = access.record_for(request.user, meeting_id)
    speech = actions.add_speech(
        record, _person(payload.speaker_id, "发言人"), payload.topic, payload.summary, request.user
    )
    return Status(201, speech_out(speech, actions.attending_ids(record.meeting)))


@router.patch("/speeches/{speech_id}", response=SpeechOut, summary="修改发言")
def edit_speech(request, speech_id: int, payload: SpeechEdit):
    speech = access.speech_for(request.user, speech_id)
    given = payload.dict(exclude_unset=True)
    kwargs = {k: v for k, v in given.items() if k in ("topic", "summary") and v is not None}
    if given.get("speaker_id") is not None:
        kwargs["speaker"] = _person(given["speaker_id"], "发言人")
    speech = actions.edit_speech(speech, request.user, **kwargs)
    return speech_out(speech, actions.attending_ids(speech.deliberation.meeting))


@router.get(
    "/meetings/{meeting_id}/opinions", response=list[OpinionOut], summary="意见建议（按发言顺序）"
)
def list_opinions(request, meeting_id: int):
    return [opinion_out(o) for o in _view(request, meeting_id).opinions]


@router.post(
    "/speeches/{speech_id}/opinions", response={201: OpinionOut}, summary="记录发言中的意见建议"
)
def add_opinion(request, speech_id: int, payload: OpinionIn):
    speech = access.speech_for(request.user, speech_id)
    return Status(201, opinion_out(actions.add_opinion(speech, payload.text, request.user)))


@router.post(
    "/opinions/{opinion_id}/route", response=OpinionOut, summary="转交办理（代表建议或委员提案）"
)
def route_opinion(request, opinion_id: int):
    opinion = access.opinion_for(request.user, opinion_id)
    return opinion_out(actions.route_opinion(opinion, request.user))


# --- the oath -------------------------------------------------------------------------------


class OathOfficeOut(Schema):
    title: str
    source: str
    election_id: int | None
    poll_id: int | None
    basis: str


class TakerOut(Schema):
    id: int
    person: PersonRef
    offices: list[OathOfficeOut]
    batch: int | None
    taken_at: datetime | None


class OathBatchOut(Schema):
    id: int
    number: int
    form: str
    leader: PersonRef | None
    leader_synthetic: bool
    takers: list[str]
    taken_at: datetime | None


class CeremonyOut(Schema):
    id: int
    meeting_id: int
    organiser: str
    oath_text: str
    emblem: str
    anthem: bool
    held_at: datetime | None
    takers: list[TakerOut]
    batches: list[OathBatchOut]


class CeremonyIn(Schema):
    meeting_id: int
    item_id: int | None = None
    emblem: str = "flag"
    anthem: bool = True


class TakerIn(Schema):
    person_id: int
    election_id: int | None = None
    poll_id: int | None = None
    office_title: str = ""
    source: str = "elected"
    basis: str = ""


class OathBatchIn(Schema):
    form: str
    taker_ids: list[int]
    leader_id: int | None = None


def taker_out(t: OathTaker) -> dict:
    return {
        "id": t.pk,
        "person": _ref(t.person),
        "offices": [
            {
                "title": o.title,
                "source": o.source,
                "election_id": o.election_id,
                "poll_id": o.poll_id,
                "basis": o.basis,
            }
            for o in t.offices.all()
        ],
        "batch": t.batch.number if t.batch_id else None,
        "taken_at": t.taken_at,
    }


def batch_out(b: OathBatch, takers: list[OathTaker]) -> dict:
    return {
        "id": b.pk,
        "number": b.number,
        "form": b.form,
        "leader": _ref(b.leader),
        "leader_synthetic": b.leader_synthetic,
        "takers": [t.person.name for t in takers],
        "taken_at": b.taken_at,
    }


def ceremony_out(ceremony: OathCeremony) -> dict:
    view = queries.ceremony_view(ceremony)
    c = view.ceremony
    return {
        "id": c.pk,
        "meeting_id": c.meeting_id,
        "organiser": c.organiser,
        "oath_text": c.oath_text,
        "emblem": c.emblem,
        "anthem": c.anthem,
        "held_at": c.held_at,
        "takers": [taker_out(t) for t in view.takers],
        "batches": [batch_out(b, b.taker_list) for b in view.batches],
    }


@router.post("/oath", response={201: CeremonyOut}, summary="安排宪法宣誓仪式（主席团）")
def create_ceremony(request, payload: CeremonyIn):
    meeting = session_access.meeting_for(request.user, payload.meeting_id)
    ceremony = actions.create_ceremony(
        meeting, request.user, item_id=payload.item_id, emblem=payload.emblem, anthem=payload.anthem
    )
    return Status(201, ceremony_out(ceremony))


@router.get("/oath/{ceremony_id}", response=CeremonyOut, auth=PUBLIC, summary="宪法宣誓仪式")
def get_ceremony(request, ceremony_id: int):
    return ceremony_out(access.ceremony_for(request.user, ceremony_id))


@router.get(
    "/meetings/{meeting_id}/oath", response=CeremonyOut, auth=PUBLIC, summary="会议的宪法宣誓仪式"
)
def get_meeting_ceremony(request, meeting_id: int):
    meeting = session_access.meeting_for(request.user, meeting_id)
    ceremony = OathCeremony.objects.filter(meeting=meeting).first()
    if ceremony is None:
        raise NotFound("本次会议没有宪法宣誓仪式。")
    return ceremony_out(ceremony)


@router.post("/oath/{ceremony_id}/takers", response={201: TakerOut}, summary="登记宣誓人及其职务")
def add_taker(request, ceremony_id: int, payload: TakerIn):
    ceremony = access.ceremony_for(request.user, ceremony_id)
    elections = Election.objects.select_related("office", "meeting")
    election = named_row(elections, payload.election_id, "no_election", "未找到该选举。")
    polls = Poll.objects.select_related("meeting")
    poll = named_row(polls, payload.poll_id, "no_poll", "未找到该表决。")
    taker = actions.add_taker(
        ceremony,
        _person(payload.person_id, "宣誓人"),
        request.user,
        election=election,
        poll=poll,
        office_title=payload.office_title,
        source=payload.source,
        basis=payload.basis,
    )
    taker = OathTaker.objects.select_related("person", "batch").get(pk=taker.pk)
    return Status(201, taker_out(taker))


@router.post(
    "/oath/{ceremony_id}/batches",
    response={201: OathBatchOut},
    summary="编排宣誓批次（单独或集体）",
)
def form_batch(request, ceremony_id: int, payload: OathBatchIn):
    ceremony = access.ceremony_for(request.user, ceremony_id)
    batch = actions.form_batch(
        ceremony,
        request.user,
        form=payload.form,
        taker_ids=payload.taker_ids,
        leader_id=payload.leader_id,
    )
    return Status(201, _batch(batch))


def _batch(batch: OathBatch) -> dict:
    batch = OathBatch.objects.select_related("leader").get(pk=batch.pk)
    takers = list(batch.takers.select_related("person").order_by("order", "id"))
    return batch_out(batch, takers)


@router.post("/oath/batches/{batch_id}/taken", response=OathBatchOut, summary="记录该批宣誓完毕")
def oath_taken(request, batch_id: int):
    batch = access.batch_for(request.user, batch_id)
    return _batch(actions.record_oath_taken(batch, request.user))


@router.post(
    "/meetings/{meeting_id}/record/questions",
    response={201: QuestionOut},
    summary="记录代表在审议中提出的询问（地方组织法第二十三条）",
)
def ask_question(request, meeting_id: int, payload: QuestionIn):
    record = access.record_for(request.user, meeting_id)
    asker = _person(payload.asker_id, "提出询问的代表")
    return Status(
        201, question_out(questions.ask(record, asker, payload.unit, payload.text, request.user))
    )


@router.post(
    "/questions/{question_id}/answer",
    response=QuestionOut,
    summary="记录有关机关派人所作的说明（或会后答复）",
)
def answer_question(request, question_id: int, payload: QuestionAnswerIn):
    question = access.question_for(request.user, question_id)
    return question_out(
        questions.answer(
            question, payload.answered_by, payload.text, request.user, deferred=payload.deferred
        )
    )
