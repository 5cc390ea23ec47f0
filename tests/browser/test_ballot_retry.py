"""A phone's press whose connection drops is sent again, and counted once.

Served by the real ASGI application (the hall's hot path). Playwright's routing stands in
for the hall Wi-Fi: the first press reaches the server and is stored, but its answer is
lost on the way back; the next attempt meets a 503; the third gets through.
"""

import pytest
from django.contrib.auth import get_user_model

from lianghui.sessions.models import Meeting
from tests.browser.conftest import DEMO_TITLE as TITLE
from tests.browser.conftest import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
TRY_AGAIN = {"code": "try_again", "message": "表决暂未保存，请再按一次（不会重复计票）。"}


def open_vote(accounts, question):
    from lianghui.votes import actions

    meeting = Meeting.objects.get(session__title=TITLE, title__contains="第三次全体会议")
    chair = get_user_model().objects.get(username=accounts.secretariat)
    poll = actions.create_poll(meeting, actions.PollSettings(question=question), chair)
    poll, _ = actions.open_poll(poll, chair)
    return poll


def test_a_press_whose_answer_is_lost_is_sent_again_and_counted_once(phone, asgi_server, demo):
    from lianghui.ballots import ballot as B
    from lianghui.votes.models import Voter

    accounts, password = demo
    poll = open_vote(accounts, "断线重发测试决议")
    sign_in(phone, asgi_server.url, accounts.delegate, password)
    phone.goto(f"{asgi_server.url}/votes/{poll.pk}/")
    phone.on("dialog", lambda dialog: dialog.accept())  # "are you sure?", if the page asks

    attempts, lost_answers = [], []

    def hall_wifi(route):
        attempts.append(route.request.post_data_json)
        if len(attempts) == 1:
            stored = route.fetch()  # reaches the server, which stores the vote...
            lost_answers.append((stored.status, stored.json()))
            route.abort("connectionreset")  # ...but the answer never reaches the phone
        elif len(attempts) == 2:
            route.fulfill(status=503, json=TRY_AGAIN)
        else:
            route.continue_()

    phone.route(f"**/api/votes/{poll.pk}/cast", hall_wifi)
    phone.click("button.big.yes")
    phone.wait_for_selector("#ballot-panel .sending:has-text('正在提交…')")
    phone.wait_for_selector(".voted", timeout=30_000)

    assert len(attempts) == 3
    assert len({a["client_token"] for a in attempts}) == 1  # the same token every time
    # The secret vote is encrypted on the phone: no choice travels, the same ballot each time.
    assert not any("choice" in a for a in attempts)
    assert len({B.tracker(a["ballot"]) for a in attempts}) == 1
    assert not phone.locator(".sending, .notice.error").count()
    assert "赞成" in phone.inner_text(".voted")
    assert Voter.objects.filter(poll=poll).count() == 1
    # The receipt shown is the stored vote's, the one in the answer that was lost.
    ((status, lost),) = lost_answers
    assert status == 201 and lost["created"]
    assert phone.inner_text(".receipt") == lost["receipt"]


def test_a_press_never_answered_ends_in_a_clear_message_without_a_receipt(phone, asgi_server, demo):
    from lianghui.votes.models import Voter

    accounts, password = demo
    poll = open_vote(accounts, "网络中断测试决议")
    sign_in(phone, asgi_server.url, accounts.delegate, password)
    phone.goto(f"{asgi_server.url}/votes/{poll.pk}/")
    phone.on("dialog", lambda dialog: dialog.accept())  # "are you sure?", if the page asks
    attempts = []

    def no_network(route):
        attempts.append(route.request.post_data_json)
        route.abort("internetdisconnected")

    phone.route(f"**/api/votes/{poll.pk}/cast", no_network)
    phone.click("button.big.no")
    phone.wait_for_selector("#ballot-panel .notice.error", timeout=30_000)

    assert len(attempts) == 5  # the first try and four retries, then the phone gives up
    assert len({a["client_token"] for a in attempts}) == 1
    message = phone.inner_text("#ballot-panel .notice.error")
    assert message == "网络错误，未能确认表决已保存，请再按一次（不会重复计票）。"
    assert not phone.locator(".sending, .voted, .receipt").count()
    assert phone.locator(".vote-buttons button:enabled").count() == 3  # may press again
    assert Voter.objects.filter(poll=poll).count() == 0

    # The network is back: the next press goes through, with the same token.
    phone.unroute(f"**/api/votes/{poll.pk}/cast")
    phone.click("button.big.no")
    phone.wait_for_selector(".voted")
    assert "反对" in phone.inner_text(".voted")
    assert Voter.objects.filter(poll=poll).count() == 1
