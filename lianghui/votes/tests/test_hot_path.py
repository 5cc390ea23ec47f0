"""The hall's hot path through the real ASGI application (lianghui.asgi), over HTTP.

Casts are answered by votes.hot_path in batches; everything it does not answer itself goes
to Django. Either way the client sees the same API: these are the API's cases again. A
secret vote is encrypted, so each press here is a ballot with its proofs, made beforehand
as a phone makes it.
"""

import asyncio
import secrets

import httpx
import pytest
from django.contrib.auth.models import User
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import PASSWORD
from lianghui.attendance import actions as attendance
from lianghui.attendance.models import Method
from lianghui.audit.log import subject_of, verify_chain
from lianghui.audit.models import Event
from lianghui.votes import actions, encrypted, hot_path
from lianghui.votes.models import EncryptedBallot, Poll, State, TallyPart, Voter
from lianghui.votes.testing import close_and_count

pytestmark = pytest.mark.django_db(transaction=True)
CSRF = "a" * 32  # an unmasked CSRF secret: Django accepts it as cookie and header alike


@pytest.fixture
def voting(hall, scrutineers):
    for i, person in enumerate(hall.delegates[:5]):
        attendance.check_in(hall.plenary, person, Method.DESK, hall.officer)
        person.user = person.user or User.objects.create_user(f"hot{i}", password=PASSWORD)
        person.save(update_fields=["user"])
    poll = actions.create_poll(hall.plenary, actions.PollSettings(question="热路径"), hall.officer)
    poll, _ = actions.open_poll(poll, hall.officer)
    hall.scrutineers = scrutineers
    return hall, poll


def session_of(user) -> str:
    client = Client()
    assert client.login(username=user.username, password=PASSWORD)
    return client.cookies["sessionid"].value


def post_all(requests: list[tuple[str | None, str, dict, bool]]) -> list[httpx.Response]:
    """Send the requests at once through the ASGI application; (session, url, json, csrf)."""
    from lianghui.asgi import application

    async def run():
        transport = httpx.ASGITransport(app=application)
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as c:

            async def one(session, url, payload, csrf):
                cookie = f"csrftoken={CSRF}" + (f"; sessionid={session}" if session else "")
                headers = {"Cookie": cookie, **({"X-CSRFToken": CSRF} if csrf else {})}
                return await c.post(url, json=payload, headers=headers)

            answers = await asyncio.gather(*(one(*r) for r in requests))
            await writer_idle()  # its ballots' proofs checked, if it checks them
            return answers

    return asyncio.run(run())


async def writer_idle() -> None:
    writer = hot_path._writers.get(asyncio.get_running_loop())
    while writer is not None and (writer.checks or (writer.task and not writer.task.done())):
        await asyncio.sleep(0.005)


def forge(body: dict, how: str) -> dict:
    """A press whose proofs fail: no phone running the ballot page makes one."""
    choices = body["ballot"]["answers"][0]["choices"]
    if how == "bad_proof":  # the marks of 赞成 and 反对 swapped: each proof now lies
        choices[0], choices[1] = choices[1], choices[0]
    else:  # not a point of the group (a small-order point)
        choices[0]["alpha"] = "26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05"
    return body


def press(poll, person, choice="yes", token=None) -> dict:
    """The body a phone posts: an encrypted ballot for `choice` and the device's token."""
    poll = Poll.objects.get(pk=poll.pk)
    return {
        "ballot": encrypted.make_ballot(poll, person.pk, choice),
        "client_token": token or secrets.token_urlsafe(24),
    }


def test_delegates_pressing_at_once_are_counted_once_each_in_a_batch(voting, monkeypatch):
    hall, poll = voting
    batches = []
    real = hot_path.write_batch
    monkeypatch.setattr(
        hot_path,
        "write_batch",
        lambda ps, loop, waiting: batches.append(len(ps)) or real(ps, loop, waiting),
    )
    sessions = [session_of(p.user) for p in hall.delegates[:5]]
    url = f"/api/votes/{poll.pk}/cast"
    tokens = [secrets.token_urlsafe(24) for _ in sessions]
    choices = ["yes", "yes", "no", "abstain", "yes"]
    presses = [
        (s, url, press(poll, p, c, t), True)
        for s, p, c, t in zip(sessions, hall.delegates[:5], choices, tokens, strict=True)
    ]
    first = post_all(presses)
    assert [r.status_code for r in first] == [201] * 5, [r.text for r in first]
    assert all(r.json()["message"] == "表决成功。" for r in first)
    trackers = [r.json()["receipt"] for r in first]
    assert trackers == [encrypted.tracker(p[2]["ballot"]) for p in presses]
    assert sum(batches) == 5 and len(batches) < 5  # pressed together, written together
    # The same devices retrying: the same receipts, nothing counted twice.
    again = post_all(presses)
    assert [r.status_code for r in again] == [200] * 5
    assert [r.json()["receipt"] for r in again] == [r.json()["receipt"] for r in first]
    assert Voter.objects.filter(poll=poll).count() == 5 == EncryptedBallot.objects.count()
    assert sorted(EncryptedBallot.objects.values_list("tracker", flat=True)) == sorted(trackers)
    cast_events = Event.objects.filter(kind="votes.cast")
    assert sorted(p for e in cast_events for p in e.data["persons"]) == sorted(
        p.pk for p in hall.delegates[:5]
    )
    assert all(set(e.data) == {"persons"} for e in cast_events)  # never a secret choice
    assert all(e.data["persons"] == sorted(e.data["persons"]) for e in cast_events)
    poll = close_and_count(poll, hall.officer, hall.scrutineers)
    assert (poll.state, poll.yes, poll.no, poll.abstain) == (State.PUBLISHED, 3, 1, 1)
    assert verify_chain().ok


def test_one_delegate_pressing_from_two_devices_at_once_counts_once(voting):
    hall, poll = voting
    session = session_of(hall.delegates[0].user)
    url = f"/api/votes/{poll.pk}/cast"
    me = hall.delegates[0]
    results = post_all(
        [(session, url, press(poll, me, "yes"), True), (session, url, press(poll, me, "no"), True)]
    )
    assert sorted(r.status_code for r in results) == [201, 409]
    refused = next(r for r in results if r.status_code == 409).json()
    assert refused["code"] == "already_voted" and "重复" in refused["message"]
    assert Voter.objects.count() == 1 == EncryptedBallot.objects.count()


@pytest.mark.parametrize(
    ("case", "status", "code"),
    [
        ("not_checked_in", 403, "not_entitled"),
        ("another_voters_ballot", 422, "ballot_wrong_voter"),
        ("another_votes_ballot", 422, "ballot_wrong_election"),
        ("plain_choice", 422, "ballot_required"),
        ("short_token", 422, "bad_token"),
        ("closed", 409, "not_open"),
        ("unknown_poll", 404, "not_found"),
        ("no_token", 422, "invalid_input"),  # handed to Django
        ("not_json", 422, "invalid_input"),  # handed to Django
        ("anonymous", 401, "not_signed_in"),  # handed to Django
        ("no_csrf", 403, "csrf_failed"),  # handed to Django
        ("forged_session", 401, "not_signed_in"),  # handed to Django
    ],
)
def test_bad_presses_get_the_apis_chinese_4xx_and_change_nothing(voting, case, status, code):
    hall, poll = voting
    session = session_of(hall.delegates[0].user)
    url, payload, csrf = f"/api/votes/{poll.pk}/cast", press(poll, hall.delegates[0]), True
    if case == "not_checked_in":
        late = hall.delegates[5]
        late.user = late.user or User.objects.create_user("late", password=PASSWORD)
        late.save(update_fields=["user"])
        session = session_of(late.user)
        payload = press(poll, late)
    elif case == "another_voters_ballot":  # replayed from another delegate's phone
        payload["ballot"] = press(poll, hall.delegates[1])["ballot"]
    elif case == "another_votes_ballot":  # a page left open from an earlier vote
        payload["ballot"]["election"] = "0" * 64
    elif case == "plain_choice":
        payload = {"choice": "yes", "client_token": payload["client_token"]}
    elif case == "short_token":
        payload["client_token"] = "short"
    elif case == "closed":
        actions.close_poll(poll, hall.officer)
    elif case == "unknown_poll":
        url = "/api/votes/999999/cast"
    elif case == "no_token":
        del payload["client_token"]
    elif case == "not_json":
        payload = ["yes"]
    elif case == "anonymous":
        session = None
    elif case == "no_csrf":
        csrf = False
    elif case == "forged_session":
        session = "x" * 32
    (r,) = post_all([(session, url, payload, csrf)])
    assert r.status_code == status, r.text
    body = r.json()
    if code:
        assert body["code"] == code
    assert any("\u4e00" <= ch <= "\u9fff" for ch in body["message"])
    assert Voter.objects.count() == 0 == EncryptedBallot.objects.count()


def test_a_user_whose_password_changed_is_not_let_in_by_an_old_session(voting):
    hall, poll = voting
    user = hall.delegates[0].user
    session = session_of(user)
    user.set_password("another-password-1")
    user.save()
    body = press(poll, hall.delegates[0])
    (r,) = post_all([(session, f"/api/votes/{poll.pk}/cast", body, True)])
    assert r.status_code == 401 and r.json()["code"] == "not_signed_in"
    assert Voter.objects.count() == 0


def test_a_batch_broken_by_one_press_is_written_press_by_press(voting, monkeypatch):
    from django.db import IntegrityError

    from lianghui.votes import casting

    hall, poll = voting
    real = casting.cast_many
    sizes = []

    def breaks_when_batched(poll_id, requests, waiting=None):
        sizes.append(len(requests))
        if len(requests) > 1:
            raise IntegrityError("a constraint broken by one of them")
        if requests[0].person_id == hall.delegates[1].pk:
            raise IntegrityError("this one breaks it on its own too")
        return real(poll_id, requests, waiting)

    monkeypatch.setattr(casting, "cast_many", breaks_when_batched)
    url = f"/api/votes/{poll.pk}/cast"
    people = hall.delegates[:3]
    results = post_all([(session_of(p.user), url, press(poll, p), True) for p in people])
    assert [r.status_code for r in results] == [201, 503, 201]
    assert "不会重复计票" in results[1].json()["message"]
    assert Voter.objects.count() == 2 == EncryptedBallot.objects.count()
    assert max(sizes) > 1  # it was a batch first


def test_a_database_failure_answers_the_whole_batch_at_once(voting, monkeypatch):
    from django.db import OperationalError

    from lianghui.votes import casting

    hall, poll = voting
    calls = []

    def database_down(poll_id, requests, waiting=None):
        calls.append(len(requests))
        raise OperationalError("the database went away")

    monkeypatch.setattr(casting, "cast_many", database_down)
    url = f"/api/votes/{poll.pk}/cast"
    people = hall.delegates[:3]
    results = post_all([(session_of(p.user), url, press(poll, p), True) for p in people])
    assert [r.status_code for r in results] == [503] * 3
    assert sum(calls) == 3  # not retried press by press: it would fail for each the same way
    assert Voter.objects.count() == 0


def test_two_voters_sending_the_same_token_are_each_counted_once(voting):
    """An encrypted ballot is bound to its voter by its proofs, not by the device token: two
    phones that send the same token are two voters, each recognised on a retry."""
    hall, poll = voting
    url = f"/api/votes/{poll.pk}/cast"
    shared = secrets.token_urlsafe(24)
    a, b = hall.delegates[:2]
    bodies = [press(poll, a, "yes", shared), press(poll, b, "no", shared)]
    sessions = [session_of(a.user), session_of(b.user)]
    together = post_all([(s, url, body, True) for s, body in zip(sessions, bodies, strict=True)])
    assert [r.status_code for r in together] == [201, 201]
    again = post_all([(s, url, body, True) for s, body in zip(sessions, bodies, strict=True)])
    assert [r.status_code for r in again] == [200, 200]
    assert [r.json()["receipt"] for r in again] == [r.json()["receipt"] for r in together]
    assert Voter.objects.count() == 2 == EncryptedBallot.objects.count()


def test_a_long_body_in_chunks_is_handed_to_django_whole(voting):
    """Over MAX_BODY, in several chunks: Django reads it all and answers (here 422)."""
    from lianghui.asgi import application

    hall, poll = voting
    session = session_of(hall.delegates[0].user)
    body = ('{"choice": "yes", "client_token": "' + "x" * 6000 + '"}').encode()
    chunks = [body[i : i + 1000] for i in range(0, len(body), 1000)]
    messages = [
        {"type": "http.request", "body": chunk, "more_body": i < len(chunks) - 1}
        for i, chunk in enumerate(chunks)
    ]
    sent = []

    async def receive():
        if messages:
            return messages.pop(0)
        await asyncio.Event().wait()  # the client stays connected until answered

    async def send(message):
        sent.append(message)

    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "POST",
        "scheme": "http",
        "path": f"/api/votes/{poll.pk}/cast",
        "raw_path": f"/api/votes/{poll.pk}/cast".encode(),
        "query_string": b"",
        "root_path": "",
        "headers": [
            (b"host", b"testserver"),
            (b"content-type", b"application/json"),
            (b"content-length", str(len(body)).encode()),
            (b"cookie", f"csrftoken={CSRF}; sessionid={session}".encode()),
            (b"x-csrftoken", CSRF.encode()),
        ],
        "client": ("127.0.0.1", 1),
        "server": ("testserver", 80),
    }
    asyncio.run(application(scope, receive, send))
    start = next(m for m in sent if m["type"] == "http.response.start")
    assert start["status"] == 422
    assert Voter.objects.count() == 0


def test_a_cancelled_writer_answers_every_waiting_press(voting):
    async def run():
        loop = asyncio.get_running_loop()
        writer = hot_path.BatchWriter(loop)
        futures = [
            writer.submit(hot_path.Press(poll.pk, "k" * 32, "yes", "t" * 24)) for _ in range(3)
        ]
        writer.task.cancel()
        await asyncio.sleep(0)
        results = await asyncio.gather(*futures, return_exceptions=True)
        return results

    hall, poll = voting
    results = asyncio.run(run())
    assert all(isinstance(r, BaseException) for r in results)


def test_cancelling_a_secret_vote_decrypts_nothing(voting):
    hall, poll = voting
    url = f"/api/votes/{poll.pk}/cast"
    post_all([(session_of(p.user), url, press(poll, p), True) for p in hall.delegates[:3]])
    made = TallyPart.objects.filter(poll=poll).values_list("trackers", flat=True)
    assert sorted(t for trackers in made for t in trackers) == sorted(  # made with the checks
        EncryptedBallot.objects.filter(poll=poll).values_list("tracker", flat=True)
    )
    poll = actions.cancel(poll, "议程调整", hall.officer)
    assert not TallyPart.objects.filter(poll=poll).exists()
    assert EncryptedBallot.objects.filter(poll=poll).count() == 3  # ciphertexts, kept as they are
    assert actions.decryption_request(poll) is None and poll.yes is None


@pytest.mark.parametrize(
    ("how", "code"), [("bad_proof", "ballot_bad_proof"), ("bad_point", "ballot_malformed")]
)
def test_a_forged_press_is_stored_then_removed_once_its_proofs_are_checked(voting, how, code):
    """The hot path answers once a ballot is stored and checks its proofs when no press
    waits: a forged ballot is then removed with its voter's row, logged, and recorded."""
    hall, poll = voting
    session = session_of(hall.delegates[0].user)
    url = f"/api/votes/{poll.pk}/cast"
    (r,) = post_all([(session, url, forge(press(poll, hall.delegates[0]), how), True)])
    assert r.status_code == 201, r.text
    assert Voter.objects.count() == 0 == EncryptedBallot.objects.count()
    (refused,) = Event.objects.filter(kind="votes.ballot_refused")
    assert refused.data == {"person": hall.delegates[0].pk, "code": code}
    # The voter's own phone, pressing again with a true ballot, is counted.
    (r,) = post_all([(session, url, press(poll, hall.delegates[0], "no"), True)])
    assert r.status_code == 201, r.text
    assert list(EncryptedBallot.objects.values_list("checked", flat=True)) == [True]
    poll = close_and_count(poll, hall.officer, hall.scrutineers)
    assert (poll.yes, poll.no, poll.abstain) == (0, 1, 0)
    assert verify_chain().ok


def test_ballots_a_stopped_worker_left_unchecked_are_checked_by_the_close(voting, monkeypatch):
    async def stopped_before_checking(chunk):
        raise RuntimeError("the worker stopped")

    monkeypatch.setattr(hot_path, "_check_proofs", stopped_before_checking)
    hall, poll = voting
    url = f"/api/votes/{poll.pk}/cast"
    people = hall.delegates[:4]
    bodies = [press(poll, p, c) for p, c in zip(people, ["yes", "yes", "no", "no"], strict=True)]
    forge(bodies[3], "bad_proof")
    results = post_all(
        [(session_of(p.user), url, b, True) for p, b in zip(people, bodies, strict=True)]
    )
    assert [r.status_code for r in results] == [201] * 4
    assert EncryptedBallot.objects.filter(checked=False).count() == 4 == Voter.objects.count()
    poll = close_and_count(poll, hall.officer, hall.scrutineers)
    assert (poll.yes, poll.no, poll.abstain) == (2, 1, 0)
    assert EncryptedBallot.objects.filter(checked=True).count() == 3 == Voter.objects.count()
    assert not Voter.objects.filter(person=people[3]).exists()
    (refused,) = Event.objects.filter(kind="votes.ballot_refused")
    assert refused.data == {"person": people[3].pk, "code": "ballot_bad_proof"}
    assert verify_chain().ok


def test_a_forged_change_is_refused_at_once_and_the_stored_ballot_kept(voting):
    """Under last-press-valid a second press replaces the first: its proofs are checked
    before it replaces anything, so a forged one cannot take the place of a true one."""
    hall, earlier = voting
    actions.close_poll(earlier, hall.officer)  # one vote open at a time
    settings = actions.PollSettings(question="最后一次有效", press="last")
    poll, _ = actions.open_poll(
        actions.create_poll(hall.plenary, settings, hall.officer), hall.officer
    )
    session, token = session_of(hall.delegates[0].user), secrets.token_urlsafe(24)
    url = f"/api/votes/{poll.pk}/cast"
    first = press(poll, hall.delegates[0], "yes", token)
    (r,) = post_all([(session, url, first, True)])
    assert r.status_code == 201
    (r,) = post_all(
        [(session, url, forge(press(poll, hall.delegates[0], "no", token), "bad_proof"), True)]
    )
    assert r.status_code == 422 and r.json()["code"] == "ballot_bad_proof", r.text
    (stored,) = EncryptedBallot.objects.filter(poll=poll)
    assert stored.tracker == encrypted.tracker(first["ballot"]) and stored.checked


def test_a_check_that_comes_after_the_close_changes_nothing(voting):
    """The close checked the waiting ballots itself; the writer's check of the same ballots,
    arriving late, finds the vote closed and leaves everything as the close left it."""
    from lianghui.votes import casting, checking

    hall, poll = voting
    people = hall.delegates[:2]
    bodies = [press(poll, p, "yes") for p in people]
    forge(bodies[1], "bad_point")
    requests = [
        casting.CastRequest(p.pk, "", b["client_token"], actor_id=p.user.pk, ballot=b["ballot"])
        for p, b in zip(people, bodies, strict=True)
    ]
    waiting: list = []
    results = casting.cast_many(poll.pk, requests, waiting)
    assert [r.created for r in results] == [True, True] and len(waiting) == 2
    poll = close_and_count(poll, hall.officer, hall.scrutineers)
    assert (poll.yes, poll.no, poll.abstain) == (1, 0, 0)
    assert checking.record_checks([(w, None) for w in waiting]) == 0
    assert checking.record_checks([(w, ("bad_proof", "…")) for w in waiting]) == 0
    assert Event.objects.filter(kind="votes.ballot_refused").count() == 1
    assert list(EncryptedBallot.objects.values_list("checked", flat=True)) == [True]
    assert Voter.objects.count() == 1


def test_the_close_adds_the_parts_made_while_checking_where_their_ballots_are_unchanged(voting):
    """The checks made while the vote is open also multiply the ballots they pass; the close
    takes a part for its ballots only while every one of them is stored as it was, and adds
    the others one by one: the product is that of the ballots stored, whatever happened."""
    from lianghui.ballots.elgamal import ZERO, product
    from lianghui.votes import casting, checking

    hall, earlier = voting
    actions.close_poll(earlier, hall.officer)  # one vote open at a time
    settings_ = actions.PollSettings(question="部分积", press="last")
    poll, _ = actions.open_poll(
        actions.create_poll(hall.plenary, settings_, hall.officer), hall.officer
    )
    people = hall.delegates[:5]
    devices = [secrets.token_urlsafe(24) for _ in people]

    def cast(i: int, choice: str, forged: bool = False) -> list:
        body = press(poll, people[i], choice, devices[i])
        if forged:
            forge(body, "bad_proof")
        request = casting.CastRequest(
            people[i].pk, "", devices[i], actor_id=people[i].user.pk, ballot=body["ballot"]
        )
        waiting: list = []
        (result,) = casting.cast_many(poll.pk, [request], waiting)
        assert isinstance(result, casting.CastResult), result
        return waiting

    def check(waiting: list) -> None:
        outcomes, parts = asyncio.run(hot_path._check_proofs(waiting))
        checking.record_checks(list(zip(waiting, outcomes, strict=True)), parts)

    def stored_product() -> list:
        rows = EncryptedBallot.objects.filter(poll=poll).values_list(
            "ballot__answers__0__choices", flat=True
        )
        ballots = [encrypted._stored_ciphertexts(choices) for choices in rows]
        return [product(b[i] for b in ballots) for i in range(3)]

    first = [w for i, c in enumerate(["yes", "no"]) for w in cast(i, c)]
    check(first)  # one part: voters 0 and 1
    second = [w for i, c in [(2, "yes"), (3, "abstain")] for w in cast(i, c)]
    second += cast(4, "no", forged=True)
    check(second)  # one part: voters 2 and 3; the forged ballot is removed
    parts = list(TallyPart.objects.filter(poll=poll).order_by("pk"))
    assert [len(p.trackers) for p in parts] == [2, 2]
    assert EncryptedBallot.objects.filter(poll=poll).count() == 4
    assert encrypted.tally(poll) == stored_product()

    # The second part is used: made wrong, it makes the product wrong.
    parts[1].sums = [ZERO.to_json()] * 3
    parts[1].save()
    assert encrypted.tally(poll) != stored_product()
    # Voter 2 changes their vote (a change is checked before it is stored, and makes no
    # part): that wrong part no longer stands for what is stored. Nor do parts that name
    # no ballot, a ballot never stored, or a ballot twice, one no other part covers (the
    # changed one): each is left out, and its ballots are added one by one.
    assert cast(2, "no") == []
    covered = {t for p in parts for t in p.trackers}
    (changed,) = set(EncryptedBallot.objects.values_list("tracker", flat=True)) - covered
    for trackers in ([], ["0" * 64], [changed] * 2):
        TallyPart.objects.create(poll=poll, trackers=trackers, sums=parts[0].sums)
    assert encrypted.tally(poll) == stored_product()

    poll = close_and_count(poll, hall.officer, hall.scrutineers)
    assert (poll.yes, poll.no, poll.abstain) == (1, 2, 1)
    assert not TallyPart.objects.filter(poll=poll).exists()  # used, and gone


PRESS = st.tuples(
    st.just("press"),
    st.integers(0, 3),  # who
    st.sampled_from(["yes", "no", "abstain"]),
    st.booleans(),  # forged
    st.booleans(),  # from the voter's first device (else another)
)
RECORD = st.tuples(st.just("record"), st.integers(0, 6))  # how many waiting checks arrive


@settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(steps=st.lists(st.one_of(PRESS, RECORD), min_size=1, max_size=12))
def test_whatever_arrives_when_no_forged_ballot_is_counted_and_no_true_one_lost(voting, steps):
    """Presses (true or forged, first presses and changes from the voter's device or
    another) and the outcomes of their checks, in any order, then the close: what is
    counted is exactly the last true ballot each voter's device had acknowledged."""
    from lianghui.votes import casting, checking

    hall, _ = voting
    for open_poll in Poll.objects.filter(state=State.OPEN):
        actions.close_poll(open_poll, hall.officer)
    settings_ = actions.PollSettings(question="任意次序", press="last")
    poll, _ = actions.open_poll(
        actions.create_poll(hall.plenary, settings_, hall.officer), hall.officer
    )
    poll = Poll.objects.get(pk=poll.pk)
    people = hall.delegates[:4]
    devices = {p.pk: secrets.token_urlsafe(24) for p in people}
    waiting: list = []
    counted: dict[int, tuple[str, str]] = {}  # person → (tracker, choice) acknowledged, true
    forged_stored: set[str] = set()
    forged_of: dict[int, str] = {}  # person → their forged ballot stored last
    to_refuse: set[str] = set()  # forged ballots stored and not replaced by a true change
    for step in steps:
        if step[0] == "record":
            arrived, waiting = waiting[: step[1]], waiting[step[1] :]
            if arrived:  # checked as the hot path checks them, with the parts of the tally
                outcomes, parts = asyncio.run(hot_path._check_proofs(arrived))
                checking.record_checks(list(zip(arrived, outcomes, strict=True)), parts)
            continue
        _, who, choice, forged, first_device = step
        person = people[who]
        body = press(poll, person, choice, devices[person.pk] if first_device else None)
        if forged:
            forge(body, "bad_proof")
        request = casting.CastRequest(
            person.pk, "", body["client_token"], actor_id=person.user.pk, ballot=body["ballot"]
        )
        (result,) = casting.cast_many(poll.pk, [request], waiting)
        if isinstance(result, casting.CastResult) and (result.created or result.changed):
            tracker = encrypted.tracker(body["ballot"])
            if forged:
                assert result.created  # a forged change is refused before it replaces anything
                forged_stored.add(tracker)
                to_refuse.add(tracker)
                forged_of[person.pk] = tracker
                counted.pop(person.pk, None)
            else:
                if result.changed:  # it replaced what was stored: a forged one is not refused
                    to_refuse.discard(forged_of.pop(person.pk, None))
                counted[person.pk] = (tracker, choice)
            if result.created and not first_device:
                devices[person.pk] = body["client_token"]  # the device that voted first
        elif not isinstance(result, casting.CastResult):
            assert forged or not first_device, result
    poll = close_and_count(poll, hall.officer, hall.scrutineers)
    stored = dict(EncryptedBallot.objects.filter(poll=poll).values_list("tracker", "checked"))
    assert set(stored.values()) <= {True}
    assert not forged_stored & stored.keys()
    assert set(stored) == {tracker for tracker, _ in counted.values()}
    assert Voter.objects.filter(poll=poll).count() == len(stored)
    choices = [choice for _, choice in counted.values()]
    assert (poll.yes, poll.no, poll.abstain) == tuple(
        choices.count(c) for c in ("yes", "no", "abstain")
    )
    refused = Event.objects.filter(kind="votes.ballot_refused", subject=subject_of(poll))
    assert refused.count() == len(to_refuse)
