"""Password sign-in held off against guessing (django-axes), and the secretariat's unlock.

Spec (for the secretariat):
- An account is locked after ACCOUNT_LIMIT wrong passwords (settings.AXES_FAILURE_LIMIT),
  from anywhere; an address after ADDRESS_LIMIT wrong passwords for any accounts. A hall's
  Wi-Fi puts hundreds of people behind one address, so the address limit is ten times the
  account's, and only failures count: a right password is never held up by others' typos.
- While locked, even the right password is refused, in Chinese, with 429. Failures are
  forgotten AXES_COOLOFF_TIME after the last one (unlocking by itself), or when the
  secretariat unlocks the account or address (``unlock``, audited: ``signin.unlocked``).
- Each failed attempt also costs a PBKDF2 hash (~0.6 s of CPU); the lock stops an attacker
  from spending a hall server's CPU that way for long.
- Counted in the database (axes' database handler), not the cache: the lock holds across
  workers and while Redis is down.
"""

from axes.backends import AxesStandaloneBackend
from axes.handlers.database import AxesDatabaseHandler
from axes.models import AccessAttempt
from django.conf import settings
from django.db import transaction
from django.db.models import Sum
from django.shortcuts import render
from django.utils.translation import gettext

from lianghui.audit.log import record
from lianghui.errors import ActionError, PermissionDenied
from lianghui.people.access import is_secretariat

ADDRESS_FACTOR = 10  # an address may fail ten times as often as one account


def account_limit() -> int:
    return settings.AXES_FAILURE_LIMIT


def address_limit() -> int:
    return account_limit() * ADDRESS_FACTOR


class Backend(AxesStandaloneBackend):
    """axes' check before the password is tried. ``authenticate()`` called by code without a
    request (Django's test client, a shell) is not a sign-in from anywhere: nothing to count."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username, password, **kwargs)


class Handler(AxesDatabaseHandler):
    """axes compares one number with AXES_FAILURE_LIMIT: the failures of the account, or the
    address's failures scaled down by ADDRESS_FACTOR, whichever is nearer its limit."""

    def get_failures(self, request, credentials=None) -> int:
        # One query set per AXES_LOCKOUT_PARAMETERS entry: ["username", "ip_address"].
        by_account, by_address = (
            attempts.aggregate(n=Sum("failures_since_start"))["n"] or 0
            for attempts in self.get_user_attempts(request, credentials)
        )
        return max(by_account, by_address // ADDRESS_FACTOR)


def locked_out(request, response=None, credentials=None):
    """What a locked account or address is answered: the sign-in page, in the reader's language."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    message = gettext(
        "登录失败次数过多，该账号或网络地址已被暂时锁定。请 %(minutes)d 分钟后再试，"
        "或请会务组解除锁定。"
    ) % {"minutes": minutes}
    return render(request, "web/login.html", {"locked": message}, status=429)


def locks() -> list[dict]:
    """Accounts and addresses locked now: [{"kind", "value", "failures", "last"}]."""
    out = []
    by_user = AccessAttempt.objects.values("username").annotate(n=Sum("failures_since_start"))
    for row in by_user.order_by("username"):
        if row["username"] and row["n"] >= account_limit():
            out.append({"kind": "username", "value": row["username"], "failures": row["n"]})
    by_ip = AccessAttempt.objects.values("ip_address").annotate(n=Sum("failures_since_start"))
    for row in by_ip.order_by("ip_address"):
        if row["ip_address"] and row["n"] >= address_limit():
            out.append({"kind": "ip_address", "value": row["ip_address"], "failures": row["n"]})
    return out


def unlock(kind: str, value: str, actor) -> int:
    """The secretariat forgets the failures of one account or one address; returns how many
    attempt records were removed."""
    if not is_secretariat(actor):
        raise PermissionDenied("只有会务组可以解除登录锁定。")
    if kind not in ("username", "ip_address") or not value:
        raise ActionError("bad_lock", "请指明要解除锁定的账号或网络地址。")
    with transaction.atomic():
        removed = len(AccessAttempt.objects.select_for_update().filter(**{kind: value}))
        if not removed:
            raise ActionError("not_locked", "该账号或网络地址没有登录失败记录。", status=404)
        AccessAttempt.objects.filter(**{kind: value}).delete()
        record("signin.unlocked", f"{kind}:{value}", actor=actor, data={"removed": removed})
    return removed
