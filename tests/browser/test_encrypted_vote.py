"""The whole encrypted vote in browsers: three scrutineers' pages make the key, a delegate
votes on a phone (the ballot is encrypted there), the chair closes, the trustees' pages
answer by themselves, the result appears, and the public record verifies."""

import time

import pytest
from django.contrib.auth.models import User

from conftest import PASSWORD
from lianghui.attendance import actions as attendance
from lianghui.attendance.models import Method
from lianghui.ballots import record as R
from lianghui.scrutiny import actions as scrutiny
from lianghui.votes import actions
from lianghui.votes.models import EncryptedBallot, Poll, SecretBallot
from tests.browser.conftest import screenshot, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_key_ceremony_phone_vote_close_and_result(browser, phone, asgi_server, hall):
    base = asgi_server.url
    for i, person in enumerate(hall.delegates):
        attendance.check_in(hall.plenary, person, Method.DESK, hall.officer)
        if person.user is None:
            person.user = User.objects.create_user(f"ev{i}", password=PASSWORD)
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

    poll = actions.create_poll(
        hall.plenary, actions.PollSettings(question="表决通过加密表决测试决议"), hall.officer
    )
    poll, _ = actions.open_poll(poll, hall.officer)
    assert poll.encrypted

    sign_in(phone, base, hall.delegates[0].user.username, PASSWORD)
    phone.goto(f"{base}/votes/{poll.pk}/")
    phone.click("button.big.yes")
    phone.wait_for_selector("#ballot-panel .receipt", timeout=30_000)
    receipt = phone.inner_text("#ballot-panel .receipt").strip()
    stored = EncryptedBallot.objects.get(poll=poll)
    assert receipt == stored.tracker
    assert SecretBallot.objects.filter(poll=poll).count() == 0
    screenshot(phone, "encrypted-vote-phone")

    started = time.monotonic()
    actions.close_poll(poll, hall.officer)
    while Poll.objects.get(pk=poll.pk).state != "published":
        assert time.monotonic() - started < 30, "the trustees' pages did not decrypt"
        time.sleep(0.2)
    poll.refresh_from_db()
    assert (poll.yes, poll.no, poll.abstain) == (1, 0, 0)

    phone.goto(f"{base}/votes/{poll.pk}/result/")
    assert "赞成" in phone.inner_text("body")
    record = actions.decryption_request(poll)
    from lianghui.votes import encrypted

    verdict = R.verify(encrypted.record(poll, record), jobs=1)
    assert verdict.ok, verdict.message
    assert verdict.counts == [[1, 0, 0]]
    for context in contexts:
        context.close()
