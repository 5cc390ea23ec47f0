"""A Sheet (rules.py) written as XLSX (openpyxl) or PDF (WeasyPrint), and as a download.

Every cell goes through lianghui.spreadsheets, so a name, a reason or a question that looks
like a formula stays the text typed; the PDF goes through lianghui.pdf (Noto CJK, or a 503).
Column names are Chinese whatever the reader's language: these are the secretariat's papers.
"""

import io

from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils import translation

from lianghui.pdf import render as render_pdf
from lianghui.sheets.rules import Sheet, worksheet_titles
from lianghui.spreadsheets import append_row

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
KINDS = {"xlsx": XLSX, "pdf": "application/pdf"}


def xlsx(sheet: Sheet) -> bytes:
    """One worksheet per table: the title, the lines, the header row (bold, frozen), the rows,
    then the notes."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    book = Workbook()
    book.remove(book.active)
    for table, name in zip(
        sheet.tables, worksheet_titles(t.name for t in sheet.tables), strict=True
    ):
        ws = book.create_sheet(name)
        append_row(ws, [sheet.title])
        ws.cell(row=1, column=1).font = Font(bold=True)
        for line in sheet.lines:
            append_row(ws, [line])
        append_row(ws, list(table.headers))
        header_row = ws.max_row
        for cell in ws[header_row]:
            cell.font = Font(bold=True)
        for row in table.rows:
            append_row(ws, list(row))
        if sheet.notes:
            ws.append([])
            for note in sheet.notes:
                append_row(ws, [note])
        for i, width in enumerate(table.widths, 1):
            ws.column_dimensions[get_column_letter(i)].width = width
        ws.freeze_panes = ws.cell(row=header_row + 1, column=1)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def pdf(sheet: Sheet) -> bytes:
    with translation.override("zh-hans"):
        html = render_to_string("sheets/print/sheet.html", {"sheet": sheet})
    return render_pdf(html)


def response(sheet: Sheet, kind: str) -> HttpResponse:
    """The sheet as a download: kind "xlsx" or "pdf"."""
    data = xlsx(sheet) if kind == "xlsx" else pdf(sheet)
    answer = HttpResponse(data, content_type=KINDS[kind])
    answer["Content-Disposition"] = f'attachment; filename="{sheet.filename}.{kind}"'
    answer["Cache-Control"] = "private, no-store"
    return answer
