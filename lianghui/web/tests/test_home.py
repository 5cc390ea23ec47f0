"""The delegate's home: the meeting under way, the open vote, check-in, filings to act on."""

import datetime as dt

import pytest
import time_machine
from django.contrib.auth.models import User
from django.test import Client

from conftest import PASSWORD, SHANGHAI
from lianghui.attendance import actions as attendance
from lianghui.attendance.models import Method
from lianghui.proposals import actions as proposals
from lianghui.proposals.actions import FilingDraft
from lianghui.votes import actions as votes

DURING_PLENARY = dt.datetime(2024, 1, 10, 10, 30, tzinfo=SHANGHAI)


def signed_in(user) -> Client:
    client = Client()
    assert client.login(username=user.username, password=PASSWORD)
    return client


@pytest.mark.django_db
def test_home_puts_the_meeting_the_vote_and_the_filings_first(hall, scrutineers):
    li = User.objects.create_user("lisi", password=PASSWORD)
    hall.delegates[1].user = li
    hall.delegates[1].save(update_fields=["user"])
    with time_machine.travel(DURING_PLENARY, tick=False):
        html = signed_in(hall.delegate_user).get("/").content.decode()
        assert "正在开会：第一次全体会议" in html and f"/hall/{hall.plenary.pk}/tablet" in html
        # Not checked in yet, and the plenary allows self check-in: one tap.
        assert f'action="/meetings/{hall.plenary.pk}/self-checkin/"' in html

        attendance.check_in(hall.plenary, hall.delegates[0], Method.DESK, hall.officer)
        poll = votes.create_poll(
            hall.plenary, votes.PollSettings(question="表决通过会议议程"), hall.officer
        )
        votes.open_poll(poll, hall.officer)
        filing = proposals.file(
            FilingDraft(
                kind="suggestion",
                body_id=hall.congress.pk,
                session_id=hall.session.pk,
                title="关于优化公交线路的建议",
                filer_type="delegates",
                cosigner_ids=(hall.delegates[1].pk,),
                text="建议增开社区巴士。",
            ),
            hall.delegate_user,
        )
        html = signed_in(hall.delegate_user).get("/").content.decode()
        assert "已签到" in html and "self-checkin" not in html
        assert f'href="/votes/{poll.pk}/"' in html and "正在表决：表决通过会议议程" in html
        assert f'href="/proposals/{filing.pk}/"' in html and "草稿待提交：关于优化公交线路" in html

        cosigner = signed_in(li).get("/").content.decode()
        assert "请确认联名：关于优化公交线路的建议" in cosigner
        assert f'action="/meetings/{hall.plenary.pk}/self-checkin/"' in cosigner
        hall.plenary.self_checkin = False
        hall.plenary.save(update_fields=["self_checkin"])
        cosigner = signed_in(li).get("/").content.decode()
        assert "未签到" in cosigner and "self-checkin" not in cosigner

        english = signed_in(hall.delegate_user)
        english.cookies["django_language"] = "en"
        html = english.get("/").content.decode()
        assert "In session: 第一次全体会议" in html and "Vote open: 表决通过会议议程" in html

    # The day after: no meeting under way, the vote is still open and still first.
    with time_machine.travel(DURING_PLENARY + dt.timedelta(days=1), tick=False):
        html = signed_in(hall.delegate_user).get("/").content.decode()
        assert "正在开会" not in html and f'href="/votes/{poll.pk}/"' in html


@pytest.mark.django_db
def test_home_without_a_person_lists_sessions_only(hall):
    html = signed_in(hall.officer).get("/").content.decode()
    assert 'class="card now"' not in html and hall.session.title in html
