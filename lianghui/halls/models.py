"""Venues, their halls, and each hall's seats (drawn once, reused by every session)."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from lianghui.halls.layout_rules import seat_label


class Venue(models.Model):
    name = models.CharField(_("会址"), max_length=120, unique=True)
    address = models.CharField(_("地址"), max_length=200, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("会址")
        verbose_name_plural = pgettext_lazy("plural", "会址")

    def __str__(self):
        return self.name


class Hall(models.Model):
    venue = models.ForeignKey(
        Venue, verbose_name=_("会址"), on_delete=models.PROTECT, related_name="halls"
    )
    name = models.CharField(_("会场名称"), max_length=80)
    # Bumped by every change of the layout, so a seat plan knows which drawing it used.
    layout_version = models.PositiveIntegerField(_("座位图版本"), default=1)
    synthetic = models.BooleanField(_("演示数据（虚构）"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("创建时间"), default=timezone.now)

    class Meta:
        ordering = ["venue", "name"]
        verbose_name = pgettext_lazy("model", "会场")
        verbose_name_plural = pgettext_lazy("plural", "会场")
        constraints = [models.UniqueConstraint(fields=["venue", "name"], name="hall_unique_name")]

    def __str__(self):
        return f"{self.venue.name}{self.name}"


class Seat(models.Model):
    hall = models.ForeignKey(
        Hall,
        verbose_name=pgettext_lazy("model", "会场"),
        on_delete=models.CASCADE,
        related_name="seats",
    )
    block = models.CharField(_("区域"), max_length=40)
    row = models.PositiveSmallIntegerField(_("排"))
    number = models.PositiveSmallIntegerField(_("号"))
    # The chart position, seen from the hall: the rostrum at the top, x to the audience's right.
    x = models.PositiveSmallIntegerField(_("列"))
    y = models.PositiveSmallIntegerField(_("行"))
    rostrum = models.BooleanField(_("主席台"), default=False)

    class Meta:
        ordering = ["hall", "y", "x"]
        verbose_name = _("座位")
        verbose_name_plural = pgettext_lazy("plural", "座位")
        constraints = [
            models.UniqueConstraint(
                fields=["hall", "rostrum", "block", "row", "number"], name="seat_unique_name"
            ),
            models.UniqueConstraint(fields=["hall", "x", "y"], name="seat_unique_place"),
        ]

    def __str__(self):
        return self.label

    @property
    def label(self) -> str:
        return seat_label(self.block, self.row, self.number, self.rostrum)
