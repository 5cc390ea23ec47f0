"""record(): append one event to the chain, inside the caller's transaction."""

from django.db import transaction
from django.utils import timezone

from lianghui.audit.chain import GENESIS, ChainRow, Verdict, canonical, link_hash, verify
from lianghui.audit.models import ChainHead, Event


def subject_of(obj) -> str:
    return f"{obj._meta.label_lower}:{obj.pk}"


def record(kind: str, subject, *, actor=None, data: dict | None = None) -> Event:
    """Append an event. Must run inside the transaction that makes the change it records."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("audit.record must be called inside transaction.atomic()")
    subject_text = subject if isinstance(subject, str) else subject_of(subject)
    actor_id = getattr(actor, "pk", None) if actor is not None and actor.is_authenticated else None
    # Locking the single head row orders concurrent appenders (PostgreSQL); on SQLite the
    # IMMEDIATE transaction already holds the write lock.
    head, _ = ChainHead.objects.select_for_update().get_or_create(id=1, defaults={"hash": GENESIS})
    seq = head.seq + 1
    at = timezone.now()
    payload = data or {}
    content = canonical(seq, at, kind, actor_id, subject_text, payload)
    digest = link_hash(head.hash, content)
    event = Event(
        seq=seq,
        at=at,
        kind=kind,
        actor_id=actor_id,
        subject=subject_text,
        data=payload,
        prev_hash=head.hash,
        hash=digest,
    )
    event.save(force_insert=True)
    head.seq = seq
    head.hash = digest
    head.save(update_fields=["seq", "hash"])
    return event


def verify_chain() -> Verdict:
    head = ChainHead.objects.filter(id=1).first()
    rows = (
        ChainRow(e.seq, e.at, e.kind, e.actor_id, e.subject, e.data, e.prev_hash, e.hash)
        for e in Event.objects.order_by("seq").iterator(chunk_size=2000)
    )
    return verify(rows, head.seq if head else 0, head.hash if head else None)
