"""Voting: opening the ballot (LOL 14 quorum), the write-in rules, an electronic ballot cast
and checked."""

import logging

from django.db import transaction
from django.utils import timezone

from lianghui.attendance.models import Capacity, CheckIn
from lianghui.attendance.queries import quorum_for
from lianghui.audit.log import record
from lianghui.ballots import ballot as ballot_crypto
from lianghui.elections import encrypted
from lianghui.elections.actions._base import (
    _candidate_ids,
    _locked_in,
    _require_presidium,
    _state,
    delegates_of,
)
from lianghui.elections.models import (
    Election,
    ElectionMode,
    ElectionState,
    ElectionVoter,
    EncryptedElectionBallot,
    RoundKind,
)
from lianghui.errors import ActionError, PermissionDenied, refusal
from lianghui.people.access import person_of
from lianghui.people.models import Person
from lianghui.scrutiny import actions as scrutiny
from lianghui.scrutiny import secrecy
from lianghui.sessions import live

log = logging.getLogger(__name__)


def open_election(election: Election, actor) -> Election:
    _require_presidium(actor, election.meeting)
    with transaction.atomic():
        election = _locked_in(election.pk, ElectionState.FIXED)
        quorum = quorum_for(election.meeting)
        if not quorum.reached:
            raise refusal("no_quorum", f"{quorum.sentence}不能进行选举（LOL 14）。")
        fields = ["members_total", "entitled", "issued", "opened_at", "state"]
        if election.mode == ElectionMode.ELECTRONIC:
            # Every election is by secret ballot (EL 40, LOL 29): electronic ballots are
            # encrypted under the scrutineers' key, so there must be one first.
            key = scrutiny.ready_key(election.meeting)
            if key is None:
                raise refusal(
                    "no_tally_key",
                    "选举采用无记名投票（选举法第四十条），电子选票须用监票人的计票密钥加密："
                    "请先由监票人完成本次会议的计票密钥仪式、发布计票公钥，再开始电子投票；"
                    "也可以改用纸质选票。",
                )
            election.tally_key = key
            names = election.candidates.order_by("order").values_list("person__name", flat=True)
            election.definition = encrypted.definition_for(election, key, list(names))
            fields += ["tally_key", "definition"]
        election.members_total = quorum.total
        election.entitled = quorum.present
        election.issued = quorum.present  # a ballot to each delegate checked in
        election.opened_at = timezone.now()
        election.state = ElectionState.OPEN
        election.save(update_fields=fields)
        record(
            "elections.opened",
            election,
            actor=actor,
            data={
                "members_total": quorum.total,
                "issued": quorum.present,
                "encrypted": election.definition is not None,
            },
        )
    live.meeting_changed(election.meeting_id)
    return election


def eligible_write_ins(election: Election) -> set[int] | None:
    """Who may be written in (另选他人, LOL 28): for the standing committee's officers (主任、
    副主任、秘书长、委员, LOL 47) the body's delegates; for other offices anyone (None)."""
    if election.office.write_ins_members_only:
        return set(delegates_of(election))
    return None


def check_entry(election: Election, content: dict, candidates=None, eligible="unset") -> dict:
    """Refuse, at entry, what cannot be a ballot of this election (a mark for someone not on
    the slate, an unknown mark, a write-in of a person who may not be written in)."""
    candidates = candidates if candidates is not None else _candidate_ids(election)
    eligible = eligible_write_ins(election) if eligible == "unset" else eligible
    marks = content.get("marks") or {}
    if not isinstance(marks, dict):
        raise refusal("bad_ballot", "选票内容格式有误。", 422)
    clean = {}
    for key, mark in marks.items():
        try:
            pid = int(key)
        except (TypeError, ValueError):
            raise refusal("bad_ballot", "选票内容格式有误。", 422) from None
        if pid not in candidates:
            raise refusal(
                "not_on_slate", "选票上标记了不在候选人名单上的人，请核对后重新录入。", 422
            )
        if mark not in (None, "", "yes", "no", "abstain"):
            raise refusal("bad_mark", "标记只能是赞成、反对、弃权或空白。", 422)
        if mark:
            clean[str(pid)] = mark
    write_ins = []
    if content.get("write_ins") and election.round_kind == RoundKind.PRELIMINARY:
        raise refusal(
            "write_in_preliminary",
            "预选只就提名的人投票，不能另选他人（地方组织法第二十七条）。",
            422,
        )
    for raw in content.get("write_ins") or []:
        try:
            pid = int(raw)
        except (TypeError, ValueError):
            raise refusal("bad_ballot", "另选人格式有误。", 422) from None
        if pid in candidates:
            raise refusal("write_in_on_slate", "另选他人不能填写候选人本人。", 422)
        if eligible is not None and pid not in eligible:
            raise refusal(
                "write_in_not_eligible",
                "另选的人不是可以当选的人员（如常委会委员须为本级人大代表）。",
                422,
            )
        write_ins.append(pid)
    if write_ins and Person.objects.filter(pk__in=write_ins).count() != len(set(write_ins)):
        raise refusal("write_in_unknown", "另选的人不存在。", 422)
    return {"marks": clean, "write_ins": write_ins, "void": bool(content.get("void"))}


def _refuse_ballot(code: str, message: str, status: int = 422, **fields) -> ActionError:
    # A refused ballot is logged (never its content, only what was wrong and where).
    log.warning("election ballot refused: %s %s", code, fields)
    return ActionError(code, message, status=status)


def cast_electronic(
    election_id: int, person: Person, ballot, client_token: str, actor, write_ins=()
) -> str:
    """An encrypted electronic ballot, made on the delegate's device; its tracker is the receipt.

    Every proof is checked before anything is written (BallotError → a Chinese 422 naming the
    problem, logged, nothing stored). One ballot per delegate: a retry of the same ballot
    (a lost answer) gets the same receipt; another ballot is refused.
    """
    if person is None or person_of(actor) is None or person_of(actor).pk != person.pk:
        raise PermissionDenied("只能由代表本人投票。")
    if not secrecy.valid_token(client_token or ""):
        raise refusal("bad_token", "投票请求缺少有效的设备令牌，请刷新页面后重试。", 422)
    election = Election.objects.select_related("office", "meeting").filter(pk=election_id).first()
    if election is None:
        raise refusal("not_found", "未找到该选举。", 404)
    if election.mode != ElectionMode.ELECTRONIC:
        raise refusal("not_electronic", "本次选举使用纸质选票。")
    _state(election, ElectionState.OPEN)
    if write_ins:
        raise _refuse_ballot(
            "write_in_on_paper",
            "电子选票是加密的，另选的姓名无法加密合计，所以电子选票不能另选他人。"
            "如要另选他人（选举法第四十条），请向主席团说明，改用纸质选票投票。",
            election=election.pk,
        )
    if ballot is None:
        raise _refuse_ballot(
            "ballot_required",
            "电子选票须在您的设备上加密后提交，不能提交未加密的选择。请刷新选票页面后重试。",
            election=election.pk,
        )
    try:
        tracker = encrypted.check(election, person.pk, ballot)
    except ballot_crypto.BallotError as exc:
        raise _refuse_ballot(f"ballot_{exc.code}", exc.message, election=election.pk) from exc
    with transaction.atomic():
        # Serialises with the close; elections are not a hot path.
        election = _locked_in(election.pk, ElectionState.OPEN)
        if not CheckIn.objects.filter(
            meeting_id=election.meeting_id,
            person=person,
            capacity=Capacity.VOTING,
            at__lte=election.opened_at,
        ).exists():
            raise refusal(
                "not_entitled", "您未在投票开始前签到出席本次会议，不能参加本次选举。", 403
            )
        # Who has voted is the ElectionVoter row (by person, whatever the index: it survives
        # a change of the server's key); a retry sends the very same ballot again.
        if ElectionVoter.objects.filter(election=election, person=person).exists():
            if EncryptedElectionBallot.objects.filter(election=election, tracker=tracker).exists():
                return tracker  # a retry of the same ballot
            raise refusal("already_voted", "您已经投过票，不能重复投票。")
        voter = encrypted.voter_index(election.pk, person.pk)
        ElectionVoter.objects.create(
            election=election,
            person=person,
            token_hash=secrecy.voter_hash(election.pk, client_token),
        )
        EncryptedElectionBallot.objects.create(
            election=election, voter=voter, ballot=ballot, tracker=tracker
        )
        election.encrypted_tally = encrypted.add_to_tally(election, ballot)
        election.save(update_fields=["encrypted_tally"])
        # Says that the delegate voted, nothing of the ballot (not even its tracker).
        record("elections.ballot_cast", election, actor=actor, data={"person": person.pk}, hot=True)
    live.meeting_changed(election.meeting_id, urgent=False)
    return tracker
