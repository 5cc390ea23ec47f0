"""Recalls and resignations are read wherever their session is; the secretariat records
them. Outsiders get 404, as if they did not exist."""

from lianghui.errors import NotFound
from lianghui.recall.models import Recall, Resignation
from lianghui.sessions.access import can_see_session


def _for(model, user, pk: int, what: str):
    found = (
        model.objects.select_related("session__term__body", "person", "poll").filter(pk=pk).first()
    )
    if found is None or not can_see_session(user, found.session):
        raise NotFound(f"未找到该{what}，或您无权查看。")
    return found


def recall_for(user, pk: int) -> Recall:
    return _for(Recall, user, pk, "罢免案")


def resignation_for(user, pk: int) -> Resignation:
    return _for(Resignation, user, pk, "辞职请求")
