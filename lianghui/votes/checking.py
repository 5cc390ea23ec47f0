"""Checking an encrypted ballot's proofs after it is stored: the hall's burst, and the close.

A ballot's proofs cost the server about 3 ms of CPU to check, and a hall presses 2,400 times
in the first three seconds of a vote: checked before the answer, those checks alone need
more CPU than two cores have in that time, and every delegate waits seconds for "表决成功".
So the hall's hot path answers a press once its ballot is stored (`checked` false), after
the checks that need no proofs (the election's fingerprint, the voter's own index), and
checks the proofs moments later, in processes that get the CPU the presses leave
(lianghui.ballots.checker), then records the outcome (`record_checks`). Helios does the
same: a cast vote is stored, then verified by a queued task (CastVote.verified_at).

Nothing unchecked is ever counted: the close checks every ballot still waiting before it
adds them up (`check_waiting`). A ballot whose proofs fail is removed with its voter's
"has voted" row (the voter may press again), and the refusal is logged and recorded as an
audit event: an honest phone never makes one (its proofs are made by the code the server
checks against), so this is a forged or corrupted press. Its tracker never appears in the
record, which is how its voter can see it was not counted.
"""

import logging
from collections.abc import Sequence
from dataclasses import dataclass

from django.db import connection, transaction

from lianghui.audit.log import record
from lianghui.ballots import ballot as B
from lianghui.ballots import checker
from lianghui.ballots.ballot import BallotError
from lianghui.sessions import live
from lianghui.votes import cast_sql, encrypted
from lianghui.votes.models import EncryptedBallot, Poll, State, TallyPart, Voter

log = logging.getLogger("lianghui.votes.actions")


@dataclass(frozen=True)
class Waiting:
    """A stored ballot whose proofs are still to be checked, as its press brought it."""

    poll_id: int
    person_id: int
    voter: str  # its pseudonymous index, as stored
    tracker: str
    ballot: dict
    election: dict  # the vote's definition (frozen while it is open) and its fingerprint
    fingerprint: str


def precheck(poll: Poll, fingerprint: str, person_id: int, ballot) -> BallotError | None:
    """What can be refused without the proofs (ballot.check_binding): a malformed ballot, one
    of another vote (a stale page) or of another voter (replayed). The proofs come later."""
    try:
        B.check_binding(fingerprint, ballot, encrypted.voter_index(poll.pk, person_id))
    except BallotError as problem:
        return problem
    return None


@dataclass(frozen=True)
class Part:
    """The product of the ciphertexts of a vote's ballots that passed one check
    (checker.check_and_add): their trackers, and the sums of the vote's one question."""

    poll_id: int
    trackers: list[str]
    sums: list[dict[str, str]]


def record_checks(
    checked: list[tuple[Waiting, tuple[str, str] | None]], parts: Sequence[Part] = ()
) -> int:
    """Mark the ballots whose proofs passed as checked and remove those that failed (with
    their voter's row), and keep the parts of the tally made with the checks; the number
    removed. The proofs were checked elsewhere (the hot path: lianghui.ballots.checker);
    here, one transaction per vote."""
    removed = 0
    by_poll: dict[int, list] = {}
    for waiting, outcome in checked:
        by_poll.setdefault(waiting.poll_id, []).append((waiting, outcome))
    for poll_id, items in by_poll.items():
        with transaction.atomic():
            # Locked as a cast batch locks it: a close waits for this, or this sees it closed
            # (the close has then checked these itself).
            poll = cast_sql.poll_for_cast(poll_id, lock=connection.vendor == "postgresql")
            if poll is None or poll.state != State.OPEN:
                continue
            outcomes = [o for _, o in items]
            removed += _apply(poll, [(w.voter, w.tracker, w.person_id) for w, _ in items], outcomes)
            TallyPart.objects.bulk_create(
                TallyPart(poll_id=poll_id, trackers=p.trackers, sums=p.sums)
                for p in parts
                if p.poll_id == poll_id
            )
    return removed


def check_waiting(poll: Poll) -> int:
    """In the close's transaction: check every ballot of the vote still waiting (its press's
    worker may have stopped before it got to them), then mark or remove each; the number
    removed."""
    from lianghui.votes.casting import in_threads

    rows = list(
        EncryptedBallot.objects.filter(poll=poll, checked=False).values_list(
            "voter", "tracker", "ballot"
        )
    )
    if not rows:
        return 0
    fingerprint = B.fingerprint(poll.election)
    outcomes = in_threads(
        lambda row: checker.check_each(poll.election, fingerprint, [(row[0], row[2])])[0], rows
    )
    return _apply(poll, [(voter, tracker, None) for voter, tracker, _ in rows], outcomes)


def _apply(poll: Poll, items: list[tuple[str, str, int | None]], outcomes: list) -> int:
    """Mark the ballots that passed (outcome None) as checked; remove those that failed
    (outcome (code, message), as lianghui.ballots.checker gives it) with their voter's row.
    Each only while still unchecked: a ballot the voter replaced meanwhile, or one the close
    has already dealt with, is left as it is."""
    # By tracker: the hash of the whole ballot, its voter's index included, so it names the
    # very ballot that was checked, whichever other ballots its voter may have sent.
    passed = [tracker for (_, tracker, _), o in zip(items, outcomes, strict=True) if o is None]
    for start in range(0, len(passed), 500):
        EncryptedBallot.objects.filter(
            poll=poll, tracker__in=passed[start : start + 500], checked=False
        ).update(checked=True)
    removed = 0
    for (voter, tracker, person_id), outcome in zip(items, outcomes, strict=True):
        if outcome is None:
            continue
        code, _ = outcome
        deleted, _ = EncryptedBallot.objects.filter(
            poll=poll, voter=voter, tracker=tracker, checked=False
        ).delete()
        if not deleted:
            continue
        person_id = person_id or _person_of_index(poll, voter)
        if person_id is None:  # not one of those who voted: cannot be (logged if it is)
            log.error("refused ballot of poll %s matches no voter", poll.pk)
        Voter.objects.filter(poll=poll, person_id=person_id).delete()
        log.warning(
            "refused vote after storing it: %s (poll %s, person %s)",
            code,
            poll.pk,
            person_id,
        )
        record(
            "votes.ballot_refused",
            poll,
            data={"person": person_id, "code": f"ballot_{code}"},
        )
        removed += 1
    if removed:
        live.meeting_changed(poll.meeting_id, urgent=False)
    return removed


def _person_of_index(poll: Poll, voter: str) -> int | None:
    """Whose index it is, among those who voted (an HMAC cannot be reversed, only matched)."""
    for person_id in Voter.objects.filter(poll=poll).values_list("person_id", flat=True):
        if voter in encrypted.voter_indexes(poll.pk, person_id):
            return person_id
    return None
