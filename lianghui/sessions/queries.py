"""Read helpers shared by the session pages and the API (fixed query counts)."""

from collections import defaultdict

from django.db.models import Prefetch
from django.utils import timezone

from lianghui.errors import invalid
from lianghui.sessions.models import AgendaItem, Meeting, PresidingOfficer, Session


def _with_agenda(meetings):
    """Meetings with their agenda (presenters, documents) and presiding officers, in a fixed
    number of queries."""
    return meetings.prefetch_related(
        Prefetch(
            "items",
            queryset=AgendaItem.objects.select_related("presenter").prefetch_related("documents"),
        ),
        Prefetch("officers", queryset=PresidingOfficer.objects.select_related("person")),
    )


def meetings_of(session: Session):
    meetings = Meeting.objects.filter(session=session).select_related("group")
    return _with_agenda(meetings).order_by("starts_at", "id")


def meetings_by_day(session: Session):
    days = defaultdict(list)
    for meeting in meetings_of(session):
        days[timezone.localtime(meeting.starts_at).date()].append(meeting)
    return sorted(days.items())


def meeting_detail(pk: int) -> Meeting:
    return _with_agenda(Meeting.objects.select_related("session__term__body", "group")).get(pk=pk)


def meeting_item(
    meeting: Meeting, item_id: int, *, where: str = "本次会议", log=None
) -> AgendaItem:
    """The agenda item `item_id` when it is one of this meeting's, else the refusal (422) that
    it does not belong to `where`; `log`, an app's logger, logs the refusal's code."""
    item = AgendaItem.objects.filter(pk=item_id, meeting=meeting).first()
    if item is None:
        raise invalid("bad_item", f"该议程不属于{where}。", log=log)
    return item
