"""The printed chart's runs: every seat in exactly one run, at its place, with its name."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lianghui.halls.chart_runs import (
    CONTENT_EMS,
    FITS,
    PADS,
    TAB_DRAWN,
    Cell,
    drawn_pitch_px,
    padded,
    runs,
    tab_px,
)

SPACES = " \u3000\u2002"

names = st.sampled_from(["", "张三", "王立平", "李", "阿不都热合曼", "钟晓咏"])
marks = st.sampled_from(["", "rostrum", "nonvoting"])


@st.composite
def halls(draw):
    spots = draw(st.sets(st.tuples(st.integers(0, 12), st.integers(0, 5)), max_size=40))
    return [Cell(x, y, draw(names), draw(marks)) for x, y in sorted(spots)]


@settings(deadline=None, max_examples=80, suppress_health_check=[HealthCheck.too_slow])
@given(halls())
def test_every_seat_is_in_one_run_at_its_place_with_its_name(cells):
    placed = {}
    for r in runs(cells):
        parts = r.text.split("\t")
        assert len(parts) <= r.seats
        parts += [""] * (r.seats - len(parts))
        for i, part in enumerate(parts):
            spot = (r.x + i, r.y)
            assert spot not in placed
            placed[spot] = (part.strip(SPACES), r.css)
        assert r.seats == 1 or all(len(p.strip(SPACES)) <= FITS for p in parts)
    assert placed == {(c.x, c.y): (c.name, c.css) for c in cells}


def test_a_row_is_one_run_until_a_gap_a_change_of_mark_or_a_long_name():
    row = [Cell(0, 0, "张三", ""), Cell(1, 0, "", ""), Cell(2, 0, "王立平", ""),
           Cell(4, 0, "李", ""), Cell(5, 0, "钟晓咏", "nonvoting"),
           Cell(6, 0, "阿不都热合曼", "nonvoting")]  # fmt: skip
    got = runs(row)
    assert [(r.x, r.seats, r.css) for r in got] == [(0, 3, ""), (4, 1, ""), (5, 1, "nonvoting"),
                                                   (6, 1, "nonvoting")]  # fmt: skip
    assert got[0].text == "\t".join([padded("张三"), padded(""), padded("王立平")])
    assert got[3].text == "阿不都热合曼" and got[3].scale < 1


def test_every_seat_holds_text_of_one_width_whatever_the_name():
    # ems: a CJK character and U+3000 1, U+2002 0.5, the ASCII space 0.224 (Noto CJK)
    ems = {" ": 0.224, "\u2002": 0.5, "\u3000": 1.0}
    for name in ("", "李", "张三", "王立平"):
        text = padded(name)
        assert text.strip(SPACES) == name
        assert round(sum(ems.get(ch, 1.0) for ch in text), 3) == CONTENT_EMS
    assert set(PADS) == set(range(FITS + 1))


def test_the_tab_is_whole_pixels_and_the_drawn_pitch_adds_the_gap_as_drawn():
    assert tab_px(6.06) == 22 and tab_px(0.1) == 1
    content = 22 / 3.5 * CONTENT_EMS
    assert drawn_pitch_px(22) == content + TAB_DRAWN * (22 - content)
    assert 22 < drawn_pitch_px(22) < 22.1
