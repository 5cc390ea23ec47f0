"""The gate for a poll: visible where its meeting is visible, else 404."""

from lianghui.errors import NotFound
from lianghui.sessions.access import can_see_session
from lianghui.votes.models import Poll


def poll_for(user, pk: int) -> Poll:
    poll = (
        Poll.objects.select_related("meeting__session__term__body", "body", "item")
        .filter(pk=pk)
        .first()
    )
    if poll is None or not can_see_session(user, poll.meeting.session):
        raise NotFound("未找到该表决，或您无权查看。")
    return poll
