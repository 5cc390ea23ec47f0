"""The roster reader refuses an oversized file before reading its cells.

The attack this guards against: a 100 KB XLSX whose sheet declares ``A1:XFD20000`` (16,384
columns by 20,000 rows). openpyxl in read-only mode pads every row out to the declared
width, so reading it naively takes gigabytes and tens of seconds of a 2-core hall server.
"""

import csv
import io
import tracemalloc
import zipfile

import pytest
from openpyxl import Workbook

from lianghui.people import roster_rules as rules
from lianghui.people.models import Person
from lianghui.people.tests.test_importer import (  # noqa: F401 (fixtures)
    GOOD_ROWS,
    HEADER,
    congress,
    officer,
    post_roster,
    xlsx,
)


def wide_sheet() -> bytes:
    """A real roster of 4,000 rows plus one stray cell in XFD20000: ~108 KB on disk."""
    book = Workbook()
    sheet = book.active
    sheet.append(HEADER)
    for i in range(4000):
        sheet.append([f"代表{i}", "男", "汉族", "1970.05", "东城代表团", "", ""])
    sheet["XFD20000"] = "x"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def declared_range(data: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        xml = archive.read("xl/worksheets/sheet1.xml").decode()
    return xml.split('<dimension ref="', 1)[1].split('"', 1)[0]


def test_a_sheet_declaring_16384_columns_is_refused_before_its_cells_are_read():
    data = wide_sheet()
    assert declared_range(data) == "A1:XFD20000"
    assert 50_000 < len(data) < 200_000
    tracemalloc.start()
    try:
        with pytest.raises(rules.RosterFileError, match="声明了 16384 列"):
            rules.read_table(data, "名单.xlsx")
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 100 * 1024 * 1024, peak


def test_rows_and_cells_are_capped_when_the_sheet_declares_nothing(monkeypatch):
    monkeypatch.setattr(rules, "MAX_ROWS", 10)
    rows = [HEADER] + [["张岚", "女", "", "", "东城代表团", "", ""]] * 11
    data = _without_dimension(xlsx(rows))
    with pytest.raises(rules.RosterFileError, match="超过 10 行"):
        rules.read_table(data, "名单.xlsx")
    monkeypatch.setattr(rules, "MAX_ROWS", 20_000)
    monkeypatch.setattr(rules, "MAX_CELLS", 50)
    with pytest.raises(rules.RosterFileError, match="超过 50 个单元格"):
        rules.read_table(data, "名单.xlsx")


def test_columns_past_the_cap_are_not_read_when_undeclared():
    row = ["张岚", "女", *[""] * 60, "第 63 列"]
    table = rules.read_table(_without_dimension(xlsx([HEADER, row])), "名单.xlsx")
    assert all(len(values) <= rules.MAX_COLUMNS for values in table)
    assert table[1][:2] == ["张岚", "女"]


def test_a_declared_row_count_over_the_cap_is_refused():
    book = Workbook()
    book.active.append(HEADER)
    book.active["A30000"] = "张岚"
    out = io.BytesIO()
    book.save(out)
    with pytest.raises(rules.RosterFileError, match="声明了 30000 行"):
        rules.read_table(out.getvalue(), "名单.xlsx")


def test_a_zip_that_unpacks_past_the_cap_is_refused(monkeypatch):
    monkeypatch.setattr(rules, "MAX_XLSX_UNPACKED_BYTES", 1000)
    with pytest.raises(rules.RosterFileError, match="解压后超过"):
        rules.read_table(xlsx(GOOD_ROWS), "名单.xlsx")


def test_a_csv_too_wide_or_too_big_is_refused():
    text = io.StringIO(newline="")
    csv.writer(text).writerows([HEADER, ["张岚", "女", *[""] * 60]])
    with pytest.raises(rules.RosterFileError, match="第 2 行有 62 列"):
        rules.read_table(text.getvalue().encode(), "名单.csv")
    big = b"a," * (rules.MAX_BYTES["csv"] // 2 + 1)
    with pytest.raises(rules.RosterFileError, match=r"\.csv 文件最多 5 MB"):
        rules.read_table(big, "名单.csv")


@pytest.mark.django_db
def test_the_api_answers_the_wide_sheet_with_a_chinese_422(client, congress, officer):  # noqa: F811
    client.force_login(officer)
    response = post_roster(client, congress, wide_sheet())
    assert response.status_code == 422
    assert "16384 列" in response.json()["message"]
    assert Person.objects.count() == 0


def _without_dimension(data: bytes) -> bytes:
    """The same workbook with the sheet's <dimension> element removed."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            content = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                xml = content.decode()
                start = xml.index("<dimension ")
                content = (xml[:start] + xml[xml.index("/>", start) + 2 :]).encode()
            target.writestr(item, content)
    return out.getvalue()
