"""Opinion reports (社情民意信息): forwarding to leaders or units, feedback and instructions."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from lianghui.people.models import Organisation, Person
from lianghui.proposals.models.filings import Filing


class Forward(models.Model):
    """An adopted report sent to a leader or a unit (报送)."""

    filing = models.ForeignKey(Filing, on_delete=models.CASCADE, related_name="forwards")
    unit = models.ForeignKey(
        Organisation,
        verbose_name=_("单位"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    leader = models.ForeignKey(
        Person,
        verbose_name=_("领导"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    recipient = models.CharField(_("报送对象"), max_length=100, help_text=_("单位或领导的名称"))
    note = models.CharField(_("说明"), max_length=300, blank=True)
    forwarded_on = models.DateField(_("报送日期"))
    forwarded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["filing", "forwarded_on", "id"]
        verbose_name = _("报送")
        verbose_name_plural = pgettext_lazy("plural", "报送")
        constraints = [
            models.CheckConstraint(
                condition=Q(unit__isnull=True) | Q(leader__isnull=True),
                name="forward_to_unit_or_leader",
            )
        ]

    def __str__(self):
        return self.recipient


class FeedbackKind(models.TextChoices):
    FEEDBACK = "feedback", _("单位反馈")
    INSTRUCTION = "instruction", _("领导批示")


class Feedback(models.Model):
    filing = models.ForeignKey(Filing, on_delete=models.CASCADE, related_name="feedback")
    forward = models.ForeignKey(
        Forward,
        verbose_name=_("报送"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="feedback",
    )
    kind = models.CharField(_("类型"), max_length=12, choices=FeedbackKind.choices)
    source = models.CharField(_("来自"), max_length=100, help_text=_("批示领导或反馈单位"))
    leader = models.ForeignKey(
        Person,
        verbose_name=_("批示领导"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    text = models.TextField(_("内容"))
    received_on = models.DateField(_("收到日期"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(_("登记时间"), default=timezone.now)

    class Meta:
        ordering = ["filing", "received_on", "id"]
        verbose_name = _("反馈与批示")
        verbose_name_plural = pgettext_lazy("plural", "反馈与批示")

    def __str__(self):
        return f"{self.get_kind_display()}：{self.source}"
