"""What a sheet is, and the few counts it states. Pure: no Django.

A sheet (报表) is a title, a few lines under it, one or more tables with Chinese column
names, and notes below. The same Sheet is written as XLSX (one worksheet per table) and as
PDF (the tables one after another), so that both say the same.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field

PRESENT, ON_LEAVE, ABSENT = "已签到", "请假", "缺席"

# Excel refuses these in a worksheet's name, and names longer than 31 characters.
_FORBIDDEN_IN_TITLE = set("[]:*?/\\")
MAX_TITLE = 31


@dataclass(frozen=True)
class Table:
    name: str
    headers: tuple[str, ...]
    rows: list[tuple]
    widths: tuple[int, ...] = ()  # column widths in characters (XLSX)


@dataclass(frozen=True)
class Sheet:
    title: str
    filename: str  # without the extension; ASCII
    tables: tuple[Table, ...]
    lines: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()
    landscape: bool = False


def worksheet_titles(names: Iterable[str]) -> list[str]:
    """Names Excel accepts, each distinct: forbidden characters dropped, cut to 31."""
    out: list[str] = []
    for name in names:
        base = "".join(c for c in name if c not in _FORBIDDEN_IN_TITLE).strip("' ") or "表"
        title, n = base[:MAX_TITLE], 1
        while title in out:
            n += 1
            suffix = f"({n})"
            title = base[: MAX_TITLE - len(suffix)] + suffix
        out.append(title)
    return out


@dataclass(frozen=True)
class MeetingAttendance:
    """One meeting: who belongs to it, who checked in (in either capacity), who is on leave."""

    members: frozenset
    checked_in: frozenset
    on_leave: frozenset


@dataclass
class Tally:
    expected: int = 0  # meetings the person belongs to
    present: int = 0
    on_leave: int = 0
    absent: int = 0
    nonvoting: int = 0  # meetings attended without belonging to them (列席)
    statuses: list = field(default_factory=list)


def status(meeting: MeetingAttendance, person) -> str | None:
    """A member's status at one meeting: checked in, else on leave, else absent; None for
    someone who does not belong to it."""
    if person not in meeting.members:
        return None
    if person in meeting.checked_in:
        return PRESENT
    return ON_LEAVE if person in meeting.on_leave else ABSENT


def tally(meetings: Iterable[MeetingAttendance]) -> dict:
    """person -> Tally over the meetings; every member of a meeting is counted once in it,
    as present, on leave or absent; those checked in without belonging to it as 列席."""
    out: dict = {}
    for meeting in meetings:
        for person in meeting.members | meeting.checked_in:
            t = out.setdefault(person, Tally())
            s = status(meeting, person)
            t.statuses.append(s)
            if s is None:
                t.nonvoting += 1
                continue
            t.expected += 1
            if s == PRESENT:
                t.present += 1
            elif s == ON_LEAVE:
                t.on_leave += 1
            else:
                t.absent += 1
    return out


def tally_sentence(t: Tally) -> str:
    text = (
        f"应出席 {t.expected} 次，已签到 {t.present} 次，请假 {t.on_leave} 次，缺席 {t.absent} 次"
    )
    return text + (f"；列席 {t.nonvoting} 次。" if t.nonvoting else "。")


def ballots_validity(issued: int | None, returned: int | None) -> str:
    """The election's validity by the ballots returned against those issued: more returned
    than issued voids the election; as many or fewer makes it valid."""
    if issued is None or returned is None:
        return "发出、收回选票数未登记。"
    if returned > issued:
        return f"收回选票 {returned} 张，多于发出选票 {issued} 张，选举无效。"
    relation = "等于" if returned == issued else "少于"
    return f"收回选票 {returned} 张，{relation}发出选票 {issued} 张，选举有效。"
