"""Paper ballots: the issued and returned counts signed by the scrutineers (EL 44), batches
keyed twice, the differences resolved."""

from django.db import transaction

from lianghui.attendance.queries import quorum_for
from lianghui.audit.log import record
from lianghui.elections.actions._base import (
    _candidate_ids,
    _locked_in,
    _require_presidium,
)
from lianghui.elections.actions.voting import check_entry, eligible_write_ins
from lianghui.elections.models import (
    Batch,
    CountingOfficer,
    Election,
    ElectionMode,
    ElectionState,
    FinalBallot,
    KeyedBallot,
    OfficerRole,
)
from lianghui.errors import ActionError, PermissionDenied, refusal
from lianghui.people.access import person_of
from lianghui.sessions import live
from lianghui.sessions.access import can_chair


def _signatures(election: Election, scrutineer_ids) -> list[str]:
    """The names of this election's scrutineers who sign a count, each once (EL 43)."""
    scrutineer_ids = list(scrutineer_ids)
    if len(set(scrutineer_ids)) != len(scrutineer_ids):
        raise refusal("signatures", "同一监票人只能签字一次。", 422)
    scrutineers = dict(
        election.officers.filter(role__in=[OfficerRole.CHIEF, OfficerRole.SCRUTINEER]).values_list(
            "person_id", "person__name"
        )
    )
    signed = [scrutineers[p] for p in scrutineer_ids if p in scrutineers]
    if not signed or len(signed) != len(scrutineer_ids):
        raise refusal("signatures", "须由本次选举的监票人签字确认。", 422)
    return signed


def record_issued(election: Election, issued: int, scrutineer_ids, actor) -> Election:
    """The scrutineers record how many paper ballots were actually issued (EL 44 compares
    the ballots returned with those issued).

    At the opening the issued count is the delegates checked in; it can differ — a delegate
    who left before the ballot was handed out, or a spoiled ballot taken back and replaced —
    so the scrutineers may correct it while voting is open or closed, until the returned
    count is signed. It cannot exceed the delegates checked in now (a late arrival may get a
    ballot); electronic ballots are issued by the system, one per delegate present.
    """
    _require_presidium(actor, election.meeting)
    with transaction.atomic():
        election = _locked_in(election.pk, ElectionState.OPEN, ElectionState.CLOSED)
        if election.mode != ElectionMode.PAPER:
            raise refusal("not_paper", "电子选票的发出数由系统统计。")
        if election.returned is not None:
            raise refusal(
                "returned_recorded", "收回选票数已经登记，发出选票数不能再改（选举法第四十四条）。"
            )
        present = max(quorum_for(election.meeting).present, election.entitled or 0)
        if not 0 <= issued <= present:
            raise refusal(
                "bad_issued",
                f"发出选票 {issued} 张不合理：出席会议的代表 {present} 人，"
                f"发出的选票不能多于出席人数（选举法第四十四条）。",
                422,
            )
        signed = _signatures(election, scrutineer_ids)
        before = election.issued
        election.issued = issued
        election.save(update_fields=["issued"])
        record(
            "elections.issued_recorded",
            election,
            actor=actor,
            data={"issued": issued, "before": before, "present": present, "signed": signed},
        )
    live.meeting_changed(election.meeting_id)
    return election


def record_returned(election: Election, returned: int, scrutineer_ids, actor) -> Election:
    """The scrutineers count the ballots returned and sign the record (EL 43)."""
    _require_presidium(actor, election.meeting)
    with transaction.atomic():
        election = _locked_in(election.pk, ElectionState.CLOSED)
        if election.mode != ElectionMode.PAPER:
            raise refusal("not_paper", "电子选票的收回数由系统统计。")
        if returned < 0:
            raise refusal("bad_returned", "收回选票数不能为负数。", 422)
        if election.batches.exists():
            raise refusal("batches_exist", "已开始分批录入选票，收回数不能再改。")
        signed = _signatures(election, scrutineer_ids)
        election.returned = returned
        election.ballots_signed_by = signed
        election.save(update_fields=["returned", "ballots_signed_by"])
        record(
            "elections.returned_recorded",
            election,
            actor=actor,
            data={"issued": election.issued, "returned": returned, "signed": signed},
        )
    return election


def add_batch(election: Election, size: int, actor) -> Batch:
    _require_presidium(actor, election.meeting)
    with transaction.atomic():
        election = _locked_in(election.pk, ElectionState.CLOSED)
        if election.returned is None:
            raise refusal("no_returned", "请先登记收回选票数并由监票人签字。")
        keyed = sum(election.batches.values_list("size", flat=True))
        if size < 1 or keyed + size > election.returned:
            raise refusal(
                "too_many_ballots",
                f"分批录入的选票共 {keyed + size} 张，多于收回的 {election.returned} 张。",
                422,
            )
        number = (election.batches.count() or 0) + 1
        batch = Batch.objects.create(election=election, number=number, size=size)
        record("elections.batch_added", election, actor=actor, data={"batch": number, "size": size})
    return batch


def _clerk(election: Election, actor) -> CountingOfficer:
    clerk = election.officers.filter(role=OfficerRole.CLERK, user=actor).first()
    if clerk is None:
        raise PermissionDenied("只有本次选举的计票人可以录入选票。")
    return clerk


def key_batch(batch: Batch, entry: int, ballots: list[dict], actor) -> int:
    """One clerk keys a whole batch (entry 1 or 2); the other entry must be another clerk's.

    All or nothing: any ballot refused at entry leaves the batch unkeyed for this entry.
    When both entries are in, agreeing ballots become final; differences wait for the
    scrutineers (resolve()). Returns the number of differences.
    """
    election = batch.election
    clerk = _clerk(election, actor)
    if entry not in (1, 2):
        raise refusal("bad_entry", "录入遍次只能是第一遍或第二遍。", 422)
    if len(ballots) != batch.size:
        raise refusal(
            "batch_size", f"本批应录入 {batch.size} 张选票，实际录入 {len(ballots)} 张。", 422
        )
    candidates = _candidate_ids(election)
    eligible = eligible_write_ins(election)
    with transaction.atomic():
        election = _locked_in(election.pk, ElectionState.CLOSED)
        keyed = KeyedBallot.objects.filter(batch=batch).order_by().values_list("entry", "clerk_id")
        done = dict(keyed.distinct())
        if entry in done:
            raise refusal(
                "entry_done", f"第 {batch.number} 批的第{'一' if entry == 1 else '二'}遍已经录入。"
            )
        if clerk.pk in done.values():
            raise refusal("same_clerk", "同一批选票的两遍须由两名不同的计票人录入。")
        rows = []
        for i, ballot in enumerate(ballots, start=1):
            try:
                content = check_entry(election, ballot, candidates, eligible)
            except ActionError as e:
                raise refusal(e.code, f"第 {i} 张：{e.message}", e.status) from None
            rows.append(
                KeyedBallot(batch=batch, entry=entry, clerk=clerk, index=i, content=content)
            )
        KeyedBallot.objects.bulk_create(rows)
        differences = _settle(batch) if len(done) == 1 else 0
        record(
            "elections.batch_keyed",
            election,
            actor=actor,
            data={"batch": batch.number, "entry": entry, "differences": differences},
        )
    return differences


def _canonical(content: dict) -> tuple:
    # The order in which a clerk keys the write-ins is not part of the ballot.
    marks = tuple(sorted(content["marks"].items()))
    return (marks, tuple(sorted(content["write_ins"])), content["void"])


def _settle(batch: Batch) -> int:
    first = {k.index: k.content for k in KeyedBallot.objects.filter(batch=batch, entry=1)}
    second = {k.index: k.content for k in KeyedBallot.objects.filter(batch=batch, entry=2)}
    agreed = [i for i in first if _canonical(first[i]) == _canonical(second[i])]
    FinalBallot.objects.bulk_create(
        [FinalBallot(batch=batch, index=i, content=first[i]) for i in agreed]
    )
    return len(first) - len(agreed)


def differences(batch: Batch) -> list[tuple[int, dict, dict]]:
    """(index, first entry, second entry) for ballots the two clerks keyed differently."""
    final = set(FinalBallot.objects.filter(batch=batch).values_list("index", flat=True))
    keyed = {}
    for k in KeyedBallot.objects.filter(batch=batch).exclude(index__in=final):
        keyed.setdefault(k.index, {})[k.entry] = k.content
    return [(i, e.get(1), e.get(2)) for i, e in sorted(keyed.items()) if len(e) == 2]


def resolve(batch: Batch, index: int, content: dict, actor) -> FinalBallot:
    """The scrutineers look at the paper ballot and say what it shows."""
    election = batch.election
    person = person_of(actor)
    is_scrutineer = (
        person is not None
        and election.officers.filter(
            person=person, role__in=[OfficerRole.CHIEF, OfficerRole.SCRUTINEER]
        ).exists()
    )
    if not (is_scrutineer or can_chair(actor, election.meeting)):
        raise PermissionDenied("只有监票人可以核定录入不一致的选票。")
    with transaction.atomic():
        # One resolver at a time; the count waits.
        election = _locked_in(election.pk, ElectionState.CLOSED)
        if index not in {i for i, _, _ in differences(batch)}:
            raise refusal("no_difference", "这张选票两遍录入一致、已经核定或尚未录完，无需核定。")
        content = check_entry(election, content)
        final = FinalBallot.objects.create(
            batch=batch, index=index, content=content, resolved_by_scrutineers=True
        )
        record(
            "elections.difference_resolved",
            election,
            actor=actor,
            data={"batch": batch.number, "index": index},
        )
    return final
