"""The printed seat chart as runs: a row's adjoining seats drawn as one box with one line of
text, the names set on tab stops one seat apart. Pure: no Django.

WeasyPrint lays out every box on its own (style, line box, text shaping, border, drawing):
one box per seat made a 3,000-seat chart cost about 1.5 ms a seat. A run of seats is one box
whatever its length: its outline is its border, the lines between its seats a repeating
background, and its names one text line in which a tab moves to the next seat.

Three things about WeasyPrint (70) the geometry follows:
- tab stops are whole CSS pixels (it truncates a length), so the tab size is a whole number
  of pixels;
- it draws the advance of a tab 1.024 times too wide (an empty glyph's width in Pango units,
  1/1024, written as if in thousandths), so the seat pitch drawn is the text in a seat plus
  1.024 times the tab's gap, not the tab size;
- the gap is kept small and the same in every seat: every seat's text is exactly 3.224 em
  wide (the seat is 3.5 em), the name centred by spaces before and after it — a CJK
  character and the ideographic space are 1 em, the en space 0.5 em and the ASCII space
  0.224 em in the Noto CJK fonts; an empty seat holds spaces only.

A name longer than three characters would not fit; its seat is a run of its own, its type
made smaller to fit.
"""

from dataclasses import dataclass

EMS_PER_SEAT = 3.5
CONTENT_EMS = 3.224
TAB_DRAWN = 1.024  # WeasyPrint 70 draws a tab's advance this much too wide
PX_PER_MM = 96 / 25.4
FITS = 3  # characters that fit a seat at the chart's type size
# Before and after a name of 0 to 3 characters: each seat's text is CONTENT_EMS wide.
PADS = {
    0: ("\u3000\u3000\u3000 ", ""),
    1: ("\u3000 ", "\u3000"),
    2: ("\u2002 ", "\u2002"),
    3: (" ", ""),
}


@dataclass(frozen=True)
class Cell:
    x: int  # grid column
    y: int  # grid row
    name: str
    css: str  # "", "rostrum", "nonvoting", "mine", or several


@dataclass(frozen=True)
class Run:
    x: int  # grid column of its first seat
    y: int
    seats: int
    css: str
    text: str  # the names, tab-separated, each padded to sit in the middle of its seat
    scale: float = 1.0  # the type size relative to the chart's (< 1 for a long name)


def tab_px(cell_mm: float) -> int:
    """The tab size: whole CSS pixels, at most cell_mm (WeasyPrint's tab stops are whole
    pixels)."""
    return max(1, int(cell_mm * PX_PER_MM))


def drawn_pitch_px(tab: int) -> float:
    """The seat pitch as WeasyPrint draws it for this tab size: a seat's text, then the
    tab's gap drawn TAB_DRAWN times too wide."""
    content = tab / EMS_PER_SEAT * CONTENT_EMS
    return content + TAB_DRAWN * (tab - content)


def padded(name: str) -> str:
    before, after = PADS[len(name)]
    return before + name + after


def runs(cells: list[Cell]) -> list[Run]:
    """Adjoining seats of one row with the same marks, each name fitting its seat, as runs."""
    out: list[Run] = []
    current: list[Cell] = []
    trailing = [0]  # empty seats at the end of the run, drawn but given no text

    def close():
        if current:
            first = current[0]
            while len(current) > 1 and not current[-1].name:  # nothing to place after them
                current.pop()
                trailing[0] += 1
            named = any(c.name for c in current)
            text = "\t".join(padded(c.name) for c in current) if named else ""
            out.append(Run(first.x, first.y, len(current) + trailing[0], first.css, text))
            current.clear()
            trailing[0] = 0

    for c in sorted(cells, key=lambda c: (c.y, c.x)):
        if len(c.name) > FITS:
            close()
            out.append(
                Run(c.x, c.y, 1, c.css, c.name, round(EMS_PER_SEAT / (len(c.name) + 0.3), 3))
            )
            continue
        if current and (
            c.y != current[-1].y or c.x != current[-1].x + 1 or c.css != current[0].css
        ):
            close()
        current.append(c)
    close()
    return out
