"""Many requests at once: one voter pressing twice in parallel, a close racing the casts.

Runs on both databases: SQLite (a file, WAL, IMMEDIATE transactions) and PostgreSQL.
"""

import secrets
import threading

import pytest
from django.db import close_old_connections, connection

from lianghui.attendance import actions as attendance
from lianghui.attendance.models import Method
from lianghui.errors import ActionError
from lianghui.votes import actions, encrypted
from lianghui.votes.models import EncryptedBallot, Poll, Voter
from lianghui.votes.testing import decrypt


def run_in_threads(fn, args_list):
    barrier = threading.Barrier(len(args_list))
    results = [None] * len(args_list)

    def worker(i, args):
        try:
            barrier.wait()
            results[i] = fn(*args)
        except Exception as e:  # collected and asserted on below
            results[i] = e
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(i, a)) for i, a in enumerate(args_list)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    close_old_connections()
    return results


def ballot(poll, person, choice="yes"):
    """Made before the threads start, as a phone makes it before it presses."""
    return encrypted.make_ballot(Poll.objects.get(pk=poll.pk), person.pk, choice)


@pytest.fixture
def open_poll(hall, scrutineers):
    from django.contrib.auth.models import User

    for i, person in enumerate(hall.delegates):
        attendance.check_in(hall.plenary, person, Method.DESK, hall.officer)
        if person.user is None:
            person.user = User.objects.create_user(f"voter{i}", password="x")
            person.save(update_fields=["user"])
    poll = actions.create_poll(
        hall.plenary, actions.PollSettings(question="并发测试"), hall.officer
    )
    poll, _ = actions.open_poll(poll, hall.officer)
    hall.scrutineers = scrutineers
    return hall, poll


@pytest.mark.django_db(transaction=True)
def test_concurrent_double_casting_stores_one_vote(open_poll):
    hall, poll = open_poll
    me = hall.delegates[0]
    presses = [(secrets.token_urlsafe(24), ballot(poll, me)) for _ in range(8)]
    results = run_in_threads(
        lambda t, b: actions.cast(poll.pk, me, "", t, me.user, ballot=b), presses
    )
    counted = [r for r in results if not isinstance(r, Exception)]
    refused = [r for r in results if isinstance(r, ActionError)]
    assert len(counted) == 1 and counted[0].created, results
    assert len(refused) == 7 and {e.code for e in refused} == {"already_voted"}
    assert Voter.objects.filter(poll=poll).count() == 1
    assert EncryptedBallot.objects.filter(poll=poll).count() == 1


@pytest.mark.django_db(transaction=True)
def test_same_token_retried_in_parallel_counts_once(open_poll):
    hall, poll = open_poll
    me, token, b = hall.delegates[1], secrets.token_urlsafe(24), ballot(poll, hall.delegates[1])
    results = run_in_threads(
        lambda: actions.cast(poll.pk, me, "", token, me.user, ballot=b), [()] * 6
    )
    assert not [r for r in results if isinstance(r, Exception)], results
    assert sum(r.created for r in results) == 1
    assert len({r.receipt for r in results}) == 1
    assert EncryptedBallot.objects.filter(poll=poll).count() == 1


@pytest.mark.django_db(transaction=True)
def test_close_racing_casts_loses_no_stored_vote(open_poll):
    """Every ballot stored is counted: a cast either lands before the close or is refused."""
    hall, poll = open_poll

    ballots = {p.pk: ballot(poll, p) for p in hall.delegates}

    def cast(person):
        token = secrets.token_urlsafe(24)
        return actions.cast(poll.pk, person, "", token, person.user, ballot=ballots[person.pk])

    def close():
        return actions.close_poll(poll, hall.officer)

    jobs = [(cast, p) for p in hall.delegates] + [(close, None)]
    results = run_in_threads(lambda f, a: f(a) if a is not None else f(), jobs)
    poll.refresh_from_db()
    stored = EncryptedBallot.objects.filter(poll=poll).count()
    if stored:  # the trustees decrypt what the close summed: every stored ballot
        poll = decrypt(poll, hall.scrutineers)
    assert poll.yes == stored == Voter.objects.filter(poll=poll).count()
    refused = [r for r in results if isinstance(r, ActionError)]
    assert all(e.code == "not_open" for e in refused), results
    assert stored + len(refused) == len(hall.delegates)
