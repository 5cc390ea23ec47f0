"""A secretariat sets up a session from nothing, in the browser only, and every step is audited.

Term, session, two meetings, a 300-person roster (XLSX made here with openpyxl: first with
bad rows, previewed and refused, then clean, confirmed), one delegation's sign-in slips
printed and one delegate signed in on a phone by the slip's QR link, the agenda with a
presenter from the roster, an executive chair; then the session runs: check-in at the desk
(the phone's delegate among them), a named vote opened, pressed on the phone, closed and
published on the console. No admin, no shell. (Served by the real ASGI application, as the
hall is.)
"""

import io
import json
import re
from datetime import timedelta

import pytest
from django.utils import timezone
from openpyxl import Workbook
from playwright.sync_api import TimeoutError as PlaywrightTimeout
from pypdf import PdfReader

from tests.browser.conftest import confirms, screenshot, sign_in
from tests.browser.test_signin_slips import qr_links

pytestmark = pytest.mark.browser

PASSWORD = "setup-password-1"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DELEGATIONS = ["东城代表团", "西城代表团", "南城代表团", "北城代表团", "中城代表团"]
SURNAMES = "赵钱孙李周吴郑王冯陈褚卫蒋沈韩杨朱秦尤许"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平"


def roster(n: int = 300, bad: bool = False) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append(["姓名", "性别", "民族", "出生年月", "代表团", "职务"])
    for i in range(n):
        name = SURNAMES[i % 20] + GIVEN[(i // 20) % 20]  # 400 distinct names
        sheet.append(
            [
                name,
                "女" if i % 2 else "男",
                "汉族",
                f"{1960 + i % 30}.{1 + i % 12:02d}",
                DELEGATIONS[i % 5],
                f"第{i + 1}号单位负责人",
            ]
        )
    if bad:
        sheet.append(["", "男", "汉族", "1970.01", "东城代表团", ""])  # no name
        sheet.append(["钱多多", "未知", "汉族", "1970.13", "东城代表团", ""])  # two problems
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


@pytest.fixture
def secretary(transactional_db):
    from django.contrib.auth.models import User

    from lianghui.people.access import secretariat_group

    user = User.objects.create_user("mishu", password=PASSWORD)
    user.groups.add(secretariat_group())
    return user


def submit(page, step: str):
    page.locator(f"#form-{step} button.primary").click()
    page.wait_for_load_state("networkidle")


# htmx processes a swapped fragment when it settles, a moment after the swap: until then the
# new form is a plain form. The panel is idle once no request, swap or settle is under way.
DESK_IDLE = """() => window.htmx && !document.querySelector(
    '#desk-panel.htmx-request, #desk-panel.htmx-swapping, #desk-panel.htmx-settling,'
    + ' #desk-panel .htmx-added')"""


def check_in_at_desk(page, name: str):
    """Type a name at the check-in desk and wait for the panel's answer; a refusal, or no
    answer, fails with what the panel shows."""
    page.wait_for_function(DESK_IDLE)
    page.fill("#desk-panel input[name=name]", name)
    page.click("#desk-panel button[type=submit]")
    answer = page.locator(f"#desk-panel .notice.ok:has-text('{name}'), #desk-panel .notice.error")
    try:
        answer.first.wait_for()
    except PlaywrightTimeout:
        pytest.fail(f"no answer to checking in {name} at {page.url}: {page.inner_text('main')}")
    assert "ok" in answer.first.get_attribute("class"), page.inner_text("#desk-panel")


def test_a_secretariat_sets_up_a_session_in_the_browser(page, phone, asgi_server, secretary):
    from lianghui.audit.models import Event
    from lianghui.people.models import Membership, Person
    from lianghui.sessions.models import AgendaItem, Meeting, PresidingOfficer, Session
    from lianghui.votes.models import NamedBallot, Poll

    base = asgi_server.url
    # The session lies ahead, as a session being set up does: the roster imported today is
    # the one in office on its opening day, whose slips are printed and who vote.
    day = timezone.localdate() + timedelta(days=10)
    sign_in(page, base, "mishu", PASSWORD)
    page.click("nav >> text=会务设置")
    assert page.url == f"{base}/setup/"

    # The body and its term.
    page.select_option("select[name=body-kind]", "congress")
    page.fill("input[name=body-name]", "测试区人民代表大会")
    submit(page, "body")
    assert page.locator("section.card h2", has_text="测试区人民代表大会").count() == 1
    page.select_option("select[name=term-body]", label="测试区人民代表大会")
    page.fill("input[name=term-number]", "18")
    page.fill("input[name=term-start]", f"{day.year - 2}-01-01")
    submit(page, "term")
    assert "第十八届" in page.inner_text("main")

    # The session.
    page.select_option("select[name=session-term]", label="测试区人民代表大会 第十八届")
    page.fill("input[name=session-number]", "3")
    page.fill("input[name=session-title]", "测试区第十八届人民代表大会第三次会议")
    page.fill("input[name=session-start_date]", f"{day}")
    page.fill("input[name=session-end_date]", f"{day + timedelta(days=2)}")
    page.fill("input[name=session-venue]", "区会议中心")
    submit(page, "session")
    session = Session.objects.get(title="测试区第十八届人民代表大会第三次会议")
    assert page.url == f"{base}/setup/sessions/{session.pk}/"

    # Two meetings; a third that overlaps the first is refused beside its field.
    meetings = [
        ("preparatory", "预备会议", f"{day}T09:00", f"{day}T09:40"),
        ("plenary", "第一次全体会议", f"{day}T10:00", f"{day}T12:00"),
    ]
    for kind, title, starts, ends in meetings:
        page.select_option("select[name=meeting-kind]", kind)
        page.fill("input[name=meeting-title]", title)
        page.fill("input[name=meeting-starts_at]", starts)
        page.fill("input[name=meeting-ends_at]", ends)
        page.fill("input[name=meeting-venue]", "区会议中心大礼堂")
        submit(page, "meeting")
        assert page.locator("#meetings", has_text=title).count() == 1
    page.select_option("select[name=meeting-kind]", "presidium")
    page.fill("input[name=meeting-title]", "主席团第一次会议")
    page.fill("input[name=meeting-starts_at]", f"{day}T09:30")
    page.fill("input[name=meeting-ends_at]", f"{day}T10:30")
    submit(page, "meeting")
    error = page.locator(".field-error[data-field=starts_at]")
    assert "开始时间：与“预备会议”" in error.first.inner_text()
    screenshot(page, "setup-overlap-refused")
    assert Meeting.objects.filter(session=session).count() == 2

    # The roster: bad rows are previewed with their reasons and nothing is stored.
    page.goto(f"{base}/setup/")
    page.click("text=导入代表或委员名单")
    page.select_option("select[name=body]", label="测试区人民代表大会")
    page.set_input_files(
        "input[name=file]",
        files=[{"name": "roster.xlsx", "mimeType": XLSX, "buffer": roster(bad=True)}],
    )
    page.click("text=上传并预览")
    page.wait_for_load_state("networkidle")
    rows = page.locator("#bad-rows tbody tr")
    assert rows.count() == 2
    assert rows.nth(0).get_attribute("data-row") == "302"
    assert "第 303 行" in rows.nth(1).inner_text() and "性别" in rows.nth(1).inner_text()
    assert page.locator("#confirm-import").count() == 0
    assert Person.objects.count() == 0
    screenshot(page, "setup-roster-errors")

    page.select_option("select[name=body]", label="测试区人民代表大会")
    page.set_input_files(
        "input[name=file]",
        files=[{"name": "roster.xlsx", "mimeType": XLSX, "buffer": roster()}],
    )
    page.click("text=上传并预览")
    page.wait_for_load_state("networkidle")
    assert "可导入 300 人" in page.inner_text("#preview")
    assert Person.objects.count() == 0  # previewed, not stored
    page.click("#confirm-import")
    page.wait_for_load_state("networkidle")
    assert "已导入：新增 300 人" in page.inner_text(".messages")
    assert Person.objects.count() == 300
    assert Membership.objects.filter(organisation__name="测试区人民代表大会").count() == 300

    # One delegation's sign-in slips, printed from the session's slips page.
    page.goto(f"{base}/sessions/{session.pk}/")
    page.click("text=登录签到条")
    page.wait_for_selector("#slips")
    assert "共 300 人：未签发 300" in page.inner_text("#slip-counts")
    form = page.locator("#print-slips")
    form.locator("select[name=org]").select_option(label=DELEGATIONS[1])
    with page.expect_download() as download:
        form.locator("button[type=submit]").click()
    pdf = open(download.value.path(), "rb").read()  # noqa: SIM115
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    links = qr_links(pdf)
    assert len(links) == 60  # every fifth row of the roster
    assert all(u.startswith(f"{base}/signin/") for u in links)
    codes = re.findall(r"\b[0-9A-Z]{5}-[0-9A-Z]{5}\b", text)
    assert len(set(codes)) == 60

    # A delegate's phone opens the slip's QR link, confirms, and is signed in at home.
    phone.goto(links[0])
    delegate = Person.objects.get(name=phone.inner_text("#signin-confirm strong"))
    assert delegate.name in text
    assert Membership.objects.filter(person=delegate, organisation__name=DELEGATIONS[1]).exists()
    phone.click("text=在此设备上登录")
    phone.wait_for_url(f"{base}/")
    assert f"退出（{delegate.name}）" in phone.inner_text("header")
    assert "登录成功" in phone.inner_text("main")
    delegate.refresh_from_db()
    assert delegate.user is not None and not delegate.user.has_usable_password()

    # The agenda, with a presenter from the roster, and an executive chair.
    page.goto(f"{base}/setup/sessions/{session.pk}/")
    plenary = Meeting.objects.get(session=session, title="第一次全体会议")
    presenter = Person.objects.order_by("pinyin", "id").first()
    for title, who in (("政府工作报告", presenter.name), ("计划和预算报告", None)):
        page.select_option("select[name=item-meeting]", str(plenary.pk))
        page.fill("input[name=item-title]", title)
        page.select_option("select[name=item-kind]", "report")
        if who:
            page.select_option("select[name=item-presenter]", label=who)
            page.fill("input[name=item-presenter_title]", "区长")
        submit(page, "item")
        assert page.locator("#meetings", has_text=title).count() == 1
    page.click(f"#meetings >> text={plenary.title}")
    page.select_option("select[name=officer-person]", label=presenter.name)
    page.select_option("select[name=officer-role]", "executive_chair")
    submit(page, "officer")
    officer = page.locator("#officers li", has_text=presenter.name)
    assert officer.locator(".tag").inner_text() == "执行主席"
    page.locator("#agenda tr", has_text="计划和预算报告").locator("button[value=up]").click()
    page.wait_for_load_state("networkidle")
    assert page.locator("#agenda tr").first.inner_text().startswith("1\t计划和预算报告")
    screenshot(page, "setup-meeting")

    assert [i.title for i in AgendaItem.objects.filter(meeting=plenary)] == [
        "计划和预算报告",
        "政府工作报告",
    ]
    assert PresidingOfficer.objects.get(meeting=plenary).person == presenter

    # The session runs: the desk opens check-in and checks three delegates in by name.
    page.goto(f"{base}/meetings/{plenary.pk}/desk/")
    page.click("button:has-text('开放签到')")
    # The form posts and the page reloads: until the new page shows check-in open, the old
    # one is still there, and a name typed into it is refused ("not open yet").
    page.wait_for_selector(".tag.ok >> text=签到进行中")
    present = list(Person.objects.exclude(pk=delegate.pk).order_by("pinyin", "id")[:3])
    present.append(delegate)
    for person in present:
        check_in_at_desk(page, person.name)

    # A named vote on the first item, published by the chair after closing.
    page.goto(f"{base}/meetings/{plenary.pk}/")
    page.click("text=发起表决")
    page.fill("input[name=question]", "表决通过计划和预算报告")
    page.select_option("select[name=secret]", "0")
    page.select_option("select[name=publish_immediately]", "0")
    page.click("button:has-text('创建表决')")
    page.wait_for_selector("text=开始表决")
    page.click("button:has-text('开始表决')")
    page.wait_for_selector(".progress-panel[data-state=open]")
    assert page.inner_text(".progress-panel .entitled") == "4"  # those checked in

    # The phone's delegate finds the open vote on their home page and presses 赞成.
    phone.goto(f"{base}/")
    phone.click("text=正在表决：表决通过计划和预算报告")
    phone.click("#ballot-panel button.big.yes")
    phone.wait_for_selector("#ballot-panel .voted")
    assert "赞成" in phone.inner_text("#ballot-panel .voted")
    assert confirms(phone).asked  # a first-press-valid vote asks once
    screenshot(phone, "setup-phone-voted")
    page.wait_for_selector(".progress-panel .cast:text-is('1')")

    page.click("button:has-text('结束表决')")
    page.wait_for_selector("button:has-text('公布结果')")
    page.click("button:has-text('公布结果')")
    page.wait_for_selector(".progress-panel .sentence")
    assert "未超过全体代表" in page.inner_text(".progress-panel .sentence")
    assert page.inner_text(".progress-panel b.yes") == "1"
    poll = Poll.objects.get(question="表决通过计划和预算报告")
    assert (poll.yes, poll.no, poll.abstain) == (1, 0, 0)
    assert list(NamedBallot.objects.filter(poll=poll).values_list("person", "choice")) == [
        (delegate.pk, "yes")
    ]
    screenshot(page, "setup-vote-published")

    # Every step is in the audit log, by the secretary.
    kinds = list(Event.objects.order_by("id").values_list("kind", flat=True))
    assert kinds == [
        "sessions.body_created",
        "sessions.term_created",
        "sessions.session_created",
        "sessions.meeting_created",
        "sessions.meeting_created",
        "people.roster_imported",
        "accounts.slips_issued",
        "accounts.slip_used",
        "sessions.item_added",
        "sessions.item_added",
        "sessions.officer_added",
        "sessions.agenda_reordered",
        "attendance.checkin_opened",
        "attendance.checked_in",
        "attendance.checked_in",
        "attendance.checked_in",
        "attendance.checked_in",
        "votes.created",
        "votes.opened",
        "votes.cast",
        "votes.closed",
        "votes.published",
    ]
    # By the secretary, but for the delegate's own two steps: using the slip and voting.
    by_delegate = {"accounts.slip_used", "votes.cast"}
    assert set(Event.objects.exclude(kind__in=by_delegate).values_list("actor_id", flat=True)) == {
        secretary.pk
    }
    assert set(Event.objects.filter(kind__in=by_delegate).values_list("actor_id", flat=True)) == {
        delegate.user_id
    }
    assert Event.objects.get(kind="people.roster_imported").data["created"] == 300
    issued = Event.objects.get(kind="accounts.slips_issued")
    assert len(issued.data["people"]) == len(issued.data["slips"]) == 60
    assert delegate.pk in issued.data["people"]
    assert Event.objects.get(kind="accounts.slip_used").data == {
        "person": delegate.pk,
        "via": "link",
    }
    checked_in = Event.objects.filter(kind="attendance.checked_in").order_by("id").last()
    assert checked_in.data["person"] == delegate.pk
    # No event holds a slip's secrets: not the token in a QR link, not a short code.
    logged = json.dumps(
        list(Event.objects.values("subject", "data")), ensure_ascii=False, default=str
    )
    slip_secrets = [link.rstrip("/").rsplit("/", 1)[1] for link in links] + codes
    slip_secrets += [c.replace("-", "") for c in codes]
    assert not [s for s in slip_secrets if s in logged]
