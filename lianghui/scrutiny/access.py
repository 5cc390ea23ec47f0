"""The gate for a tally key: visible where its meeting is visible, else 404."""

from lianghui.scrutiny.models import TallyKey
from lianghui.sessions.access import visible_row


def tally_key_for(user, pk: int) -> TallyKey:
    rows = TallyKey.objects.select_related("meeting__session__term")
    return visible_row(user, rows, pk, "未找到该计票密钥，或您无权查看。")
