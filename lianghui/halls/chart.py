"""The seat chart as drawn geometry: one SVG for the page, the live map and the PDF.

SVG attributes (x, y, width) are markup, not inline style, so the strict
Content-Security-Policy (style-src 'self') lets the chart be drawn on the server.
"""

from dataclasses import dataclass

CELL = 16  # px per grid step on screen
PAD = 8


@dataclass(frozen=True)
class DrawnSeat:
    id: int
    x: int  # px
    y: int  # px
    label: str
    css: str  # "seat rostrum", "seat present", …
    name: str = ""  # who sits there, if anyone
    short: str = ""  # the name as printed inside the seat on a large chart


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    cell: int
    seats: list[DrawnSeat]
    rostrum_bottom: int  # px below the rostrum's last row (0: no rostrum)


def draw(seats, cell: int = CELL, css=None, names=None) -> Chart:
    """seats: objects with id, x, y, label, rostrum. css(seat) and names(seat) add colours
    and names (a seat plan's, a live state's)."""
    seats = list(seats)
    if not seats:
        return Chart(2 * PAD, 2 * PAD, cell, [], 0)
    min_x = min(s.x for s in seats)
    min_y = min(s.y for s in seats)
    drawn = []
    for s in seats:
        classes = ["seat"] + (["rostrum"] if s.rostrum else [])
        if css is not None:
            extra = css(s)
            if extra:
                classes.append(extra)
        name = names(s) if names is not None else ""
        drawn.append(
            DrawnSeat(
                s.id,
                PAD + (s.x - min_x) * cell,
                PAD + (s.y - min_y) * cell,
                s.label,
                " ".join(classes),
                name or "",
                (name or "")[:3],
            )
        )
    width = PAD * 2 + (max(s.x for s in seats) - min_x + 1) * cell
    height = PAD * 2 + (max(s.y for s in seats) - min_y + 1) * cell
    rostrum = [s for s in seats if s.rostrum]
    bottom = PAD + (max(s.y for s in rostrum) - min_y + 1) * cell if rostrum else 0
    return Chart(width, height, cell, drawn, bottom)
