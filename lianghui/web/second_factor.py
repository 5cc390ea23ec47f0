"""A second factor at sign-in (TOTP, django-otp) for the accounts that can change the record.

Spec (for the secretariat; docs/accounts.md):
- With SIGNIN_SECOND_FACTOR on, the secretariat's accounts (of every body or of one; and
  superusers and staff) and the scrutineers' (总监票人, 监票人 of any election) must confirm
  each sign-in with a six-digit code from an authenticator app. Until they have, every page sends them to the code page
  (enrolment with a QR code the first time) and every API operation answers 403
  ``second_factor_required``: a stolen password alone opens nothing.
- Off (the default, and in the demo), nothing changes and the code pages do not exist.
- The password step is unchanged: django-axes still counts and locks wrong passwords. Wrong
  codes are held off by django-otp's own throttle (1, 2, 4, … seconds after each failure).
- A lost phone: another secretariat member resets the account's authenticator (audited:
  ``signin.second_factor_reset``, with the reason); the account enrols again at its next
  request. Nobody resets their own: whoever holds only the password cannot remove the code.
- Enrolment is trust on first use: the first signed-in holder of the password binds the app.
  The secretariat enrols its accounts before the session opens and resets any it did not.
"""

import base64

import segno
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q
from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp import login as otp_login
from django_otp.models import Device
from django_otp.plugins.otp_totp.models import TOTPDevice

from lianghui.audit.log import record
from lianghui.elections.models import CountingOfficer, OfficerRole
from lianghui.errors import ActionError, NotFound, PermissionDenied, row_or_404
from lianghui.people.access import SECRETARIAT_GROUP, is_secretariat, secretariat_body_ids

SCRUTINEER_ROLES = (OfficerRole.CHIEF, OfficerRole.SCRUTINEER)
REQUIRED = "second_factor_required"
DEVICE_NAME = "authenticator"


def enabled() -> bool:
    return bool(getattr(settings, "SIGNIN_SECOND_FACTOR", False))


def needs_second_factor(user) -> bool:
    """Whether this account must confirm its sign-in with a code (when the setting is on)."""
    if user is None or not user.is_authenticated:
        return False
    cached = getattr(user, "_lianghui_needs_otp", None)
    if cached is None:
        cached = (
            user.is_staff
            or is_secretariat(user)
            or bool(secretariat_body_ids(user))
            or CountingOfficer.objects.filter(person__user=user, role__in=SCRUTINEER_ROLES).exists()
        )
        user._lianghui_needs_otp = cached
    return cached


def verified(user) -> bool:
    check = getattr(user, "is_verified", None)
    return bool(check and check())


def held_back(user) -> bool:
    """Signed in with a password (or slip) only, where a code is required."""
    return enabled() and needs_second_factor(user) and not verified(user)


def held_back_on_socket(user, session) -> bool:
    """held_back() for a websocket, where django-otp's middleware does not run: the device
    that confirmed this sign-in is read from the session, as the middleware reads it."""
    if not (enabled() and needs_second_factor(user)):
        return False
    persistent_id = session.get(DEVICE_ID_SESSION_KEY) if session is not None else None
    device = Device.from_persistent_id(persistent_id) if persistent_id else None
    return not (device is not None and device.confirmed and device.user_id == user.pk)


def accounts_needing_it():
    """Every account that must use a second factor, for the secretariat's reset page."""
    scrutineers = CountingOfficer.objects.filter(
        role__in=SCRUTINEER_ROLES, person__user__isnull=False
    ).values("person__user")
    return (
        get_user_model()
        .objects.filter(
            Q(is_staff=True)
            | Q(is_superuser=True)
            | Q(groups__name=SECRETARIAT_GROUP)
            | Q(secretariat_seats__isnull=False)
            | Q(pk__in=scrutineers)
        )
        .distinct()
        .order_by("username")
    )


def confirmed_device(user) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()


def pending_device(user) -> TOTPDevice:
    """The not yet confirmed authenticator being enrolled (one per account, kept across page
    loads so that the QR code scanned stays the one checked)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    return device or TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)


def qr_data_uri(device: TOTPDevice) -> str:
    # A data: URI, which the Content-Security-Policy allows for images (img-src data:).
    return segno.make(device.config_url, error="m").svg_data_uri(scale=5, border=2)


def secret_text(device: TOTPDevice) -> str:
    """The key as typed into an app that cannot scan: base32 in groups of four."""
    key = base64.b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(key[i : i + 4] for i in range(0, len(key), 4))


def _clean(code: str) -> str:
    return "".join((code or "").split())


def _throttled(device: TOTPDevice) -> ActionError | None:
    allowed, info = device.verify_is_allowed()
    if allowed:
        return None
    wait = 1
    if info and info.get("locked_until"):
        wait = max(1, int((info["locked_until"] - timezone.now()).total_seconds()) + 1)
    return ActionError(
        "second_factor_throttled",
        gettext("验证码错误次数过多，请 %(seconds)d 秒后再试。") % {"seconds": wait},
        status=429,
    )


def enrol(request, code: str) -> TOTPDevice:
    """Confirm the pending authenticator with its first code; the sign-in is then verified."""
    user = request.user
    device = pending_device(user)
    refusal = _throttled(device)
    if refusal:
        raise refusal
    if not device.verify_token(_clean(code)):
        raise ActionError("bad_code", gettext("验证码不正确，请看清手机上的六位数字后重试。"))
    with transaction.atomic():
        # One authenticator per account: a new one replaces any earlier.
        replaced = list(
            TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).values_list("pk", flat=True)
        )
        TOTPDevice.objects.filter(pk__in=replaced).delete()
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        record(
            "signin.second_factor_enrolled",
            f"user:{user.pk}",
            actor=user,
            data={"device": device.pk, "replaced": replaced},
        )
    otp_login(request, device)
    return device


def verify(request, code: str) -> TOTPDevice:
    device = confirmed_device(request.user)
    if device is None:
        raise NotFound(gettext("该账号尚未绑定验证器。"))
    refusal = _throttled(device)
    if refusal:
        raise refusal
    if not device.verify_token(_clean(code)):
        raise ActionError("bad_code", gettext("验证码不正确，请看清手机上的六位数字后重试。"))
    otp_login(request, device)
    return device


def reset(user_id: int, actor, reason: str) -> int:
    """Another secretariat member removes an account's authenticator (a lost phone); the
    account enrols anew at its next request. Returns how many devices were removed."""
    if not is_secretariat(actor) or (enabled() and not verified(actor)):
        raise PermissionDenied(gettext("只有已完成两步验证的会务组成员可以重置验证器。"))
    reason = (reason or "").strip()[:200]
    if not reason:
        raise ActionError("reason_required", gettext("重置验证器须说明原因（如：手机遗失）。"))
    if user_id == actor.pk:
        raise ActionError(
            "own_account", gettext("不能重置自己的验证器，请另一位会务组成员操作。"), status=403
        )
    target = row_or_404(get_user_model().objects, user_id, gettext("未找到该账号。"))
    with transaction.atomic():
        devices = list(
            TOTPDevice.objects.select_for_update().filter(user=target).values_list("pk", flat=True)
        )
        if not devices:
            raise ActionError("no_device", gettext("该账号没有绑定验证器。"), status=404)
        TOTPDevice.objects.filter(pk__in=devices).delete()
        record(
            "signin.second_factor_reset",
            f"user:{target.pk}",
            actor=actor,
            data={"username": target.get_username(), "devices": devices, "reason": reason},
        )
    return len(devices)


class RequireSecondFactorMiddleware:
    """Holds back an account that still owes its code: pages go to the code page, the API
    answers 403. Placed after django-otp's OTPMiddleware (which sets user.is_verified)."""

    def __init__(self, get_response):
        self.get_response = get_response
        self._open = None

    def is_open(self, path: str) -> bool:
        # The code page itself (exactly: not the secretariat's pages below it), signing
        # out, and the language switch.
        if self._open is None:
            self._open = (
                {reverse("web:second_factor"), reverse("web:logout")},
                (reverse("set_language"), settings.STATIC_URL),
            )
        exact, prefixes = self._open
        return path in exact or path.startswith(prefixes)

    def __call__(self, request):
        user = getattr(request, "user", None)
        if enabled() and held_back(user) and not self.is_open(request.path):
            return self.refuse(request)
        return self.get_response(request)

    def refuse(self, request):
        if request.path.startswith("/api/"):
            return JsonResponse(
                {
                    "code": REQUIRED,
                    "message": "请先完成两步验证（输入验证器上的六位验证码）后再操作。",
                },
                status=403,
            )
        target = reverse("web:second_factor")
        wanted = request.get_full_path()
        if request.method == "GET" and url_has_allowed_host_and_scheme(
            wanted, allowed_hosts={request.get_host()}
        ):
            target += "?" + urlencode({"next": wanted})
        response = redirect(target)
        if getattr(request, "htmx", False):
            response["HX-Redirect"] = target
        return response
