"""An encrypted electronic election in browsers: three scrutineers' pages make the key, a
delegate marks the ballot on a phone (encrypted there; an over-vote is stopped on the phone),
the chair closes, the trustees' pages decrypt the totals by themselves, the count appears,
and the public record verifies."""

import time

import pytest
from django.contrib.auth.models import User

from conftest import PASSWORD
from lianghui.attendance import actions as attendance
from lianghui.attendance.models import Method
from lianghui.ballots import record as R
from lianghui.elections import actions, encrypted
from lianghui.elections.models import (
    Candidate,
    Election,
    ElectionState,
    EncryptedElectionBallot,
    Office,
)
from lianghui.people.models import Person
from lianghui.scrutiny import actions as scrutiny
from tests.browser.conftest import screenshot, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_key_ceremony_phone_ballot_close_and_count(browser, phone, asgi_server, hall, decide):
    base = asgi_server.url
    for i, person in enumerate(hall.delegates):
        attendance.check_in(hall.plenary, person, Method.DESK, hall.officer)
        if person.user is None:
            person.user = User.objects.create_user(f"ee{i}", password=PASSWORD)
            person.save(update_fields=["user"])
    trustees = hall.delegates[1:4]
    key = scrutiny.start(hall.plenary, [p.pk for p in trustees], None, hall.officer)
    contexts, pages = [], []
    for person in trustees:
        context = browser.new_context(locale="zh-CN", timezone_id="Asia/Shanghai")
        page = context.new_page()
        sign_in(page, base, person.user.username, PASSWORD)
        page.goto(f"{base}/tally-keys/{key.pk}/")
        contexts.append(context)
        pages.append(page)
    for page in pages:
        page.wait_for_selector("text=计票公钥已发布", timeout=60_000)

    office = Office.objects.create(body=hall.congress, title="区人民政府区长", kind="head")
    election = actions.create_election(hall.plenary, office, 1, hall.officer, mode="electronic")
    a, b = Person.objects.create(name="甲一"), Person.objects.create(name="乙二")
    # Two candidates for one seat (a joint nomination needs more delegates than the cast has).
    Candidate.objects.create(election=election, person=a, order=1)
    Candidate.objects.create(election=election, person=b, order=2)
    Election.objects.filter(pk=election.pk).update(state=ElectionState.FIXED)
    election = actions.open_election(Election.objects.get(pk=election.pk), hall.officer)
    assert election.definition is not None

    sign_in(phone, base, hall.delegates[0].user.username, PASSWORD)
    phone.goto(f"{base}/elections/{election.pk}/ballot/")
    # Two 赞成 for one seat: the phone refuses before encrypting (EL 44).
    phone.check(f"input[name=mark-{a.pk}][value=yes]")
    phone.check(f"input[name=mark-{b.pk}][value=yes]")
    phone.click("#election-ballot button")
    phone.wait_for_selector("#ballot-error:not([hidden])")
    assert "多于应选名额" in phone.inner_text("#ballot-error")
    assert not EncryptedElectionBallot.objects.filter(election=election).exists()
    phone.check(f"input[name=mark-{b.pk}][value=no]")
    phone.click("#election-ballot button")
    phone.wait_for_selector("#ballot-done:not([hidden])", timeout=30_000)
    receipt = phone.inner_text("#ballot-done .receipt").strip()
    stored = EncryptedElectionBallot.objects.get(election=election)
    assert receipt == stored.tracker and "yes" not in str(stored.ballot)
    screenshot(phone, "encrypted-election-phone")

    started = time.monotonic()
    actions.close_voting(election, hall.officer)
    while Election.objects.get(pk=election.pk).state != ElectionState.COUNTED:
        assert time.monotonic() - started < 30, "the trustees' pages did not decrypt"
        time.sleep(0.2)
    election.refresh_from_db()
    tallies = {t["name"]: (t["yes"], t["no"], t["abstain"]) for t in election.result["tallies"]}
    assert tallies == {"甲一": (1, 0, 0), "乙二": (0, 1, 0)}

    actions.declare(election, hall.officer, decide.validity(election))
    phone.goto(f"{base}/elections/{election.pk}/result/")
    assert "甲一 得赞成票 1 票" in phone.inner_text("body")
    phone.goto(f"{base}/elections/{election.pk}/record/?tracker={receipt}")
    assert "这张选票在记录中" in phone.inner_text("body")
    verdict = R.verify(encrypted.record(election, actions.decryption_request(election)), jobs=1)
    assert verdict.ok, verdict.message
    assert verdict.counts == [[1, 0, 0], [0, 1, 0]]
    for context in contexts:
        context.close()
