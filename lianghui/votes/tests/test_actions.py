import secrets

import pytest
from django.db import transaction

from lianghui.attendance import actions as attendance
from lianghui.attendance.models import Method
from lianghui.audit.log import verify_chain
from lianghui.audit.models import Event
from lianghui.errors import ActionError, PermissionDenied
from lianghui.votes import actions
from lianghui.votes.actions import PollSettings
from lianghui.votes.models import (
    EncryptedBallot,
    Mode,
    NamedBallot,
    Poll,
    Press,
    SecretBallot,
    State,
    Voter,
)
from lianghui.votes.testing import close_and_count, decrypt, press


def token():
    return secrets.token_urlsafe(24)


@pytest.fixture
def seated(hall, scrutineers):
    """Five of six delegates checked in (a quorum: 4 needed); the first has an account; the
    plenary's tally key is ready (a secret electronic vote is encrypted)."""
    for person in hall.delegates[:5]:
        attendance.check_in(hall.plenary, person, Method.DESK, hall.officer)
    hall.scrutineers = scrutineers
    return hall


def new_poll(hall, **kw):
    return actions.create_poll(
        hall.plenary, PollSettings(question="关于通过会议议程的决定", **kw), hall.officer
    )


def accounts_for(hall, n):
    """Give delegates 1..n accounts so they can vote themselves."""
    from django.contrib.auth.models import User

    users = [hall.delegate_user]
    for i, person in enumerate(hall.delegates[1:n], start=1):
        if person.user is None:  # the trustees have theirs already
            person.user = User.objects.create_user(f"d{i}", password="x")
            person.save(update_fields=["user"])
        users.append(person.user)
    return users


@pytest.mark.django_db
def test_secret_vote_lifecycle(seated):
    hall = seated
    poll = new_poll(hall)
    poll, warnings = actions.open_poll(poll, hall.officer)
    assert (
        poll.state == State.OPEN and poll.entitled == 5 and poll.members_total == 6 and not warnings
    )
    users = accounts_for(hall, 5)
    choices = ["yes", "yes", "yes", "yes", "no"]
    receipts = []
    for user, person, choice in zip(users, hall.delegates, choices, strict=False):
        r = press(poll, person, choice, token(), user)
        assert r.created and r.receipt
        receipts.append(r.receipt)
    assert actions.cast_count(poll) == 5
    poll = actions.close_poll(poll, hall.officer)
    assert poll.state == State.TALLYING and poll.yes is None  # nothing decrypted yet
    poll = decrypt(poll, hall.scrutineers)
    assert (poll.yes, poll.no, poll.abstain, poll.passed) == (4, 1, 0, True)
    assert poll.sentence == "赞成 4 票，超过全体代表 6 人的半数，通过。"
    assert poll.state == State.PUBLISHED
    assert sorted(
        EncryptedBallot.objects.filter(poll=poll).values_list("tracker", flat=True)
    ) == sorted(receipts)
    assert not SecretBallot.objects.exists()
    kinds = list(
        Event.objects.filter(subject=f"votes.poll:{poll.pk}").values_list("kind", flat=True)
    )
    assert kinds == ["votes.created", "votes.opened"] + ["votes.cast"] * 5 + [
        "votes.closed",
        "votes.decrypted",
        "votes.published",
    ]
    assert verify_chain().ok


@pytest.mark.django_db
def test_three_of_six_is_not_more_than_half_of_all(seated):
    hall = seated
    poll, _ = actions.open_poll(new_poll(hall), hall.officer)
    users = accounts_for(hall, 5)
    for user, person, choice in zip(
        users, hall.delegates, ["yes", "yes", "yes", "abstain", "abstain"], strict=False
    ):
        press(poll, person, choice, token(), user)
    poll = close_and_count(poll, hall.officer, hall.scrutineers)
    assert not poll.passed
    assert poll.sentence == "赞成 3 票，未超过全体代表 6 人的半数，未通过。"


@pytest.mark.django_db
def test_retry_with_the_same_token_never_counts_twice(seated):
    hall = seated
    poll, _ = actions.open_poll(new_poll(hall), hall.officer)
    me, t = hall.delegates[0], token()
    first = press(poll, me, "yes", t, hall.delegate_user)
    again = press(poll, me, "yes", t, hall.delegate_user)
    assert first.created and not again.created and again.receipt == first.receipt
    with pytest.raises(ActionError) as e:
        press(poll, me, "no", token(), hall.delegate_user)
    assert e.value.code == "already_voted" and e.value.status == 409
    assert (
        Voter.objects.filter(poll=poll).count()
        == 1
        == EncryptedBallot.objects.filter(poll=poll).count()
    )


@pytest.mark.django_db
def test_last_press_valid_changes_the_choice_from_the_same_device(seated):
    hall = seated
    poll, _ = actions.open_poll(new_poll(hall, press=Press.LAST), hall.officer)
    me, t = hall.delegates[0], token()
    press(poll, me, "yes", t, hall.delegate_user)
    changed = press(poll, me, "no", t, hall.delegate_user)
    assert changed.changed
    with pytest.raises(ActionError) as e:
        press(poll, me, "abstain", token(), hall.delegate_user)
    assert e.value.code == "other_device"
    poll = close_and_count(poll, hall.officer, hall.scrutineers)
    assert (poll.yes, poll.no) == (0, 1)


@pytest.mark.django_db
def test_who_may_vote(seated):
    hall = seated
    poll, _ = actions.open_poll(new_poll(hall), hall.officer)
    users = accounts_for(hall, 6)
    # The sixth delegate checks in after the vote opened: the roll was frozen at opening.
    attendance.check_in(hall.plenary, hall.delegates[5], Method.DESK, hall.officer)
    with pytest.raises(ActionError) as e:
        press(poll, hall.delegates[5], "yes", token(), users[5])
    assert e.value.code == "not_entitled" and e.value.status == 403
    with pytest.raises(PermissionDenied):  # nobody votes for somebody else
        press(poll, hall.delegates[1], "yes", token(), hall.delegate_user)
    with pytest.raises(PermissionDenied):
        press(poll, hall.delegates[1], "yes", token(), hall.officer)
    with pytest.raises(ActionError) as e:  # a secret vote takes only encrypted ballots
        actions.cast(poll.pk, hall.delegates[0], "yes", token(), hall.delegate_user)
    assert e.value.code == "ballot_required"
    with pytest.raises(ActionError) as e:
        press(poll, hall.delegates[0], "yes", "short", hall.delegate_user)
    assert e.value.code == "bad_token"
    assert not Voter.objects.exists()


@pytest.mark.django_db
def test_late_votes_are_refused_after_close(seated):
    hall = seated
    poll, _ = actions.open_poll(new_poll(hall), hall.officer)
    actions.close_poll(poll, hall.officer)
    with pytest.raises(ActionError) as e:
        press(poll, hall.delegates[0], "yes", token(), hall.delegate_user)
    assert e.value.code == "not_open"


@pytest.mark.django_db
def test_only_chair_or_secretariat_drives_the_vote(seated):
    hall = seated
    with pytest.raises(PermissionDenied):
        actions.create_poll(hall.plenary, PollSettings(question="x"), hall.delegate_user)
    poll = new_poll(hall)
    with pytest.raises(PermissionDenied):
        actions.open_poll(poll, hall.delegate_user)
    from lianghui.sessions.models import PresidingOfficer

    PresidingOfficer.objects.create(
        meeting=hall.plenary, person=hall.delegates[0], role="executive_chair"
    )
    poll, _ = actions.open_poll(poll, hall.delegate_user)  # now an executive chair
    assert poll.state == State.OPEN


@pytest.mark.django_db
def test_opening_without_quorum_warns_the_chair(hall, scrutineers):
    attendance.check_in(hall.plenary, hall.delegates[0], Method.DESK, hall.officer)
    _, warnings = actions.open_poll(new_poll(hall), hall.officer)
    assert warnings and "未达到法定人数" in warnings[0]


@pytest.mark.django_db
def test_one_open_vote_per_meeting(seated):
    hall = seated
    actions.open_poll(new_poll(hall), hall.officer)
    with pytest.raises(ActionError) as e:
        actions.open_poll(new_poll(hall), hall.officer)
    assert e.value.code == "another_open"


@pytest.mark.django_db
def test_held_result_is_published_by_the_chair(seated):
    hall = seated
    poll, _ = actions.open_poll(new_poll(hall, publish_immediately=False), hall.officer)
    poll = close_and_count(poll, hall.officer, hall.scrutineers)
    assert poll.state == State.CLOSED
    assert actions.result_visible(poll, hall.officer) and not actions.result_visible(
        poll, hall.delegate_user
    )
    poll = actions.publish(poll, hall.officer)
    assert poll.state == State.PUBLISHED and actions.result_visible(poll, hall.delegate_user)


@pytest.mark.django_db
def test_cancel_needs_a_reason(seated):
    hall = seated
    poll, _ = actions.open_poll(new_poll(hall), hall.officer)
    with pytest.raises(ActionError):
        actions.cancel(poll, " ", hall.officer)
    poll = actions.cancel(poll, "表决器故障，改为举手表决", hall.officer)
    assert poll.state == State.CANCELLED


@pytest.mark.django_db
def test_show_of_hands_counts_entered_by_staff(seated):
    hall = seated
    poll, _ = actions.open_poll(new_poll(hall, mode=Mode.HANDS), hall.officer)
    assert not poll.secret
    with pytest.raises(ActionError) as e:
        actions.enter_counts(poll, 5, 1, 0, hall.officer)  # 6 > 5 entitled
    assert e.value.code == "bad_counts"
    with pytest.raises(ActionError):
        actions.cast(poll.pk, hall.delegates[0], "yes", token(), hall.delegate_user)
    poll = actions.enter_counts(poll, 4, 0, 1, hall.officer)
    assert poll.passed and poll.sentence.startswith("赞成 4 票")


@pytest.mark.django_db
def test_named_vote_has_a_roll_call(seated):
    hall = seated
    poll, _ = actions.open_poll(new_poll(hall, secret=False), hall.officer)
    users = accounts_for(hall, 2)
    actions.cast(poll.pk, hall.delegates[0], "yes", token(), users[0])
    actions.cast(poll.pk, hall.delegates[1], "no", token(), users[1])
    poll = actions.close_poll(poll, hall.officer)
    calls = dict(actions.roll_call(poll))
    assert calls["张三"] == "赞成" and calls["李四"] == "反对" and calls["王五"] == "未按表决器"
    assert NamedBallot.objects.count() == 2 and not SecretBallot.objects.exists()


@pytest.mark.django_db
def test_no_way_to_join_a_secret_choice_to_a_voter(seated):
    """Inspect the tables and the log as a curious DBA would after a secret vote."""
    hall = seated
    poll, _ = actions.open_poll(new_poll(hall, press=Press.LAST), hall.officer)
    users = accounts_for(hall, 5)
    for user, person, choice in zip(
        users, hall.delegates, ["yes", "no", "yes", "abstain", "yes"], strict=False
    ):
        press(poll, person, choice, token(), user)
    close_and_count(poll, hall.officer, hall.scrutineers)
    ballot_columns = {f.column for f in EncryptedBallot._meta.get_fields() if hasattr(f, "column")}
    assert ballot_columns == {"id", "poll_id", "voter", "ballot", "tracker", "checked"}
    # Whether a ballot's proofs are still to be checked: once closed, every one has been.
    assert set(EncryptedBallot.objects.values_list("checked", flat=True)) == {True}
    voter_columns = {f.column for f in Voter._meta.get_fields() if hasattr(f, "column")}
    assert voter_columns == {"id", "poll_id", "person_id", "token_hash"}
    # The ballots are ciphertexts: no choice in them, and nothing stored in the clear.
    for ballot in EncryptedBallot.objects.values_list("ballot", flat=True):
        text = str(ballot)
        assert not any(word in text for word in ("yes", "abstain", "赞成", "反对", "弃权"))
    assert not SecretBallot.objects.exists()
    # The log says who voted, never how, and in no order of their own (sorted by person).
    casts = Event.objects.filter(kind="votes.cast")
    assert all(set(e.data) == {"persons"} for e in casts)
    assert all(e.data["persons"] == sorted(e.data["persons"]) for e in casts)
    changed = Event.objects.filter(kind="votes.changed")
    assert all(set(e.data) == {"person"} for e in changed)


@pytest.mark.django_db
def test_a_secret_electronic_vote_needs_the_tally_key_first(hall):
    for person in hall.delegates[:5]:
        attendance.check_in(hall.plenary, person, Method.DESK, hall.officer)
    poll = new_poll(hall)
    with pytest.raises(ActionError) as e:
        actions.open_poll(poll, hall.officer)
    assert e.value.code == "tally_key_required" and e.value.status == 409
    assert "计票密钥" in e.value.message and "第六十条" in e.value.message
    poll.refresh_from_db()
    assert poll.state == State.DRAFT and poll.opened_at is None
    assert not Event.objects.filter(kind="votes.opened").exists()
    # Named, show-of-hands and paper votes need no key.
    for kw in ({"secret": False}, {"mode": Mode.HANDS}, {"mode": Mode.PAPER}):
        opened, _ = actions.open_poll(new_poll(hall, **kw), hall.officer)
        assert opened.state == State.OPEN and not opened.encrypted
        actions.cancel(opened, "测试", hall.officer)


@pytest.mark.django_db
def test_an_unencrypted_secret_vote_left_open_takes_no_press(seated):
    """A secret vote opened before every one was encrypted stores no choice in the clear."""
    hall = seated
    poll, _ = actions.open_poll(new_poll(hall), hall.officer)
    Poll.objects.filter(pk=poll.pk).update(election=None, tally_key=None)
    with pytest.raises(ActionError) as e:
        actions.cast(poll.pk, hall.delegates[0], "yes", token(), hall.delegate_user)
    assert e.value.code == "not_encrypted"
    assert not Voter.objects.exists() and not SecretBallot.objects.exists()


@pytest.mark.django_db
def test_timer_refuses_late_presses_and_closes_the_vote(seated):
    import time_machine
    from django.utils import timezone

    hall = seated
    poll, _ = actions.open_poll(new_poll(hall, timer_seconds=60), hall.officer)
    press(poll, hall.delegates[0], "yes", token(), hall.delegate_user)
    assert actions.close_if_due(poll).state == State.OPEN
    with time_machine.travel(timezone.now() + timezone.timedelta(seconds=61), tick=False):
        with pytest.raises(ActionError) as e:
            press(poll, hall.delegates[0], "no", token(), hall.delegate_user)
        assert e.value.code in {"time_up", "already_voted"}
        poll = actions.close_if_due(poll)
    assert poll.state == State.TALLYING
    poll = decrypt(poll, hall.scrutineers)
    assert poll.state == State.PUBLISHED and poll.yes == 1


@pytest.mark.django_db
def test_a_member_of_another_body_cannot_vote(seated):
    from django.contrib.auth.models import User

    from lianghui.people.models import Membership, Organisation, OrgKind, Person, Role

    hall = seated
    cppcc = Organisation.objects.create(kind=OrgKind.CPPCC, name="测试区政协")
    member = Person.objects.create(
        name="政协委员甲", user=User.objects.create_user("wy", password="x")
    )
    Membership.objects.create(person=member, organisation=cppcc, role=Role.MEMBER)
    attendance.check_in(hall.plenary, member, Method.DESK, hall.officer)  # 列席 at the congress
    poll, _ = actions.open_poll(new_poll(hall), hall.officer)
    with pytest.raises(ActionError) as e:
        press(poll, member, "yes", token(), member.user)
    assert e.value.code == "not_entitled"


@pytest.mark.django_db
def test_a_retry_after_the_secret_key_was_rotated_gets_the_stored_receipt(seated, settings):
    hall = seated
    poll, _ = actions.open_poll(new_poll(hall), hall.officer)
    me, t = hall.delegates[0], token()
    first = press(poll, me, "yes", t, hall.delegate_user)
    settings.SECRET_KEY_FALLBACKS = [settings.SECRET_KEY]
    settings.SECRET_KEY = "a-new-key-" + "k" * 50
    again = press(poll, me, "yes", t, hall.delegate_user)
    assert again.receipt == first.receipt  # still the one in the published list


@pytest.mark.django_db
def test_each_step_takes_the_poll_locked_only_in_the_states_it_follows(seated):
    hall = seated
    poll = new_poll(hall, mode=Mode.HANDS)
    with transaction.atomic():
        assert actions._locked_in(poll.pk, (State.DRAFT, State.OPEN), "x", "y") == poll
    with transaction.atomic(), pytest.raises(ActionError) as e:
        actions._locked_in(poll.pk, (State.OPEN,), "not_open", "只有正在进行的表决可以结束。")
    assert (e.value.code, e.value.status) == ("not_open", 409)
    # Each step refuses a poll in the wrong state with its own code and sentence.
    refused = [
        (lambda: actions.publish(poll, hall.officer), "not_closed"),
        (lambda: actions.close_poll(poll, hall.officer), "not_open"),
        (lambda: actions.enter_counts(poll, 1, 0, 0, hall.officer), "not_open"),
    ]
    for step, code in refused:
        with pytest.raises(ActionError) as e:
            step()
        assert (e.value.code, e.value.status) == (code, 409)
    poll, _ = actions.open_poll(poll, hall.officer)
    with pytest.raises(ActionError) as e:
        actions.open_poll(poll, hall.officer)
    assert e.value.code == "not_draft"
    poll = actions.enter_counts(poll, 4, 0, 1, hall.officer)
    with pytest.raises(ActionError) as e:
        actions.cancel(poll, "迟了", hall.officer)
    assert (e.value.code, e.value.message) == ("cannot_cancel", "已结束的表决不能取消。")


@pytest.mark.django_db
def test_one_batch_mixing_new_repeated_and_unentitled_presses(seated):
    """A batch as the hall's writer takes it: each press gets its own answer, in order."""
    from lianghui.votes import casting

    hall = seated
    poll, _ = actions.open_poll(new_poll(hall, secret=False, press=Press.LAST), hall.officer)
    users = accounts_for(hall, 6)
    attendance.check_in(hall.plenary, hall.delegates[5], Method.DESK, hall.officer)  # too late
    a, b, c, late = hall.delegates[0], hall.delegates[1], hall.delegates[2], hall.delegates[5]
    t_a, t_b, t_c = token(), token(), token()
    actions.cast(poll.pk, b, "yes", t_b, users[1])  # b voted before this batch

    batch = [
        casting.CastRequest(late.pk, "yes", token(), actor_id=users[5].pk),
        casting.CastRequest(a.pk, "yes", t_a, actor_id=users[0].pk),
        casting.CastRequest(b.pk, "no", t_b, actor_id=users[1].pk),  # b changes
        casting.CastRequest(a.pk, "abstain", t_a, actor_id=users[0].pk),  # a changes at once
        casting.CastRequest(late.pk, "no", token(), actor_id=users[5].pk),
        casting.CastRequest(c.pk, "no", t_c, actor_id=users[2].pk),
    ]
    results = casting.cast_many(poll.pk, batch)
    assert [getattr(r, "code", None) for r in results] == [
        "not_entitled",
        None,
        None,
        None,
        "not_entitled",
        None,
    ]
    assert [(r.created, r.changed) for r in (results[1], results[2], results[3], results[5])] == [
        (True, False),
        (False, True),
        (False, True),
        (True, False),
    ]
    choices = dict(NamedBallot.objects.filter(poll=poll).values_list("person_id", "choice"))
    assert choices == {a.pk: "abstain", b.pk: "no", c.pk: "no"}
    assert Voter.objects.filter(poll=poll).count() == 3
