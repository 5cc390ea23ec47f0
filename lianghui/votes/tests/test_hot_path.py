"""The hall's hot path through the real ASGI application (lianghui.asgi), over HTTP.

Casts are answered by votes.hot_path in batches; everything it does not answer itself goes
to Django. Either way the client sees the same API: these are the API's cases again.
"""

import asyncio
import secrets

import httpx
import pytest
from django.contrib.auth.models import User
from django.test import Client

from conftest import PASSWORD
from lianghui.attendance import actions as attendance
from lianghui.attendance.models import Method
from lianghui.audit.log import verify_chain
from lianghui.audit.models import Event
from lianghui.votes import actions, hot_path
from lianghui.votes.models import SecretBallot, State, Voter

pytestmark = pytest.mark.django_db(transaction=True)
CSRF = "a" * 32  # an unmasked CSRF secret: Django accepts it as cookie and header alike


@pytest.fixture
def voting(hall):
    for i, person in enumerate(hall.delegates[:5]):
        attendance.check_in(hall.plenary, person, Method.DESK, hall.officer)
        person.user = person.user or User.objects.create_user(f"hot{i}", password=PASSWORD)
        person.save(update_fields=["user"])
    poll = actions.create_poll(hall.plenary, actions.PollSettings(question="热路径"), hall.officer)
    poll, _ = actions.open_poll(poll, hall.officer)
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

            return await asyncio.gather(*(one(*r) for r in requests))

    return asyncio.run(run())


def press(choice="yes", token=None) -> dict:
    return {"choice": choice, "client_token": token or secrets.token_urlsafe(24)}


def test_delegates_pressing_at_once_are_counted_once_each_in_a_batch(voting, monkeypatch):
    hall, poll = voting
    batches = []
    real = hot_path.write_batch
    monkeypatch.setattr(hot_path, "write_batch", lambda ps: batches.append(len(ps)) or real(ps))
    sessions = [session_of(p.user) for p in hall.delegates[:5]]
    url = f"/api/votes/{poll.pk}/cast"
    tokens = [secrets.token_urlsafe(24) for _ in sessions]
    choices = ["yes", "yes", "no", "abstain", "yes"]
    presses = [
        (s, url, press(c, t), True) for s, c, t in zip(sessions, choices, tokens, strict=True)
    ]
    first = post_all(presses)
    assert [r.status_code for r in first] == [201] * 5, [r.text for r in first]
    assert all(r.json()["message"] == "表决成功。" and r.json()["receipt"] for r in first)
    assert sum(batches) == 5 and len(batches) < 5  # pressed together, written together
    # The same devices retrying: the same receipts, nothing counted twice.
    again = post_all(presses)
    assert [r.status_code for r in again] == [200] * 5
    assert [r.json()["receipt"] for r in again] == [r.json()["receipt"] for r in first]
    assert Voter.objects.filter(poll=poll).count() == 5 == SecretBallot.objects.count()
    cast_events = Event.objects.filter(kind="votes.cast")
    assert sorted(p for e in cast_events for p in e.data["persons"]) == sorted(
        p.pk for p in hall.delegates[:5]
    )
    assert all(set(e.data) == {"persons"} for e in cast_events)  # never a secret choice
    poll = actions.close_poll(poll, hall.officer)
    assert (poll.state, poll.yes, poll.no, poll.abstain) == (State.PUBLISHED, 3, 1, 1)
    assert verify_chain().ok


def test_one_delegate_pressing_from_two_devices_at_once_counts_once(voting):
    hall, poll = voting
    session = session_of(hall.delegates[0].user)
    url = f"/api/votes/{poll.pk}/cast"
    results = post_all([(session, url, press("yes"), True), (session, url, press("no"), True)])
    assert sorted(r.status_code for r in results) == [201, 409]
    refused = next(r for r in results if r.status_code == 409).json()
    assert refused["code"] == "already_voted" and "重复" in refused["message"]
    assert Voter.objects.count() == 1 == SecretBallot.objects.count()


@pytest.mark.parametrize(
    ("case", "status", "code"),
    [
        ("not_checked_in", 403, "not_entitled"),
        ("bad_choice", 422, "bad_choice"),
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
    url, payload, csrf = f"/api/votes/{poll.pk}/cast", press(), True
    if case == "not_checked_in":
        late = hall.delegates[5]
        late.user = User.objects.create_user("late", password=PASSWORD)
        late.save(update_fields=["user"])
        session = session_of(late.user)
    elif case == "bad_choice":
        payload["choice"] = "maybe"
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
    assert Voter.objects.count() == 0 == SecretBallot.objects.count()


def test_a_user_whose_password_changed_is_not_let_in_by_an_old_session(voting):
    hall, poll = voting
    user = hall.delegates[0].user
    session = session_of(user)
    user.set_password("another-password-1")
    user.save()
    (r,) = post_all([(session, f"/api/votes/{poll.pk}/cast", press(), True)])
    assert r.status_code == 401 and r.json()["code"] == "not_signed_in"
    assert Voter.objects.count() == 0


def test_a_batch_broken_by_one_press_is_written_press_by_press(voting, monkeypatch):
    from django.db import IntegrityError

    from lianghui.votes import casting

    hall, poll = voting
    real = casting.cast_many
    sizes = []

    def breaks_when_batched(poll_id, requests):
        sizes.append(len(requests))
        if len(requests) > 1:
            raise IntegrityError("a constraint broken by one of them")
        if requests[0].choice == "no":
            raise IntegrityError("this one breaks it on its own too")
        return real(poll_id, requests)

    monkeypatch.setattr(casting, "cast_many", breaks_when_batched)
    url = f"/api/votes/{poll.pk}/cast"
    sessions = [session_of(p.user) for p in hall.delegates[:3]]
    choices = ["yes", "no", "yes"]
    results = post_all([(s, url, press(c), True) for s, c in zip(sessions, choices, strict=True)])
    assert [r.status_code for r in results] == [201, 503, 201]
    assert "不会重复计票" in results[1].json()["message"]
    assert Voter.objects.count() == 2 == SecretBallot.objects.count()
    assert max(sizes) > 1  # it was a batch first


def test_a_database_failure_answers_the_whole_batch_at_once(voting, monkeypatch):
    from django.db import OperationalError

    from lianghui.votes import casting

    hall, poll = voting
    calls = []

    def database_down(poll_id, requests):
        calls.append(len(requests))
        raise OperationalError("the database went away")

    monkeypatch.setattr(casting, "cast_many", database_down)
    url = f"/api/votes/{poll.pk}/cast"
    sessions = [session_of(p.user) for p in hall.delegates[:3]]
    results = post_all([(s, url, press(), True) for s in sessions])
    assert [r.status_code for r in results] == [503] * 3
    assert sum(calls) == 3  # not retried press by press: it would fail for each the same way
    assert Voter.objects.count() == 0


def test_two_voters_sending_the_same_token_the_second_is_refused(voting):
    hall, poll = voting
    url = f"/api/votes/{poll.pk}/cast"
    shared = secrets.token_urlsafe(24)
    a, b, c = (session_of(p.user) for p in hall.delegates[:3])
    together = post_all([(a, url, press("yes", shared), True), (b, url, press("no", shared), True)])
    assert sorted(r.status_code for r in together) == [201, 409]
    owner, other = (a, b) if together[0].status_code == 201 else (b, a)
    receipt = next(r for r in together if r.status_code == 201).json()["receipt"]
    assert next(r for r in together if r.status_code == 409).json()["code"] == "token_in_use"
    (later,) = post_all([(c, url, press("no", shared), True)])
    assert later.status_code == 409 and later.json()["code"] == "token_in_use"
    # The owner's retry is recognised; the other voter is still refused.
    (retry,) = post_all([(owner, url, press("yes", shared), True)])
    assert retry.status_code == 200 and retry.json()["receipt"] == receipt
    (again,) = post_all([(other, url, press("yes", shared), True)])
    assert again.status_code == 409 and again.json()["code"] == "token_in_use"
    assert Voter.objects.count() == 1 == SecretBallot.objects.count()


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


def test_cancelling_a_secret_vote_puts_its_ballots_to_rest(voting):
    hall, poll = voting
    url = f"/api/votes/{poll.pk}/cast"
    post_all([(session_of(p.user), url, press(), True) for p in hall.delegates[:3]])
    actions.cancel(poll, "议程调整", hall.officer)
    assert SecretBallot.objects.filter(poll=poll).count() == 3
    assert not SecretBallot.objects.filter(poll=poll, change_hash__isnull=False).exists()
