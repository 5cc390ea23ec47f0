"""Printable papers of an election, as PDF: the paper ballot (选票) and the result report.

The HTML lives in templates/elections/print/; WeasyPrint lays it out on A4 in the system's
Noto CJK fonts (Debian: fonts-noto-cjk). Views are not here: these return bytes.
"""

from itertools import zip_longest

from django.template.loader import render_to_string
from django.utils import translation

from lianghui.elections.count import MARK_LABELS, Verdict
from lianghui.elections.models import Election, OfficerRole, RoundKind
from lianghui.pdf import render as render_pdf
from lianghui.people.access import person_of

ONE_COLUMN_UP_TO = 15  # more candidates: two columns side by side, to keep to one sheet
WRITE_INS_PER_ROW = 5

VERDICT_LABELS = {
    Verdict.ELECTED: "当选",
    Verdict.REVOTE: "票数相等，再次投票",
    Verdict.OUTRANKED: "过半数，得票较少，未当选",
    Verdict.FAILED: "未当选",
}


def _pdf(template: str, context: dict) -> bytes:
    # Official papers in Chinese, whatever language the reader's interface is in.
    with translation.override("zh-hans"):
        html = render_to_string(template, context)
    return render_pdf(html)


def _name_of(user) -> str:
    if user is None:
        return ""
    person = person_of(user)
    return person.name if person else user.get_full_name() or user.username


def _in_columns(items: list, columns: int) -> list[tuple]:
    """Rows of `columns` items, read top to bottom then the next column; None pads."""
    height = -(-len(items) // columns) or 1
    return list(zip_longest(*[items[i : i + height] for i in range(0, len(items), height)]))


def ballot_pdf(election: Election) -> bytes:
    """The paper ballot: candidates in surname stroke order, a write-in box per seat."""
    candidates = list(election.candidates.select_related("person").order_by("order"))
    revote = election.round_kind == RoundKind.REVOTE  # among the tied only, no write-ins
    write_ins = [] if revote else list(range(1, election.seats + 1))
    columns = 2 if len(candidates) > ONE_COLUMN_UP_TO else 1
    return _pdf(
        "elections/print/ballot.html",
        {
            "election": election,
            "candidates": candidates,
            "rows": _in_columns(candidates, columns),
            "two_columns": columns == 2,
            "surplus": len(candidates) - election.seats,
            "write_ins": write_ins,
            "write_in_rows": [
                write_ins[i : i + WRITE_INS_PER_ROW]
                for i in range(0, len(write_ins), WRITE_INS_PER_ROW)
            ],
            "delegates_only": election.office.write_ins_members_only,
            "labels": MARK_LABELS,
        },
    )


def result_report_pdf(election: Election) -> bytes:
    """The 选举结果报告 from the stored count (actions.count), its officers and who declared it."""
    if not election.result:
        raise ValueError("该选举尚未计票，没有可以打印的结果。")
    tallies = [{**t, "label": VERDICT_LABELS[t["verdict"]]} for t in election.result["tallies"]]
    listed = [t["on_slate"] or t["verdict"] != Verdict.FAILED for t in tallies]
    officers = list(election.officers.select_related("person"))
    return _pdf(
        "elections/print/report.html",
        {
            "election": election,
            "result": election.result,
            "tallies": [t for t, row in zip(tallies, listed, strict=True) if row],
            # write-ins who failed: in one line, not a row each (there may be hundreds)
            "failed_write_ins": [t for t, row in zip(tallies, listed, strict=True) if not row],
            "officers": {
                role.label: [o.person.name for o in officers if o.role == role]
                for role in OfficerRole
            },
            "declared_by": _name_of(election.declared_by),
        },
    )
