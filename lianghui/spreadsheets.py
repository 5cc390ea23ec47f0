"""Cells written to a spreadsheet (XLSX or CSV) stay text: no formula from user input runs.

Excel, WPS and LibreOffice treat a cell that begins with ``=``, ``+``, ``-`` or ``@`` as a
formula, and some of their CSV import paths skip a leading tab or carriage return first
(OWASP, "CSV Injection"). Names from a roster, a proposal's title, a handling unit's name
and the secretariat's own text all reach our exports; a title such as
``=HYPERLINK("http://…","…")`` must arrive as the words typed, never as a live link or a
formula that reads other cells.

Every writer goes through this module:
- XLSX (openpyxl): ``append_row`` stores such a cell as a string with Excel's quote-prefix
  flag, so it shows exactly as typed and stays text when edited.
- CSV: ``csv_row`` puts an apostrophe before such a cell (a CSV has no cell types; the
  apostrophe is what the spreadsheet programs themselves use to mark text).
Numbers stay numbers: only strings are neutralised.
"""

from collections.abc import Iterable

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def formula_like(value) -> bool:
    return isinstance(value, str) and value.startswith(FORMULA_STARTS)


def csv_row(values: Iterable) -> list:
    """A row for csv.writer with every formula-like string made inert."""
    return ["'" + v if formula_like(v) else v for v in values]


def append_row(sheet, values: Iterable) -> None:
    """``sheet.append(values)`` (openpyxl), every formula-like string stored as text."""
    sheet.append([_xlsx_cell(sheet, v) if formula_like(v) else v for v in values])


def _xlsx_cell(sheet, value: str):
    from openpyxl.cell.cell import Cell

    cell = Cell(sheet, value=value)  # openpyxl types a string that starts with = as a formula
    cell.data_type = "s"
    cell.quotePrefix = True
    return cell
