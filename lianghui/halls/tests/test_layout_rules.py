"""The hall layout rules: blocks drawn as rectangles, seat lists read row by row."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lianghui.halls.layout_rules import (
    BlockSpec,
    LayoutError,
    blocks_of,
    grid,
    parse_table,
    seat_label,
)


def test_a_block_is_rows_of_seats_at_its_place():
    seats = grid([BlockSpec("中区", rows=2, seats=3, x=5, y=4)])
    assert [(s.row, s.number, s.x, s.y) for s in seats] == [
        (1, 1, 5, 4), (1, 2, 6, 4), (1, 3, 7, 4),
        (2, 1, 5, 5), (2, 2, 6, 5), (2, 3, 7, 5),
    ]  # fmt: skip
    assert seats[4].label == "中区2排2号"


def test_the_rostrum_block_is_named_rostrum_whatever_it_is_called():
    seats = grid([BlockSpec("", rows=1, seats=2, x=0, y=0, rostrum=True)])
    assert {s.block for s in seats} == {"主席台"} and all(s.rostrum for s in seats)
    assert seat_label("主席台", 1, 2, True) == "主席台1排2号"


def test_overlapping_blocks_are_refused_naming_both_seats():
    with pytest.raises(LayoutError, match="左区1排2号.*中区1排1号|中区1排1号.*左区1排2号"):
        grid([BlockSpec("左区", 1, 2, 0, 0), BlockSpec("中区", 1, 2, 1, 0)])


def test_a_block_without_a_name_or_rows_is_refused():
    with pytest.raises(LayoutError, match="区域名称"):
        grid([BlockSpec(" ", 1, 2, 0, 0)])
    with pytest.raises(LayoutError, match="排数"):
        grid([BlockSpec("中区", 0, 2, 0, 0)])


def test_blocks_are_listed_front_to_back_then_left_to_right():
    seats = grid(
        [
            BlockSpec("楼座", 1, 4, 0, 9),
            BlockSpec("右区", 2, 2, 6, 2),
            BlockSpec("左区", 2, 2, 0, 2),
            BlockSpec("主席台", 1, 3, 2, 0, rostrum=True),
        ]
    )
    assert blocks_of(seats) == ["左区", "右区", "楼座"]


HEADER = ["区域", "排", "号"]


def test_a_seat_list_without_positions_is_laid_out_blocks_side_by_side():
    rows = [HEADER, ["左区", 1, 1], ["左区", 1, 2], ["中区", "1排", "1号"], ["主席台", 1, 1]]
    seats = {s.label: (s.x, s.y) for s in parse_table(rows)}
    # Rostrum on top, an empty row below it, the blocks with an aisle of two between them.
    assert seats == {"左区1排1号": (0, 2), "左区1排2号": (1, 2), "中区1排1号": (4, 2),
                     "主席台1排1号": (2, 0)}  # fmt: skip


def test_a_seat_list_with_positions_keeps_them_and_reads_aliases():
    rows = [["分区", "排号", "座号", "横坐标", "纵坐标", "类型"], ["中区", 3, 7, 10, 20, "座席"],
            ["台上", 1, 1, 12, 0, "主席台"]]  # fmt: skip
    a, b = parse_table(rows)
    assert (a.label, a.x, a.y, a.rostrum) == ("中区3排7号", 10, 20, False)
    assert (b.label, b.rostrum) == ("主席台1排1号", True)


def test_a_bad_seat_list_is_rejected_whole_with_a_reason_per_row():
    rows = [HEADER, ["中区", 1, 1], ["", 1, 2], ["中区", "一", 3], ["中区", 1, 1], ["中区", 1, 900]]
    with pytest.raises(LayoutError) as caught:
        parse_table(rows)
    reasons = {r["row"]: " ".join(r["errors"]) for r in caught.value.rows}
    assert set(reasons) == {3, 4, 6}  # row 5 repeats row 2, reported once the rest is fixed
    assert "区域不能为空" in reasons[3]
    assert "排“一”不是整数" in reasons[4]
    assert "号须在 1 到 500 之间" in reasons[6]
    assert "整个文件未导入" in caught.value.message


def test_a_repeated_seat_is_named_with_the_row_it_repeats():
    with pytest.raises(LayoutError) as caught:
        parse_table([HEADER, ["中区", 1, 1], ["中区", 1, 1]])
    assert caught.value.rows == [{"row": 3, "errors": ["座位与第 2 行重复：中区1排1号", "位置与第 2 行重复：中区1排1号"]}]  # fmt: skip


def test_an_unknown_layout_names_the_headers_it_needs():
    with pytest.raises(LayoutError, match="缺少必填列：排、号"):
        parse_table([["区域", "座位"], ["中区", "1-1"]])
    with pytest.raises(LayoutError, match="空"):
        parse_table([[None, None]])


def test_positions_given_for_some_rows_only_are_refused():
    with pytest.raises(LayoutError) as caught:
        parse_table([HEADER + ["列", "行"], ["中区", 1, 1, 0, 0], ["中区", 1, 2]])
    assert caught.value.rows[0]["row"] == 3


blocks = st.lists(
    st.builds(
        BlockSpec,
        name=st.sampled_from(["左区", "中区", "右区", "楼座"]),
        rows=st.integers(1, 6),
        seats=st.integers(1, 8),
        x=st.integers(0, 30),
        y=st.integers(0, 30),
        rostrum=st.booleans(),
    ),
    min_size=1,
    max_size=5,
)


# A shared, busy machine must not fail a pure property for being slow.
@settings(deadline=None, max_examples=60, suppress_health_check=[HealthCheck.too_slow])
@given(blocks)
def test_a_drawn_hall_never_has_two_seats_in_one_place_or_with_one_name(specs):
    try:
        seats = grid(specs)
    except LayoutError:
        return
    assert len({(s.x, s.y) for s in seats}) == len(seats)
    assert len({(s.rostrum, s.block, s.row, s.number) for s in seats}) == len(seats)
    assert len(seats) == sum(b.rows * b.seats for b in specs)


# A shared, busy machine must not fail a pure property for being slow.
@settings(deadline=None, max_examples=60, suppress_health_check=[HealthCheck.too_slow])
@given(blocks)
def test_a_seat_list_read_back_gives_the_same_seats(specs):
    try:
        seats = grid(specs)
    except LayoutError:
        return
    table = [HEADER + ["列", "行", "类型"]] + [
        [s.block, s.row, s.number, s.x, s.y, "主席台" if s.rostrum else "座席"] for s in seats
    ]
    assert sorted(parse_table(table)) == sorted(seats)
