"""record(): write one event inside the caller's transaction; seal(): chain it after commit.

Writing and chaining are two steps so that the busiest actions (a vote cast every
millisecond in a 3,000-seat hall) never queue on one lock: record() only inserts the event
in the action's own transaction, so it commits or rolls back with the change. After the
commit, seal() takes the chain head's lock, gives the waiting events their sequence numbers
in insertion order and links each to the previous hash. An event is "pending" between its
commit and its sealing — milliseconds for ordinary actions; for hot ones (vote casts),
sealing is batched at most a few times a second. `lianghui audit verify` seals what is
pending and then walks the whole chain.

Both steps sign with the server's key (audit.keys, audit.signing): record() signs the new
row's nonce and content, and seal() chains only rows whose signature holds, so a row put
into the table by anyone else stays out of the chain and `verify` names it; seal() then
signs each event's chain hash.
"""

import json
import logging
import secrets
import time
from collections.abc import Iterable

from django.db import connection, transaction
from django.utils import timezone

from lianghui.audit.chain import GENESIS, ChainRow, Verdict, canonical, link_hash, verify
from lianghui.audit.keys import keyring
from lianghui.audit.models import ChainHead, Event
from lianghui.audit.signing import Head, Keyring

log = logging.getLogger(__name__)

HOT_SEAL_INTERVAL = 1.0  # seconds between batched seals of hot events, per process
_last_hot_seal = 0.0


def subject_of(obj) -> str:
    return f"{obj._meta.label_lower}:{obj.pk}"


def record(kind: str, subject, *, actor=None, data: dict | None = None, hot: bool = False) -> Event:
    """Write an event. Must run inside the transaction that makes the change it records.

    hot: a high-frequency event (a vote cast): its sealing is batched.
    """
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("audit.record must be called inside transaction.atomic()")
    subject_text = subject if isinstance(subject, str) else subject_of(subject)
    actor_id = getattr(actor, "pk", None) if actor is not None and actor.is_authenticated else None
    # As the database will give it back (int keys become strings), so that the signature
    # made now holds for the row read back at sealing.
    data = json.loads(json.dumps(data or {}))
    at = timezone.now()
    nonce = secrets.token_hex(16)
    signature = keyring().sign_write(nonce, _written(at, kind, actor_id, subject_text, data))
    event = Event(
        kind=kind,
        actor_id=actor_id,
        subject=subject_text,
        data=data,
        at=at,
        nonce=nonce,
        write_signature=signature,
    )
    _insert(event)
    transaction.on_commit(_seal_hot if hot else seal)
    return event


def _insert(event: Event) -> None:
    """INSERT … RETURNING id, written as SQL with each field's own preparation of its value:
    the ORM compiles the statement anew for every event, and a cast batch writes one event
    on every commit (the compiling cost more than the row)."""
    fields = [f for f in Event._meta.concrete_fields if not f.primary_key]
    quote = connection.ops.quote_name
    sql = (
        f"INSERT INTO {quote(Event._meta.db_table)} ({', '.join(quote(f.column) for f in fields)}) "
        f"VALUES ({', '.join(['%s'] * len(fields))}) RETURNING {quote(Event._meta.pk.column)}"
    )
    values = [f.get_db_prep_save(getattr(event, f.attname), connection) for f in fields]
    with connection.cursor() as cursor:
        cursor.execute(sql, values)
        event.pk = cursor.fetchone()[0]
    event._state.adding = False
    event._state.db = connection.alias


def _seal_hot() -> None:
    global _last_hot_seal
    now = time.monotonic()
    if now - _last_hot_seal < HOT_SEAL_INTERVAL:
        return  # a seal ran moments ago; the next one takes this event along
    _last_hot_seal = now
    seal(wait=False)


def seal(wait: bool = True, limit: int = 20_000) -> int:
    """Chain the pending events, oldest first. Returns how many were sealed.

    wait=False: if another process is sealing right now, leave it to that one (and to the
    next seal) instead of queueing behind it.
    """
    try:
        with transaction.atomic():
            heads = ChainHead.objects.filter(id=1)
            if connection.features.has_select_for_update_skip_locked and not wait:
                heads = heads.select_for_update(skip_locked=True)
            else:
                heads = heads.select_for_update(of=("self",))
            head = heads.first()
            if head is None:
                if ChainHead.objects.exists():
                    return 0  # locked by another sealer
                head = ChainHead.objects.create(id=1, seq=0, hash=GENESIS)
            pending = list(Event.objects.filter(seq__isnull=True).order_by("id")[:limit])
            ring = keyring()
            pending, refused = _written_by_server(pending, ring)
            if refused:
                log.error(
                    "audit: %d pending row(s) not written by this server left unsealed: ids %s",
                    len(refused),
                    [e.pk for e in refused[:20]],
                )
            if not pending:
                return 0
            seq, prev = head.seq, head.hash
            kid = ring.signing_id
            for event in pending:
                seq += 1
                content = canonical(
                    seq, event.at, event.kind, event.actor_id, event.subject, event.data
                )
                event.seq, event.prev_hash, event.hash = seq, prev, link_hash(prev, content)
                event.signature, event.key_id = ring.sign_seal(event.hash), kid
                prev = event.hash
            _write_seals(pending)
            head.seq, head.hash = seq, prev
            head.save(update_fields=["seq", "hash"])
            return len(pending)
    except Exception:
        # The events are safely stored; they will be sealed by the next seal.
        log.warning("sealing the audit chain failed", exc_info=True)
        return 0


SEAL_FIELDS = ("seq", "prev_hash", "hash", "signature", "key_id")


def _write_seals(events: list[Event]) -> None:
    """One UPDATE per event, sent as a batch (psycopg pipelines them, SQLite reuses one
    prepared statement): Django's bulk_update builds a CASE expression per field and row,
    whose compilation cost more than the sealing's own signing."""
    table = connection.ops.quote_name(Event._meta.db_table)
    columns = [connection.ops.quote_name(Event._meta.get_field(f).column) for f in SEAL_FIELDS]
    assignments = ", ".join(f"{column} = %s" for column in columns)
    sql = f"UPDATE {table} SET {assignments} WHERE {connection.ops.quote_name(Event._meta.pk.column)} = %s"
    with connection.cursor() as cursor:
        cursor.executemany(sql, [[getattr(e, f) for f in SEAL_FIELDS] + [e.pk] for e in events])


def _written(at, kind: str, actor_id, subject: str, data) -> bytes:
    """What the writing signature covers: the event's content before it has a place (seq 0)."""
    return canonical(0, at, kind, actor_id, subject, data)


def _written_by_server(pending: list[Event], ring: Keyring) -> tuple[list[Event], list[Event]]:
    """Split pending rows into those the server wrote (a good writing signature on a nonce
    not used before) and the rest: inserted, edited or replayed behind its back."""
    nonces = [e.nonce for e in pending if e.nonce]
    used = set(
        Event.objects.filter(nonce__in=nonces, seq__isnull=False).values_list("nonce", flat=True)
    )
    good, refused = [], []
    for event in pending:
        content = _written(event.at, event.kind, event.actor_id, event.subject, event.data)
        if event.nonce in used or not ring.write_holds(
            event.nonce or "", content, event.write_signature
        ):
            refused.append(event)
        else:
            used.add(event.nonce)
            good.append(event)
    return good, refused


def current_head() -> Head | None:
    """The last sealed event as a signed head, for publication (audit.publish)."""
    last = (
        Event.objects.filter(seq__isnull=False)
        .order_by("-seq")
        .only("seq", "hash", "signature", "key_id")
        .first()
    )
    if last is None or not last.signature:
        return None
    return Head(last.seq, last.hash, last.signature, last.key_id)


def _rows():
    sealed = Event.objects.filter(seq__isnull=False).order_by("seq")
    for e in sealed.iterator(chunk_size=2000):
        yield ChainRow(
            e.seq, e.at, e.kind, e.actor_id, e.subject, e.data, e.prev_hash, e.hash,
            e.signature, e.key_id,
        )  # fmt: skip


def verify_chain(seal_first: bool = True, anchors: Iterable[Head] = ()) -> Verdict:
    """Walk the sealed chain and name the first broken link (after sealing what is pending):
    every event's signature by a trusted key, every anchor (a head published earlier) in
    place, and no pending row that the server did not write."""
    if seal_first:
        while seal() >= 20_000:
            pass
    ring = keyring()
    head = ChainHead.objects.filter(id=1).first()
    verdict = verify(
        _rows(), head.seq if head else 0, head.hash if head else None, keyring=ring, anchors=anchors
    )
    if not verdict.ok:
        return verdict
    pending = list(Event.objects.filter(seq__isnull=True).order_by("id")[:1000])
    _, refused = _written_by_server(pending, ring)
    if refused:
        ids = "、".join(str(e.pk) for e in refused[:10])
        return Verdict(
            False,
            verdict.checked,
            None,
            f"{len(refused)} 条待封存的行不是服务器写入的（签名不符或缺失，行号 {ids}）："
            "有人绕过系统直接写了数据库，这些行不会进入审计链",
        )
    return verdict


def adopt_unsigned(actor=None) -> int:
    """Sign the events sealed before signing existed, once their hash chain checks out.

    An operator's one-off step after upgrading (`lianghui audit adopt`): it vouches for the
    chain as it stands, so run it before anyone else could have written the database. The
    adoption is itself an audit event."""
    ring = keyring()
    verdict = verify_chain()
    if verdict.ok:
        return 0
    hashes_only = verify(_rows())  # no keyring: the hashes and links only
    if not hashes_only.ok:
        raise ValueError(f"审计链的哈希已断裂，不能签名接收：{hashes_only.reason}")
    unsigned = Event.objects.filter(seq__isnull=False, signature="")
    # Only the events from before signing existed: the start of the chain. An unsigned event
    # after a signed one had its signature removed, and is not vouched for again.
    first_signed = (
        Event.objects.filter(seq__isnull=False).exclude(signature="").order_by("seq").first()
    )
    if first_signed and unsigned.filter(seq__gt=first_signed.seq).exists():
        late = unsigned.filter(seq__gt=first_signed.seq).order_by("seq").first()
        raise ValueError(
            f"事件 #{late.seq} 在已签名的事件 #{first_signed.seq} 之后却没有签名："
            "签名被删除过，不能补签"
        )
    signed = 0
    with transaction.atomic():
        batch = []
        for event in unsigned.order_by("seq").iterator(chunk_size=2000):
            event.signature, event.key_id = ring.sign_seal(event.hash), ring.signing_id
            batch.append(event)
            if len(batch) >= 1000:
                Event.objects.bulk_update(batch, ["signature", "key_id"])
                signed += len(batch)
                batch = []
        Event.objects.bulk_update(batch, ["signature", "key_id"])
        signed += len(batch)
        record("audit.adopted", "audit:chain", actor=actor, data={"signed": signed})
    seal()
    return signed
