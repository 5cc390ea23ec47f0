"""Interpellations are read wherever their session is (a public session: by anyone); only
the secretariat records them. Outsiders get 404, as if they did not exist."""

from lianghui.errors import NotFound
from lianghui.interpellation.models import Interpellation
from lianghui.sessions.access import can_see_session


def interpellation_for(user, pk: int) -> Interpellation:
    item = (
        Interpellation.objects.select_related("session__term__body", "meeting")
        .filter(pk=pk)
        .first()
    )
    if item is None or not can_see_session(user, item.session):
        raise NotFound("未找到该质询案，或您无权查看。")
    return item
