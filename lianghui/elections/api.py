"""Elections: set up, nominate, fix the slate, vote (paper or electronic), key, count, declare.

Thin: each endpoint parses its input, passes the gate and calls one action; the actions hold
the rules and the permissions (the presidium drives, clerks key, scrutineers resolve).
"""

from datetime import datetime
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Count
from ninja import Router, Schema, Status

from lianghui.api_access import PUBLIC
from lianghui.elections import actions, encrypted, offices
from lianghui.elections.access import batch_for, election_for, nomination_for
from lianghui.elections.models import (
    Batch,
    Election,
    ElectionMode,
    ElectionState,
    ElectionVoter,
    FinalBallot,
    KeyedBallot,
    OfficerRole,
)
from lianghui.errors import ActionError, NotFound
from lianghui.people.access import person_of
from lianghui.people.models import Person
from lianghui.presidium.models import Decision
from lianghui.scrutiny.schemas import PartialDecryptionIn
from lianghui.sessions import access as session_access
from lianghui.sessions.access import can_chair

router = Router(tags=["elections 选举"])

VERDICT_LABELS = {
    "elected": "当选",
    "revote": "票数相等，须再次投票",
    "outranked": "得票较少，未当选",
    "failed": "未当选",
    # A preliminary's (预选) tallies: on the list, tied at the last place, or not on it.
    "listed": "列入正式候选人名单",
    "tied": "票数相等，须再次预选",
    "not_listed": "未列入正式候选人名单",
}


# --- schemas ----------------------------------------------------------------------------


class PersonRef(Schema):
    id: int
    name: str


class OfficeIn(Schema):
    title: str
    # A congress's office: its code in the catalogue of the congress's level (read from the
    # title when empty), which fixes the kind. A CPPCC body's office: the kind.
    code: str = ""
    kind: str = ""
    needs_approval: bool = False


class OfficeOut(Schema):
    id: int
    title: str
    code: str  # the catalogue's code; "" for a CPPCC body's office
    delegate_only: bool  # its holder must be a delegate (LOL 47)
    kind: str
    kind_label: str
    needs_approval: bool


class ElectionIn(Schema):
    meeting_id: int
    office_id: int | None = None
    office: OfficeIn | None = None
    seats: int
    by_election: bool = False
    contested: bool = True
    surplus: int | None = None
    write_in_only_beside_no: bool = False
    mode: str = ElectionMode.PAPER
    new_term: bool = False


class CandidateOut(Schema):
    order: int
    person_id: int
    name: str


class NominationOut(Schema):
    id: int
    person_id: int
    name: str
    by_presidium: bool
    decision_id: int | None = None  # the presidium's decision it cites (LOL 26)
    signers: list[PersonRef]
    withdrawn: bool = False
    withdrawn_at: datetime | None = None
    withdrawn_on_request_of: str = ""  # "nominee" or "nominators"
    withdrawn_on_request_label: str = ""
    withdrawn_reason: str = ""


class PresidiumDecisionRef(Schema):
    """A decision of the presidium this election rests on (LOL 26, 27; EL 46)."""

    id: int
    subject: str
    subject_label: str
    text: str
    meeting: str
    outcome: str


class CountOfficerOut(Schema):
    id: int
    person_id: int
    name: str
    role: str
    role_label: str
    has_account: bool


class EntryOut(Schema):
    entry: int
    clerk: str


class BatchOut(Schema):
    id: int
    number: int
    size: int
    entries: list[EntryOut]
    final: int
    differences: int
    done: bool


class ElectionOut(Schema):
    id: int
    meeting_id: int
    title: str
    office: OfficeOut
    seats: int
    by_election: bool
    contested: bool
    surplus: int | None
    write_in_only_beside_no: bool
    mode: str
    mode_label: str
    state: str
    state_label: str
    round_kind: str
    round_label: str
    previous_id: int | None
    new_term: bool
    slate_decision: str
    candidates_decision_id: int | None  # the presidium's decision fixing the list (LOL 27)
    # A preliminary election (预选, LOL 27 ¶2) held for this election: the list it gave, in
    # order of votes, and whether it is still pending (not counted, or a tie to vote again).
    preliminary: dict | None = None
    validity_decision_id: int | None  # the presidium's decision on validity (EL 46)
    nominations: list[NominationOut]  # standing nominations, those fix_candidates is offered
    withdrawn_nominations: list[NominationOut]
    candidates: list[CandidateOut]
    officers: list[CountOfficerOut]
    members_total: int | None
    entitled: int | None
    issued: int | None
    returned: int | None
    ballots_signed_by: list[str]
    cast: int | None  # electronic: how many have voted (never who chose what)
    encrypted: bool  # electronic ballots encrypted under the meeting's tally key
    awaiting_trustees: list[str]  # closed, encrypted: scrutineers who have not decrypted yet
    batches: list[BatchOut]
    published_at: datetime | None


class NominateIn(Schema):
    person_id: int
    by_presidium: bool = False
    signer_ids: list[int] = []
    decision_id: int | None = None  # required with by_presidium: the presidium's decision


class WithdrawIn(Schema):
    by: str  # "nominee" (the nominee declines) or "nominators"
    reason: str
    requested_by: list[int] = []  # joint nomination: the signers whose written requests are held


class CandidatesIn(Schema):
    person_ids: list[int] = []
    decision_id: int | None = None  # the presidium's adopted decision fixing this list


class PreliminaryIn(Schema):
    decision_id: int | None = None  # the presidium's decision to hold a preliminary election


class CountOfficerIn(Schema):
    person_id: int
    role: str
    user_id: int | None = None


class ReturnedIn(Schema):
    returned: int
    scrutineer_ids: list[int]


class IssuedIn(Schema):
    issued: int
    scrutineer_ids: list[int]


class BatchIn(Schema):
    size: int


class BallotIn(Schema):
    marks: dict[str, str | None] = {}
    write_ins: list[int] = []
    void: bool = False


class BallotOut(Schema):
    marks: dict[str, str]
    write_ins: list[int]
    void: bool


class EntriesIn(Schema):
    ballots: list[BallotIn]


class KeyedOut(Schema):
    batch_id: int
    differences: int


class DifferenceOut(Schema):
    index: int
    first: BallotOut
    second: BallotOut


class ResolveIn(Schema):
    index: int
    ballot: BallotIn


class NextRoundIn(Schema):
    # The presidium's decision on the next round and its nominees (LOL 29); person_ids, when
    # given, must be the persons it names.
    decision_id: int | None = None
    person_ids: list[int] | None = None


class CastIn(Schema):
    # The ballot made on the delegate's device (docs/ballot-record.md): per candidate the
    # encrypted 赞成/反对/弃权 marks and their proofs. Plaintext marks are refused; write-ins
    # cannot be encrypted and are refused with a pointer to the paper ballot.
    ballot: dict[str, Any] | None = None
    client_token: str
    marks: dict[str, str | None] = {}
    write_ins: list[int] = []


class CastOut(Schema):
    election_id: int
    receipt: str
    message: str


class TallyOut(Schema):
    person_id: int
    name: str
    on_slate: bool
    yes: int
    no: int
    abstain: int
    verdict: str
    verdict_label: str
    sentence: str


class OfficerName(Schema):
    role: str
    role_label: str
    name: str


class ResultOut(Schema):
    election_id: int
    title: str
    state: str
    state_label: str
    valid: bool
    seats: int
    members_total: int
    issued: int
    returned: int
    valid_ballots: int
    void_ballots: int
    void_reasons: dict[str, int]
    dropped_write_ins: int
    needed: int
    tallies: list[TallyOut]
    elected: list[PersonRef]
    revote: list[PersonRef]
    revote_seats: int
    unfilled: int
    sentences: list[str]
    officers: list[OfficerName]
    ballots_signed_by: list[str]
    declared_by: str | None
    published_at: datetime | None
    presidium_decisions: list[PresidiumDecisionRef] = []


# --- reading ----------------------------------------------------------------------------


def batch_rows(election: Election) -> list[dict]:
    """Each batch with who keyed which entry, and how many ballots are final."""
    keyed: dict[int, dict[int, str]] = {}
    rows = (
        KeyedBallot.objects.filter(batch__election=election)
        .order_by()
        .values_list("batch_id", "entry", "clerk__person__name")
        .distinct()
    )
    for batch_id, entry, clerk in rows:
        keyed.setdefault(batch_id, {})[entry] = clerk
    final = dict(
        FinalBallot.objects.filter(batch__election=election)
        .order_by()
        .values("batch_id")
        .annotate(n=Count("id"))
        .values_list("batch_id", "n")
    )
    out = []
    for batch in Batch.objects.filter(election=election):
        entries = keyed.get(batch.pk, {})
        n_final = final.get(batch.pk, 0)
        out.append(
            {
                "id": batch.pk,
                "number": batch.number,
                "size": batch.size,
                "entries": [{"entry": e, "clerk": c} for e, c in sorted(entries.items())],
                "final": n_final,
                # both entries in: what is not final is a difference waiting for the scrutineers
                "differences": batch.size - n_final if len(entries) == 2 else 0,
                "done": n_final == batch.size,
            }
        )
    return out


ROLE_ORDER = {OfficerRole.CHIEF: 0, OfficerRole.SCRUTINEER: 1, OfficerRole.CLERK: 2}


def officers_in_order(election: Election) -> list:
    """The chief scrutineer, the scrutineers, then the clerks, as the report names them."""
    officers = election.officers.select_related("person")
    return sorted(officers, key=lambda o: (ROLE_ORDER.get(o.role, 9), o.pk))


def nomination_out(n) -> dict:
    return {
        "id": n.pk,
        "person_id": n.person_id,
        "name": n.person.name,
        "by_presidium": n.by_presidium,
        "decision_id": n.decision_id,
        "signers": [{"id": s.pk, "name": s.name} for s in n.signers.all()],
        "withdrawn": n.withdrawn,
        "withdrawn_at": n.withdrawn_at,
        "withdrawn_on_request_of": n.withdrawn_on_request_of,
        "withdrawn_on_request_label": n.get_withdrawn_on_request_of_display(),
        "withdrawn_reason": n.withdrawn_reason,
    }


def election_out(election: Election) -> dict:
    office = election.office
    nominations = list(election.nominations.select_related("person").prefetch_related("signers"))
    return {
        "id": election.pk,
        "meeting_id": election.meeting_id,
        "title": str(election),
        "office": {
            "id": office.pk,
            "title": office.title,
            "code": office.code,
            "delegate_only": office.delegate_only,
            "kind": office.kind,
            "kind_label": office.get_kind_display(),
            "needs_approval": office.needs_approval,
        },
        "seats": election.seats,
        "by_election": election.by_election,
        "contested": election.contested,
        "surplus": election.surplus,
        "write_in_only_beside_no": election.write_in_only_beside_no,
        "mode": election.mode,
        "mode_label": election.get_mode_display(),
        "state": election.state,
        "state_label": election.get_state_display(),
        "round_kind": election.round_kind,
        "round_label": election.get_round_kind_display(),
        "previous_id": election.previous_id,
        "new_term": election.new_term,
        "slate_decision": election.slate_decision,
        "candidates_decision_id": election.candidates_decision_id,
        "preliminary": actions.preliminary_outcome(election),
        "validity_decision_id": election.validity_decision_id,
        "nominations": [nomination_out(n) for n in nominations if not n.withdrawn],
        "withdrawn_nominations": [nomination_out(n) for n in nominations if n.withdrawn],
        "candidates": [
            {"order": c.order, "person_id": c.person_id, "name": c.person.name}
            for c in election.candidates.select_related("person")
        ],
        "officers": [
            {
                "id": o.pk,
                "person_id": o.person_id,
                "name": o.person.name,
                "role": o.role,
                "role_label": o.get_role_display(),
                "has_account": o.user_id is not None,
            }
            for o in officers_in_order(election)
        ],
        "members_total": election.members_total,
        "entitled": election.entitled,
        "issued": election.issued,
        "returned": election.returned,
        "ballots_signed_by": list(election.ballots_signed_by or []),
        "cast": ElectionVoter.objects.filter(election=election).count()
        if election.mode == ElectionMode.ELECTRONIC and election.opened_at
        else None,
        "encrypted": election.definition is not None,
        "awaiting_trustees": actions.missing_trustees(election),
        "batches": batch_rows(election) if election.mode == ElectionMode.PAPER else [],
        "published_at": election.published_at,
    }


def result_visible(election: Election, user) -> bool:
    """Published: to all who may see the election; counted (or found void): to the chairs."""
    return election.state == ElectionState.PUBLISHED or (
        election.state in (ElectionState.COUNTED, ElectionState.VOID)
        and can_chair(user, election.meeting)
    )


def _display_name(user) -> str | None:
    if user is None:
        return None
    person = person_of(user)
    return person.name if person else (user.get_full_name() or user.username)


def result_out(election: Election) -> dict:
    r = election.result
    names = {t["person"]: t["name"] for t in r["tallies"]}
    return {
        "election_id": election.pk,
        "title": str(election),
        "state": election.state,
        "state_label": election.get_state_display(),
        "valid": r["valid"],
        "seats": r["seats"],
        "members_total": r["members_total"],
        "issued": r["issued"],
        "returned": r["returned"],
        "valid_ballots": r["valid_ballots"],
        "void_ballots": r["void_ballots"],
        "void_reasons": r["void_reasons"],
        "dropped_write_ins": r["dropped_write_ins"],
        "needed": r["needed"],
        "tallies": [
            {
                "person_id": t["person"],
                "name": t["name"],
                "on_slate": t["on_slate"],
                "yes": t["yes"],
                "no": t["no"],
                "abstain": t["abstain"],
                "verdict": t["verdict"],
                "verdict_label": VERDICT_LABELS.get(t["verdict"], t["verdict"]),
                "sentence": t["sentence"],
            }
            for t in r["tallies"]
        ],
        "elected": [{"id": p, "name": names.get(p, str(p))} for p in r["elected"]],
        "revote": [{"id": p, "name": names.get(p, str(p))} for p in r["revote"]],
        "revote_seats": r["revote_seats"],
        "unfilled": r["unfilled"],
        "sentences": r["sentences"],
        "officers": [
            {"role": o.role, "role_label": o.get_role_display(), "name": o.person.name}
            for o in officers_in_order(election)
        ],
        "ballots_signed_by": list(election.ballots_signed_by or []),
        "declared_by": _display_name(election.declared_by),
        "published_at": election.published_at,
        "presidium_decisions": presidium_decisions(election),
    }


def presidium_decisions(election: Election) -> list[dict]:
    """The presidium's decisions the election cites, in the order they were taken."""
    ids = {n.decision_id for n in election.nominations.all() if n.decision_id}
    ids |= {election.candidates_decision_id, election.validity_decision_id} - {None}
    return [
        {
            "id": d.pk,
            "subject": d.subject,
            "subject_label": d.get_subject_display(),
            "text": d.text,
            "meeting": d.meeting.title,
            "outcome": d.outcome,
        }
        for d in Decision.objects.filter(pk__in=ids).select_related("meeting").order_by("pk")
    ]


# --- lookups of what the payload names --------------------------------------------------


def person_by_id(pk: int) -> Person:
    person = Person.objects.filter(pk=pk).first()
    if person is None:
        raise NotFound("未找到该人员。")
    return person


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


# --- endpoints --------------------------------------------------------------------------


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
        user = get_user_model().objects.filter(pk=payload.user_id).first()
        if user is None:
            raise NotFound("未找到该账号。")
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


class DeclareIn(Schema):
    decision_id: int | None = None  # the presidium's decision whether the election is valid


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


@router.get(
    "/{election_id}/encryption",
    response=dict[str, Any],
    summary="电子选票的加密定义与本人的投票人编号（设备据此加密选票）",
)
def encryption(request, election_id: int):
    election = election_for(request.user, election_id)
    if election.definition is None:
        raise NotFound("这次选举（尚）没有加密的电子选票。")
    person = person_of(request.user)
    return {
        "election": election.definition,
        "voter": encrypted.voter_index(election.pk, person.pk) if person else None,
    }


@router.post(
    "/{election_id}/partial-decryptions",
    response=ElectionOut,
    summary="监票人设备提交各候选人合计票数的部分解密（附证明）",
)
def partial_decryption(request, election_id: int, payload: PartialDecryptionIn):
    election = election_for(request.user, election_id)
    return election_out(actions.add_partial_decryption(election.pk, request.user, payload.dict()))


@router.get(
    "/{election_id}/record",
    response=dict[str, Any],
    auth=PUBLIC,
    summary="电子选举的公开记录（全部加密选票、证明、部分解密与合计；见 docs/ballot-record.md）",
)
def record(request, election_id: int):
    election = election_for(request.user, election_id)
    if election.definition is None:
        raise NotFound("这次选举没有加密记录。")
    request_ = actions.decryption_request(election)
    if request_ is None or request_.counts is None or not result_visible(election, request.user):
        raise ActionError("not_decrypted", "选举结果尚未解密或尚未公布，记录还不完整。", status=409)
    return encrypted.record(election, request_)


@router.get("/{election_id}/result", response=ResultOut, auth=PUBLIC, summary="选举结果报告")
def result(request, election_id: int):
    election = election_for(request.user, election_id)
    if not result_visible(election, request.user):
        raise ActionError("not_published", "选举结果尚未公布。", status=409)
    return result_out(election)
