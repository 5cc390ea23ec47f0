"""Reads of a meeting's attendance that pages, the hall, votes and elections share."""

from lianghui.attendance import rules
from lianghui.attendance.models import Capacity, CheckIn, Leave
from lianghui.sessions import roster
from lianghui.sessions.models import Meeting


def quorum_for(meeting: Meeting) -> rules.Quorum:
    """The live quorum of a meeting: three counting queries, whatever the roster size."""
    members = roster.member_ids(meeting)
    total = roster.member_count(meeting)
    present = CheckIn.objects.filter(meeting=meeting, person_id__in=members).count()
    on_leave = (
        Leave.objects.filter(meeting=meeting, person_id__in=members)
        .exclude(person_id__in=CheckIn.objects.filter(meeting=meeting).values("person_id"))
        .count()
    )
    nonvoting = CheckIn.objects.filter(meeting=meeting, capacity=Capacity.NONVOTING).count()
    return rules.quorum(total, present, on_leave, nonvoting)


def checked_in_to_vote(meeting_id: int, person, opened_at) -> bool:
    """Whether ``person`` had checked in to vote (not as a non-voting attendee) at the meeting
    by the time its vote or election opened (``opened_at``; None while it has not): whom a
    ballot page offers the ballot."""
    return (
        bool(person)
        and opened_at is not None
        and CheckIn.objects.filter(
            meeting_id=meeting_id, person=person, capacity=Capacity.VOTING, at__lte=opened_at
        ).exists()
    )
