"""The gate for a poll: visible where its meeting is visible, else 404."""

from lianghui.sessions.access import visible_row
from lianghui.votes.models import Poll


def poll_for(user, pk: int) -> Poll:
    rows = Poll.objects.select_related("meeting__session__term__body", "body", "item")
    return visible_row(user, rows, pk, "未找到该表决，或您无权查看。")
