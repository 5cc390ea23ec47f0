"""A delegate's or member's "now": what their home page puts first.

The meeting under way (or the next one today), whether they are checked in to it, the vote
or electronic ballot open to them, and the steps their own filings wait for. Read-only:
every link leads to the page where the step is taken.
"""

from dataclasses import dataclass, field
from datetime import timedelta

from django.db.models import Q
from django.utils import timezone

from lianghui.attendance.models import CheckIn
from lianghui.elections.models import Election, ElectionState
from lianghui.people.models import Membership, Person
from lianghui.proposals.due import FilerStep, for_filer
from lianghui.sessions import roster
from lianghui.sessions.models import Meeting
from lianghui.votes.models import Mode, Poll, State

# A meeting with no end time counts as under way this long after it starts.
ASSUMED_LENGTH = timedelta(hours=4)


@dataclass
class Now:
    meeting: Meeting | None = None
    under_way: bool = False
    checked_in: bool = False
    may_self_check_in: bool = False
    polls: list[Poll] = field(default_factory=list)
    elections: list[Election] = field(default_factory=list)
    steps: list[FilerStep] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not (self.meeting or self.polls or self.elections or self.steps)


def _my_meetings(person: Person):
    memberships = Membership.objects.filter(person=person).select_related("organisation")
    org_ids = {m.organisation_id for m in memberships}
    body_ids = {m.organisation_id for m in memberships if m.organisation.is_body} | {
        m.organisation.parent_id for m in memberships if m.organisation.parent_id
    }
    return Meeting.objects.filter(
        Q(session__term__body_id__in=body_ids, group__isnull=True) | Q(group_id__in=org_ids)
    )


def _current_meeting(meetings, now) -> tuple[Meeting | None, bool]:
    """The meeting under way, else the next one starting today; (meeting, under way)."""
    today = timezone.localdate(now)
    todays = [
        m
        for m in meetings.filter(starts_at__date__gte=today - timedelta(days=1)).order_by(
            "starts_at", "id"
        )
        if timezone.localtime(m.starts_at).date() == today
    ]
    for m in todays:
        if m.starts_at <= now <= (m.ends_at or m.starts_at + ASSUMED_LENGTH):
            return m, True
    upcoming = [m for m in todays if m.starts_at > now]
    return (upcoming[0], False) if upcoming else (None, False)


def now_for(person: Person) -> Now:
    now = timezone.now()
    meetings = _my_meetings(person)
    meeting, under_way = _current_meeting(meetings, now)
    result = Now(meeting=meeting, under_way=under_way, steps=for_filer(person.pk))
    if meeting is not None:
        result.checked_in = CheckIn.objects.filter(meeting=meeting, person=person).exists()
        result.may_self_check_in = (
            not result.checked_in
            and meeting.checkin_open
            and meeting.self_checkin
            and roster.is_member(meeting, person.pk)
        )
    open_polls = Poll.objects.filter(
        meeting__in=meetings, state=State.OPEN, mode=Mode.ELECTRONIC
    ).select_related("meeting")
    result.polls = [p for p in open_polls if roster.is_member(p.meeting, person.pk)]
    open_elections = Election.objects.filter(
        meeting__in=meetings, state=ElectionState.OPEN, mode="electronic"
    ).select_related("meeting", "office")
    result.elections = [e for e in open_elections if roster.is_member(e.meeting, person.pk)]
    return result
