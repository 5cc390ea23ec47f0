"""Sign-in slips (签到条): the codes printed on them, their states, and how guessing is held off.

Pure rules, no Django. The slip carries two secrets, each of which signs its person in once:

- the QR code's link holds a random token of TOKEN_BYTES bytes (256 bits), far beyond guessing;
- the short code, for typing when a camera fails, is SHORT_CODE_LENGTH symbols of Crockford's
  base32 (https://www.crockford.com/base32.html): 32 symbols, no I, L, O or U, so 5 bits each
  and SHORT_CODE_BITS = 50 bits in all. On input, lower case is accepted, "O" reads as zero,
  "I" and "L" as one, and dashes and spaces are ignored, as Crockford specifies.

Why 50 bits is enough: a guess succeeds only if it hits one of the slips still open. With
L open slips, one guess wins with probability L / 2^50; the sign-in pages stop an address after
FAILURE_LIMIT failures per FAILURE_WINDOW seconds. A 3,000-delegate congress (L = 3,000) attacked
from A addresses for a whole day gets at most 20 x 144 x A = 2,880·A guesses, a chance of about
7.7e-9 · A. A hall's Wi-Fi puts hundreds of delegates behind one address, so the limit counts
failures only: a delegate who types their code right is never held up by the hall's typos.
"""

import math
import secrets
from datetime import datetime, timedelta
from enum import StrEnum

CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
SHORT_CODE_LENGTH = 10
SHORT_CODE_BITS = SHORT_CODE_LENGTH * int(math.log2(len(CROCKFORD)))  # 50
TOKEN_BYTES = 32

FAILURE_LIMIT = 20
FAILURE_WINDOW = 600  # seconds

DEFAULT_VALID_DAYS = 30
MAX_VALID_DAYS = 180

_READS_AS = {"O": "0", "I": "1", "L": "1"}


def new_short_code(randbelow=secrets.randbelow) -> str:
    """A fresh short code in its canonical form (10 symbols, no separator)."""
    return "".join(CROCKFORD[randbelow(len(CROCKFORD))] for _ in range(SHORT_CODE_LENGTH))


def new_token() -> str:
    return secrets.token_urlsafe(TOKEN_BYTES)


def display_code(code: str) -> str:
    """How the code is printed: two groups of five, easy to read out and type."""
    half = SHORT_CODE_LENGTH // 2
    return f"{code[:half]}-{code[half:]}"


def normalize_code(typed: str) -> str | None:
    """The canonical code for what was typed, or None if it cannot be one."""
    text = "".join(ch for ch in typed.upper() if ch not in "- \t\u3000")
    text = "".join(_READS_AS.get(ch, ch) for ch in text)
    if len(text) != SHORT_CODE_LENGTH or any(ch not in CROCKFORD for ch in text):
        return None
    return text


def looks_like_token(token: str) -> bool:
    """A link token as new_token() makes it (URL-safe base64 of TOKEN_BYTES bytes)."""
    allowed = set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")
    return len(token) == math.ceil(TOKEN_BYTES * 4 / 3) and set(token) <= allowed


class SlipState(StrEnum):
    VALID = "valid"
    USED = "used"
    EXPIRED = "expired"
    REVOKED = "revoked"


def slip_state(*, used: bool, revoked: bool, expires_at: datetime, now: datetime) -> SlipState:
    """Revoked wins over everything (the secretariat's word is last), then used, then expired."""
    if revoked:
        return SlipState.REVOKED
    if used:
        return SlipState.USED
    if now >= expires_at:
        return SlipState.EXPIRED
    return SlipState.VALID


# Why a slip cannot sign in, as the delegate reads it (the pages translate these by state).
REFUSALS = {
    SlipState.USED: "此签到条已经使用过，不能再次登录。如需在另一台设备上登录，请联系会务组重新签发。",
    SlipState.EXPIRED: "此签到条已过有效期。请联系会务组重新签发。",
    SlipState.REVOKED: "此签到条已被会务组作废。请使用会务组新发给您的签到条，或联系会务组。",
}
UNKNOWN = "签到条无效：二维码或登录码不正确。请核对后重试，或联系会务组。"
THROTTLED = "尝试次数过多，请十分钟后再试，或联系会务组。"


def expiry(issued_at: datetime, valid_days: int) -> datetime:
    return issued_at + timedelta(days=valid_days)


def check_valid_days(valid_days: int) -> str | None:
    """None if the validity is allowed, else the refusal."""
    if not 1 <= valid_days <= MAX_VALID_DAYS:
        return f"有效天数须在 1 至 {MAX_VALID_DAYS} 天之间。"
    return None


def throttled(failures: int) -> bool:
    return failures >= FAILURE_LIMIT
