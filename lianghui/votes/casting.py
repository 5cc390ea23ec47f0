"""Casting electronic votes: one press, or a batch of presses in one transaction.

The hall's hot path (lianghui.votes.hot_path) gathers the presses that arrive while the
previous batch commits and writes them together: one poll read, one check-in query, one
multi-row insert of voters and one of ballots, one audit event and one push to the screens
per batch instead of per press. A single press (the pages, the demo, the ORM-level API) is a
batch of one, so both paths share every rule below.

Each press gets its own answer: a CastResult, or the ActionError that refuses it. A refused
press writes nothing; the others in its batch are unaffected.
"""

import logging
import os
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from django.db import connection, transaction
from django.utils import timezone

from lianghui.audit.log import record
from lianghui.ballots.ballot import BallotError
from lianghui.ballots.ballot import fingerprint as ballot_fingerprint
from lianghui.errors import ActionError, PermissionDenied, refusals_logged_as
from lianghui.people.access import person_of
from lianghui.scrutiny import secrecy
from lianghui.sessions import live
from lianghui.votes import cast_sql, checking, encrypted, rules
from lianghui.votes.models import (
    EncryptedBallot,
    Mode,
    NamedBallot,
    Poll,
    Press,
    State,
    Voter,
)

log = logging.getLogger("lianghui.votes.actions")
CHOICES = frozenset(c.value for c in rules.Choice)


UNENCRYPTED_SECRET = "这项无记名表决未加密，不能再接受表决；请主持人取消后在计票密钥下重新发起。"


_refuse = refusals_logged_as(log, "vote")


@dataclass(frozen=True)
class CastRequest:
    """One press: who (already authenticated), what, from which device."""

    person_id: int
    choice: str
    client_token: str
    actor_id: int | None = None  # the signed-in user, for the audit log
    ballot: dict | None = None  # an encrypted vote's ballot, made on the voter's phone


@dataclass(frozen=True)
class CastResult:
    receipt: str | None
    created: bool  # a new vote was counted
    changed: bool  # an earlier choice was replaced (last press valid)


def message(result: CastResult) -> str:
    """What the voter's screen says after a press."""
    if result.created:
        return "表决成功。"
    return "已修改表决。" if result.changed else "您已表决。"


def check_input(choice: str, client_token: str, ballot: dict | None = None) -> ActionError | None:
    """What can be refused before touching the database."""
    if ballot is None and choice not in CHOICES:
        return ActionError("bad_choice", "表决选项只能是赞成、反对或弃权。", status=422)
    if not secrecy.valid_token(client_token or ""):
        return ActionError(
            "bad_token", "表决请求缺少有效的设备令牌，请刷新页面后重试。", status=422
        )
    return None


def cast(
    poll_id: int, person, choice: str, client_token: str, actor, ballot: dict | None = None
) -> CastResult:
    """Count one vote. Retrying with the same client token never counts twice."""
    if person is None or person_of(actor) is None or person_of(actor).pk != person.pk:
        raise PermissionDenied("只能由代表本人表决。")
    request = CastRequest(person.pk, choice, client_token, actor_id=actor.pk, ballot=ballot)
    (result,) = cast_many(poll_id, [request])
    if isinstance(result, ActionError):
        raise result
    return result


def _lock_poll(poll_id: int) -> Poll | None:
    """Read the poll so that a concurrent close waits for this batch, or the batch sees it.

    On PostgreSQL, FOR KEY SHARE lets batches from several workers run side by side but
    conflicts with the close's FOR UPDATE: the close waits for casts in flight, and casts
    that come after see it closed. On SQLite, IMMEDIATE transactions run one writer at a time.
    """
    return cast_sql.poll_for_cast(poll_id, lock=connection.vendor == "postgresql")


def _poll_refusal(poll: Poll | None, poll_id: int) -> ActionError | None:
    if poll is None:
        return ActionError("not_found", "未找到该表决。", status=404)
    if poll.mode != Mode.ELECTRONIC:
        return _refuse("not_electronic", "本项表决不使用电子表决器。", poll=poll_id)
    if poll.state != State.OPEN:
        return _refuse("not_open", "表决尚未开始或已经结束。", poll=poll_id)
    if poll.closes_at and timezone.now() > poll.closes_at:
        return _refuse("time_up", "表决时间已到。", poll=poll_id)
    return None


def cast_many(
    poll_id: int, requests: list[CastRequest], waiting: list | None = None
) -> list[CastResult | ActionError]:
    """Count a batch of presses on one poll in one transaction; an answer for each.

    waiting: given (the hall's hot path), a new voter's encrypted ballot is stored without
    its proofs checked, and a votes.checking.Waiting for it is added to this list for the
    caller to check later (votes.checking, which says why); otherwise every proof is
    checked before anything is stored."""
    results: list[CastResult | ActionError | None] = [
        check_input(r.choice, r.client_token, r.ballot) for r in requests
    ]
    trackers: dict[int, str] = {}
    if waiting is None:
        trackers = _check_ballots(poll_id, requests, results)
    pending = [i for i, r in enumerate(results) if r is None]
    if not pending:
        return results
    with transaction.atomic():
        poll = _lock_poll(poll_id)
        refusal = _poll_refusal(poll, poll_id)
        if refusal is not None:
            for i in pending:
                results[i] = refusal
            return results
        pending = _refuse_wrong_kind(poll, requests, pending, results)
        unchecked: set[int] = set()
        if waiting is not None and poll.encrypted:
            pending, trackers, unchecked = _precheck(poll, requests, pending, results)
        new, repeats = _insert_voters_of(poll, requests, pending, results)
        receipts = {i: _receipt(poll, requests[i], trackers.get(i)) for i in new}
        _store_ballots(poll, [(requests[i], receipts[i], i not in unchecked) for i in new])
        later = [_waiting(poll, requests[i], receipts[i]) for i in new if i in unchecked]
        for i in new:
            results[i] = CastResult(receipts[i], True, False)
        if new:
            record(
                "votes.cast",
                poll,
                actor=_actor(requests[new[0]]) if len(new) == 1 else None,
                hot=True,
                data=_cast_event_data(poll, [requests[i] for i in new]),
            )
        for i in repeats:  # in arrival order, so the last press is the last applied
            try:
                results[i] = _repeat(poll, requests[i], unchecked=i in unchecked)
            except ActionError as refused:
                results[i] = refused
    if waiting is not None:  # committed: now their proofs may be checked
        waiting += later
    # One push per cast would flood 3,000 screens: casts are coalesced (sessions.live).
    if new:
        live.meeting_changed(poll.meeting_id, urgent=False)
    return results


def _insert_voters_of(
    poll: Poll, requests: list[CastRequest], pending: list[int], results: list
) -> tuple[list[int], list[int]]:
    """Insert the "has voted" rows of the pending presses' voters; the presses that are new
    votes and those that are repeats (the voter voted before, or again in this batch), each
    in arrival order. Presses by someone not entitled are refused here."""
    first: dict[int, int] = {}  # person → their first press in this batch
    for i in pending:  # (twice in one batch: a retry or a change)
        first.setdefault(requests[i].person_id, i)
    # Only those checked in (voting capacity) before the vote opened may vote: the insert
    # takes only them, and the check is asked again only for those it left out.
    inserted = _insert_voters(poll, [requests[i] for i in first.values()])
    entitled = inserted | cast_sql.entitled(
        poll.meeting_id, first.keys() - inserted, poll.opened_at
    )
    new, repeats = [], []
    for i in pending:
        person_id = requests[i].person_id
        if person_id not in entitled:
            results[i] = _refuse(
                "not_entitled",
                "您未在表决开始前签到出席本次会议，不能参加本次表决。",
                status=403,
                poll=poll.pk,
                person=person_id,
            )
        elif person_id in inserted and first[person_id] == i:
            new.append(i)
        else:
            repeats.append(i)
    return new, repeats


def _waiting(poll: Poll, request: CastRequest, tracker: str) -> "checking.Waiting":
    """A ballot stored with its proofs to be checked; its fingerprint was prechecked."""
    ballot = request.ballot
    return checking.Waiting(
        poll.pk,
        request.person_id,
        ballot["voter"],
        tracker,
        ballot,
        poll.election,
        ballot["election"],
    )


def _precheck(poll: Poll, requests: list[CastRequest], pending: list[int], results: list):
    """The hot path's encrypted presses, in the transaction (the poll is read there): what
    can be refused without the proofs is refused (votes.checking.precheck); the presses
    still pending, the trackers and the presses whose proofs are left to be checked. A
    retry's ballot, stored already, is recognised by its tracker in the transaction."""
    fingerprint = ballot_fingerprint(poll.election)
    kept, trackers = [], {}
    for i in pending:
        problem = checking.precheck(poll, fingerprint, requests[i].person_id, requests[i].ballot)
        if problem is not None:
            results[i] = _ballot_refusal(problem, poll.pk, requests[i].person_id)
        else:
            kept.append(i)
            trackers[i] = encrypted.tracker(requests[i].ballot)
    return kept, trackers, set(kept)


def _check_ballots(poll_id: int, requests: list[CastRequest], results: list) -> dict[int, str]:
    """Every proof of every encrypted press, before the transaction (it is the costly part);
    the trackers of the ballots that passed, by index in `requests`.

    The election definition is frozen while the vote is open, so checking against the one
    read here is checking against the one the transaction sees; a bad ballot is refused,
    nothing is stored, and the attempt is logged.

    A press sent again (no answer reached the phone, or a 503) carries the very ballot that
    may already be stored for its voter: `_already_checked` finds those and they are not
    checked twice. Under overload, when answers come late and phones press again, checking
    each retry anew would spend the CPU that the queue is short of.
    """
    trackers: dict[int, str] = {}
    todo = [i for i, r in enumerate(requests) if results[i] is None and r.ballot is not None]
    if not todo:
        return trackers
    poll = Poll.objects.filter(pk=poll_id).only("id", "election").first()
    if poll is None or poll.election is None:
        return trackers  # refused in the transaction (no such vote, or not an encrypted one)
    fingerprint = ballot_fingerprint(poll.election)
    trackers.update(_already_checked(poll_id, fingerprint, requests, todo))
    unchecked = [i for i in todo if i not in trackers]

    def check(i: int) -> str | BallotError:
        try:
            return encrypted.check(poll, requests[i].person_id, requests[i].ballot, fingerprint)
        except BallotError as exc:
            return exc

    for i, outcome in zip(unchecked, in_threads(check, unchecked), strict=True):
        if isinstance(outcome, BallotError):
            results[i] = _ballot_refusal(outcome, poll_id, requests[i].person_id)
        else:
            trackers[i] = outcome
    return trackers


def _ballot_refusal(problem: BallotError, poll_id: int, person_id: int) -> ActionError:
    return _refuse(f"ballot_{problem.code}", problem.message, 422, poll=poll_id, person=person_id)


# Checking a ballot spends 96% of its time inside libsodium, and PyNaCl's compiled module
# releases the GIL around each libsodium call: a batch's ballots are checked by as many
# threads as the machine has cores, so one worker process (SQLite's only one, or a worker
# whose neighbour is idle) uses every core for the proofs rather than one.
_pool: ThreadPoolExecutor | None = None
_pool_lock = threading.Lock()


def _forget_pool() -> None:
    global _pool
    _pool = None  # a forked child has the parent's pool object but none of its threads


os.register_at_fork(after_in_child=_forget_pool)


def in_threads(fn, items: list) -> list:
    """[fn(x) for x in items], in that order, spread over one thread per core (at once for
    fewer than two items or one core). An exception from fn is raised here, as in the loop."""
    cores = os.cpu_count() or 1
    if len(items) < 2 or cores < 2:
        return [fn(x) for x in items]
    global _pool
    with _pool_lock:
        if _pool is None:
            _pool = ThreadPoolExecutor(max_workers=cores, thread_name_prefix="ballot-check")
        pool = _pool
    return list(pool.map(fn, items))


def _already_checked(
    poll_id: int, fingerprint: str, requests: list[CastRequest], todo: list[int]
) -> dict[int, str]:
    """The presses (index → tracker) whose ballot is stored already for their own voter, as
    it is: the same tracker (SHA-256 of the canonical JSON, so the same ballot), under this
    election's fingerprint and the voter's index of now. `check_ballot` depends only on the
    election definition (frozen while the vote is open, named by the fingerprint), the ballot
    and the voter's index, and every stored ballot passed it before it was stored or waits
    for it (votes.checking; this module and that are its only writers): checking it again
    would give the same answer, and a retry is answered with the ballot already stored. One
    query on the (poll, voter) unique index per batch."""
    index = {
        i: encrypted.voter_index(poll_id, requests[i].person_id)
        for i in todo
        if isinstance(requests[i].ballot, dict)
        and requests[i].ballot.get("election") == fingerprint
    }
    index = {i: v for i, v in index.items() if requests[i].ballot.get("voter") == v}
    if not index:
        return {}
    stored = dict(
        EncryptedBallot.objects.filter(poll_id=poll_id, voter__in=set(index.values())).values_list(
            "voter", "tracker"
        )
    )
    found = {}
    for i, voter in index.items():
        if voter in stored and stored[voter] == (tracker := encrypted.tracker(requests[i].ballot)):
            found[i] = tracker
    return found


def _refuse_wrong_kind(poll: Poll, requests, pending: list[int], results: list) -> list[int]:
    kept = []
    for i in pending:
        if poll.secret and not poll.encrypted:
            # Opened before every secret electronic vote was encrypted: no secret choice is
            # stored in the clear any more, so this vote takes no presses (the chair cancels
            # it and opens it again under the tally key).
            results[i] = _refuse("not_encrypted", UNENCRYPTED_SECRET, 409, poll=poll.pk)
        elif poll.encrypted and requests[i].ballot is None:
            results[i] = _refuse(
                "ballot_required",
                "本项无记名表决须在您的设备上加密后提交，请刷新页面后重试。",
                422,
                poll=poll.pk,
            )
        elif not poll.encrypted and requests[i].ballot is not None:
            results[i] = _refuse("not_encrypted", "本项表决不使用加密选票。", 422, poll=poll.pk)
        else:
            kept.append(i)
    return kept


def _actor(request: CastRequest):
    from django.contrib.auth import get_user_model

    return get_user_model()(pk=request.actor_id) if request.actor_id else None


def _cast_event_data(poll: Poll, requests: list[CastRequest]) -> dict:
    # A secret vote's log names who voted, never how, and in no order that could be matched
    # with the ballots' (their rows are written in the batch's order): sorted by person.
    if poll.secret:
        return {"persons": sorted(r.person_id for r in requests)}
    return {"persons": [r.person_id for r in requests], "choices": [r.choice for r in requests]}


def _insert_voters(poll: Poll, requests: list[CastRequest]) -> set[int]:
    """Insert the "has voted" rows of those entitled; return the persons inserted (not those
    who had voted, nor those not checked in to vote). On PostgreSQL a named vote's ballots of
    those inserted go in the same statement (_store_ballots then writes none)."""
    if not poll.encrypted and cast_sql.named_ballots_with_voters():
        return cast_sql.insert_voters_and_named_ballots(
            poll.pk,
            [
                (r.person_id, secrecy.voter_hash(poll.pk, r.client_token), r.choice)
                for r in requests
            ],
            poll.meeting_id,
            poll.opened_at,
        )
    return cast_sql.insert_voters(
        poll.pk,
        [(r.person_id, secrecy.voter_hash(poll.pk, r.client_token)) for r in requests],
        poll.meeting_id,
        poll.opened_at,
    )


def _store_ballots(poll: Poll, presses: list[tuple[CastRequest, str | None, bool]]) -> None:
    """The ballots of new voters, each with its receipt (`_receipt`) and whether its proofs
    have been checked."""
    if not presses:
        return
    if poll.encrypted:
        EncryptedBallot.objects.bulk_create(
            EncryptedBallot(
                poll=poll,
                voter=encrypted.voter_index(poll.pk, r.person_id),
                ballot=r.ballot,
                tracker=receipt,
                checked=checked,
            )
            for r, receipt, checked in presses
        )
    elif not cast_sql.named_ballots_with_voters():  # (with the voters on PostgreSQL)
        # a named vote (a secret one is always encrypted: _refuse_wrong_kind)
        cast_sql.insert_named_ballots(poll.pk, [(r.person_id, r.choice) for r, _, _ in presses])


def _receipt(poll: Poll, request: CastRequest, checked: str | None = None) -> str | None:
    """The receipt: an encrypted ballot's tracker (`checked`: the one computed when its proofs
    were checked, the hash of the same ballot); a named vote has none (its roll call)."""
    if not poll.encrypted:
        return None
    return checked or encrypted.tracker(request.ballot)


def _repeat(poll: Poll, request: CastRequest, unchecked: bool = False) -> CastResult:
    """A press by someone who has voted: the same device's retry or change, or a refusal.
    unchecked: an encrypted press whose proofs were left for later (cast_many's waiting)."""
    person_id = request.person_id
    voter = Voter.objects.get(poll=poll, person_id=person_id)
    if voter.token_hash != secrecy.voter_hash(poll.pk, request.client_token):
        if poll.press == Press.LAST:
            raise _refuse(
                "other_device",
                "您已表决。如需修改，请在原表决设备上操作。",
                poll=poll.pk,
                person=person_id,
            )
        raise _refuse(
            "already_voted", "您已经表决过，不能重复表决。", poll=poll.pk, person=person_id
        )
    if poll.encrypted:
        return _repeat_encrypted(poll, request, unchecked)
    if poll.press != Press.LAST:
        return CastResult(None, created=False, changed=False)
    ballots = NamedBallot.objects.filter(poll=poll, person_id=person_id)
    changed = ballots.exclude(choice=request.choice).update(choice=request.choice)
    if changed:
        record(
            "votes.changed",
            poll,
            actor=_actor(request),
            data={"person": person_id, "choice": request.choice},
        )
        live.meeting_changed(poll.meeting_id, urgent=False)
    return CastResult(None, created=False, changed=bool(changed))


def _repeat_encrypted(poll: Poll, request: CastRequest, unchecked: bool) -> CastResult:
    """The voter's own device again: a retry (same ballot), or under last-press-valid a new
    ballot that replaces the stored one. A change is checked before it replaces anything
    (here, if its proofs were left for later: changes are few, and the ballot it replaces
    must not be lost to a forged one)."""
    stored = EncryptedBallot.objects.get(
        poll=poll, voter__in=encrypted.voter_indexes(poll.pk, request.person_id)
    )
    tracker = encrypted.tracker(request.ballot)
    if tracker == stored.tracker or poll.press != Press.LAST:
        return CastResult(stored.tracker, created=False, changed=False)
    if unchecked:
        try:
            encrypted.check(poll, request.person_id, request.ballot)
        except BallotError as problem:
            raise _ballot_refusal(problem, poll.pk, request.person_id) from None
    # The new ballot was checked against the voter's index of now (the server's key may
    # have been rotated since the first press): the row takes that index with it.
    stored.ballot, stored.tracker, stored.checked = request.ballot, tracker, True
    stored.voter = request.ballot["voter"]
    stored.save(update_fields=["ballot", "tracker", "voter", "checked"])
    record("votes.changed", poll, actor=_actor(request), data={"person": request.person_id})
    live.meeting_changed(poll.meeting_id, urgent=False)
    return CastResult(tracker, created=False, changed=True)
