"""Votes: create, open, close, publish, cancel, cast, result, receipts."""

from datetime import datetime
from typing import Any

from django.utils import translation
from ninja import Router, Schema, Status

from lianghui.api_access import PUBLIC
from lianghui.errors import ActionError, NotFound
from lianghui.people.access import person_of
from lianghui.scrutiny.ballot_routes import BallotRoutes
from lianghui.sessions import access as session_access
from lianghui.votes import actions, casting, encrypted
from lianghui.votes.access import poll_for
from lianghui.votes.models import Poll, SecretBallot, State

router = Router(tags=["votes 表决"])


class PollIn(Schema):
    meeting_id: int
    question: str
    decides: str = ""
    item_id: int | None = None
    mode: str = "electronic"
    secret: bool = True
    base: str = "all"
    fraction_numerator: int = 1
    fraction_denominator: int = 2
    strict: bool = True
    press: str = "first"
    timer_seconds: int | None = None
    publish_immediately: bool = True


class PollOut(Schema):
    id: int
    meeting_id: int
    question: str
    decides: str
    mode: str
    secret: bool
    base: str
    fraction: str
    strict: bool
    press: str
    state: str
    state_label: str
    members_total: int | None
    entitled: int | None
    cast: int
    opened_at: datetime | None
    closes_at: datetime | None
    warnings: list[str] = []


class PollResultOut(Schema):
    id: int
    question: str
    state: str
    yes: int
    no: int
    abstain: int
    did_not_vote: int
    members_total: int
    present: int
    entitled: int
    threshold: str
    passed: bool
    sentence: str
    roll_call: list[dict]


class PollCastIn(Schema):
    choice: str = ""  # a named vote's press (a secret one is always an encrypted ballot)
    client_token: str
    ballot: dict[str, Any] | None = None  # an encrypted vote's ballot (docs/ballot-record.md)


class PollCastOut(Schema):
    poll_id: int
    receipt: str | None
    created: bool
    changed: bool
    message: str


class CancelIn(Schema):
    reason: str


class CountsIn(Schema):
    yes: int
    no: int
    abstain: int


def poll_out(poll: Poll, warnings=()) -> dict:
    return {
        "id": poll.pk,
        "meeting_id": poll.meeting_id,
        "question": poll.question,
        "decides": poll.decides,
        "mode": poll.mode,
        "secret": poll.secret,
        "base": poll.base,
        "fraction": f"{poll.fraction_numerator}/{poll.fraction_denominator}",
        "strict": poll.strict,
        "press": poll.press,
        "state": poll.state,
        "state_label": poll.get_state_display(),
        "members_total": poll.members_total,
        "entitled": poll.entitled,
        "cast": actions.cast_count(poll) if poll.state != State.DRAFT else 0,
        "opened_at": poll.opened_at,
        "closes_at": poll.closes_at,
        "warnings": list(warnings),
    }


@router.post("/", response={201: PollOut}, summary="新建表决（主持人或会务组）")
def create(request, payload: PollIn):
    meeting = session_access.meeting_for(request.user, payload.meeting_id)
    fields = payload.dict()
    fields.pop("meeting_id")
    poll = actions.create_poll(meeting, actions.PollSettings(**fields), request.user)
    return Status(201, poll_out(poll))


@router.get(
    "/{poll_id}", response=PollOut, auth=PUBLIC, summary="表决状态（进行中只显示已表决人数）"
)
def get(request, poll_id: int):
    return poll_out(poll_for(request.user, poll_id))


@router.post("/{poll_id}/open", response=PollOut, summary="开始表决")
def open_(request, poll_id: int):
    poll, warnings = actions.open_poll(poll_for(request.user, poll_id), request.user)
    return poll_out(poll, warnings)


@router.post("/{poll_id}/close", response=PollOut, summary="结束表决")
def close(request, poll_id: int):
    return poll_out(actions.close_poll(poll_for(request.user, poll_id), request.user))


@router.post("/{poll_id}/counts", response=PollOut, summary="录入举手或纸质表决计票结果")
def counts(request, poll_id: int, payload: CountsIn):
    return poll_out(
        actions.enter_counts(
            poll_for(request.user, poll_id), payload.yes, payload.no, payload.abstain, request.user
        )
    )


@router.post("/{poll_id}/publish", response=PollOut, summary="公布结果")
def publish(request, poll_id: int):
    return poll_out(actions.publish(poll_for(request.user, poll_id), request.user))


@router.post("/{poll_id}/cancel", response=PollOut, summary="取消表决")
def cancel(request, poll_id: int, payload: CancelIn):
    return poll_out(actions.cancel(poll_for(request.user, poll_id), payload.reason, request.user))


@router.post(
    "/{poll_id}/cast", response={200: PollCastOut, 201: PollCastOut}, summary="表决（按键）"
)
def cast(request, poll_id: int, payload: PollCastIn):
    # Served (with the same answers) by votes.hot_path when the ASGI application runs;
    # this is the path for requests it hands on. No access gate query here: the action
    # checks the poll, the voter and the check-in, and refuses with a 4xx.
    result = actions.cast(
        poll_id,
        person_of(request.user),
        payload.choice,
        payload.client_token,
        request.user,
        ballot=payload.ballot,
    )
    body = {
        "poll_id": poll_id,
        "receipt": result.receipt,
        "created": result.created,
        "changed": result.changed,
        "message": casting.message(result),
    }
    return Status(201 if result.created else 200, body)


def result_out(poll: Poll) -> dict:
    outcome = actions._result(poll, poll.counts)
    threshold = poll.threshold
    with translation.override("zh-hans"):  # a Chinese phrase, like the sentence beside it
        base = poll.get_base_display()
    return {
        "id": poll.pk,
        "question": poll.question,
        "state": poll.state,
        "yes": poll.yes,
        "no": poll.no,
        "abstain": poll.abstain,
        "did_not_vote": outcome.did_not_vote,
        "members_total": poll.members_total,
        "present": poll.present,
        "entitled": poll.entitled,
        "threshold": f"{'超过' if threshold.strict else '达到'}{base}的{threshold.fraction_words}",
        "passed": poll.passed,
        "sentence": poll.sentence,
        "roll_call": [{"name": n, "choice": c} for n, c in actions.roll_call(poll)],
    }


def _require_published(poll: Poll, user) -> None:
    """The result and the receipts wait for the publication (the chair sees them once closed)."""
    if not actions.result_visible(poll, user):
        raise ActionError("not_published", "表决结果尚未公布。", status=409)


@router.get("/{poll_id}/result", response=PollResultOut, auth=PUBLIC, summary="表决结果")
def result(request, poll_id: int):
    poll = poll_for(request.user, poll_id)
    _require_published(poll, request.user)
    return result_out(poll)


@router.get("/{poll_id}/receipts", response=list[str], auth=PUBLIC, summary="已计入的表决回执码")
def receipts(request, poll_id: int):
    poll = poll_for(request.user, poll_id)
    if not poll.secret:
        raise NotFound("记名表决没有回执码，请查看点名结果。")
    _require_published(poll, request.user)
    if poll.encrypted:
        return sorted(poll.encrypted_ballots.values_list("tracker", flat=True))
    return sorted(SecretBallot.objects.filter(poll=poll).values_list("receipt", flat=True))


def _record(user, poll: Poll) -> dict:
    if not poll.encrypted:
        raise NotFound("这项表决没有加密记录。")
    decryption = actions.decryption_request(poll)
    if decryption is None and poll.state in (State.CLOSED, State.PUBLISHED):
        raise NotFound("这项表决无人投票，没有加密选票，也就没有加密记录。")
    if decryption is None or decryption.counts is None:
        raise ActionError("not_decrypted", "表决结果尚未解密，记录还不完整。", status=409)
    return encrypted.record(poll, decryption)


BallotRoutes(
    id_name="poll_id",
    lookup=poll_for,
    definition=lambda poll: poll.election,
    voter_index=encrypted.voter_index,
    not_encrypted="这项表决不使用加密选票。",
    answer=actions.add_partial_decryption,
    out=poll_out,
    out_schema=PollOut,
    record=_record,
    encryption_summary="加密表决的定义与本人的投票人编号（设备据此加密选票）",
    answer_summary="监票人设备提交计票结果的部分解密（附证明）",
    record_summary="加密表决的公开记录（全部加密选票、证明、部分解密与结果；见 docs/ballot-record.md）",
).add_to(router, __name__)
