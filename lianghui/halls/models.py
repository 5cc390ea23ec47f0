"""Venues, their halls, and each hall's seats (drawn once, reused by every session)."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from lianghui.halls.layout_rules import seat_label
from lianghui.people.models import Person
from lianghui.sessions.models import Meeting


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


class PlanState(models.TextChoices):
    DRAFT = "draft", _("草稿")
    PUBLISHED = "published", _("已发布")


class Order(models.TextChoices):
    STROKES = "strokes", _("姓氏笔画")
    PINYIN = "pinyin", _("拼音")


class SeatPlan(models.Model):
    """A meeting's seat plan (座次) on one hall. Its version grows with every change made
    after publishing; each published version is kept (PlanVersion)."""

    meeting = models.OneToOneField(
        Meeting,
        verbose_name=pgettext_lazy("model", "会议"),
        on_delete=models.PROTECT,
        related_name="seat_plan",
    )
    hall = models.ForeignKey(
        Hall,
        verbose_name=pgettext_lazy("model", "会场"),
        on_delete=models.PROTECT,
        related_name="plans",
    )
    layout_version = models.PositiveIntegerField(_("座位图版本"))
    order = models.CharField(_("排序方式"), max_length=8, choices=Order.choices)
    state = models.CharField(
        _("状态"), max_length=10, choices=PlanState.choices, default=PlanState.DRAFT
    )
    version = models.PositiveIntegerField(_("版本"), default=1)
    created_at = models.DateTimeField(_("创建时间"), default=timezone.now)
    published_at = models.DateTimeField(_("发布时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("座次表")
        verbose_name_plural = pgettext_lazy("plural", "座次表")

    def __str__(self):
        return f"{self.meeting} 座次表"

    @property
    def published(self) -> bool:
        return self.state == PlanState.PUBLISHED


class Category(models.TextChoices):
    ROSTRUM = "rostrum", _("主席台")
    MEMBER = "member", _("代表（委员）")
    NONVOTING = "nonvoting", pgettext_lazy("capacity", "列席")
    GUEST = "guest", _("特邀嘉宾")


class SeatAssignment(models.Model):
    plan = models.ForeignKey(SeatPlan, on_delete=models.CASCADE, related_name="assignments")
    seat = models.ForeignKey(
        Seat, verbose_name=_("座位"), on_delete=models.PROTECT, related_name="assignments"
    )
    person = models.ForeignKey(
        Person,
        verbose_name=pgettext_lazy("model", "人员"),
        on_delete=models.PROTECT,
        related_name="seat_assignments",
    )
    category = models.CharField(_("类别"), max_length=10, choices=Category.choices)
    locked = models.BooleanField(_("锁定"), default=False)

    class Meta:
        verbose_name = _("座位安排")
        verbose_name_plural = pgettext_lazy("plural", "座位安排")
        constraints = [
            # The database itself refuses a seat used twice or a person seated twice.
            models.UniqueConstraint(fields=["plan", "seat"], name="assignment_seat_once"),
            models.UniqueConstraint(fields=["plan", "person"], name="assignment_person_once"),
        ]

    def __str__(self):
        return f"{self.person} → {self.seat}"


class PlanVersion(models.Model):
    """A published version of a plan, as it was: {seat id: person id} and the categories."""

    plan = models.ForeignKey(SeatPlan, on_delete=models.CASCADE, related_name="versions")
    version = models.PositiveIntegerField(_("版本"))
    seats = models.JSONField(_("座位安排"))
    reason = models.CharField(_("变更理由"), max_length=200, blank=True)
    published_at = models.DateTimeField(_("发布时间"), default=timezone.now)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["plan", "version"]
        verbose_name = _("座次表版本")
        verbose_name_plural = pgettext_lazy("plural", "座次表版本")
        constraints = [
            models.UniqueConstraint(fields=["plan", "version"], name="plan_version_once")
        ]

    def __str__(self):
        return f"{self.plan} v{self.version}"
