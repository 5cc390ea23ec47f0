"""The signed chain as pure functions (no database): whatever one changes in a signed chain,
verify names the first event that no longer holds, and anchors hold only for the chain they
were published from."""

import base64
import datetime as dt
import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lianghui.audit.chain import GENESIS, ChainRow, canonical, link_hash, verify
from lianghui.audit.signing import Head, Keyring, new_private_key, parse_anchors

RING = Keyring.load(new_private_key())
AT = dt.datetime(2024, 1, 10, 2, 0, tzinfo=dt.UTC)


def chain(n: int, ring: Keyring = RING) -> list[ChainRow]:
    rows, prev = [], GENESIS
    for seq in range(1, n + 1):
        at = AT + dt.timedelta(seconds=seq)
        data = {"i": seq}
        h = link_hash(prev, canonical(seq, at, "test.happened", None, f"test:{seq}", data))
        rows.append(
            ChainRow(
                seq,
                at,
                "test.happened",
                None,
                f"test:{seq}",
                data,
                prev,
                h,
                ring.sign_seal(h),
                ring.signing_id,
            )  # fmt: skip
        )
        prev = h
    return rows


def head_of(rows: list[ChainRow]) -> Head:
    last = rows[-1]
    return Head(last.seq, last.hash, last.signature, last.key_id)


def rehash(rows: list[ChainRow], ring: Keyring | None = None) -> list[ChainRow]:
    """What a tamperer does after a change: renumber, relink, rehash; re-sign with `ring`."""
    out, prev = [], GENESIS
    for seq, r in enumerate(rows, 1):
        h = link_hash(prev, canonical(seq, r.at, r.kind, r.actor_id, r.subject, r.data))
        sig, kid = (ring.sign_seal(h), ring.signing_id) if ring else (r.signature, r.key_id)
        out.append(ChainRow(seq, r.at, r.kind, r.actor_id, r.subject, r.data, prev, h, sig, kid))
        prev = h
    return out


def test_a_signed_chain_verifies_with_its_own_head_as_anchor():
    rows = chain(6)
    verdict = verify(rows, 6, rows[-1].hash, keyring=RING, anchors=[head_of(rows)])
    assert verdict.ok and verdict.checked == 6


@settings(max_examples=60, deadline=None)
@given(n=st.integers(2, 12), data=st.data())
def test_any_edit_recomputed_without_the_key_is_named_at_the_edited_event(n, data):
    rows = chain(n)
    i = data.draw(st.integers(0, n - 1))
    field = data.draw(st.sampled_from(["kind", "subject", "data", "at"]))
    r = rows[i]
    changed = {
        "kind": r.kind + "x",
        "subject": r.subject + "x",
        "data": {"i": -1},
        "at": r.at + dt.timedelta(microseconds=1),
    }[field]
    rows[i] = ChainRow(**{**r.__dict__, field: changed})
    forged = rehash(rows)
    verdict = verify(forged, n, forged[-1].hash, keyring=RING)
    assert not verdict.ok and verdict.broken_seq == i + 1 and "签名无效" in verdict.reason


@settings(max_examples=60, deadline=None)
@given(n=st.integers(3, 12), data=st.data())
def test_any_removal_before_an_anchor_contradicts_it_even_re_signed_with_the_key(n, data):
    rows = chain(n)
    anchor = head_of(rows)
    i = data.draw(st.integers(0, n - 1))
    forged = rehash(rows[:i] + rows[i + 1 :], RING)  # the operator holds the key
    assert verify(forged, n - 1, forged[-1].hash, keyring=RING).ok
    verdict = verify(forged, n - 1, forged[-1].hash, keyring=RING, anchors=[anchor])
    assert not verdict.ok and f"#{n} 已经发布" in verdict.reason
    regrown = rehash(forged + chain(1), RING)  # and grows the chain past the anchor again
    verdict = verify(regrown, n, regrown[-1].hash, keyring=RING, anchors=[anchor])
    assert not verdict.ok and verdict.broken_seq <= n


def test_keys_are_trusted_by_id_and_retired_ones_only_up_to_their_last_event():
    old = Keyring.load(new_private_key())
    old_public = base64.b64encode(bytes(old.signing.verify_key)).decode()
    rows = chain(3, old)
    new = Keyring.load(new_private_key(), [f"{old_public}:3"])
    assert verify(rows, keyring=new).ok
    assert "未登记的密钥" in verify(rows, keyring=Keyring.load(new_private_key())).reason
    limited = Keyring.load(new_private_key(), [f"{old_public}:2"])
    verdict = verify(rows, keyring=limited)
    assert not verdict.ok and verdict.broken_seq == 3 and "已退役" in verdict.reason


def test_a_write_signature_binds_nonce_and_content():
    sig = RING.sign_write("n1", b"content")
    assert RING.write_holds("n1", b"content", sig)
    assert not RING.write_holds("n2", b"content", sig)
    assert not RING.write_holds("n1", b"content!", sig)
    assert not RING.write_holds("n1", b"content", "")
    assert not Keyring.load(new_private_key()).write_holds("n1", b"content", sig)


def test_anchor_files_printed_lines_and_json():
    rows = chain(2)
    head = head_of(rows)
    text = f"# 选举结果报告\n\n{head.line()}\n"
    assert parse_anchors(text) == [head]
    assert parse_anchors(f'{{"meta": {{"audit_head": {json.dumps(head.as_dict())}}}}}') == [head]
    assert parse_anchors(f"[{json.dumps(head.as_dict())}]") == [head]
    assert parse_anchors("# 只有说明\n") == []
    for bad in ("x y z w", "{", '{"other": 1}'):
        with pytest.raises(ValueError):
            parse_anchors(bad)
