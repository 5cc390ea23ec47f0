import pytest
from django.db import connection, transaction

from lianghui.audit.log import record, seal, verify_chain
from lianghui.audit.models import ChainHead, Event
from lianghui.cli import main as cli_main


def _append(n):
    for i in range(n):
        with transaction.atomic():
            record("test.happened", f"test:{i}", data={"i": i, "名称": "测试"})
    # The test's own transaction never commits, so the after-commit seal does not run here.
    assert seal() == n


@pytest.mark.django_db
def test_events_wait_unsealed_until_sealed_in_writing_order():
    with transaction.atomic():
        first = record("test.first", "test:1")
        second = record("test.second", "test:2", hot=True)
    assert first.seq is None and Event.objects.filter(seq__isnull=True).count() == 2
    assert seal() == 2 and not Event.objects.filter(seq__isnull=True).exists()
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.seq, second.seq) == (1, 2) and second.prev_hash == first.hash
    assert seal() == 0


@pytest.mark.django_db(transaction=True)
def test_a_committed_action_is_sealed_after_commit():
    with transaction.atomic():
        event = record("test.committed", "test:1")
    event.refresh_from_db()
    assert event.seq == 1 and event.hash


@pytest.mark.django_db
def test_chain_of_appended_events_verifies():
    _append(5)
    verdict = verify_chain()
    assert verdict.ok and verdict.checked == 5
    events = list(Event.objects.order_by("seq"))
    assert [e.seq for e in events] == [1, 2, 3, 4, 5]
    assert all(b.prev_hash == a.hash for a, b in zip(events, events[1:], strict=False))


@pytest.mark.django_db
def test_edited_row_is_named_as_the_first_broken_link():
    _append(5)
    # An edit behind the application's back (straight SQL), as a tamperer would.
    Event.objects.filter(seq=3).update(data={"i": 99})
    verdict = verify_chain()
    assert not verdict.ok
    assert verdict.broken_seq == 3
    assert "内容被改动" in verdict.reason


@pytest.mark.django_db
def test_deleted_row_is_detected():
    _append(4)
    with connection.cursor() as c:
        c.execute(f"DELETE FROM {Event._meta.db_table} WHERE seq = 2")
    verdict = verify_chain()
    assert not verdict.ok and verdict.broken_seq == 2


@pytest.mark.django_db
def test_truncated_tail_is_detected_by_the_head():
    _append(4)
    with connection.cursor() as c:
        c.execute(f"DELETE FROM {Event._meta.db_table} WHERE seq = 4")
    verdict = verify_chain()
    assert not verdict.ok
    assert ChainHead.objects.get().seq == 4


@pytest.mark.django_db
def test_events_cannot_be_changed_through_the_orm():
    _append(1)
    event = Event.objects.get()
    event.kind = "changed"
    with pytest.raises(ValueError):
        event.save()
    with pytest.raises(ValueError):
        event.delete()


@pytest.mark.django_db(transaction=True)
def test_record_outside_a_transaction_is_refused():
    with pytest.raises(RuntimeError):
        record("test.happened", "test:1")


@pytest.mark.django_db
def test_cli_audit_verify_exit_codes(capsys):
    _append(3)
    assert cli_main(["audit", "verify"]) == 0
    assert "共 3 条事件" in capsys.readouterr().out
    Event.objects.filter(seq=2).update(kind="forged")
    assert cli_main(["audit", "verify"]) == 1
    assert "#2" in capsys.readouterr().err
