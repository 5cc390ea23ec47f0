"""The annex's tables (report.tables_of), each step on its own from figures made by hand: no
database. test_report.py fills them from a year of filings."""

from types import SimpleNamespace

from lianghui.proposals import report
from lianghui.proposals.stats import Handling, OpinionFigures, OpinionRow, UnitRow


def test_the_units_table_has_a_row_per_unit_and_the_sum():
    units = [
        UnitRow(1, "区交通委", lead=2, replies=3, on_time=2, satisfied=1, basic=1, unsatisfied=1),
        UnitRow(2, "区教育局", co=1),
    ]
    handling = Handling(
        units=2, lead=2, co=1, replies=3, on_time=2, satisfied=1, basic=1, unsatisfied=1, overdue=0
    )
    table = report.units_table(SimpleNamespace(units=units, handling=handling))
    assert table.headers == report.UNIT_HEADERS
    assert table.rows == [
        ["区交通委", 2, 0, 0, 3, 2, "66.7%", 1, 1, 1, "66.7%", 0],
        ["区教育局", 0, 0, 1, 0, 0, "—", 0, 0, 0, "—", 0],
    ]
    assert table.footer == ["合计", 2, 0, 1, 3, 2, "66.7%", 1, 1, 1, "66.7%", 0]
    assert all(len(row) == len(table.headers) for row in [*table.rows, table.footer])


def test_the_results_table_shares_out_the_answers():
    h = Handling(solved=3, planned=1, explained=0)
    table = report.results_table(SimpleNamespace(handling=h))
    assert table.rows == [
        ["解决或采纳", 3, "75%"],
        ["正在解决或列入计划", 1, "25%"],
        ["说明解释、留作参考", 0, "0%"],
    ]
    assert table.footer == ["合计", 4, "100%"]


def test_opinion_tables_by_sector_and_member_or_none():
    sector = OpinionRow(
        "s", "经济界", submitted=4, adopted=1, forwarded=1, instructed=1, instructions=2
    )
    member = OpinionRow(7, "周一", submitted=2, adopted=1)
    opinions = OpinionFigures(by_sector=[sector], by_member=[member])
    by_sector, by_member = report.opinion_tables(SimpleNamespace(opinions=opinions), "代表")
    assert by_sector.rows == [["经济界", 4, 1, "25%", 1, 1, 2]]
    assert by_sector.footer == ["合计", 4, 1, "25%", 1, 1, 2]
    assert by_member.headers[0] == "代表" and by_member.rows == [["周一", 2, 1, "50%", 0, 0, 0]]
    assert by_member.limit == report.MEMBER_ROWS_SHOWN and "每位联名代表" in by_member.note
    empty = OpinionFigures(by_sector=[], by_member=[])
    assert report.opinion_tables(SimpleNamespace(opinions=empty)) == []
