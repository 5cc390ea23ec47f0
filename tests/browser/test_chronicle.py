"""A recorder enters a speech in a group deliberation; the chronicle draft shows it."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from lianghui.people.models import Organisation
from lianghui.sessions.models import AgendaItem, Meeting, MeetingKind, Session
from tests.browser.conftest import DEMO_TITLE, assert_chinese_renders, screenshot, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_recorded_speech_appears_in_the_chronicle_draft(page, live_server, demo):
    accounts, password = demo
    session = Session.objects.get(title=DEMO_TITLE)
    hunan = Organisation.objects.get(name="湖南代表团")
    meeting = Meeting.objects.create(
        session=session,
        kind=MeetingKind.GROUP,
        group=hunan,
        title="湖南代表团分组审议",
        starts_at=dt.datetime(2024, 1, 11, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai")),
    )
    AgendaItem.objects.create(
        meeting=meeting, order=1, kind="deliberation", title="审议政府工作报告"
    )
    speaker = hunan.memberships.filter(role="group_member").select_related("person").first().person

    sign_in(page, live_server.url, accounts.secretariat, password)
    page.goto(f"{live_server.url}/deliberations/{meeting.pk}/")
    page.click("button:has-text('建立审议记录')")
    page.wait_for_selector("#speech-form")
    page.select_option("#speech-form select[name=speaker]", str(speaker.pk))
    page.fill("#speech-form input[name=topic]", "推进衡复风貌区城市更新")
    page.fill("#speech-form textarea[name=summary]", "建议加快历史风貌保护与民生改善相结合。")
    page.click("#speech-form button.primary")
    page.wait_for_selector(f".speech .speaker:has-text('{speaker.name}')")
    screenshot(page, "deliberation-record")

    page.goto(f"{live_server.url}/sessions/{session.pk}/chronicle/")
    page.click("button:has-text('生成草稿')")
    page.wait_for_load_state("networkidle")
    text = page.inner_text("main")
    assert "湖南代表团" in text and speaker.name in text and "推进衡复风貌区城市更新" in text
    assert "1 月 11 日" in text
    assert_chinese_renders(page, text)
    screenshot(page, "chronicle-draft")
