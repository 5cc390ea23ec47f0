"""Key ceremony actions: start, each trustee's three posts, a complaint, cancel.

Each checks permission and state, checks the message with lianghui.ballots.threshold,
writes, and records its audit event in the same transaction. A refused message changes
nothing and is logged. The trustees' pages poll the key's state, so there is no push.
"""

import logging
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from typing import Generic, TypeVar

from django.db import transaction
from django.utils import timezone

from lianghui.audit.log import record
from lianghui.ballots import elgamal as E
from lianghui.ballots import group as G
from lianghui.ballots import record as R
from lianghui.ballots import threshold as T
from lianghui.errors import ActionError, PermissionDenied, refusals_logged_as
from lianghui.people.access import person_of
from lianghui.people.models import Person
from lianghui.scrutiny import rules
from lianghui.scrutiny.models import DecryptionRequest, KeyTrustee, TallyKey
from lianghui.sessions import live
from lianghui.sessions.access import require_chair

log = logging.getLogger(__name__)


_refuse = refusals_logged_as(log, "tally key")


def start(meeting, person_ids: list[int], threshold: int | None, actor) -> TallyKey:
    """Start a key ceremony for the meeting with these trustees (in this order: indices 1..n)."""
    require_chair(actor, meeting, "只有会议主持人或会务组可以发起计票密钥仪式。")
    if len(set(person_ids)) != len(person_ids):
        raise _refuse("duplicate_trustee", "同一人不能两次担任监票人。", 422)
    n = len(person_ids)
    k = rules.default_threshold(n) if threshold is None else threshold
    problem = rules.check_parameters(n, k)
    if problem:
        raise _refuse(problem.code, problem.message, 422)
    persons = {p.pk: p for p in Person.objects.filter(pk__in=person_ids)}
    if len(persons) != n:
        raise _refuse("unknown_person", "所选监票人中有人不存在。", 422)
    with transaction.atomic():
        if TallyKey.objects.filter(meeting=meeting).exclude(phase=rules.Phase.FAILED).exists():
            raise _refuse("key_exists", "本次会议已有计票密钥或正在进行的密钥仪式。")
        key = TallyKey.objects.create(
            meeting=meeting,
            ceremony=f"meeting-{meeting.pk}-{secrets.token_hex(8)}",
            threshold=k,
            created_by=actor,
        )
        KeyTrustee.objects.bulk_create(
            KeyTrustee(tally_key=key, index=i, person=persons[pid])
            for i, pid in enumerate(person_ids, start=1)
        )
        record(
            "scrutiny.ceremony_started",
            key,
            actor=actor,
            data={"meeting": meeting.pk, "trustees": person_ids, "threshold": k},
        )
    return key


def _locked(key_id: int) -> TallyKey:
    return TallyKey.objects.select_for_update().get(pk=key_id)


def _trustee(key: TallyKey, user) -> KeyTrustee:
    person = person_of(user)
    trustee = key.trustees.filter(person=person).first() if person else None
    if trustee is None:
        raise PermissionDenied("只有本计票密钥的监票人可以提交。")
    return trustee


def _expect(key: TallyKey, phase: rules.Phase) -> None:
    if key.phase != phase:
        raise _refuse(
            "wrong_phase", "密钥仪式不在这一步，请刷新页面。", key=key.pk, phase=key.phase
        )


def _posting(
    key_id: int, user, phase: rules.Phase, message: dict, field: str, already: str
) -> tuple[TallyKey, KeyTrustee]:
    """The key (locked) and the user's trustee, for a message of this phase that the trustee
    has not posted yet (its `field` still empty) and that names the trustee's own index."""
    key = _locked(key_id)
    trustee = _trustee(key, user)
    _expect(key, phase)
    if getattr(trustee, field) is not None:
        raise _refuse("already_posted", already)
    if message.get("trustee") != trustee.index:
        raise _refuse("wrong_trustee", "提交的序号与您的监票人序号不符。", 422)
    return key, trustee


def _bad(exc: Exception, key: TallyKey, trustee: KeyTrustee) -> ActionError:
    return _refuse(
        "bad_message",
        f"提交的密钥数据未通过核验：{exc}",
        422,
        key=key.pk,
        trustee=trustee.index,
    )


def _advance(key: TallyKey, field: str, actor) -> None:
    done = key.trustees.exclude(**{f"{field}__isnull": True}).count()
    phase = rules.next_phase(rules.Phase(key.phase), done, key.trustees.count())
    if phase == key.phase:
        return
    key.phase = phase
    fields = ["phase"]
    if phase == rules.Phase.READY:
        coefexps = [
            [G.point_from_str(a) for a in t.contribution["coefexps"]] for t in key.trustees.all()
        ]
        key.public_key = T.joint_public_key(coefexps).hex()
        key.ready_at = timezone.now()
        fields += ["public_key", "ready_at"]
        record("scrutiny.key_ready", key, actor=actor, data={"public_key": key.public_key})
    key.save(update_fields=fields)


def post_encryption_key(key_id: int, user, message: dict) -> TallyKey:
    with transaction.atomic():
        key, trustee = _posting(
            key_id, user, rules.Phase.KEYS, message, "encryption_key", "本设备密钥已经提交。"
        )
        try:
            T.check_encryption_key(key.ceremony, message)
        except T.CeremonyError as exc:
            raise _bad(exc, key, trustee) from exc
        trustee.encryption_key = message
        trustee.save(update_fields=["encryption_key"])
        record("scrutiny.encryption_key", key, actor=user, data={"trustee": trustee.index})
        _advance(key, "encryption_key", user)
    return key


def post_contribution(key_id: int, user, message: dict) -> TallyKey:
    with transaction.atomic():
        key, trustee = _posting(
            key_id, user, rules.Phase.SHARES, message, "contribution", "本监票人的承诺已经提交。"
        )
        n = key.trustees.count()
        try:
            T.check_contribution(key.ceremony, key.threshold, message)
            shares = message.get("shares")
            if not isinstance(shares, dict) or set(shares) != {str(j) for j in range(1, n + 1)}:
                raise T.CeremonyError("须为每位监票人各加密一份份额")
            for box in shares.values():
                _check_box(box)
        except T.CeremonyError as exc:
            raise _bad(exc, key, trustee) from exc
        trustee.contribution = {k: message[k] for k in ("trustee", "coefexps", "proof", "shares")}
        trustee.save(update_fields=["contribution"])
        record("scrutiny.contribution", key, actor=user, data={"trustee": trustee.index})
        _advance(key, "contribution", user)
    return key


def _check_box(box) -> None:
    if not isinstance(box, dict) or set(box) != {"ephemeral", "ciphertext", "tag"}:
        raise T.CeremonyError("加密份额格式不正确")
    try:
        G.point_from_str(box["ephemeral"])
    except G.GroupError as exc:
        raise T.CeremonyError("加密份额的临时公钥不合法") from exc
    for field in ("ciphertext", "tag"):
        value = box[field]
        if not isinstance(value, str) or len(value) != 64 or value.strip("0123456789abcdef"):
            raise T.CeremonyError("加密份额格式不正确")


def post_key_share(key_id: int, user, message: dict) -> TallyKey:
    """A trustee's proof that it holds x_j for X_j computed from everyone's commitments."""
    with transaction.atomic():
        key, trustee = _posting(
            key_id,
            user,
            rules.Phase.CONFIRM,
            message,
            "key_share_proof",
            "本监票人的密钥份额证明已经提交。",
        )
        trustees = list(key.trustees.all())
        coefexps = [[G.point_from_str(a) for a in t.contribution["coefexps"]] for t in trustees]
        X = T.verification_key(coefexps, trustee.index)
        try:
            T.check_key_share_proof(key.ceremony, X, message)
        except T.CeremonyError as exc:
            raise _bad(exc, key, trustee) from exc
        trustee.key_share_proof = {"trustee": trustee.index, "proof": message["proof"]}
        trustee.save(update_fields=["key_share_proof"])
        if not key.verification_keys:
            key.verification_keys = [T.verification_key(coefexps, t.index).hex() for t in trustees]
            key.save(update_fields=["verification_keys"])
        record("scrutiny.key_share", key, actor=user, data={"trustee": trustee.index})
        _advance(key, "key_share_proof", user)
    return key


def complain(key_id: int, user, sender: int, reason: str) -> TallyKey:
    """A trustee's device found that the share from `sender` does not check: the key fails."""
    with transaction.atomic():
        key = _locked(key_id)
        trustee = _trustee(key, user)
        _expect(key, rules.Phase.CONFIRM)
        if not key.trustees.filter(index=sender).exists():
            raise _refuse("wrong_trustee", "没有这个序号的监票人。", 422)
        key.phase = rules.Phase.FAILED
        key.failure = (
            f"监票人 {trustee.index} 报告：监票人 {sender} 发来的份额未通过核验（{reason[:100]}）。"
        )
        key.save(update_fields=["phase", "failure"])
        record(
            "scrutiny.ceremony_failed",
            key,
            actor=user,
            data={"by": trustee.index, "sender": sender, "reason": reason[:100]},
        )
    return key


def cancel(key_id: int, user, reason: str) -> TallyKey:
    """The chair stops a ceremony that cannot finish (a trustee absent or a device lost)."""
    with transaction.atomic():
        key = _locked(key_id)
        require_chair(user, key.meeting, "只有会议主持人或会务组可以作废密钥仪式。")
        if key.phase in (rules.Phase.READY, rules.Phase.FAILED):
            raise _refuse("wrong_phase", "计票公钥已发布或仪式已作废，不能作废。")
        if not reason.strip():
            raise _refuse("no_reason", "请说明作废理由。", 422)
        key.phase = rules.Phase.FAILED
        key.failure = reason.strip()[:300]
        key.save(update_fields=["phase", "failure"])
        record("scrutiny.ceremony_failed", key, actor=user, data={"reason": key.failure})
    return key


def ready_key(meeting) -> TallyKey | None:
    return TallyKey.objects.filter(meeting=meeting, phase=rules.Phase.READY).first()


def request_decryption(
    key: TallyKey,
    subject: str,
    title: str,
    fingerprint: str,
    ciphertexts: list[E.Ciphertext],
    bound: int,
    answer_url: str,
) -> DecryptionRequest:
    """Ask the trustees to decrypt these totals (inside the caller's closing transaction)."""
    if key.phase != rules.Phase.READY:
        raise _refuse("key_not_ready", "计票公钥尚未发布。")
    return DecryptionRequest.objects.create(
        tally_key=key,
        subject=subject,
        title=title,
        fingerprint=fingerprint,
        ciphertexts=[c.to_json() for c in ciphertexts],
        bound=bound,
        answer_url=answer_url,
    )


def add_partial(request: DecryptionRequest, user, message: dict) -> DecryptionRequest:
    """A trustee's partial decryption of the totals. Checked against the trustee's
    verification key; once k are in, the counts are combined. The caller holds the lock on
    the subject (its closing row) and finishes the result in the same transaction."""
    key = request.tally_key
    trustee = _trustee(key, user)
    if message.get("trustee") != trustee.index:
        raise _refuse("wrong_trustee", "提交的序号与您的监票人序号不符。", 422)
    if str(trustee.index) in request.partials:
        raise _refuse("already_posted", "您已经提交过这次的部分解密。")
    if request.counts is not None:
        raise _refuse("already_decrypted", "结果已经解密，不需要再提交。")
    cts = [E.Ciphertext.from_json(c) for c in request.ciphertexts]
    alphas = [c.alpha for c in cts]
    X = G.point_from_str(key.verification_keys[trustee.index - 1])
    try:
        T.check_partial_decryption(request.fingerprint, X, alphas, message)
    except T.CeremonyError as exc:
        raise _refuse(
            "bad_partial_decryption",
            f"部分解密未通过核验：{exc}",
            422,
            request=request.pk,
            trustee=trustee.index,
        ) from exc
    request.partials[str(trustee.index)] = {"trustee": trustee.index, "factors": message["factors"]}
    fields = ["partials"]
    if len(request.partials) >= key.threshold:
        factors = {
            int(j): [G.point_from_str(f["factor"]) for f in m["factors"]]
            for j, m in request.partials.items()
        }
        combined = T.combine(factors, key.threshold)
        table = E.DlogTable(request.bound)
        counts = [table.log(G.sub(c.beta, f)) for c, f in zip(cts, combined, strict=True)]
        if any(m is None for m in counts):
            raise _refuse("bad_partial_decryption", "解密结果超出范围。", 422, request=request.pk)
        request.counts = counts
        request.done_at = timezone.now()
        fields += ["counts", "done_at"]
    request.save(update_fields=fields)
    record(
        "scrutiny.partial_decryption",
        key,
        actor=user,
        data={"subject": request.subject, "trustee": trustee.index},
    )
    return request


Counted = TypeVar("Counted")


@dataclass(frozen=True)
class Decrypting(Generic[Counted]):
    """How a subject whose totals the trustees decrypt (a vote, an election) waits for their
    answers; its own app says how to lock it, name its request, tell whether it waits, refuse,
    and count the decrypted totals, and the steps in between are written once here."""

    locked: Callable[[int], Counted]  # its row, locked (select_for_update)
    subject: Callable[[Counted], str | None]  # its request's subject; None if it has none
    waiting: Callable[[Counted], bool]  # whether it waits for the trustees now
    refused: Callable[[Counted], ActionError]  # the refusal of an answer when it does not
    counted: Callable[[Counted, list[int]], Counted]  # the result of the decrypted totals

    def request(self, obj: Counted, *, lock: bool = False) -> DecryptionRequest | None:
        subject = self.subject(obj)
        if subject is None:
            return None
        rows = DecryptionRequest.objects.filter(subject=subject)
        return (rows.select_for_update() if lock else rows).first()

    def answer(self, pk: int, user, message: dict) -> Counted:
        """A trustee's device answers: checked and stored (add_partial); with k answers the
        totals are known and counted, in the same transaction; the hall is told after."""
        with transaction.atomic():
            obj = self.locked(pk)
            request = self.request(obj, lock=True) if self.waiting(obj) else None
            if request is None:
                raise self.refused(obj)
            request = add_partial(request, user, message)
            if request.counts is not None:
                obj = self.counted(obj, request.counts)
        live.meeting_changed(obj.meeting_id)
        return obj

    def missing(self, obj: Counted) -> list[str]:
        """While it waits for the decryption: the trustees who have not answered."""
        request = self.request(obj) if self.waiting(obj) else None
        return missing_trustees(request) if request and request.counts is None else []


def missing_trustees(request: DecryptionRequest) -> list[str]:
    """Names of the trustees who have not answered, for the chair's console."""
    return [
        t.person.name
        for t in request.tally_key.trustees.select_related("person")
        if str(t.index) not in request.partials
    ]


def pending(key: TallyKey) -> list[dict]:
    """What a trustee's page answers: every request of this key not yet decrypted."""
    return [
        {
            "id": r.pk,
            "subject": r.subject,
            "title": r.title,
            "fingerprint": r.fingerprint,
            "alphas": [c["alpha"] for c in r.ciphertexts],
            "answered": sorted(int(j) for j in r.partials),
            "answer_url": r.answer_url,
        }
        for r in key.decryptions.filter(counts__isnull=True)
    ]


def record_ceremony(key: TallyKey) -> tuple[dict, dict[int, str]]:
    """The key ceremony's part of a public ballot record (docs/ballot-record.md §3): the
    commitments and key share proofs, and the trustees' names by index."""
    trustees = list(key.trustees.select_related("person"))
    ceremony = {
        "id": key.ceremony,
        "contributions": [
            {k: t.contribution[k] for k in ("trustee", "coefexps", "proof")} for t in trustees
        ],
        "key_share_proofs": [t.key_share_proof for t in trustees],
    }
    return ceremony, {t.index: t.person.name for t in trustees}


def ballot_record(definition: dict, ballots, request: DecryptionRequest, width: int) -> dict:
    """The public record (docs/ballot-record.md) of a vote's or an election's encrypted
    ``ballots`` (rows with their voter index and ballot) under ``definition``: the key
    ceremony, every ballot in voter order, the encrypted totals and their partial decryptions,
    and the totals once decrypted, in rows of ``width`` answers (one row a question)."""
    ceremony, names = record_ceremony(request.tally_key)
    entries = sorted(
        ({"voter": v, "ballot": b} for v, b in ballots.values_list("voter", "ballot")),
        key=lambda e: e["voter"],
    )

    def rows(flat: list) -> list[list]:
        return [flat[i : i + width] for i in range(0, len(flat), width)]

    return R.build(
        definition,
        ceremony,
        names,
        entries,
        rows([E.Ciphertext.from_json(c) for c in request.ciphertexts]),
        [request.partials[j] for j in sorted(request.partials, key=int)],
        rows(request.counts) if request.counts is not None else None,
    )


def public_state(key: TallyKey) -> dict:
    """What every trustee's page and any observer read: all public messages so far."""
    trustees = list(key.trustees.select_related("person"))
    return {
        "id": key.pk,
        "meeting_id": key.meeting_id,
        "ceremony": key.ceremony,
        "phase": key.phase,
        "phase_label": key.get_phase_display(),
        "threshold": key.threshold,
        "failure": key.failure,
        "public_key": key.public_key or None,
        "verification_keys": key.verification_keys,
        "trustees": [
            {
                "index": t.index,
                "person_id": t.person_id,
                "name": t.person.name,
                "encryption_key": t.encryption_key,
                "contribution": t.contribution,
                "key_share_proof": t.key_share_proof,
            }
            for t in trustees
        ],
    }
