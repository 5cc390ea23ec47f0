"""Handling: assignments to units (交办), reassignment, co-handlers' opinions, replies, ratings."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from lianghui.people.models import Organisation, Person
from lianghui.proposals import rules
from lianghui.proposals.models.filings import Filing


class HandlingRole(models.TextChoices):
    LEAD = rules.LEAD, _("主办")
    CO = rules.CO, _("会办")
    SPLIT = rules.SPLIT, _("分办")


REPLYING_ROLES = (HandlingRole.LEAD, HandlingRole.SPLIT)


class Assignment(models.Model):
    """A filing given to a handling unit (承办单位), with the deadline now in force.

    `started_on` is the start of the unit's current round: the day of assignment, or the day
    an unsatisfied rating sent it back (round 2, 3, …); `due` is that round's deadline and
    `extended_due` a later one granted by the secretariat.
    """

    filing = models.ForeignKey(Filing, on_delete=models.CASCADE, related_name="assignments")
    unit = models.ForeignKey(
        Organisation,
        verbose_name=_("承办单位"),
        on_delete=models.PROTECT,
        related_name="assignments",
        limit_choices_to={"kind": "unit"},
    )
    role = models.CharField(_("办理方式"), max_length=8, choices=HandlingRole.choices)
    part = models.CharField(_("分办内容"), max_length=200, blank=True)
    assigned_on = models.DateField(_("交办日期"))
    started_on = models.DateField(_("本轮起始日"))
    due = models.DateField(_("答复期限"))
    extended_due = models.DateField(_("延长后的期限"), null=True, blank=True)
    extension_reason = models.CharField(_("延期理由"), max_length=300, blank=True)
    round = models.PositiveSmallIntegerField(_("办理轮次"), default=1)
    active = models.BooleanField(_("有效"), default=True)
    ended_on = models.DateField(_("改办日期"), null=True, blank=True)
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    assigned_at = models.DateTimeField(_("交办时间"), default=timezone.now)

    class Meta:
        ordering = ["filing", "role", "id"]
        verbose_name = pgettext_lazy("model", "交办")
        verbose_name_plural = pgettext_lazy("plural", "交办")
        constraints = [
            models.UniqueConstraint(
                fields=["filing", "unit"], condition=Q(active=True), name="assignment_unit_once"
            ),
            models.CheckConstraint(
                condition=Q(extended_due__isnull=True) | Q(extended_due__gt=models.F("due")),
                name="extension_is_later",
            ),
        ]
        indexes = [models.Index(fields=["unit", "active"])]

    def __str__(self):
        return f"{self.unit}（{self.get_role_display()}）"

    @property
    def effective_due(self):
        return self.extended_due or self.due

    @property
    def replies_to_filer(self) -> bool:
        return self.role in REPLYING_ROLES


class RequestState(models.TextChoices):
    PENDING = "pending", _("待处理")
    APPROVED = "approved", _("已改办")
    REFUSED = "refused", _("不同意改办")


class UnitRequest(models.Model):
    """What a unit's request to the secretariat records besides its own fields: who asked
    and when, who decided and when, and the answer."""

    answer = models.CharField(_("处理意见"), max_length=300, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    requested_at = models.DateTimeField(_("申请时间"), default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(_("处理时间"), null=True, blank=True)

    class Meta:
        abstract = True
        ordering = ["requested_at", "id"]

    def __str__(self):
        return f"{self.assignment}：{self.get_state_display()}"


class ReassignRequest(UnitRequest):
    """A unit's request to return a filing outside its remit (沪建议规定 14)."""

    assignment = models.ForeignKey(
        Assignment, on_delete=models.CASCADE, related_name="reassign_requests"
    )
    reason = models.TextField(_("理由"))
    suggested_unit = models.ForeignKey(
        Organisation,
        verbose_name=_("建议改交单位"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    state = models.CharField(
        _("状态"), max_length=10, choices=RequestState.choices, default=RequestState.PENDING
    )

    class Meta(UnitRequest.Meta):
        verbose_name = pgettext_lazy("model", "退回改办申请")
        verbose_name_plural = pgettext_lazy("plural", "退回改办申请")
        constraints = [
            models.UniqueConstraint(
                fields=["assignment"],
                condition=Q(state="pending"),
                name="one_pending_reassign_request",
            )
        ]


class ExtensionState(models.TextChoices):
    PENDING = "pending", _("待处理")
    GRANTED = "granted", _("已延期")
    REFUSED = "refused", _("不同意延期")
    LAPSED = "lapsed", _("已按期答复，无需延期")


class ExtensionRequest(UnitRequest):
    """A unit's written request for a later reply deadline (沪建议规定 19: a matter that cannot
    be finished in time is reported in writing, and the deadline extended with consent). The
    secretariat grants it by extending the deadline (actions.extend) or refuses it."""

    assignment = models.ForeignKey(
        Assignment, on_delete=models.CASCADE, related_name="extension_requests"
    )
    round = models.PositiveSmallIntegerField(_("办理轮次"), default=1)
    reason = models.TextField(_("理由"))
    wanted_due = models.DateField(_("希望延至"), null=True, blank=True)
    state = models.CharField(
        _("状态"), max_length=10, choices=ExtensionState.choices, default=ExtensionState.PENDING
    )

    class Meta(UnitRequest.Meta):
        verbose_name = pgettext_lazy("model", "延期申请")
        verbose_name_plural = pgettext_lazy("plural", "延期申请")
        constraints = [
            models.UniqueConstraint(
                fields=["assignment"],
                condition=Q(state="pending"),
                name="one_pending_extension_request",
            )
        ]


class CoHandlerOpinion(models.Model):
    """A co-handling unit's opinion, sent to the lead unit (沪建议规定 17)."""

    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="co_opinions")
    round = models.PositiveSmallIntegerField(_("办理轮次"), default=1)
    text = models.TextField(_("会办意见"))
    due = models.DateField(_("期限"))
    on_time = models.BooleanField(_("按期"))
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    sent_at = models.DateTimeField(_("提出时间"), default=timezone.now)

    class Meta:
        ordering = ["assignment", "round"]
        verbose_name = _("会办意见")
        verbose_name_plural = pgettext_lazy("plural", "会办意见")
        constraints = [
            models.UniqueConstraint(fields=["assignment", "round"], name="co_opinion_once")
        ]

    def __str__(self):
        return f"{self.assignment} 第 {self.round} 轮"


class ResultClass(models.TextChoices):
    """沪建议规定 18: how the matter was dealt with."""

    SOLVED = "solved", _("解决或采纳")
    PLANNED = "planned", _("正在解决或列入计划")
    EXPLAINED = "explained", _("说明解释、留作参考")


class Reply(models.Model):
    """A handling unit's written answer to the filers (沪建议规定 18–20)."""

    filing = models.ForeignKey(Filing, on_delete=models.CASCADE, related_name="replies")
    assignment = models.ForeignKey(Assignment, on_delete=models.PROTECT, related_name="replies")
    unit = models.ForeignKey(
        Organisation, verbose_name=_("承办单位"), on_delete=models.PROTECT, related_name="+"
    )
    round = models.PositiveSmallIntegerField(_("办理轮次"), default=1)
    text = models.TextField(_("答复内容"))
    result = models.CharField(_("办理结果"), max_length=10, choices=ResultClass.choices)
    due = models.DateField(_("当时的期限"), help_text=_("含延期"))
    on_time = models.BooleanField(_("按期答复"), help_text=_("在原定期限内答复（不含延期）"))
    public = models.BooleanField(pgettext_lazy("model", "公开"), default=False)
    replied_on = models.DateField(_("答复日期"))
    replied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    replied_at = models.DateTimeField(_("答复时间"), default=timezone.now)
    published_at = models.DateTimeField(_("公开时间"), null=True, blank=True)

    class Meta:
        ordering = ["filing", "round", "id"]
        verbose_name = pgettext_lazy("model", "答复")
        verbose_name_plural = pgettext_lazy("plural", "答复")
        constraints = [
            models.UniqueConstraint(fields=["assignment", "round"], name="reply_once_per_round")
        ]

    def __str__(self):
        return f"{self.unit} 答复 {self.filing_id}"


class RatingLevel(models.TextChoices):
    SATISFIED = rules.SATISFIED, _("满意")
    BASIC = rules.BASIC, _("基本满意")
    UNSATISFIED = rules.UNSATISFIED, _("不满意")


class Rating(models.Model):
    """The filer's rating of a reply: once per reply (沪建议规定 21)."""

    reply = models.OneToOneField(Reply, on_delete=models.CASCADE, related_name="rating")
    level = models.CharField(_("评价"), max_length=12, choices=RatingLevel.choices)
    comment = models.TextField(_("意见"), blank=True)
    person = models.ForeignKey(
        Person,
        verbose_name=_("评价人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    rated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    rated_on = models.DateField(_("评价日期"))
    rated_at = models.DateTimeField(_("评价时间"), default=timezone.now)

    class Meta:
        verbose_name = _("评价")
        verbose_name_plural = pgettext_lazy("plural", "评价")

    def __str__(self):
        return self.get_level_display()
