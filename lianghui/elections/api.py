"""Elections: set up, nominate, fix the slate, vote (paper or electronic), key, count, declare.

Thin: each endpoint parses its input, passes the gate and calls one action; the actions hold
the rules and the permissions (the presidium drives, clerks key, scrutineers resolve)."""

from django.contrib.auth import get_user_model
from django.db import transaction
from ninja import Router, Status

from lianghui.api_access import PUBLIC
from lianghui.elections import actions, encrypted, offices
from lianghui.elections.access import batch_for, election_for, nomination_for
from lianghui.elections.models import (
    Election,
)
from lianghui.elections.outputs import batch_rows, election_out, result_out, result_visible
from lianghui.elections.schemas import (
    BallotIn,
    BatchIn,
    BatchOut,
    CandidatesIn,
    CastIn,
    CastOut,
    CountOfficerIn,
    DeclareIn,
    DifferenceOut,
    ElectionIn,
    ElectionOut,
    EntriesIn,
    IssuedIn,
    KeyedOut,
    NextRoundIn,
    NominateIn,
    PreliminaryIn,
    ResolveIn,
    ResultOut,
    ReturnedIn,
    WithdrawIn,
)
from lianghui.errors import ActionError, NotFound, row_or_404
from lianghui.people.access import person_of
from lianghui.people.models import Person
from lianghui.scrutiny.ballot_routes import BallotRoutes
from lianghui.sessions import access as session_access
from lianghui.sessions.access import can_chair

router = Router(tags=["elections 选举"])


def person_by_id(pk: int) -> Person:
    return row_or_404(Person.objects, pk, "未找到该人员。")


def create_election(user, payload: ElectionIn) -> Election:
    meeting = session_access.meeting_for(user, payload.meeting_id)
    with transaction.atomic():
        new = payload.office
        office = offices.office_for(
            meeting,
            payload.office_id,
            user,
            title=new.title if new else "",
            kind=new.kind if new else "",
            needs_approval=new.needs_approval if new else False,
            new=new is not None,
            code=new.code if new else "",
        )
        return actions.create_election(
            meeting,
            office,
            payload.seats,
            user,
            by_election=payload.by_election,
            contested=payload.contested,
            surplus=payload.surplus,
            write_in_only_beside_no=payload.write_in_only_beside_no,
            mode=payload.mode,
            new_term=payload.new_term,
        )


def _ballot(b: BallotIn) -> dict:
    return {"marks": b.marks, "write_ins": b.write_ins, "void": b.void}


@router.post("/", response={201: ElectionOut}, summary="安排选举（主席团）")
def create(request, payload: ElectionIn):
    return Status(201, election_out(create_election(request.user, payload)))


@router.get("/{election_id}", response=ElectionOut, auth=PUBLIC, summary="选举的状态与候选人")
def get(request, election_id: int):
    election = election_for(request.user, election_id)
    out = election_out(election)
    if not can_chair(request.user, election.meeting):
        # Why a nominee declined may be personal: the reason is for the presidium's record.
        for n in out["withdrawn_nominations"]:
            n["withdrawn_reason"] = ""
    return out


@router.post(
    "/{election_id}/nominations", response={201: ElectionOut}, summary="提名（主席团或代表联名）"
)
def nominate(request, election_id: int, payload: NominateIn):
    election = election_for(request.user, election_id)
    actions.nominate(
        election,
        person_by_id(payload.person_id),
        request.user,
        by_presidium=payload.by_presidium,
        signer_ids=payload.signer_ids,
        decision=payload.decision_id,
    )
    return Status(201, election_out(election))


@router.post(
    "/nominations/{nomination_id}/withdraw",
    response=ElectionOut,
    summary="撤回提名（被提名人或提名人书面要求，候选人名单确定前）",
)
def withdraw_nomination(request, nomination_id: int, payload: WithdrawIn):
    nomination = nomination_for(request.user, nomination_id)
    actions.withdraw_nomination(
        nomination,
        payload.reason,
        request.user,
        by=payload.by,
        requested_by=payload.requested_by,
    )
    return election_out(nomination.election)


@router.post("/{election_id}/candidates", response=ElectionOut, summary="确定正式候选人名单")
def fix_candidates(request, election_id: int, payload: CandidatesIn):
    election = election_for(request.user, election_id)
    actions.fix_candidates(
        election,
        payload.person_ids,
        payload.decision_id,
        request.user,
    )
    election.refresh_from_db()
    return election_out(election)


@router.post("/{election_id}/officers", response={201: ElectionOut}, summary="确定监票人、计票人")
def appoint_officer(request, election_id: int, payload: CountOfficerIn):
    election = election_for(request.user, election_id)
    person = person_by_id(payload.person_id)
    user = person.user
    if payload.user_id is not None:
        user = row_or_404(get_user_model().objects, payload.user_id, "未找到该账号。")
    actions.appoint_officer(election, person, payload.role, request.user, user=user)
    return Status(201, election_out(election))


@router.post("/{election_id}/open", response=ElectionOut, summary="开始投票")
def open_(request, election_id: int):
    return election_out(
        actions.open_election(election_for(request.user, election_id), request.user)
    )


@router.post("/{election_id}/close", response=ElectionOut, summary="结束投票")
def close(request, election_id: int):
    return election_out(actions.close_voting(election_for(request.user, election_id), request.user))


@router.post(
    "/{election_id}/issued",
    response=ElectionOut,
    summary="更正实际发出的纸质选票数（监票人签字，收回数登记前）",
)
def issued(request, election_id: int, payload: IssuedIn):
    election = election_for(request.user, election_id)
    return election_out(
        actions.record_issued(election, payload.issued, payload.scrutineer_ids, request.user)
    )


@router.post(
    "/{election_id}/returned", response=ElectionOut, summary="登记收回选票数（监票人签字）"
)
def returned(request, election_id: int, payload: ReturnedIn):
    election = election_for(request.user, election_id)
    return election_out(
        actions.record_returned(election, payload.returned, payload.scrutineer_ids, request.user)
    )


@router.post("/{election_id}/batches", response={201: BatchOut}, summary="新增一批纸质选票")
def add_batch(request, election_id: int, payload: BatchIn):
    batch = actions.add_batch(election_for(request.user, election_id), payload.size, request.user)
    row = next(b for b in batch_rows(batch.election) if b["id"] == batch.pk)
    return Status(201, row)


@router.post(
    "/batches/{batch_id}/entries/{entry}",
    response=KeyedOut,
    summary="计票人录入一批选票（第一遍或第二遍）",
)
def key_batch(request, batch_id: int, entry: int, payload: EntriesIn):
    batch = batch_for(request.user, batch_id)
    found = actions.key_batch(batch, entry, [_ballot(b) for b in payload.ballots], request.user)
    return {"batch_id": batch.pk, "differences": found}


@router.get(
    "/batches/{batch_id}/differences", response=list[DifferenceOut], summary="两遍录入不一致的选票"
)
def differences(request, batch_id: int):
    batch = batch_for(request.user, batch_id)
    return [
        {"index": i, "first": first, "second": second}
        for i, first, second in actions.differences(batch)
    ]


@router.post("/batches/{batch_id}/resolve", response=KeyedOut, summary="监票人核定不一致的选票")
def resolve(request, batch_id: int, payload: ResolveIn):
    batch = batch_for(request.user, batch_id)
    actions.resolve(batch, payload.index, _ballot(payload.ballot), request.user)
    return {"batch_id": batch.pk, "differences": len(actions.differences(batch))}


@router.post("/{election_id}/count", response=ElectionOut, summary="计票")
def count(request, election_id: int):
    return election_out(actions.count(election_for(request.user, election_id), request.user))


@router.post(
    "/{election_id}/preliminary",
    response={201: ElectionOut},
    summary="依主席团的决定进行预选（地方组织法第二十七条）",
)
def hold_preliminary(request, election_id: int, payload: PreliminaryIn):
    election = election_for(request.user, election_id)
    round_ = actions.hold_preliminary(election, request.user, payload.decision_id)
    return Status(201, election_out(round_))


@router.post(
    "/{election_id}/preliminary-revote",
    response={201: ElectionOut},
    summary="就预选末位票数相等的人再次预选",
)
def preliminary_revote(request, election_id: int):
    election = election_for(request.user, election_id)
    return Status(201, election_out(actions.preliminary_revote(election, request.user)))


@router.post(
    "/{election_id}/declare",
    response=ElectionOut,
    summary="依主席团的决定宣布选举结果有效或无效（选举法第四十六条）",
)
def declare(request, election_id: int, payload: DeclareIn):
    election = election_for(request.user, election_id)
    return election_out(actions.declare(election, request.user, payload.decision_id))


@router.post(
    "/{election_id}/next-round",
    response={201: ElectionOut},
    summary="依主席团的决定安排再次投票、另行选举或重新投票（地方组织法第二十九条）",
)
def next_round(request, election_id: int, payload: NextRoundIn):
    election = election_for(request.user, election_id)
    successor = actions.next_round(
        election, request.user, payload.decision_id, person_ids=payload.person_ids
    )
    return Status(201, election_out(successor))


@router.post("/{election_id}/cast", response=CastOut, summary="电子投票")
def cast(request, election_id: int, payload: CastIn):
    election = election_for(request.user, election_id)
    receipt = actions.cast_electronic(
        election.pk,
        person_of(request.user),
        payload.ballot,
        payload.client_token,
        request.user,
        write_ins=payload.write_ins,
    )
    return {"election_id": election.pk, "receipt": receipt, "message": "投票成功。"}


def _record(user, election: Election) -> dict:
    if election.definition is None:
        raise NotFound("这次选举没有加密记录。")
    request_ = actions.decryption_request(election)
    if request_ is None or request_.counts is None or not result_visible(election, user):
        raise ActionError("not_decrypted", "选举结果尚未解密或尚未公布，记录还不完整。", status=409)
    return encrypted.record(election, request_)


BallotRoutes(
    id_name="election_id",
    lookup=election_for,
    definition=lambda election: election.definition,
    voter_index=encrypted.voter_index,
    not_encrypted="这次选举（尚）没有加密的电子选票。",
    answer=actions.add_partial_decryption,
    out=election_out,
    out_schema=ElectionOut,
    record=_record,
    encryption_summary="电子选票的加密定义与本人的投票人编号（设备据此加密选票）",
    answer_summary="监票人设备提交各候选人合计票数的部分解密（附证明）",
    record_summary="电子选举的公开记录（全部加密选票、证明、部分解密与合计；见 docs/ballot-record.md）",
).add_to(router, __name__)


@router.get("/{election_id}/result", response=ResultOut, auth=PUBLIC, summary="选举结果报告")
def result(request, election_id: int):
    election = election_for(request.user, election_id)
    if not result_visible(election, request.user):
        raise ActionError("not_published", "选举结果尚未公布。", status=409)
    return result_out(election)
