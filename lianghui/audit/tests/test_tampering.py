"""Each way of rewriting the chain from the database is detected and named (docs/audit.md)."""

import copy
import datetime as dt
import json
import os
import stat

import pytest
from django.db import connection, transaction
from django.test import override_settings

from lianghui.audit.chain import canonical, link_hash
from lianghui.audit.log import adopt_unsigned, current_head, record, seal, verify_chain
from lianghui.audit.models import ChainHead, Event
from lianghui.audit.signing import Keyring, new_private_key, public_key_of
from lianghui.cli import main as cli_main

SHANGHAI = dt.timezone(dt.timedelta(hours=8))


def _append(n, kind="test.happened"):
    for i in range(n):
        with transaction.atomic():
            record(kind, f"test:{i}", data={"i": i, "名称": "测试"})
    seal()


def _move_head(seq):
    last = Event.objects.get(seq=seq) if seq else None
    ChainHead.objects.filter(id=1).update(seq=seq, hash=last.hash if last else "0" * 64)


def _sql(query, params=()):
    with connection.cursor() as c:
        c.execute(query.format(table=Event._meta.db_table), params)


@pytest.mark.django_db
def test_every_sealed_event_carries_a_signature_that_verifies():
    from lianghui.audit.keys import keyring

    _append(3)
    ring = keyring()
    for event in Event.objects.order_by("seq"):
        assert event.key_id == ring.signing_id and event.nonce and event.write_signature
        assert ring.seal_problem(event.seq, event.hash, event.signature, event.key_id) is None
    assert verify_chain().ok


@pytest.mark.django_db
def test_a_pending_row_inserted_by_a_database_writer_is_not_sealed_and_is_named():
    _append(3)
    # A back-dated "vote closed", written straight into the table, waiting to be sealed.
    back_dated = dt.datetime(2024, 1, 10, 9, 0, tzinfo=SHANGHAI)
    _sql(
        "INSERT INTO {table} (at, kind, subject, data, prev_hash, write_signature, signature,"
        " key_id) VALUES (%s, 'votes.closed', 'votes.poll:1', '{{}}', '', '', '', '')",
        [back_dated],
    )
    forged = Event.objects.get(kind="votes.closed")
    assert seal() == 0
    verdict = verify_chain()
    forged.refresh_from_db()
    assert forged.seq is None  # still outside the chain
    assert not verdict.ok and verdict.checked == 3
    assert "不是服务器写入的" in verdict.reason and str(forged.pk) in verdict.reason
    # Real events written after it are still sealed; the forged row stays out.
    _append(1)
    assert Event.objects.filter(seq__isnull=False).count() == 4


def _drop_nonce_index():
    """As a database writer could: the unique index is no defence on its own."""
    old = Event._meta.get_field("nonce")
    new = copy.deepcopy(old)
    new._unique = False
    with connection.schema_editor() as editor:
        editor.alter_field(Event, old, new)


def _replay(event_id):
    _sql(
        "INSERT INTO {table} (at, kind, actor_id, subject, data, prev_hash, nonce,"
        " write_signature, signature, key_id) SELECT at, kind, actor_id, subject, data, '',"
        " nonce, write_signature, '', '' FROM {table} WHERE id = %s",
        [event_id],
    )


@pytest.mark.django_db(transaction=True)
def test_a_replayed_row_is_not_sealed_twice():
    _append(2)
    _drop_nonce_index()
    _replay(Event.objects.get(seq=1).pk)  # a copy of a sealed event, its signature intact
    with transaction.atomic():
        pending = record("test.once", "test:pending")
        _replay(pending.pk)  # and of one not yet sealed: the seal after commit takes one
    assert Event.objects.filter(seq__isnull=False).count() == 3
    verdict = verify_chain()
    assert not verdict.ok and "2 条待封存的行不是服务器写入的" in verdict.reason


@pytest.mark.django_db
def test_truncating_the_tail_and_moving_the_head_back_is_caught_by_a_published_anchor():
    _append(10)
    anchor = current_head()  # published on a result page, a PDF, the open data
    assert anchor.seq == 10
    _sql("DELETE FROM {table} WHERE seq > 5")
    _move_head(5)
    # The database alone cannot tell: what remains is a whole, signed chain of 5 events.
    assert verify_chain().ok
    verdict = verify_chain(anchors=[anchor])
    assert not verdict.ok and verdict.broken_seq == 6
    assert "链只到 #5" in verdict.reason and "#10 已经发布" in verdict.reason


@pytest.mark.django_db
def test_a_change_before_an_anchor_contradicts_it_even_when_recomputed_and_resigned():
    """A writer who holds the key (the operator) can rebuild a signed chain, but not one
    that matches a head published before the change."""
    _append(6)
    anchor = current_head()
    _sql("DELETE FROM {table} WHERE seq = 2")
    _resign_from(1)
    assert verify_chain().ok  # a consistent, signed, shorter chain
    verdict = verify_chain(anchors=[anchor])
    assert not verdict.ok and "#6 已经发布" in verdict.reason

    _append(3)  # the chain grows past the anchor again: the hash at #6 now differs
    verdict = verify_chain(anchors=[anchor])
    assert not verdict.ok and verdict.broken_seq == 6
    assert "已发布的链头 #6 与链中该事件不符" in verdict.reason


def _resign_from(start_seq, ring=None, sign=True):
    """Recompute the chain from start_seq with the project's own functions, as a tamperer
    would: renumber, relink, rehash, and (with a key) re-sign; move the head."""
    from lianghui.audit.keys import keyring

    ring = ring or keyring()
    events = list(Event.objects.filter(seq__isnull=False).order_by("seq"))
    prev = "0" * 64
    _sql("UPDATE {table} SET seq = seq + 1000000, hash = NULL WHERE seq IS NOT NULL")
    for number, event in enumerate(events, 1):
        content = canonical(number, event.at, event.kind, event.actor_id, event.subject, event.data)
        new_hash = link_hash(prev, content)
        signature = ring.sign_seal(new_hash) if sign and number >= start_seq else event.signature
        kid = ring.signing_id if sign and number >= start_seq else event.key_id
        Event.objects.filter(pk=event.pk).update(
            seq=number, prev_hash=prev, hash=new_hash, signature=signature, key_id=kid
        )
        prev = new_hash
    ChainHead.objects.filter(id=1).update(seq=len(events), hash=prev)


@pytest.mark.django_db
def test_a_full_recomputation_without_the_key_is_named_at_the_first_changed_event():
    _append(5)
    Event.objects.filter(seq=3).update(data={"i": 99})
    _resign_from(1, sign=False)  # hashes all consistent again; signatures are the old ones
    verdict = verify_chain()
    assert not verdict.ok and verdict.broken_seq == 3
    assert "签名无效" in verdict.reason


@pytest.mark.django_db
def test_a_chain_recomputed_with_a_key_of_the_writers_own_is_refused():
    _append(4)
    Event.objects.filter(seq=2).update(kind="votes.closed")
    _resign_from(1, ring=Keyring.load(new_private_key()))
    verdict = verify_chain()
    assert not verdict.ok and verdict.broken_seq == 1
    assert "未登记的密钥" in verdict.reason


@pytest.mark.django_db
def test_an_edited_signature_is_named():
    _append(4)
    event = Event.objects.get(seq=3)
    flipped = ("B" if event.signature[0] == "A" else "A") + event.signature[1:]
    Event.objects.filter(seq=3).update(signature=flipped)
    verdict = verify_chain()
    assert not verdict.ok and verdict.broken_seq == 3 and "签名无效" in verdict.reason
    Event.objects.filter(seq=3).update(signature="")
    verdict = verify_chain()
    assert not verdict.ok and verdict.broken_seq == 3 and "没有签名" in verdict.reason


@pytest.mark.django_db
def test_an_anchor_not_signed_by_a_trusted_key_is_refused():
    _append(2)
    head = current_head()
    from lianghui.audit.signing import Head

    forged = Head(head.seq, head.hash, head.signature, "0123456789abcdef")
    verdict = verify_chain(anchors=[forged])
    assert not verdict.ok and "锚点 #2 不可信" in verdict.reason


@pytest.mark.django_db
def test_a_second_key_for_rotation():
    from django.conf import settings

    old_private = settings.AUDIT_SIGNING_KEY
    old_public = public_key_of(old_private)
    _append(3)
    new_private = new_private_key()
    # The new key signs from now on; the old one is trusted up to the last event it sealed.
    with override_settings(AUDIT_SIGNING_KEY=new_private, AUDIT_TRUSTED_KEYS=[f"{old_public}:3"]):
        _append(2)
        verdict = verify_chain()
        assert verdict.ok and verdict.checked == 5
        keys = list(Event.objects.order_by("seq").values_list("key_id", flat=True))
        assert len(set(keys[:3])) == 1 and len(set(keys[3:])) == 1 and keys[0] != keys[3]
        # A leaked retired key cannot sign anything after its last event.
        old_ring = Keyring.load(old_private)
        last = Event.objects.get(seq=5)
        Event.objects.filter(seq=5).update(signature=old_ring.sign_seal(last.hash), key_id=keys[0])
        verdict = verify_chain()
        assert not verdict.ok and verdict.broken_seq == 5 and "已退役" in verdict.reason
    with override_settings(AUDIT_SIGNING_KEY=new_private, AUDIT_TRUSTED_KEYS=[]):
        verdict = verify_chain()
        assert not verdict.ok and verdict.broken_seq == 1 and "未登记的密钥" in verdict.reason


@pytest.mark.django_db
def test_events_sealed_before_signing_are_adopted_once_their_hashes_check_out():
    _append(3)
    Event.objects.update(signature="", key_id="")  # as sealed by an earlier version
    assert "没有签名" in verify_chain().reason
    assert adopt_unsigned() == 3
    assert verify_chain().ok
    assert Event.objects.filter(kind="audit.adopted", data__signed=3).exists()


@pytest.mark.django_db
def test_adopt_refuses_an_event_whose_signature_was_removed():
    _append(4)
    Event.objects.filter(seq=3).update(data={"i": 99}, signature="", key_id="")
    _resign_from(1, sign=False)  # hashes consistent again, #3 unsigned
    with pytest.raises(ValueError, match="#3"):
        adopt_unsigned()
    assert Event.objects.filter(signature="").count() == 1


@pytest.mark.django_db
def test_cli_verify_with_anchors_from_a_file(tmp_path, capsys):
    _append(8)
    head = current_head()
    printed = tmp_path / "anchors.txt"
    printed.write_text(f"# 选举结果报告，2024-01-12\n{head.line()}\n", encoding="utf-8")
    exported = tmp_path / "open-data.json"
    exported.write_text(json.dumps({"audit_head": head.as_dict(), "title": "x"}))
    assert cli_main(["audit", "verify", "--anchors", str(printed)]) == 0
    assert "1 个已发布的链头都在链中" in capsys.readouterr().out
    _sql("DELETE FROM {table} WHERE seq > 4")
    _move_head(4)
    for anchors in (printed, exported):
        assert cli_main(["audit", "verify", "--anchors", str(anchors)]) == 1
        assert "其后的事件被删除" in capsys.readouterr().err
    for unreadable in ("not an anchor\n", "# 只有说明，没有链头\n"):
        printed.write_text(unreadable)
        assert cli_main(["audit", "verify", "--anchors", str(printed)]) == 2


@pytest.mark.django_db
def test_cli_keygen_writes_a_private_file_and_never_overwrites(tmp_path, capsys):
    key_file = tmp_path / "keys" / "audit.key"
    assert cli_main(["audit", "keygen", str(key_file)]) == 0
    out = capsys.readouterr().out
    assert stat.S_IMODE(os.stat(key_file).st_mode) == 0o600
    before = key_file.read_text()
    assert cli_main(["audit", "keygen", str(key_file)]) == 2
    assert key_file.read_text() == before
    with override_settings(AUDIT_SIGNING_KEY=None, AUDIT_SIGNING_KEY_FILE=str(key_file)):
        from lianghui.audit.keys import keyring

        assert keyring().signing_id in out
        _append(1)
        assert cli_main(["audit", "head"]) == 0
        assert capsys.readouterr().out.startswith("#1 ")


@pytest.mark.django_db
def test_the_demo_signs_with_a_key_made_on_first_use_in_the_data_directory(tmp_path):
    from lianghui.audit import keys

    demo_key = tmp_path / "data" / "audit-signing.key"
    with override_settings(
        AUDIT_SIGNING_KEY=None, AUDIT_SIGNING_KEY_FILE=None, AUDIT_FALLBACK_KEY_FILE=demo_key
    ):
        assert not keys.configured()  # `lianghui serve` would refuse (lianghui.E005)
        _append(2)
        assert stat.S_IMODE(os.stat(demo_key).st_mode) == 0o600
        assert verify_chain().ok
        assert Event.objects.get(seq=1).key_id == keys.keyring().signing_id
