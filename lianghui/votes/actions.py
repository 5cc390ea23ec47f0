"""Vote actions: create, open, cast, close, publish, cancel, enter counts.

Each checks permission and state, writes, records its audit event in the same
transaction, and tells the hall's screens only after the commit.
"""

import logging
from dataclasses import dataclass
from datetime import timedelta
from fractions import Fraction

from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from lianghui.attendance.models import Capacity, CheckIn
from lianghui.attendance.queries import quorum_for
from lianghui.audit.log import record
from lianghui.ballots import ballot as ballot_crypto
from lianghui.errors import ActionError, refusals_logged_as
from lianghui.people.models import OrgKind
from lianghui.rows import locked
from lianghui.scrutiny import actions as scrutiny
from lianghui.scrutiny import ballot_store
from lianghui.scrutiny.models import DecryptionRequest
from lianghui.sessions import access, live, roster
from lianghui.sessions.models import Meeting, MeetingKind
from lianghui.sessions.queries import meeting_item
from lianghui.votes import checking, encrypted, rules
from lianghui.votes.casting import CastResult, cast  # noqa: F401 (the action API)
from lianghui.votes.models import Mode, NamedBallot, Poll, Press, SecretBallot, State, Voter

log = logging.getLogger(__name__)

can_chair = access.can_chair


# A secret electronic vote (无记名按表决器, NPC rules of procedure art. 60, followed by local
# rules) stays secret from whoever runs the system: it is encrypted, so the key comes first.
NO_TALLY_KEY = (
    "无记名电子表决须先由监票人完成计票密钥仪式：选票在代表的设备上加密，只有监票人共同"
    "持有的密钥才能解密合计（《全国人民代表大会议事规则》第六十条：表决议案采用无记名按表决器"
    "方式）。请先在“计票密钥”中发起并完成仪式，或改用记名、举手或纸质表决。"
)


def _require_chair(user, meeting):
    access.require_chair(user, meeting, "只有会议主持人或会务组可以管理表决。")


_refuse = refusals_logged_as(log, "vote")


@dataclass(frozen=True)
class PollSettings:
    question: str
    decides: str = ""
    item_id: int | None = None
    mode: str = Mode.ELECTRONIC
    secret: bool = True
    base: str = rules.Base.ALL.value
    fraction_numerator: int = 1
    fraction_denominator: int = 2
    strict: bool = True
    press: str = Press.FIRST
    timer_seconds: int | None = None
    publish_immediately: bool = True


def is_congress_itself(meeting: Meeting) -> bool:
    """A vote of the people's congress itself, bound by LOL 25's floor: any meeting of a
    congress's session but a presidium meeting (the presidium, like a committee or a CPPCC
    body, decides under its own rules)."""
    return meeting.session.term.body.kind == OrgKind.CONGRESS and meeting.kind != (
        MeetingKind.PRESIDIUM
    )


def create_poll(meeting: Meeting, settings_: PollSettings, actor) -> Poll:
    _require_chair(actor, meeting)
    question = settings_.question.strip()
    if not question:
        raise ActionError("question_required", "请填写表决事项。", status=422)
    if settings_.mode not in Mode.values or settings_.press not in Press.values:
        raise ActionError("bad_setting", "表决方式或按键规则无效。", status=422)
    if settings_.base not in {b.value for b in rules.Base}:
        raise ActionError("bad_setting", "通过基数无效。", status=422)
    num, den = settings_.fraction_numerator, settings_.fraction_denominator
    if not (0 < num <= den <= 100):
        raise ActionError("bad_fraction", "通过比例须在 0 与 1 之间，例如 1/2 或 2/3。", status=422)
    if is_congress_itself(meeting):
        refusal = rules.congress_floor_refusal(
            rules.Threshold(rules.Base(settings_.base), Fraction(num, den), settings_.strict)
        )
        if refusal:
            raise ActionError("below_legal_floor", refusal, status=422)
    if settings_.timer_seconds is not None and not (10 <= settings_.timer_seconds <= 3600):
        raise ActionError("bad_timer", "表决时限须在 10 秒到 1 小时之间。", status=422)
    item = None
    if settings_.item_id is not None:
        item = meeting_item(meeting, settings_.item_id)
    if meeting.group_id:
        raise ActionError("group_meeting", "分组审议会议不进行表决。", status=422)
    with transaction.atomic():
        poll = Poll.objects.create(
            meeting=meeting,
            item=item,
            body=meeting.session.term.body,
            question=question[:300],
            decides=settings_.decides.strip(),
            mode=settings_.mode,
            secret=settings_.secret
            if settings_.mode == Mode.ELECTRONIC
            else settings_.mode == Mode.PAPER,
            base=settings_.base,
            fraction_numerator=num,
            fraction_denominator=den,
            strict=settings_.strict,
            press=settings_.press,
            timer_seconds=settings_.timer_seconds,
            publish_immediately=settings_.publish_immediately,
            created_by=actor,
        )
        record(
            "votes.created",
            poll,
            actor=actor,
            data={"meeting": meeting.pk, "question": poll.question, "mode": poll.mode},
        )
    return poll


def _locked(poll_id: int) -> Poll:
    return locked(Poll, poll_id, "meeting__session__term__body", "body")


def _locked_in(poll_id: int, states: tuple[str, ...], code: str, message: str) -> Poll:
    """The poll, locked until the transaction ends, if it is in one of `states`; else the
    refusal (409) with `code` and `message`, the poll named in the log."""
    poll = _locked(poll_id)
    if poll.state not in states:
        raise _refuse(code, message, poll=poll.pk)
    return poll


def open_poll(poll: Poll, actor) -> tuple[Poll, list[str]]:
    """Open the vote and freeze who may vote: members checked in by now."""
    _require_chair(actor, poll.meeting)
    warnings = []
    with transaction.atomic():
        poll = _locked_in(poll.pk, (State.DRAFT,), "not_draft", "只有草稿状态的表决可以开始。")
        if Poll.objects.filter(meeting=poll.meeting, state=State.OPEN).exists():
            raise _refuse("another_open", "本次会议已有正在进行的表决，请先结束。", poll=poll.pk)
        refusal = is_congress_itself(poll.meeting) and rules.congress_floor_refusal(poll.threshold)
        if refusal:  # a draft stored before LOL 25's floor was enforced at creation
            raise _refuse("below_legal_floor", refusal, status=422, poll=poll.pk)
        quorum = quorum_for(poll.meeting)
        now = timezone.now()
        poll.members_total = quorum.total
        poll.present = quorum.present
        poll.entitled = quorum.present
        poll.opened_at = now
        poll.closes_at = now + timedelta(seconds=poll.timer_seconds) if poll.timer_seconds else None
        poll.state = State.OPEN
        # Every secret electronic vote is encrypted under the meeting's tally key, so the
        # scrutineers' key ceremony comes first (docs/secret-ballots.md).
        key = None
        if poll.secret and poll.mode == Mode.ELECTRONIC:
            key = scrutiny.ready_key(poll.meeting)
            if key is None:
                raise _refuse("tally_key_required", NO_TALLY_KEY, poll=poll.pk)
            poll.tally_key = key
            poll.election = encrypted.election_for(poll, key)
        poll.save(
            update_fields=[
                "members_total",
                "present",
                "entitled",
                "opened_at",
                "closes_at",
                "state",
                "tally_key",
                "election",
            ]
        )
        if not quorum.reached:
            warnings.append(f"注意：{quorum.sentence}")
        record(
            "votes.opened",
            poll,
            actor=actor,
            data={
                "members_total": quorum.total,
                "entitled": quorum.present,
                "quorum": quorum.reached,
                "encrypted": key is not None,
            },
        )
    live.meeting_changed(poll.meeting_id)
    return poll, warnings


def cast_count(poll: Poll) -> int:
    return Voter.objects.filter(poll=poll).count()


def _tally(poll: Poll) -> rules.Counts:
    model = SecretBallot if poll.secret else NamedBallot
    counts = dict(
        model.objects.filter(poll=poll)
        .values_list("choice")
        .annotate(n=Count("pk"))
        .values_list("choice", "n")
    )
    return rules.Counts(counts.get("yes", 0), counts.get("no", 0), counts.get("abstain", 0))


def _reshuffle_secret_ballots(poll: Poll) -> None:
    """Rewrite the ballots in random order with new keys, in the closing transaction.

    Afterwards nothing in the ballot table — row order, row versions, keys — follows the
    order in which voters voted. The change tokens are dropped: no more changes.
    """
    ballot_store.rewrite_in_random_order(
        SecretBallot.objects.filter(poll=poll), ("choice", "receipt"), poll=poll, change_hash=None
    )


def _result(poll: Poll, counts: rules.Counts) -> rules.Outcome:
    return rules.decide(
        counts,
        members_total=poll.members_total,
        present=poll.present,
        entitled=poll.entitled,
        threshold=poll.threshold,
        member_word=poll.member_word,
    )


def _finish(poll: Poll, counts: rules.Counts, actor, kind: str) -> Poll:
    outcome = _result(poll, counts)
    now = timezone.now()
    poll.yes, poll.no, poll.abstain = counts.yes, counts.no, counts.abstain
    poll.passed = outcome.passed
    poll.sentence = outcome.sentence
    poll.closed_at = poll.closed_at or now  # an encrypted vote closed before it was decrypted
    poll.state = State.PUBLISHED if poll.publish_immediately else State.CLOSED
    if poll.publish_immediately:
        poll.published_at = now
    poll.save(
        update_fields=[
            "yes",
            "no",
            "abstain",
            "passed",
            "sentence",
            "closed_at",
            "state",
            "published_at",
        ]
    )
    data = {"yes": counts.yes, "no": counts.no, "abstain": counts.abstain, "passed": outcome.passed}
    record(kind, poll, actor=actor, data=data)
    if poll.publish_immediately:
        record("votes.published", poll, actor=actor, data={"sentence": outcome.sentence})
    return poll


def _close(poll: Poll, actor) -> Poll:
    """End the voting, in the closing transaction: count, or ask the trustees to decrypt."""
    if poll.encrypted:
        # Ballots the hot path stored before their proofs were checked: checked now, so
        # that nothing unchecked is ever added up (a ballot that fails is removed).
        checking.check_waiting(poll)
        if poll.encrypted_ballots.exists():
            return _request_count(poll, actor)
        # Nobody voted: every total is the empty sum, 0, known without decrypting anything
        # (and the identity it encrypts to is no ciphertext a device would accept).
        return _finish(poll, rules.Counts(0, 0, 0), actor, "votes.closed")
    # A secret vote opened before every one was encrypted (it takes no presses any more):
    # its ballots, stored then, are counted and put to rest as they always were.
    counts = _tally(poll)
    if poll.secret:
        _reshuffle_secret_ballots(poll)
    return _finish(poll, counts, actor, "votes.closed")


def _decryption_subject(poll: Poll) -> str:
    return f"votes.poll:{poll.pk}"


def _request_count(poll: Poll, actor) -> Poll:
    """The ciphertexts of the last ballot of each voter are added; only their sum goes to
    the trustees' devices, which answer with partial decryptions (add_partial_decryption)."""
    ballots = poll.encrypted_ballots.count()
    scrutiny.request_decryption(
        poll.tally_key,
        subject=_decryption_subject(poll),
        title=poll.question,
        fingerprint=ballot_crypto.fingerprint(poll.election),
        ciphertexts=encrypted.tally(poll),
        bound=ballots,
        answer_url=f"/api/votes/{poll.pk}/partial-decryptions",
    )
    poll.tally_parts.all().delete()  # used: the product now stands in the request
    poll.state = State.TALLYING
    poll.closed_at = timezone.now()
    poll.save(update_fields=["state", "closed_at"])
    record("votes.closed", poll, actor=actor, data={"ballots": ballots, "encrypted": True})
    return poll


DECRYPTING = scrutiny.Decrypting(
    locked=_locked,
    subject=_decryption_subject,
    waiting=lambda poll: poll.state == State.TALLYING,
    refused=lambda poll: _refuse("not_tallying", "该表决不在解密计票阶段。", poll=poll.pk),
    counted=lambda poll, counts: _finish(poll, rules.Counts(*counts), None, "votes.decrypted"),
)


def decryption_request(poll: Poll) -> DecryptionRequest | None:
    return DECRYPTING.request(poll)


def add_partial_decryption(poll_id: int, user, message: dict) -> Poll:
    """A trustee's device answers: checked, stored; with k answers the result is known."""
    return DECRYPTING.answer(poll_id, user, message)


def missing_trustees(poll: Poll) -> list[str]:
    """While an encrypted vote waits for its decryption: the trustees who have not answered."""
    return DECRYPTING.missing(poll)


def close_poll(poll: Poll, actor) -> Poll:
    _require_chair(actor, poll.meeting)
    with transaction.atomic():
        poll = _locked_in(poll.pk, (State.OPEN,), "not_open", "只有正在进行的表决可以结束。")
        if poll.mode != Mode.ELECTRONIC:
            raise _refuse("enter_counts", "举手或纸质表决请录入计票结果以结束表决。", poll=poll.pk)
        poll = _close(poll, actor)
    live.meeting_changed(poll.meeting_id)
    return poll


def close_if_due(poll: Poll) -> Poll:
    """Close an electronic vote whose timer has run out (the chair's console asks)."""
    if poll.state != State.OPEN or poll.mode != Mode.ELECTRONIC or not poll.closes_at:
        return poll
    if timezone.now() <= poll.closes_at:
        return poll
    with transaction.atomic():
        poll = _locked(poll.pk)
        if poll.state != State.OPEN:
            return poll
        poll = _close(poll, None)
    live.meeting_changed(poll.meeting_id)
    return poll


def enter_counts(poll: Poll, yes: int, no: int, abstain: int, actor) -> Poll:
    """Show of hands or paper: the staff's count closes the vote."""
    _require_chair(actor, poll.meeting)
    with transaction.atomic():
        poll = _locked_in(
            poll.pk, (State.OPEN,), "not_open", "只有正在进行的表决可以录入计票结果。"
        )
        if poll.mode == Mode.ELECTRONIC:
            raise _refuse("electronic", "电子表决的结果由表决器统计，不能手工录入。", poll=poll.pk)
        counts = rules.Counts(yes, no, abstain)
        try:
            rules.check_counts(counts, poll.entitled)
        except ValueError as e:
            raise ActionError("bad_counts", str(e), status=422) from None
        poll = _finish(poll, counts, actor, "votes.counted")
    live.meeting_changed(poll.meeting_id)
    return poll


def publish(poll: Poll, actor) -> Poll:
    _require_chair(actor, poll.meeting)
    with transaction.atomic():
        poll = _locked_in(
            poll.pk, (State.CLOSED,), "not_closed", "只有已结束且未公布的表决可以公布。"
        )
        poll.state = State.PUBLISHED
        poll.published_at = timezone.now()
        poll.save(update_fields=["state", "published_at"])
        record("votes.published", poll, actor=actor, data={"sentence": poll.sentence})
    live.meeting_changed(poll.meeting_id)
    return poll


def cancel(poll: Poll, reason: str, actor) -> Poll:
    _require_chair(actor, poll.meeting)
    reason = (reason or "").strip()
    if not reason:
        raise ActionError("reason_required", "取消表决须说明理由。", status=422)
    with transaction.atomic():
        poll = _locked_in(
            poll.pk, (State.DRAFT, State.OPEN), "cannot_cancel", "已结束的表决不能取消。"
        )
        poll.tally_parts.all().delete()
        poll.state = State.CANCELLED
        poll.cancel_reason = reason[:300]
        poll.closed_at = timezone.now()
        poll.save(update_fields=["state", "cancel_reason", "closed_at"])
        if poll.secret and not poll.encrypted:
            # A vote opened before every secret one was encrypted: its ballots are kept (the
            # record of what happened) but put to rest as at a close. An encrypted vote's
            # ballots stay the ciphertexts they are; nothing of a cancelled vote is decrypted.
            _reshuffle_secret_ballots(poll)
        record("votes.cancelled", poll, actor=actor, data={"reason": poll.cancel_reason})
    live.meeting_changed(poll.meeting_id)
    return poll


def result_visible(poll: Poll, user) -> bool:
    return poll.state == State.PUBLISHED or (
        poll.state == State.CLOSED and can_chair(user, poll.meeting)
    )


def roll_call(poll: Poll) -> list[tuple[str, str]]:
    """Named votes only: (name, choice label) for every entitled member, by pinyin."""
    if poll.secret:
        return []
    labels = {choice.value: label for choice, label in rules.CHOICE_LABELS.items()}
    ballots = dict(NamedBallot.objects.filter(poll=poll).values_list("person_id", "choice"))
    entitled = (
        CheckIn.objects.filter(
            meeting_id=poll.meeting_id,
            capacity=Capacity.VOTING,
            at__lte=poll.opened_at,
            person_id__in=roster.member_ids(poll.meeting),
        )
        .select_related("person")
        .order_by("person__pinyin", "person_id")
    )
    return [
        (c.person.name, labels[ballots[c.person_id]] if c.person_id in ballots else "未按表决器")
        for c in entitled
    ]
