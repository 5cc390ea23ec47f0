"""Formula-like text is written inert to CSV and XLSX; everything else as it is."""

import csv
import io

from hypothesis import given
from hypothesis import strategies as st
from openpyxl import Workbook, load_workbook

from lianghui.spreadsheets import FORMULA_STARTS, append_row, csv_row, formula_like

TYPED = ['=HYPERLINK("http://evil.example/","x")', "+86 138", "-1", "@SUM(A1)", "\t=1", "\r=1"]


def test_each_formula_start_is_recognised_and_plain_text_is_not():
    assert all(formula_like(t) for t in TYPED)
    assert not any(formula_like(v) for v in ("关于=的提案", " =1", "", 3, -1, None, 2.5))


def test_csv_cells_get_an_apostrophe():
    out = io.StringIO(newline="")
    csv.writer(out).writerow(csv_row([*TYPED, "张岚", -1]))
    row = next(csv.reader(io.StringIO(out.getvalue(), newline="")))
    assert row == [*("'" + t for t in TYPED), "张岚", "-1"]


@given(st.text(max_size=30))
def test_xlsx_cells_read_back_as_the_text_typed_and_never_as_formulas(text):
    text = "".join(ch for ch in text if ch.isprintable() or ch in "\t\r")  # XML-safe
    book = Workbook()
    append_row(book.active, [text, *TYPED, 7])
    out = io.BytesIO()
    book.save(out)
    cells = list(load_workbook(io.BytesIO(out.getvalue())).active.iter_rows())[0]
    assert all(c.data_type != "f" for c in cells)
    assert [c.value for c in cells][1:] == [*TYPED, 7]
    if text and not text.startswith(FORMULA_STARTS[4:]):
        assert cells[0].value == text
