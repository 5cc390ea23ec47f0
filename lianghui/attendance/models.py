"""Check-ins per meeting, leave of absence, and each person's personal check-in code."""

import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from lianghui.people.models import Person
from lianghui.sessions.models import Meeting


class Method(models.TextChoices):
    QR = "qr", _("扫码签到")
    DESK = "desk", _("会务台签到")
    SELF = "self", _("自助签到")


class Capacity(models.TextChoices):
    VOTING = "voting", pgettext_lazy("capacity", "出席")
    NONVOTING = "nonvoting", pgettext_lazy("capacity", "列席")


class CheckIn(models.Model):
    meeting = models.ForeignKey(
        Meeting,
        verbose_name=pgettext_lazy("model", "会议"),
        on_delete=models.PROTECT,
        related_name="checkins",
    )
    person = models.ForeignKey(
        Person,
        verbose_name=pgettext_lazy("model", "人员"),
        on_delete=models.PROTECT,
        related_name="checkins",
    )
    capacity = models.CharField(_("身份"), max_length=10, choices=Capacity.choices)
    method = models.CharField(_("方式"), max_length=8, choices=Method.choices)
    at = models.DateTimeField(_("签到时间"), default=timezone.now)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["meeting", "at"]
        verbose_name = pgettext_lazy("model", "签到")
        verbose_name_plural = pgettext_lazy("plural", "签到")
        constraints = [
            # One check-in per person and meeting, whatever the race between desk and device.
            models.UniqueConstraint(fields=["meeting", "person"], name="checkin_once"),
        ]
        indexes = [models.Index(fields=["meeting", "capacity"])]

    def __str__(self):
        return f"{self.person} @ {self.meeting}"


class Leave(models.Model):
    meeting = models.ForeignKey(
        Meeting,
        verbose_name=pgettext_lazy("model", "会议"),
        on_delete=models.PROTECT,
        related_name="leaves",
    )
    person = models.ForeignKey(
        Person,
        verbose_name=pgettext_lazy("model", "人员"),
        on_delete=models.PROTECT,
        related_name="leaves",
    )
    reason = models.CharField(_("事由"), max_length=200)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(_("登记时间"), default=timezone.now)

    class Meta:
        ordering = ["meeting", "at"]
        verbose_name = pgettext_lazy("model", "请假")
        verbose_name_plural = pgettext_lazy("plural", "请假")
        constraints = [models.UniqueConstraint(fields=["meeting", "person"], name="leave_once")]

    def __str__(self):
        return f"{self.person} 请假：{self.reason}"


def new_badge_token() -> str:
    return secrets.token_urlsafe(18)


class Badge(models.Model):
    """A person's personal check-in code, shown as a QR code and scanned at the desk."""

    person = models.OneToOneField(Person, on_delete=models.CASCADE, related_name="badge")
    token = models.CharField(max_length=32, unique=True, default=new_badge_token)
    issued_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("签到码")
        verbose_name_plural = pgettext_lazy("plural", "签到码")

    def __str__(self):
        return f"{self.person} 的签到码"
