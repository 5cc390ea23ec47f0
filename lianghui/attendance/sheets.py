"""A meeting's attendance sheet (出席情况表), as XLSX and PDF: who, how, when, leave with reasons.

One row per member of the meeting (the roster on its day, by delegation or sector, then
surname strokes), then those who attended without a vote (列席); a summary line with the
quorum. Every cell goes through lianghui.spreadsheets, so a name or a reason that looks
like a formula stays text; the column names are Chinese whatever the reader's language.
"""

import io
from dataclasses import dataclass

from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils import timezone, translation

from lianghui.attendance.models import Capacity, CheckIn, Leave
from lianghui.attendance.queries import quorum_for
from lianghui.pdf import render as render_pdf
from lianghui.people.models import Person
from lianghui.sessions import roster
from lianghui.sessions.models import Meeting
from lianghui.spreadsheets import append_row

HEADERS = ["序号", "姓名", "代表团（界别）", "身份", "出席情况", "签到方式", "签到时间", "请假事由"]
PRESENT, ON_LEAVE, ABSENT = "已签到", "请假", "缺席"


@dataclass(frozen=True)
class Line:
    name: str
    group: str
    capacity: str
    status: str
    method: str
    at: str
    reason: str

    def cells(self, n: int) -> list:
        return [n, self.name, self.group, self.capacity, self.status, self.method, self.at,
                self.reason]  # fmt: skip


def lines(meeting: Meeting) -> list[Line]:
    member_ids = list(roster.member_memberships(meeting).values_list("person_id", flat=True))
    groups = roster.member_groups(meeting)
    checkins = {c.person_id: c for c in CheckIn.objects.filter(meeting=meeting)}
    leaves = {lv.person_id: lv for lv in Leave.objects.filter(meeting=meeting)}
    people = Person.objects.in_bulk(set(member_ids) | set(checkins))
    with translation.override("zh-hans"):
        out = []
        members = sorted(
            set(member_ids), key=lambda p: (groups.get(p, ""), people[p].strokes, people[p].name)
        )
        for pid in members:
            c, lv = checkins.get(pid), leaves.get(pid)
            out.append(
                Line(
                    people[pid].name,
                    groups.get(pid, ""),
                    str(Capacity.VOTING.label),
                    PRESENT if c else ON_LEAVE if lv else ABSENT,
                    c.get_method_display() if c else "",
                    _time(c.at) if c else "",
                    lv.reason if lv and not c else "",
                )
            )
        guests = [c for pid, c in checkins.items() if c.capacity == Capacity.NONVOTING]
        for c in sorted(guests, key=lambda c: (people[c.person_id].strokes, c.person_id)):
            out.append(
                Line(
                    people[c.person_id].name,
                    "",
                    str(Capacity.NONVOTING.label),
                    PRESENT,
                    c.get_method_display(),
                    _time(c.at),
                    "",
                )  # fmt: skip
            )
    return out


def _time(at) -> str:
    return timezone.localtime(at).strftime("%Y-%m-%d %H:%M:%S")


def title(meeting: Meeting) -> str:
    return f"{meeting.session.title} {meeting.title} 出席情况"


def xlsx(meeting: Meeting) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.active
    sheet.title = "出席情况"
    append_row(sheet, [title(meeting)])
    sheet.cell(row=1, column=1).font = Font(bold=True)
    append_row(sheet, HEADERS)
    for cell in sheet[2]:
        cell.font = Font(bold=True)
    for n, line in enumerate(lines(meeting), 1):
        append_row(sheet, line.cells(n))
    sheet.append([])
    append_row(sheet, [quorum_for(meeting).sentence])
    for column, width in zip("ABCDEFGH", (6, 12, 16, 8, 10, 12, 20, 30), strict=True):
        sheet.column_dimensions[column].width = width
    sheet.freeze_panes = "C3"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def pdf(meeting: Meeting) -> bytes:
    with translation.override("zh-hans"):
        html = render_to_string(
            "attendance/print/sheet.html",
            {
                "title": title(meeting),
                "headers": HEADERS,
                "rows": [line.cells(n) for n, line in enumerate(lines(meeting), 1)],
                "sentence": quorum_for(meeting).sentence,
            },
        )
    return render_pdf(html)


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def response(meeting: Meeting, kind: str) -> HttpResponse:
    """The sheet as a download: kind "xlsx" or "pdf"."""
    data, content_type = (
        (xlsx(meeting), XLSX) if kind == "xlsx" else (pdf(meeting), "application/pdf")
    )
    answer = HttpResponse(data, content_type=content_type)
    answer["Content-Disposition"] = f'attachment; filename="attendance-{meeting.pk}.{kind}"'
    answer["Cache-Control"] = "private, no-store"
    return answer
