"""Every sheet, read back: XLSX with openpyxl, PDF with pypdf; and who is refused."""

import io
import secrets

import pytest
from django.contrib.auth.models import User
from django.test import Client
from openpyxl import load_workbook
from pypdf import PdfReader

from lianghui.attendance import actions as attendance
from lianghui.attendance.models import Method
from lianghui.elections.actions.counting import _serialise as serialise
from lianghui.elections.count import count_totals
from lianghui.elections.models import Election, ElectionState, Office
from lianghui.people.models import Membership, Organisation, OrgKind, Person, Role, SecretariatSeat
from lianghui.people.names import stroke_key
from lianghui.votes import actions as votes
from lianghui.votes.actions import PollSettings
from lianghui.votes.models import Mode

pytestmark = pytest.mark.django_db


@pytest.fixture
def secretariat(hall):
    client = Client()
    client.force_login(hall.officer)
    return client


@pytest.fixture
def attended(hall, secretariat):
    """At the plenary 张三 (by QR), 王五, 赵六, 钱七, 孙八 check in, 李四 is on leave, 列席人
    attends without a vote; at the east group's meeting only 张三 checks in."""
    d = hall.delegates
    attendance.check_in(hall.plenary, d[0], Method.QR, hall.officer)
    attendance.record_leave(hall.plenary, d[1], '=HYPERLINK("http://x")出差', hall.officer)
    for person in d[2:]:
        attendance.check_in(hall.plenary, person, Method.DESK, hall.officer)
    attendance.check_in(hall.plenary, hall.guest, Method.DESK, hall.officer)
    attendance.check_in(hall.group, d[0], Method.DESK, hall.officer)
    return secretariat


def _book(response):
    assert response.status_code == 200, response.content[:300]
    assert response["Content-Type"].endswith("spreadsheetml.sheet")
    return load_workbook(io.BytesIO(response.content))


def _rows(ws):
    rows = [list(r) for r in ws.iter_rows(values_only=True)]
    header = next(i for i, r in enumerate(rows) if r and r[0] in ("序号", "会议", "项目"))
    return rows[header], [r for r in rows[header + 1 :] if any(c is not None for c in r)]


def _text(response) -> str:
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    return "".join("".join(p.extract_text().split()) for p in reader.pages)


def test_session_attendance_every_meeting_and_person(hall, attended):
    book = _book(attended.get(f"/api/sheets/sessions/{hall.session.pk}/attendance.xlsx"))
    assert book.sheetnames == ["出席汇总", "出席明细"]
    headers, rows = _rows(book["出席汇总"])
    assert headers == ["序号", "姓名", "代表团（界别）", "应出席", "已签到", "请假", "缺席", "列席"]
    by_name = {r[1]: r for r in rows if r[1]}
    # 张三 belongs to the plenary and to the east group's meeting, at both checked in.
    assert by_name["张三"][2:8] == ["东区代表团", 2, 2, 0, 0, 0]
    # 李四: on leave at the plenary, absent from the group's meeting.
    assert by_name["李四"][3:7] == [2, 0, 1, 1]
    assert by_name["赵六"][3:7] == [1, 1, 0, 0]  # west: the plenary only
    assert by_name["列席人"][3:8] == [0, 0, 0, 0, 1]
    headers, detail = _rows(book["出席明细"])
    assert headers[:4] == ["会议", "开始时间", "序号", "姓名"] and headers[-1] == "请假事由"
    plenary = {r[3]: r for r in detail if r[0] == "第一次全体会议"}
    group = {r[3]: r for r in detail if r[0] == "东区代表团分组审议"}
    assert set(group) == {"张三", "李四", "王五"}
    assert plenary["张三"][6:8] == ["已签到", "扫码签到"] and plenary["张三"][8].startswith("2")
    assert plenary["李四"][6] == "请假" and group["李四"][6] == "缺席"
    assert plenary["列席人"][5] == "列席"
    # A leave reason that looks like a formula stays the text typed.
    cell = next(c for c in book["出席明细"]["J"] if c.value and "HYPERLINK" in str(c.value))
    assert cell.data_type == "s" and cell.value.startswith("=HYPERLINK")

    text = _text(attended.get(f"/sessions/{hall.session.pk}/attendance.pdf"))
    for words in ("出席情况汇总", "出席汇总", "出席明细", "东区代表团分组审议", "张三", "李四",
                  "请假", "缺席", "列席人", "扫码签到"):  # fmt: skip
        assert words in text


def test_a_persons_attendance_over_the_term(hall, attended):
    url = f"/api/sheets/terms/{hall.term.pk}/people/{hall.delegates[1].pk}/attendance.xlsx"
    book = _book(attended.get(url))
    ws = book.active
    assert ws["A1"].value == "李四 第17届出席情况"
    assert ws["A3"].value == "应出席 2 次，已签到 0 次，请假 1 次，缺席 1 次。"
    headers, rows = _rows(ws)
    assert headers[:3] == ["序号", "会议名称", "会议"]
    assert [(r[2], r[5]) for r in rows] == [
        ("第一次全体会议", "请假"),
        ("东区代表团分组审议", "缺席"),
    ]
    assert rows[0][8].startswith("=HYPERLINK")
    page = f"/people/{hall.guest.pk}/terms/{hall.term.pk}/attendance.pdf"
    text = _text(attended.get(page))
    assert "列席人第17届出席情况" in text and "列席1次" in text and "第一次全体会议" in text


def test_the_roster_by_delegation_leaders_first_then_strokes_or_pinyin(hall, secretariat):
    Membership.objects.filter(person=hall.delegates[2], organisation=hall.east).update(
        role=Role.CONVENER
    )
    url = f"/api/sheets/sessions/{hall.session.pk}/roster.xlsx"
    headers, rows = _rows(_book(secretariat.get(url)).active)
    assert headers == ["序号", "代表团", "姓名", "性别", "民族", "职务", "工作单位及职务"]
    assert [r[0] for r in rows] == list(range(1, 7))
    east = [r[2] for r in rows if r[1] == "东区代表团"]
    west = [r[2] for r in rows if r[1] == "西区代表团"]
    assert [r[1] for r in rows[:3]] == ["东区代表团"] * 3  # the groups in their order
    assert east[0] == "王五" and rows[0][5] == "召集人"
    assert east[1:] == sorted(["张三", "李四"], key=stroke_key)
    assert west == sorted(["赵六", "钱七", "孙八"], key=stroke_key)
    _, rows = _rows(_book(secretariat.get(url + "?order=pinyin")).active)
    assert [r[2] for r in rows] == ["王五", "李四", "张三", "钱七", "孙八", "赵六"]
    assert secretariat.get(url + "?order=bogus").status_code == 422
    text = _text(secretariat.get(f"/sessions/{hall.session.pk}/roster.pdf?order=pinyin"))
    assert "代表名单" in text and text.index("李四") < text.index("张三") < text.index("钱七")


def _accounts(hall):
    for i, person in enumerate(hall.delegates):
        if person.user is None:
            person.user = User.objects.create_user(f"sheet{i}", password="x")
            person.save(update_fields=["user"])


def test_a_named_vote_with_its_roll_call(hall, attended):
    _accounts(hall)
    settings_ = PollSettings(question="关于通过会议议程的决定", secret=False)
    poll, _ = votes.open_poll(
        votes.create_poll(hall.plenary, settings_, hall.officer), hall.officer
    )
    d = hall.delegates
    votes.cast(poll.pk, d[0], "yes", secrets.token_hex(8), d[0].user)
    votes.cast(poll.pk, d[2], "no", secrets.token_hex(8), d[2].user)
    votes.cast(poll.pk, d[3], "yes", secrets.token_hex(8), d[3].user)
    poll = votes.close_poll(poll, hall.officer)
    book = _book(attended.get(f"/api/sheets/votes/{poll.pk}/result.xlsx"))
    assert book.sheetnames == ["表决结果", "记名表决名单"]
    _, figures = _rows(book["表决结果"])
    figures = dict((r[0], r[1]) for r in figures)
    assert (figures["赞成"], figures["反对"], figures["弃权"]) == (2, 1, 0)
    assert figures["表决方式"] == "电子表决（记名）" and figures["结果"] == "未通过"
    headers, calls = _rows(book["记名表决名单"])
    assert headers == ["序号", "姓名", "表决意见"]
    calls = {r[1]: r[2] for r in calls}
    assert calls == {"张三": "赞成", "王五": "反对", "赵六": "赞成", "钱七": "未按表决器",
                     "孙八": "未按表决器"}  # fmt: skip
    text = _text(attended.get(f"/votes/{poll.pk}/sheet.pdf"))
    assert "记名表决名单" in text and "王五反对" in text and poll.sentence.replace(" ", "") in text


def test_a_secret_vote_shows_counts_and_names_nobody(hall, attended):
    settings_ = PollSettings(question="关于人事任免的决定", mode=Mode.PAPER)
    poll, _ = votes.open_poll(
        votes.create_poll(hall.plenary, settings_, hall.officer), hall.officer
    )
    poll = votes.enter_counts(poll, 4, 1, 0, hall.officer)
    book = _book(attended.get(f"/api/sheets/votes/{poll.pk}/result.xlsx"))
    assert book.sheetnames == ["表决结果"]
    _, figures = _rows(book.active)
    figures = dict((r[0], r[1]) for r in figures)
    assert (figures["赞成"], figures["反对"], figures["结果"]) == (4, 1, "通过")
    cells = {str(c) for ws in book for row in ws.iter_rows(values_only=True) for c in row}
    text = _text(attended.get(f"/api/sheets/votes/{poll.pk}/result.pdf"))
    assert "无记名表决：只列票数" in text
    for person in [*hall.delegates, hall.guest]:
        assert not any(person.name in c for c in cells) and person.name not in text


def test_an_election_result_with_the_validity_figures(hall, secretariat):
    office = Office.objects.create(body=hall.congress, title="区人民法院院长", kind="head")
    election = Election.objects.create(
        meeting=hall.plenary, office=office, seats=1, members_total=6, issued=6, returned=5
    )
    a, b = Person.objects.create(name="麦珏"), Person.objects.create(name="王立平")
    result = count_totals(
        {str(a.pk): 4, str(b.pk): 1},
        {str(a.pk): 1, str(b.pk): 3},
        seats=1,
        candidate_order=[str(a.pk), str(b.pk)],
        members_total=6,
        issued=6,
        returned=5,
        names={str(a.pk): a.name, str(b.pk): b.name},
    )
    election.result = serialise(result)
    election.state = ElectionState.COUNTED
    election.save()
    book = _book(secretariat.get(f"/api/sheets/elections/{election.pk}/result.xlsx"))
    assert book.sheetnames == ["投票情况", "候选人得票"]
    ws = book["投票情况"]
    assert ws["A3"].value == "收回选票 5 张，少于发出选票 6 张，选举有效。"
    _, figures = _rows(ws)
    figures = dict((r[0], r[1]) for r in figures)
    assert (figures["发出选票"], figures["收回选票"], figures["选举是否有效"]) == (6, 5, "有效")
    assert (figures["有效票"], figures["无效票"], figures["当选所需赞成票"]) == (5, 0, 4)
    headers, tallies = _rows(book["候选人得票"])
    assert headers == ["序号", "姓名", "类别", "赞成", "反对", "弃权", "结果"]
    assert tallies[:2] == [
        [1, "麦珏", "候选人", 4, 1, 0, "当选"],
        [2, "王立平", "候选人", 1, 3, 1, "未当选"],
    ]
    assert tallies[2][0] == "当选：麦珏"  # the notes below the table
    text = _text(secretariat.get(f"/elections/{election.pk}/sheet.pdf"))
    assert "当选：麦珏" in text and "选举有效" in text and "王立平" in text


def test_refused_wrong_role_other_body_unknown_object_and_not_yet_counted(hall, attended):
    s = hall.session.pk
    urls = [
        f"/api/sheets/sessions/{s}/attendance.xlsx",
        f"/api/sheets/sessions/{s}/roster.pdf",
        f"/api/sheets/terms/{hall.term.pk}/people/{hall.delegates[0].pk}/attendance.xlsx",
        f"/sessions/{s}/attendance.xlsx",
        f"/sessions/{s}/roster.xlsx",
    ]
    delegate = Client()
    delegate.force_login(hall.delegate_user)
    other_body = Organisation.objects.create(kind=OrgKind.CPPCC, name="另一区政协")
    other = User.objects.create_user("other-mishu")
    SecretariatSeat.objects.create(user=other, body=other_body)
    elsewhere = Client()
    elsewhere.force_login(other)
    for client in (delegate, elsewhere, Client()):
        for url in urls:
            assert client.get(url).status_code in (401, 302, 404), (client, url)
    # This body's own secretariat (a SecretariatSeat) gets its sheets.
    own = User.objects.create_user("own-mishu")
    SecretariatSeat.objects.create(user=own, body=hall.congress)
    mine = Client()
    mine.force_login(own)
    assert mine.get(urls[0]).status_code == 200
    # Unknown session, term, person, vote, election.
    missing = attended.get("/api/sheets/sessions/999999/attendance.xlsx")
    assert missing.status_code == 404 and missing.json()["code"] == "not_found"
    assert "未找到该会议" in missing.json()["message"]
    unknown_person = f"/api/sheets/terms/{hall.term.pk}/people/999999/attendance.pdf"
    assert attended.get(unknown_person).status_code == 404
    assert attended.get("/api/sheets/votes/999999/result.xlsx").status_code == 404
    assert attended.get("/elections/999999/sheet.xlsx").status_code == 404
    # A vote not yet closed: nothing to export (409), the page goes back to the result.
    poll = votes.create_poll(
        hall.plenary, PollSettings(question="草稿", secret=False), hall.officer
    )
    r = attended.get(f"/api/sheets/votes/{poll.pk}/result.xlsx")
    assert r.status_code == 409 and "尚未结束计票" in r.json()["message"]
    assert attended.get(f"/votes/{poll.pk}/sheet.xlsx")["Location"] == f"/votes/{poll.pk}/result/"


def test_the_pages_link_their_sheets_for_the_secretariat_only(hall, attended):
    session_page = attended.get(f"/sessions/{hall.session.pk}/").content.decode()
    assert f"/sessions/{hall.session.pk}/attendance.xlsx" in session_page
    assert f"/sessions/{hall.session.pk}/roster.pdf?order=pinyin" in session_page
    person_page = attended.get(f"/people/{hall.delegates[1].pk}/edit/").content.decode()
    assert f"/people/{hall.delegates[1].pk}/terms/{hall.term.pk}/attendance.xlsx" in person_page
    settings_ = PollSettings(question="关于人事任免的决定", mode=Mode.PAPER)
    poll, _ = votes.open_poll(
        votes.create_poll(hall.plenary, settings_, hall.officer), hall.officer
    )
    votes.enter_counts(poll, 4, 1, 0, hall.officer)
    assert (
        f"/votes/{poll.pk}/sheet.xlsx" in attended.get(f"/votes/{poll.pk}/result/").content.decode()
    )
    delegate = Client()
    delegate.force_login(hall.delegate_user)
    assert "sheet.xlsx" not in delegate.get(f"/votes/{poll.pk}/result/").content.decode()
    assert "attendance.xlsx" not in delegate.get(f"/sessions/{hall.session.pk}/").content.decode()
