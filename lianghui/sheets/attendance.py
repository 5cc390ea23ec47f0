"""Attendance sheets beyond one meeting: a whole session (every meeting × person) and one
person over a term. A meeting's own rows are those of its attendance sheet
(lianghui.attendance.sheets.lines), so the three sheets never disagree; the counts per
person come from rules.tally."""

from django.utils import timezone, translation

from lianghui.attendance import sheets as meeting_sheet
from lianghui.attendance.models import Capacity, CheckIn, Leave
from lianghui.attendance.queries import quorum_for
from lianghui.people.models import Person
from lianghui.sessions import roster
from lianghui.sessions.models import Meeting, Session, Term
from lianghui.sheets.rules import (
    ABSENT,
    ON_LEAVE,
    PRESENT,
    MeetingAttendance,
    Sheet,
    Table,
    Tally,
    tally,
    tally_sentence,
)

GROUP = "代表团（界别）"
SUMMARY_HEADERS = ("序号", "姓名", GROUP, "应出席", "已签到", "请假", "缺席", "列席")
DETAIL_HEADERS = ("会议", "开始时间", "序号", "姓名", GROUP, "身份", "出席情况", "签到方式",
                  "签到时间", "请假事由")  # fmt: skip
PERSON_HEADERS = ("序号", "会议名称", "会议", "开始时间", "身份", "出席情况", "签到方式",
                  "签到时间", "请假事由")  # fmt: skip


def held(meetings):
    """The meetings that have begun (or where someone has checked in already): a meeting to
    come has nobody absent yet."""
    now = timezone.now()
    started = {m.pk for m in meetings if m.starts_at <= now}
    early = set(
        CheckIn.objects.filter(meeting__in=[m for m in meetings if m.pk not in started])
        .values_list("meeting_id", flat=True)
        .distinct()
    )
    return [m for m in meetings if m.pk in started or m.pk in early]


def _time(at) -> str:
    return timezone.localtime(at).strftime("%Y-%m-%d %H:%M")


def meeting_attendance(meeting: Meeting) -> MeetingAttendance:
    return MeetingAttendance(
        members=frozenset(roster.member_memberships(meeting).values_list("person_id", flat=True)),
        checked_in=frozenset(
            CheckIn.objects.filter(meeting=meeting).values_list("person_id", flat=True)
        ),
        on_leave=frozenset(
            Leave.objects.filter(meeting=meeting).values_list("person_id", flat=True)
        ),
    )


def session_sheet(session: Session) -> Sheet:
    """Every held meeting of the session: a summary per person, then each meeting's rows."""
    meetings = held(list(Meeting.objects.filter(session=session).order_by("starts_at", "pk")))
    per_meeting = [meeting_attendance(m) for m in meetings]
    counts = tally(per_meeting)
    groups: dict[int, str] = {}
    for m in meetings:
        if m.group_id is None:
            for pid, name in roster.member_groups(m).items():
                groups.setdefault(pid, name)
    people = Person.objects.in_bulk(list(counts))
    order = sorted(counts, key=lambda p: (groups.get(p, "\uffff"), people[p].strokes, p))
    summary = [
        (
            n,
            people[p].name,
            groups.get(p, ""),
            t.expected,
            t.present,
            t.on_leave,
            t.absent,
            t.nonvoting,
        )  # fmt: skip
        for n, (p, t) in enumerate(((p, counts[p]) for p in order), 1)
    ]
    detail = []
    notes = []
    with translation.override("zh-hans"):
        for m in meetings:
            start = _time(m.starts_at)
            for n, line in enumerate(meeting_sheet.lines(m), 1):
                detail.append((m.title, start, *line.cells(n)))
            notes.append(f"{m.title}：{quorum_for(m).sentence}")
    return Sheet(
        title=f"{session.title} 出席情况汇总",
        filename=f"session-attendance-{session.pk}",
        lines=(f"已举行会议 {len(meetings)} 次（尚未开始的会议不列入）。",),
        tables=(
            Table("出席汇总", SUMMARY_HEADERS, summary, (6, 12, 16, 8, 8, 8, 8, 8)),
            Table("出席明细", DETAIL_HEADERS, detail, (24, 17, 6, 12, 16, 8, 10, 12, 20, 30)),
        ),
        notes=tuple(notes),
        landscape=True,
    )


def person_sheet(term: Term, person: Person) -> Sheet:
    """Every held meeting of the term's sessions that the person belongs to or attended."""
    meetings = held(
        list(
            Meeting.objects.filter(session__term=term)
            .select_related("session")
            .order_by("starts_at", "pk")
        )
    )
    checkins = {
        c.meeting_id: c for c in CheckIn.objects.filter(person=person, meeting__in=meetings)
    }
    leaves = {lv.meeting_id: lv for lv in Leave.objects.filter(person=person, meeting__in=meetings)}
    rows, seen = [], []
    with translation.override("zh-hans"):
        for m in meetings:
            member = roster.is_member(m, person.pk)
            c, lv = checkins.get(m.pk), leaves.get(m.pk)
            if not member and c is None:
                continue
            one = MeetingAttendance(
                members=frozenset({person.pk} if member else ()),
                checked_in=frozenset({person.pk} if c else ()),
                on_leave=frozenset({person.pk} if lv else ()),
            )
            seen.append(one)
            state = PRESENT if c else (ON_LEAVE if lv else ABSENT)
            capacity = Capacity.VOTING.label if member else Capacity.NONVOTING.label
            rows.append(
                (
                    len(rows) + 1,
                    m.session.title,
                    m.title,
                    _time(m.starts_at),
                    str(capacity),
                    state,
                    c.get_method_display() if c else "",
                    _time(c.at) if c else "",
                    lv.reason if lv and not c else "",
                )  # fmt: skip
            )
    t = tally(seen).get(person.pk, Tally())
    return Sheet(
        title=f"{person.name} 第{term.number}届出席情况",
        filename=f"person-attendance-{person.pk}-term-{term.pk}",
        lines=(f"{term.body.name} 第{term.number}届", tally_sentence(t)),
        tables=(Table("出席记录", PERSON_HEADERS, rows, (6, 32, 22, 17, 8, 10, 12, 17, 30)),),
        landscape=True,
    )
