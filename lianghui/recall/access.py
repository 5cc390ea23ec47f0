"""Recalls and resignations are read wherever their session is; the secretariat records
them. Outsiders get 404, as if they did not exist."""

from operator import attrgetter

from lianghui.recall.models import Recall, Resignation
from lianghui.sessions.access import visible_row


def _for(model, user, pk: int, what: str):
    rows = model.objects.select_related("session__term__body", "person", "poll")
    message = f"未找到该{what}，或您无权查看。"
    return visible_row(user, rows, pk, message, session=attrgetter("session"))


def recall_for(user, pk: int) -> Recall:
    return _for(Recall, user, pk, "罢免案")


def resignation_for(user, pk: int) -> Resignation:
    return _for(Resignation, user, pk, "辞职请求")
