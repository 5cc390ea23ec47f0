"""Hashing and verification of the event chain. No Django imports: testable alone.

The hash of each event covers its content and the previous hash (SHA-256); the signatures
that make the chain evidence are lianghui.audit.signing's.
"""

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from lianghui.audit.signing import Head, Keyring

GENESIS = "0" * 64


def canonical(seq: int, at: datetime, kind: str, actor_id: int | None, subject: str, data) -> bytes:
    body = {
        "seq": seq,
        "at": at.isoformat(timespec="microseconds"),
        "kind": kind,
        "actor": actor_id,
        "subject": subject,
        "data": data,
    }
    return json.dumps(body, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()


def link_hash(prev_hash: str, content: bytes) -> str:
    return hashlib.sha256(prev_hash.encode() + b"\n" + content).hexdigest()


@dataclass(frozen=True)
class ChainRow:
    seq: int
    at: datetime
    kind: str
    actor_id: int | None
    subject: str
    data: object
    prev_hash: str
    hash: str
    signature: str = ""
    key_id: str = ""


@dataclass(frozen=True)
class Verdict:
    ok: bool
    checked: int
    broken_seq: int | None = None
    reason: str = ""


def verify(
    rows: Iterable[ChainRow],
    head_seq: int | None = None,
    head_hash: str | None = None,
    *,
    keyring: Keyring | None = None,
    anchors: Iterable[Head] = (),
) -> Verdict:
    """Walk the chain in sequence order and name the first broken link.

    keyring: check each event's sealing signature (a row no trusted key signed is refused).
    anchors: heads published earlier; each must be signed and must be the chain's own event
    at its sequence number, or an event before it was changed, removed or inserted.
    """
    anchors = sorted(anchors, key=lambda a: a.seq)
    for anchor in anchors:
        problem = (
            keyring.seal_problem(anchor.seq, anchor.hash, anchor.signature, anchor.key_id)
            if keyring
            else None
        )
        if problem:
            return Verdict(False, 0, anchor.seq, f"锚点 #{anchor.seq} 不可信：{problem}")
    by_seq = {a.seq: a for a in anchors}
    expected_prev = GENESIS
    expected_seq = 1
    checked = 0
    for row in rows:
        if row.seq != expected_seq:
            return Verdict(
                False, checked, expected_seq, f"事件 #{expected_seq} 缺失（下一条是 #{row.seq}）"
            )
        if row.prev_hash != expected_prev:
            return Verdict(False, checked, row.seq, f"事件 #{row.seq} 记录的前一哈希与链不符")
        content = canonical(row.seq, row.at, row.kind, row.actor_id, row.subject, row.data)
        if link_hash(row.prev_hash, content) != row.hash:
            return Verdict(False, checked, row.seq, f"事件 #{row.seq} 的内容被改动（哈希不符）")
        if keyring is not None:
            problem = keyring.seal_problem(row.seq, row.hash, row.signature, row.key_id)
            if problem:
                return Verdict(False, checked, row.seq, f"事件 #{row.seq} {problem}")
        anchor = by_seq.get(row.seq)
        if anchor is not None and anchor.hash != row.hash:
            return Verdict(
                False,
                checked,
                row.seq,
                f"已发布的链头 #{row.seq} 与链中该事件不符：此前的事件被改动、删除或插入",
            )
        expected_prev = row.hash
        expected_seq += 1
        checked += 1
    if anchors and anchors[-1].seq > checked:
        return Verdict(
            False,
            checked,
            checked + 1,
            f"链只到 #{checked}，而链头 #{anchors[-1].seq} 已经发布：其后的事件被删除",
        )
    if head_seq is not None and head_seq != checked:
        return Verdict(
            False, checked, checked + 1, f"链头记录 {head_seq} 条事件，实际只有 {checked} 条"
        )
    if head_hash is not None and checked and head_hash != expected_prev:
        return Verdict(False, checked, checked, "链头哈希与最后一条事件不符")
    return Verdict(True, checked)
