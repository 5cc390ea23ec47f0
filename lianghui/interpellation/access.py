"""Interpellations are read wherever their session is (a public session: by anyone); only
the secretariat records them. Outsiders get 404, as if they did not exist."""

from operator import attrgetter

from lianghui.interpellation.models import Interpellation
from lianghui.sessions.access import visible_row


def interpellation_for(user, pk: int) -> Interpellation:
    rows = Interpellation.objects.select_related("session__term__body", "meeting")
    return visible_row(
        user, rows, pk, "未找到该质询案，或您无权查看。", session=attrgetter("session")
    )
