"""Rules for setting up a session: dates, meeting kinds, overlaps, agenda order. No Django.

Each check returns a list of Problems; a Problem names the form field it is about, and its
message (Chinese, the secretariat's language) starts with that field's label, so a page can
show it beside the field and the API can return it as it is.

Times are aware datetimes; a meeting's day is its day in the session's time zone (the
caller passes it: Asia/Shanghai), never the server's.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta, tzinfo

CONGRESS, CPPCC = "congress", "cppcc"

# Which meetings each body holds during a session. A people's congress: the preparatory
# meeting (LOL 17), plenaries, the presidium's meetings and delegation groups. A CPPCC
# committee: its own preparatory meeting and plenaries (with 大会发言), the presidium of the
# plenary session, standing-committee and chairs' meetings held during the session, and its
# sector (界别) and group meetings.
MEETING_KINDS = {
    CONGRESS: ("preparatory", "plenary", "presidium", "group", "other"),
    CPPCC: ("preparatory", "plenary", "presidium", "group", "standing", "chairs", "other"),
}
GROUP_KIND = "group"


@dataclass(frozen=True)
class Problem:
    field: str
    message: str


@dataclass(frozen=True)
class Slot:
    """A meeting as the rules see it."""

    id: int | None
    title: str
    kind: str
    starts_at: datetime
    ends_at: datetime | None = None
    group_id: int | None = None
    venue: str = ""


def _day(d: date) -> str:
    return f"{d.year}年{d.month}月{d.day}日"


def _span(slot: Slot, tz: tzinfo) -> str:
    start = slot.starts_at.astimezone(tz)
    text = f"{start.month}月{start.day}日 {start:%H:%M}"
    if slot.ends_at:
        end = slot.ends_at.astimezone(tz)
        text += (
            f"—{end:%H:%M}" if end.date() == start.date() else f"—{_day(end.date())} {end:%H:%M}"
        )
    return text


def check_term(number: int, start: date, end: date | None) -> list[Problem]:
    problems = []
    if number < 1:
        problems.append(Problem("number", "届次：应为正整数（第几届）。"))
    if end is not None and end < start:
        problems.append(Problem("end", "终止日期：不能早于起始日期。"))
    return problems


def check_session(
    number: int, start: date, end: date, term_start: date, term_end: date | None
) -> list[Problem]:
    """A session (次) falls inside its term and ends on or after the day it opens."""
    problems = []
    if number < 1:
        problems.append(Problem("number", "次：应为正整数（第几次会议）。"))
    if end < start:
        problems.append(Problem("end_date", "闭幕日期：不能早于开幕日期。"))
    if start < term_start:
        problems.append(
            Problem("start_date", f"开幕日期：早于本届的起始日期（{_day(term_start)}）。")
        )
    if term_end is not None and end > term_end:
        problems.append(Problem("end_date", f"闭幕日期：晚于本届的终止日期（{_day(term_end)}）。"))
    return problems


def may_run_together(a: Slot, b: Slot) -> bool:
    """Group meetings of different groups in different rooms run in parallel; nothing else."""
    if a.kind != GROUP_KIND or b.kind != GROUP_KIND or a.group_id == b.group_id:
        return False
    return not (a.venue and a.venue == b.venue)


def overlaps(a: Slot, b: Slot) -> bool:
    """Spans are half-open: one meeting may start the minute another ends.

    A meeting without an end time is taken as the moment it starts.
    """
    if a.ends_at is not None and b.ends_at is not None:
        return a.starts_at < b.ends_at and b.starts_at < a.ends_at
    if a.ends_at is None and b.ends_at is None:
        return a.starts_at == b.starts_at
    moment, span = (a, b) if a.ends_at is None else (b, a)
    return span.starts_at <= moment.starts_at < span.ends_at


def check_meeting(
    slot: Slot,
    body_kind: str,
    session_start: date,
    session_end: date,
    others: Iterable[Slot],
    tz: tzinfo,
    group_ok: bool = True,
) -> list[Problem]:
    """A meeting of a session: a kind this body holds, inside the session's days, no clash.

    group_ok: the caller's finding that the named group belongs to this body.
    """
    problems = []
    if slot.kind not in MEETING_KINDS.get(body_kind, ()):
        problems.append(Problem("kind", "类型：本机关的会议期间不举行这类会议。"))
    if not slot.title.strip():
        problems.append(Problem("title", "名称：请填写会议名称。"))
    if slot.kind == GROUP_KIND and slot.group_id is None:
        problems.append(Problem("group", "代表团或界别：分组会议须选择召开会议的代表团或界别。"))
    elif slot.group_id is not None and not group_ok:
        problems.append(Problem("group", "代表团或界别：不是本机关的代表团、界别或小组。"))
    if slot.ends_at is not None and slot.ends_at <= slot.starts_at:
        problems.append(Problem("ends_at", "结束时间：应晚于开始时间。"))
        return problems
    period = f"{_day(session_start)}至{_day(session_end)}"
    first = slot.starts_at.astimezone(tz).date()
    if not session_start <= first <= session_end:
        problems.append(Problem("starts_at", f"开始时间：不在本次会议的会期（{period}）之内。"))
    if (
        slot.ends_at is not None
        and not session_start <= slot.ends_at.astimezone(tz).date() <= session_end
    ):
        problems.append(Problem("ends_at", f"结束时间：不在本次会议的会期（{period}）之内。"))
    for other in others:
        if other.id is not None and other.id == slot.id:
            continue
        if overlaps(slot, other) and not may_run_together(slot, other):
            problems.append(
                Problem(
                    "starts_at",
                    f"开始时间：与“{other.title}”（{_span(other, tz)}）时间重叠。",
                )
            )
    return problems


def check_order(current: list[int], wanted: list[int]) -> list[Problem]:
    """A new agenda order names every item of the meeting exactly once."""
    if sorted(current) == sorted(wanted) and len(set(wanted)) == len(wanted):
        return []
    strangers = sorted(set(wanted) - set(current))
    if strangers:
        return [Problem("items", f"议程：{strangers} 不是本场会议的议程。")]
    return [Problem("items", "议程：新顺序须包含本场会议的每一项议程，且每项只出现一次。")]


@dataclass(frozen=True)
class ClonePlan:
    slots: list[tuple[Slot, Slot]]  # (old, new) pairs: the copy shifted to the new dates
    skipped: list[Slot]  # meetings that would fall outside the new session's days


def clone_plan(
    meetings: Iterable[Slot], old_start: date, new_start: date, new_end: date, tz: tzinfo
) -> ClonePlan:
    """Shift each meeting of the last session by the days between the two openings.

    A meeting that would land after the new closing day (the new session is shorter) is not
    copied; the secretariat sees which ones were left out.
    """
    shift = timedelta(days=(new_start - old_start).days)
    slots, skipped = [], []
    for old in meetings:
        # Shift on the local calendar: the same wall-clock time on the shifted day.
        start = (old.starts_at.astimezone(tz).replace(tzinfo=None) + shift).replace(tzinfo=tz)
        end = None
        if old.ends_at is not None:
            end = (old.ends_at.astimezone(tz).replace(tzinfo=None) + shift).replace(tzinfo=tz)
        new = Slot(None, old.title, old.kind, start, end, old.group_id, old.venue)
        if new_start <= start.date() <= new_end and (end is None or end.date() <= new_end):
            slots.append((old, new))
        else:
            skipped.append(old)
    return ClonePlan(slots, skipped)
