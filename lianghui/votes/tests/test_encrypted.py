"""An encrypted secret vote through HTTP: phones send ballots, the trustees' devices decrypt
the sum, and the public record verifies with `lianghui verify`'s code."""

import copy
import secrets

import pytest
from django.test import Client

from conftest import PASSWORD
from lianghui.attendance import actions as attendance
from lianghui.attendance.models import Method
from lianghui.audit.models import Event
from lianghui.ballots import ballot as B
from lianghui.ballots import record as R
from lianghui.scrutiny.tests.test_ceremony import run_ceremony
from lianghui.votes.models import EncryptedBallot, Poll, SecretBallot

MARKS = {"yes": [1, 0, 0], "no": [0, 1, 0], "abstain": [0, 0, 1]}


def login(user) -> Client:
    c = Client()
    assert c.login(username=user.username, password=PASSWORD)
    return c


@pytest.fixture
def keyed(hall):
    from django.contrib.auth.models import User

    for i, person in enumerate(hall.delegates):
        attendance.check_in(hall.plenary, person, Method.DESK, hall.officer)
        if person.user is None:
            person.user = User.objects.create_user(f"ev{i}", password=PASSWORD)
            person.save(update_fields=["user"])
    state, devices, trustee_clients = run_ceremony(hall, hall.delegates[:3])
    return hall, state, devices, trustee_clients


def open_vote(hall, **kw):
    chair = login(hall.officer)
    r = chair.post(
        "/api/votes/",
        {"meeting_id": hall.plenary.pk, "question": "表决通过加密测试决议", **kw},
        content_type="application/json",
    )
    poll_id = r.json()["id"]
    assert chair.post(f"/api/votes/{poll_id}/open").status_code == 200
    return chair, poll_id


def press(client, poll_id, choice, token=None):
    form = client.get(f"/api/votes/{poll_id}/encryption").json()
    ballot = B.encrypt_ballot(form["election"], form["voter"], [MARKS[choice]])
    return client.post(
        f"/api/votes/{poll_id}/cast",
        {"ballot": ballot, "client_token": token or secrets.token_urlsafe(18)},
        content_type="application/json",
    ), ballot


def decrypt(poll_id, devices, trustee_clients, which):
    poll = Poll.objects.get(pk=poll_id)
    from lianghui.votes.actions import decryption_request

    request = decryption_request(poll)
    alphas = [bytes.fromhex(c["alpha"]) for c in request.ciphertexts]
    r = None
    for j in which:
        message = devices[j - 1].partial_decryption(request.fingerprint, alphas)
        r = trustee_clients[j - 1].post(
            f"/api/votes/{poll_id}/partial-decryptions", message, content_type="application/json"
        )
        assert r.status_code == 200, r.content
    return r.json()


@pytest.mark.django_db
def test_encrypted_vote_from_press_to_verified_record(keyed):
    hall, state, devices, trustee_clients = keyed
    chair, poll_id = open_vote(hall, press="last")
    poll = Poll.objects.get(pk=poll_id)
    assert poll.encrypted and poll.tally_key_id == state["id"]
    voters = [login(p.user) for p in hall.delegates]
    trackers = []
    for c, choice in zip(voters, ["yes", "yes", "yes", "no", "abstain", "no"], strict=True):
        r, ballot = press(c, poll_id, choice, token=None)
        assert r.status_code == 201, r.content
        assert r.json()["receipt"] == B.tracker(ballot)
        trackers.append(r.json()["receipt"])
    # last press valid: the sixth voter changes to yes from the same device
    token = secrets.token_urlsafe(18)
    extra = login(hall.delegates[5].user)
    # (a new device token for a voter who has voted is refused: the device that pressed
    # first keeps the right to change)
    r, _ = press(extra, poll_id, "yes", token=token)
    assert r.status_code == 409 and r.json()["code"] == "other_device"
    assert SecretBallot.objects.filter(poll=poll).count() == 0
    assert EncryptedBallot.objects.filter(poll=poll).count() == 6

    closed = chair.post(f"/api/votes/{poll_id}/close").json()
    assert closed["state"] == "tallying"
    assert chair.get(f"/api/votes/{poll_id}/record").status_code == 409
    poll.refresh_from_db()
    from lianghui.votes.actions import missing_trustees

    assert missing_trustees(poll) == [p.name for p in hall.delegates[:3]]
    decrypt(poll_id, devices, trustee_clients, [2])
    poll.refresh_from_db()
    assert poll.state == "tallying" and missing_trustees(poll) == [
        hall.delegates[0].name,
        hall.delegates[2].name,
    ]
    done = decrypt(poll_id, devices, trustee_clients, [3])
    assert done["state"] == "published"
    result = Client().get(f"/api/votes/{poll_id}/result").json()
    assert (result["yes"], result["no"], result["abstain"]) == (3, 2, 1)
    assert sorted(trackers) == Client().get(f"/api/votes/{poll_id}/receipts").json()

    record = Client().get(f"/api/votes/{poll_id}/record").json()
    verdict = R.verify(record, jobs=1)
    assert verdict.ok, verdict.message
    assert verdict.counts == [[3, 2, 1]]
    assert {b["tracker"] for b in record["ballots"]} == set(trackers)
    bad = copy.deepcopy(record)
    bad["result"]["counts"] = [[4, 1, 1]]
    assert not R.verify(bad, jobs=1).ok

    # The public page tells a voter whether their receipt is in the record.
    page = Client().get(f"/votes/{poll_id}/record/", {"tracker": trackers[2][:20]})
    assert page.status_code == 200 and "这张选票在记录中" in page.content.decode()
    page = Client().get(f"/votes/{poll_id}/record/", {"tracker": "0" * 20})
    assert "记录中没有这个回执码" in page.content.decode()

    # The audit events say who voted, never anything about a ballot's content.
    for event in Event.objects.filter(kind__startswith="votes."):
        text = str(event.data)
        assert not any(t[:16] in text for t in trackers)
        assert "choice" not in event.data


@pytest.mark.django_db
def test_bad_presses_are_refused_and_nothing_is_stored(keyed):
    hall, state, devices, trustee_clients = keyed
    chair, poll_id = open_vote(hall)
    c = login(hall.delegates[0].user)
    other = login(hall.delegates[1].user)
    token = secrets.token_urlsafe(18)
    # a plaintext press to an encrypted vote
    r = c.post(
        f"/api/votes/{poll_id}/cast",
        {"choice": "yes", "client_token": token},
        content_type="application/json",
    )
    assert r.status_code == 422 and r.json()["code"] == "ballot_required"
    # another voter's ballot replayed
    form = other.get(f"/api/votes/{poll_id}/encryption").json()
    theirs = B.encrypt_ballot(form["election"], form["voter"], [[1, 0, 0]])
    r = c.post(
        f"/api/votes/{poll_id}/cast",
        {"ballot": theirs, "client_token": token},
        content_type="application/json",
    )
    assert r.status_code == 422 and r.json()["code"] == "ballot_wrong_voter"
    assert "另一位投票人" in r.json()["message"]
    # a changed ciphertext: the proofs no longer hold
    mine_form = c.get(f"/api/votes/{poll_id}/encryption").json()
    mine = B.encrypt_ballot(mine_form["election"], mine_form["voter"], [[0, 1, 0]])
    forged = copy.deepcopy(mine)
    forged["answers"][0]["choices"][0] = copy.deepcopy(theirs["answers"][0]["choices"][0])
    r = c.post(
        f"/api/votes/{poll_id}/cast",
        {"ballot": forged, "client_token": token},
        content_type="application/json",
    )
    assert r.status_code == 422 and r.json()["code"] == "ballot_bad_proof"
    # a malformed point
    broken = copy.deepcopy(mine)
    broken["answers"][0]["choices"][1]["beta"] = "00" * 32
    r = c.post(
        f"/api/votes/{poll_id}/cast",
        {"ballot": broken, "client_token": token},
        content_type="application/json",
    )
    assert r.status_code == 422 and r.json()["code"] == "ballot_malformed"
    poll = Poll.objects.get(pk=poll_id)
    assert poll.encrypted_ballots.count() == 0 and poll.voters.count() == 0
    # a forged partial decryption is refused at close
    r = c.post(
        f"/api/votes/{poll_id}/cast",
        {"ballot": mine, "client_token": token},
        content_type="application/json",
    )
    assert r.status_code == 201
    chair.post(f"/api/votes/{poll_id}/close")
    from lianghui.ballots import threshold as T
    from lianghui.votes.actions import decryption_request

    request = decryption_request(poll)
    alphas = [bytes.fromhex(x["alpha"]) for x in request.ciphertexts]
    impostor = T.Trustee("x", 1, 2, 1, share=12345)
    r = trustee_clients[0].post(
        f"/api/votes/{poll_id}/partial-decryptions",
        impostor.partial_decryption(request.fingerprint, alphas),
        content_type="application/json",
    )
    assert r.status_code == 422 and r.json()["code"] == "bad_partial_decryption"
    request.refresh_from_db()
    assert request.partials == {}


@pytest.fixture
def seated(hall, scrutineers):
    """Five delegates checked in with accounts; the plenary's key made by the shared helper."""
    from django.contrib.auth.models import User

    for i, person in enumerate(hall.delegates[:5]):
        attendance.check_in(hall.plenary, person, Method.DESK, hall.officer)
        if person.user is None:
            person.user = User.objects.create_user(f"sv{i}", password=PASSWORD)
            person.save(update_fields=["user"])
    return hall, scrutineers


def _open(hall, **kw):
    from lianghui.votes import actions
    from lianghui.votes.actions import PollSettings

    poll = actions.create_poll(hall.plenary, PollSettings(question="加密表决", **kw), hall.officer)
    return actions.open_poll(poll, hall.officer)[0]


@pytest.mark.django_db
def test_the_shared_helpers_play_phones_and_trustees(seated):
    from lianghui.votes.testing import close_and_count, press

    hall, scrutineers = seated
    poll = _open(hall)
    assert poll.encrypted and poll.tally_key_id == scrutineers.key.pk
    for person, choice in zip(hall.delegates, ["yes", "no", "yes", "abstain", "yes"], strict=False):
        assert press(poll, person, choice, secrets.token_urlsafe(18), person.user).created
    poll = close_and_count(poll, hall.officer, scrutineers)
    assert (poll.state, poll.yes, poll.no, poll.abstain) == ("published", 3, 1, 1)
    verdict = R.verify(Client().get(f"/api/votes/{poll.pk}/record").json())
    assert verdict.ok, verdict.message


@pytest.mark.django_db
def test_an_encrypted_vote_nobody_voted_in_counts_zero_without_decrypting(seated):
    from lianghui.votes import actions

    hall, _ = seated
    poll = actions.close_poll(_open(hall), hall.officer)
    assert (poll.state, poll.yes, poll.no, poll.abstain) == ("published", 0, 0, 0)
    assert actions.decryption_request(poll) is None
    r = Client().get(f"/api/votes/{poll.pk}/record")
    assert r.status_code == 404 and "无人投票" in r.json()["message"]


@pytest.mark.django_db
def test_a_change_after_the_secret_key_was_rotated_replaces_the_voters_ballot(seated, settings):
    from lianghui.votes import encrypted
    from lianghui.votes.testing import close_and_count, press

    hall, scrutineers = seated
    poll = _open(hall, press="last")
    me, token = hall.delegates[0], secrets.token_urlsafe(18)
    first = press(poll, me, "yes", token, me.user)
    settings.SECRET_KEY_FALLBACKS = [settings.SECRET_KEY]
    settings.SECRET_KEY = "a-new-key-" + "k" * 50
    retry = press(poll, me, "yes", token, me.user)  # same device: found under the old index
    assert not retry.created
    changed = press(poll, me, "no", token, me.user)
    assert changed.changed and changed.receipt != first.receipt
    (stored,) = EncryptedBallot.objects.filter(poll=poll)
    assert stored.voter == stored.ballot["voter"] == encrypted.voter_index(poll.pk, me.pk)
    poll = close_and_count(poll, hall.officer, scrutineers)
    assert (poll.yes, poll.no) == (0, 1)


def test_a_press_sent_again_is_not_checked_again_and_nothing_else_skips_the_check(
    keyed, monkeypatch
):
    """A phone that got no answer sends the same ballot with the same token: it is stored
    already for this voter, so its proofs are not checked a second time and the answer is the
    stored receipt. The same ballot from another voter, or the voter's ballot changed in one
    number, is checked and refused, and the stored ballot stays."""
    hall, *_ = keyed
    chair, poll_id = open_vote(hall)
    checked = []
    real = B.check_ballot
    monkeypatch.setattr(B, "check_ballot", lambda *a: checked.append(a[3]) or real(*a))
    c = login(hall.delegates[0].user)
    token = secrets.token_urlsafe(18)
    first, ballot = press(c, poll_id, "no", token=token)
    assert first.status_code == 201 and len(checked) == 1
    receipt = first.json()["receipt"]

    def send(client, payload, token):
        return client.post(
            f"/api/votes/{poll_id}/cast",
            {"ballot": payload, "client_token": token},
            content_type="application/json",
        )

    again = send(c, ballot, token)
    assert again.status_code == 200, again.content
    assert again.json()["receipt"] == receipt and not again.json()["created"]
    assert len(checked) == 1  # found stored as it is
    other = login(hall.delegates[1].user)
    replayed = send(other, ballot, secrets.token_urlsafe(18))
    assert replayed.status_code == 422 and replayed.json()["code"] == "ballot_wrong_voter"
    assert len(checked) == 2
    changed = copy.deepcopy(ballot)
    proof = changed["answers"][0]["individual_proofs"][0][0]
    proof["response"] = "1" if proof["response"] != "1" else "2"
    refused = send(c, changed, token)
    assert refused.status_code == 422 and refused.json()["code"] == "ballot_bad_proof"
    assert len(checked) == 3
    stored = EncryptedBallot.objects.get(poll_id=poll_id)
    assert stored.tracker == receipt and stored.ballot == ballot


@pytest.mark.django_db
def test_a_batchs_ballots_are_checked_in_threads_each_getting_its_own_answer(seated, monkeypatch):
    """cast_many checks a batch's ballots on one thread per core: each press still gets its
    own answer in its own place, a forged ballot or another voter's is refused alone, and the
    rest are stored."""
    import threading

    from lianghui.votes import casting, encrypted
    from lianghui.votes.testing import close_and_count

    hall, scrutineers = seated
    poll = Poll.objects.get(pk=_open(hall).pk)
    monkeypatch.setattr(casting.os, "cpu_count", lambda: 4)  # threads even on one core
    threads = set()
    real = B.check_ballot
    monkeypatch.setattr(
        B, "check_ballot", lambda *a: threads.add(threading.current_thread().name) or real(*a)
    )
    people = hall.delegates[:5]  # the five checked in
    choices = ["yes", "no", "yes", "abstain", "yes"]
    ballots = [encrypted.make_ballot(poll, p.pk, c) for p, c in zip(people, choices, strict=True)]
    forged = copy.deepcopy(ballots[1])
    forged["answers"][0]["choices"][0] = ballots[2]["answers"][0]["choices"][0]
    ballots[1] = forged
    ballots[4] = ballots[3]  # the fourth voter's ballot sent for the fifth
    requests = [
        casting.CastRequest(p.pk, "", secrets.token_urlsafe(18), p.user.pk, b)
        for p, b in zip(people, ballots, strict=True)
    ]
    results = casting.cast_many(poll.pk, requests)
    assert results[1].code == "ballot_bad_proof"
    assert results[4].code == "ballot_wrong_voter"
    kept = [0, 2, 3]
    assert [results[i].receipt for i in kept] == [B.tracker(ballots[i]) for i in kept]
    assert all(results[i].created for i in kept)
    assert any(name.startswith("ballot-check") for name in threads)
    assert EncryptedBallot.objects.filter(poll=poll).count() == 3
    poll = close_and_count(poll, hall.officer, scrutineers)
    assert (poll.yes, poll.no, poll.abstain) == (2, 0, 1)


def test_in_threads_keeps_order_and_raises_as_a_loop_would(monkeypatch):
    from lianghui.votes import casting

    monkeypatch.setattr(casting.os, "cpu_count", lambda: 3)
    assert casting.in_threads(lambda x: x * x, list(range(50))) == [x * x for x in range(50)]
    assert casting.in_threads(lambda x: x + 1, [1]) == [2]
    assert casting.in_threads(lambda x: x, []) == []

    def boom(x):
        if x == 7:
            raise KeyError(x)
        return x

    with pytest.raises(KeyError):
        casting.in_threads(boom, list(range(10)))
