"""The attendance sheet, read back: XLSX with openpyxl, PDF with pypdf."""

import io

import pytest
from django.test import Client
from openpyxl import load_workbook
from pypdf import PdfReader

from lianghui.attendance import actions
from lianghui.attendance.models import Method

pytestmark = pytest.mark.django_db


@pytest.fixture
def attended(hall):
    actions.check_in(hall.plenary, hall.delegates[0], Method.DESK, hall.officer)
    actions.check_in(hall.plenary, hall.guest, Method.DESK, hall.officer)
    actions.record_leave(
        hall.plenary, hall.delegates[1], '=HYPERLINK("http://x")出差', hall.officer
    )
    client = Client()
    client.force_login(hall.officer)
    return client


def test_the_xlsx_lists_everyone_with_how_and_when_and_leave_reasons(hall, attended):
    r = attended.get(f"/api/attendance/meetings/{hall.plenary.pk}/sheet.xlsx")
    assert r.status_code == 200 and r["Content-Type"].endswith("spreadsheetml.sheet")
    sheet = load_workbook(io.BytesIO(r.content)).active
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert rows[0][0].endswith("第一次全体会议 出席情况")
    assert rows[1] == [
        "序号",
        "姓名",
        "代表团（界别）",
        "身份",
        "出席情况",
        "签到方式",
        "签到时间",
        "请假事由",
    ]
    by_name = {row[1]: row for row in rows[2:] if row and row[1]}
    assert by_name["张三"][2:6] == ["东区代表团", "出席", "已签到", "会务台签到"]
    assert by_name["李四"][4] == "请假"
    assert by_name["王五"][4] == "缺席" and by_name["王五"][5] is None
    assert by_name["列席人"][3] == "列席"
    # A reason that looks like a formula stays the text typed.
    cell = next(c for c in sheet["H"] if c.value and "HYPERLINK" in str(c.value))
    assert cell.data_type == "s" and cell.value.startswith("=HYPERLINK")
    assert "应到 6 人" in rows[-1][0]


def test_the_pdf_reads_back_with_the_same_rows(hall, attended):
    r = attended.get(f"/meetings/{hall.plenary.pk}/attendance.pdf")
    assert r.status_code == 200
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(r.content)).pages)
    for word in ("出席情况", "张三", "已签到", "李四", "请假", "王五", "缺席", "列席人"):
        assert word in text


def test_only_the_secretariat_downloads_the_sheet(hall, attended):
    delegate = Client()
    delegate.force_login(hall.delegate_user)
    assert delegate.get(f"/api/attendance/meetings/{hall.plenary.pk}/sheet.xlsx").status_code == 404
    assert delegate.get(f"/meetings/{hall.plenary.pk}/attendance.xlsx").status_code == 404
