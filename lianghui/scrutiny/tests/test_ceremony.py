"""The key ceremony through the HTTP API: three trustees' devices (simulated by
lianghui.ballots' Trustee, the same steps as static/lianghui/trustee.js) make a 2-of-3 key."""

import pytest
from django.contrib.auth.models import User
from django.test import Client

from conftest import PASSWORD
from lianghui.audit.models import Event
from lianghui.ballots import elgamal as E
from lianghui.ballots import group as G
from lianghui.ballots import threshold as T
from lianghui.scrutiny import rules
from lianghui.scrutiny.models import TallyKey


def login(user) -> Client:
    c = Client()
    assert c.login(username=user.username, password=PASSWORD)
    return c


@pytest.fixture
def trustees(hall):
    people = hall.delegates[:3]
    for i, person in enumerate(people):
        if person.user is None:
            person.user = User.objects.create_user(f"jp{i}", password=PASSWORD)
            person.save(update_fields=["user"])
    return hall, people


def start(hall, people, **kw):
    r = login(hall.officer).post(
        f"/api/scrutiny/meetings/{hall.plenary.pk}/tally-keys",
        {"trustees": [p.pk for p in people], **kw},
        content_type="application/json",
    )
    assert r.status_code == 201, r.content
    return r.json()


def post(client, key_id, step, body):
    return client.post(
        f"/api/scrutiny/tally-keys/{key_id}/{step}", body, content_type="application/json"
    )


def run_ceremony(hall, people):
    state = start(hall, people)
    key_id, ceremony = state["id"], state["ceremony"]
    assert state["threshold"] == 2 and state["phase"] == "keys"
    devices = [T.Trustee.new(ceremony, i, 2) for i in (1, 2, 3)]
    clients = [login(p.user) for p in people]
    for d, c in zip(devices, clients, strict=True):
        r = post(c, key_id, "encryption-key", d.public_encryption_key())
        assert r.status_code == 200, r.content
    state = r.json()
    assert state["phase"] == "shares"
    eks = {
        t["index"]: G.point_from_str(t["encryption_key"]["encryption_key"])
        for t in state["trustees"]
    }
    for d, c in zip(devices, clients, strict=True):
        r = post(c, key_id, "contribution", d.public_contribution(eks))
        assert r.status_code == 200, r.content
    state = r.json()
    assert state["phase"] == "confirm"
    contributions = [t["contribution"] for t in state["trustees"]]
    for d, c in zip(devices, clients, strict=True):
        r = post(c, key_id, "key-share", d.receive_shares(contributions))
        assert r.status_code == 200, r.content
    return r.json(), devices, clients


@pytest.mark.django_db
def test_three_trustees_make_a_two_of_three_key(trustees):
    hall, people = trustees
    state, devices, _ = run_ceremony(hall, people)
    assert state["phase"] == "ready"
    y = G.point_from_str(state["public_key"])
    assert [G.base_mul(d.share).hex() for d in devices] == state["verification_keys"]
    # Any two devices decrypt; the server holds nothing that does.
    c, _ = E.encrypt(y, 1)
    factors = {
        d.index: [G.point_from_str(d.partial_decryption("fp", [c.alpha])["factors"][0]["factor"])]
        for d in devices[1:]
    }
    (ax,) = T.combine(factors, 2)
    assert G.sub(c.beta, ax) == G.base_mul(1)
    kinds = list(
        Event.objects.filter(subject=f"scrutiny.tallykey:{state['id']}").values_list(
            "kind", flat=True
        )
    )
    assert kinds.count("scrutiny.key_ready") == 1 and len(kinds) == 1 + 3 * 3 + 1


@pytest.mark.django_db
def test_refusals_change_nothing(trustees):
    hall, people = trustees
    state = start(hall, people)
    key_id, ceremony = state["id"], state["ceremony"]
    d1 = T.Trustee.new(ceremony, 1, 2)
    c1 = login(people[0].user)
    # an outsider and the secretariat are not trustees
    r = post(login(hall.outsider), key_id, "encryption-key", d1.public_encryption_key())
    assert r.status_code in (403, 404)
    r = post(login(hall.officer), key_id, "encryption-key", d1.public_encryption_key())
    assert r.status_code == 403 and r.json()["code"] == "forbidden"
    # a proof for another ceremony's context
    other = T.Trustee.new("other-ceremony", 1, 2).public_encryption_key()
    r = post(c1, key_id, "encryption-key", other)
    assert r.status_code == 422 and r.json()["code"] == "bad_message"
    assert "核验" in r.json()["message"]
    # posing as trustee 2
    r = post(c1, key_id, "encryption-key", T.Trustee.new(ceremony, 2, 2).public_encryption_key())
    assert r.status_code == 422 and r.json()["code"] == "wrong_trustee"
    # a step out of turn
    msg = d1.public_contribution({1: G.base_mul(d1.decryption_key)})
    r = post(c1, key_id, "contribution", msg)
    assert r.status_code == 409 and r.json()["code"] == "wrong_phase"
    key = TallyKey.objects.get(pk=key_id)
    assert key.phase == "keys" and all(t.encryption_key is None for t in key.trustees.all())


@pytest.mark.django_db
def test_a_share_that_does_not_check_fails_the_ceremony(trustees):
    hall, people = trustees
    state = start(hall, people)
    key_id, ceremony = state["id"], state["ceremony"]
    devices = [T.Trustee.new(ceremony, i, 2) for i in (1, 2, 3)]
    clients = [login(p.user) for p in people]
    for d, c in zip(devices, clients, strict=True):
        post(c, key_id, "encryption-key", d.public_encryption_key())
    eks = {d.index: G.base_mul(d.decryption_key) for d in devices}
    for d, c in zip(devices, clients, strict=True):
        msg = d.public_contribution(eks)
        if d.index == 2:  # trustee 2 sends trustee 1 a share off its committed polynomial
            msg["shares"]["1"] = T.encrypt_share(ceremony, 2, 1, eks[1], 7)
        r = post(c, key_id, "contribution", msg)
    contributions = [t["contribution"] for t in r.json()["trustees"]]
    with pytest.raises(T.CeremonyError, match="trustee 2") as err:
        devices[0].receive_shares(contributions)
    r = post(clients[0], key_id, "complaint", {"sender": 2, "reason": str(err.value)})
    assert r.status_code == 200 and r.json()["phase"] == "failed"
    assert "监票人 2" in r.json()["failure"]
    # a new ceremony may start once the old one failed
    assert start(hall, people)["phase"] == "keys"


@pytest.mark.django_db
def test_parameters_and_one_live_key(trustees):
    hall, people = trustees
    chair = login(hall.officer)
    url = f"/api/scrutiny/meetings/{hall.plenary.pk}/tally-keys"
    r = chair.post(url, {"trustees": [people[0].pk]}, content_type="application/json")
    assert r.status_code == 422 and r.json()["code"] == "too_few_trustees"
    r = chair.post(
        url, {"trustees": [p.pk for p in people], "threshold": 1}, content_type="application/json"
    )
    assert r.status_code == 422 and r.json()["code"] == "bad_threshold"
    r = login(people[0].user).post(
        url, {"trustees": [p.pk for p in people]}, content_type="application/json"
    )
    assert r.status_code == 403
    start(hall, people)
    r = chair.post(url, {"trustees": [p.pk for p in people]}, content_type="application/json")
    assert r.status_code == 409 and r.json()["code"] == "key_exists"


def test_rules():
    assert [rules.default_threshold(n) for n in (2, 3, 4, 5)] == [2, 2, 3, 3]
    assert rules.check_parameters(3, 2) is None
    assert rules.check_parameters(3, 4).code == "bad_threshold"
    assert rules.next_phase(rules.Phase.KEYS, 2, 3) == rules.Phase.KEYS
    assert rules.next_phase(rules.Phase.KEYS, 3, 3) == rules.Phase.SHARES
    assert rules.next_phase(rules.Phase.CONFIRM, 3, 3) == rules.Phase.READY


@pytest.mark.django_db
def test_totals_are_decrypted_by_k_trustees_only(trustees):
    from django.db import transaction

    from lianghui.errors import ActionError
    from lianghui.scrutiny import actions
    from lianghui.scrutiny.models import TallyKey

    hall, people = trustees
    state, devices, _ = run_ceremony(hall, people)
    key = TallyKey.objects.get(pk=state["id"])
    y = G.point_from_str(key.public_key)
    totals = [E.product(E.encrypt(y, m)[0] for m in marks) for marks in ([1, 1, 0], [0, 0, 1])]
    with transaction.atomic():
        req = actions.request_decryption(key, "test:1", "测试", "fp", totals, 3, "/nowhere")
    assert actions.pending(key)[0]["alphas"] == [c.alpha.hex() for c in totals]
    alphas = [c.alpha for c in totals]
    # a forged partial decryption (made with a key that is not trustee 1's share) is refused
    impostor = T.Trustee("x", 1, 2, 1, share=G.random_scalar())
    with pytest.raises(ActionError) as err, transaction.atomic():
        actions.add_partial(req, people[0].user, impostor.partial_decryption("fp", alphas))
    assert err.value.code == "bad_partial_decryption"
    req.refresh_from_db()
    assert req.partials == {}
    with transaction.atomic():
        req = actions.add_partial(req, people[0].user, devices[0].partial_decryption("fp", alphas))
    assert req.counts is None and actions.missing_trustees(req) == [p.name for p in people[1:]]
    with transaction.atomic():
        req = actions.add_partial(req, people[2].user, devices[2].partial_decryption("fp", alphas))
    assert req.counts == [2, 1] and actions.pending(key) == []


@pytest.mark.django_db
def test_the_chair_starts_a_ceremony_from_the_page(trustees):
    from lianghui.attendance import actions as attendance
    from lianghui.attendance.models import Method

    hall, people = trustees
    for p in people:
        attendance.check_in(hall.plenary, p, Method.DESK, hall.officer)
    chair = login(hall.officer)
    url = f"/meetings/{hall.plenary.pk}/tally-keys/new/"
    page = chair.get(url)
    assert page.status_code == 200 and people[0].name in page.content.decode()
    refused = chair.post(url, {"trustee": [people[0].pk]})
    assert refused.status_code == 422 and "至少两名" in refused.content.decode()
    r = chair.post(url, {"trustee": [p.pk for p in people]})
    key = TallyKey.objects.get(meeting=hall.plenary)
    assert r.status_code == 302 and r["Location"] == f"/tally-keys/{key.pk}/"
    assert key.threshold == 2 and key.trustees.count() == 3
    assert chair.get(url).status_code == 302  # one live key per meeting: shown, not made again
    assert login(people[0].user).get(url).status_code == 404  # a delegate is not the chair
