"""The gate for a tally key: visible where its meeting is visible, else 404."""

from lianghui.errors import NotFound
from lianghui.scrutiny.models import TallyKey
from lianghui.sessions.access import can_see_session


def tally_key_for(user, pk: int) -> TallyKey:
    key = TallyKey.objects.select_related("meeting__session__term").filter(pk=pk).first()
    if key is None or not can_see_session(user, key.meeting.session):
        raise NotFound("未找到该计票密钥，或您无权查看。")
    return key
