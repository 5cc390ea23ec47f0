"""record(): write one event inside the caller's transaction; seal(): chain it after commit.

Writing and chaining are two steps so that the busiest actions (a vote cast every
millisecond in a 3,000-seat hall) never queue on one lock: record() only inserts the event
in the action's own transaction, so it commits or rolls back with the change. After the
commit, seal() takes the chain head's lock, gives the waiting events their sequence numbers
in insertion order and links each to the previous hash. An event is "pending" between its
commit and its sealing — milliseconds for ordinary actions; for hot ones (vote casts),
sealing is batched at most a few times a second. `lianghui audit verify` seals what is
pending and then walks the whole chain.
"""

import logging
import time

from django.db import connection, transaction
from django.utils import timezone

from lianghui.audit.chain import GENESIS, ChainRow, Verdict, canonical, link_hash, verify
from lianghui.audit.models import ChainHead, Event

log = logging.getLogger(__name__)

HOT_SEAL_INTERVAL = 0.2  # seconds between batched seals of hot events, per process
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
    event = Event(
        kind=kind, actor_id=actor_id, subject=subject_text, data=data or {}, at=timezone.now()
    )
    event.save(force_insert=True)
    transaction.on_commit(_seal_hot if hot else seal)
    return event


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
            if not pending:
                return 0
            seq, prev = head.seq, head.hash
            for event in pending:
                seq += 1
                content = canonical(
                    seq, event.at, event.kind, event.actor_id, event.subject, event.data
                )
                event.seq, event.prev_hash, event.hash = seq, prev, link_hash(prev, content)
                prev = event.hash
            Event.objects.bulk_update(pending, ["seq", "prev_hash", "hash"], batch_size=1000)
            head.seq, head.hash = seq, prev
            head.save(update_fields=["seq", "hash"])
            return len(pending)
    except Exception:
        # The events are safely stored; they will be sealed by the next seal.
        log.warning("sealing the audit chain failed", exc_info=True)
        return 0


def pending_count() -> int:
    return Event.objects.filter(seq__isnull=True).count()


def verify_chain(seal_first: bool = True) -> Verdict:
    """Walk the sealed chain and name the first broken link (after sealing what is pending)."""
    if seal_first:
        while seal() >= 20_000:
            pass
    head = ChainHead.objects.filter(id=1).first()
    rows = (
        ChainRow(e.seq, e.at, e.kind, e.actor_id, e.subject, e.data, e.prev_hash, e.hash)
        for e in Event.objects.filter(seq__isnull=False).order_by("seq").iterator(chunk_size=2000)
    )
    return verify(rows, head.seq if head else 0, head.hash if head else None)
