"""Signed screen tokens: the big screen opens a meeting without a user account."""

from django.core import signing

SALT = "lianghui.hall.screen"
MAX_AGE = 14 * 24 * 3600  # a session lasts days, not weeks


def screen_token(meeting_id: int) -> str:
    return signing.dumps({"m": meeting_id}, salt=SALT, compress=True)


def token_allows(token: str | None, meeting_id: int) -> bool:
    if not token:
        return False
    try:
        data = signing.loads(token, salt=SALT, max_age=MAX_AGE)
    except signing.BadSignature:
        return False
    return data.get("m") == meeting_id
