"""The secretariat's papers for a seat plan, as PDF (lianghui.pdf, in the Noto CJK fonts):

- the seat chart of the whole hall, names in the seats, A3 or A4 landscape; the same chart
  for one delegation (or sector), its seats marked and listed;
- the rostrum chart: each row of the rostrum as the hall sees it, names in order;
- desk name cards (桌签): one A4 folded along the middle, the name on both faces (the upper
  face upside down, so that it reads upright once folded);
- badges (代表证): name, group, meeting, seat and the person's check-in QR code, eight to A4.

Papers are printed in Chinese whatever the screen's language. The layout is absolute
positions in millimetres computed here; the HTML is only ever rendered by WeasyPrint.
"""

from dataclasses import dataclass

import segno
from django.template.loader import render_to_string
from django.utils import translation

from lianghui.halls import chart_runs
from lianghui.halls.models import Category, SeatPlan
from lianghui.pdf import render as render_pdf
from lianghui.sessions import roster

PAPERS = {"A3": (420, 297), "A4": (297, 210)}  # landscape, mm
MARGIN = 10  # mm
HEADER = 18  # mm for the title lines
PT_PER_MM = 72 / 25.4
BADGES_PER_PAGE = 8


@dataclass(frozen=True)
class PrintedSeat:
    left: float
    top: float
    label: str
    name: str
    css: str


def _rows(plan: SeatPlan):
    return list(plan.assignments.select_related("seat", "person"))


def _groups(plan: SeatPlan) -> dict[int, str]:
    """person id -> delegation or sector name, for the plan's members."""
    return roster.member_groups(plan.meeting)


def chart_layout(plan: SeatPlan, paper: str, group: str | None = None) -> dict:
    """The chart's geometry in mm: the seats (``seats``, one PrintedSeat each) and what is
    drawn (``runs``: a row's adjoining seats as one box, see chart_runs)."""
    width, height = PAPERS[paper]
    seats = list(plan.hall.seats.all())
    rows = {a.seat_id: a for a in _rows(plan)}
    groups = _groups(plan) if group else {}
    min_x, min_y = min(s.x for s in seats), min(s.y for s in seats)
    cols = max(s.x for s in seats) - min_x + 1
    lines = max(s.y for s in seats) - min_y + 1
    cell = min((width - 2 * MARGIN) / cols, (height - 2 * MARGIN - HEADER) / lines * 1.6)
    cell_h = min(cell / 1.6, (height - 2 * MARGIN - HEADER) / lines)
    tab = chart_runs.tab_px(cell)
    pitch = chart_runs.drawn_pitch_px(tab)
    cell = pitch / chart_runs.PX_PER_MM
    printed, cells = [], []
    for s in seats:
        a = rows.get(s.pk)
        css = "rostrum" if s.rostrum else ""
        if a is not None and a.category == Category.NONVOTING:
            css += " nonvoting"
        if group and a is not None and groups.get(a.person_id) == group:
            css += " mine"
        name = a.person.name if a is not None else ""
        printed.append(
            PrintedSeat(
                round(MARGIN + (s.x - min_x) * cell, 2),
                round(MARGIN + HEADER + (s.y - min_y) * cell_h, 2),
                s.label,
                name,
                css.strip(),
            )
        )
        cells.append(chart_runs.Cell(s.x - min_x, s.y - min_y, name, css.strip()))
    font = tab / chart_runs.PX_PER_MM / chart_runs.EMS_PER_SEAT * PT_PER_MM
    drawn = [
        {
            "left": round(MARGIN + r.x * cell, 2),
            "top": round(MARGIN + HEADER + r.y * cell_h, 2),
            "width": round(pitch * r.seats, 3),
            "css": r.css,
            "text": r.text,
            "font": round(font * r.scale, 2) if r.scale != 1 else None,
        }
        for r in chart_runs.runs(cells)
    ]
    listed = sorted(
        (
            (rows[s.pk].seat.y, rows[s.pk].seat.x, rows[s.pk].seat.label, rows[s.pk].person.name)
            for s in seats
            if s.pk in rows and groups.get(rows[s.pk].person_id) == group
        ),
    ) if group else []  # fmt: skip
    return {
        "paper": paper,
        "page_w": width,
        "page_h": height - 1,  # a millimetre short, so that the chart never spills over
        "tab_px": tab,
        "pitch_px": round(pitch, 4),
        "cell_h": round(cell_h * 0.88, 2),
        "font": round(font, 4),
        "seats": printed,
        "runs": drawn,
        "listed": [(label, name) for _, _, label, name in listed],
    }


def chart_pdf(plan: SeatPlan, paper: str = "A3", group: str | None = None) -> bytes:
    context = {
        "plan": plan,
        "meeting": plan.meeting,
        "group": group,
        **chart_layout(plan, paper, group),
    }
    with translation.override("zh-hans"):
        return render_pdf(render_to_string("halls/print/chart.html", context))


def rostrum_rows(plan: SeatPlan) -> list[list[str]]:
    """The rostrum's rows, front first, each as the hall sees it: names left to right."""
    rostrum = [s for s in plan.hall.seats.all() if s.rostrum]
    taken = {a.seat_id: a.person.name for a in _rows(plan) if a.seat.rostrum}
    rows: dict[int, list] = {}
    for s in sorted(rostrum, key=lambda s: s.x):
        rows.setdefault(s.row, []).append(taken.get(s.pk, ""))
    out = []
    for r in sorted(rows):
        names = rows[r]
        while names and not names[0]:
            names.pop(0)
        while names and not names[-1]:
            names.pop()
        if names:
            out.append(names)
    return out


def rostrum_pdf(plan: SeatPlan) -> bytes:
    context = {"plan": plan, "meeting": plan.meeting, "rows": rostrum_rows(plan)}
    with translation.override("zh-hans"):
        return render_pdf(render_to_string("halls/print/rostrum.html", context))


def cards_pdf(plan: SeatPlan, everyone: bool = False) -> bytes:
    """Name cards: the rostrum's (in precedence order of the seats), or everyone's."""
    rows = [a for a in _rows(plan) if everyone or a.category == Category.ROSTRUM]
    rows.sort(key=lambda a: (a.seat.y, a.seat.x))
    with translation.override("zh-hans"):
        return render_pdf(
            render_to_string("halls/print/cards.html", {"names": [a.person.name for a in rows]})
        )


def badges_pdf(plan: SeatPlan) -> bytes:
    from lianghui.attendance.actions import badge_for

    groups = _groups(plan)
    badges = []
    for a in sorted(
        _rows(plan), key=lambda a: (a.category != Category.ROSTRUM, a.seat.y, a.seat.x)
    ):
        token = badge_for(a.person).token
        badges.append(
            {
                "name": a.person.name,
                "group": groups.get(a.person_id, ""),
                "category": a.get_category_display(),
                "seat": a.seat.label,
                "qr": segno.make(token, error="m").svg_data_uri(scale=4, border=2),
            }
        )
    pages = [badges[i : i + BADGES_PER_PAGE] for i in range(0, len(badges), BADGES_PER_PAGE)]
    sheets = [[page[i : i + 2] for i in range(0, len(page), 2)] for page in pages]
    with translation.override("zh-hans"):
        return render_pdf(
            render_to_string("halls/print/badges.html", {"meeting": plan.meeting, "sheets": sheets})
        )
