"""The workflow as data (State, Transition), per-body settings, motion deadlines, reminders."""

from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from lianghui.people.models import Organisation
from lianghui.proposals import rules
from lianghui.proposals.models.filings import Kind
from lianghui.sessions.models import Session

KIND_CHOICES = Kind.choices


class State(models.Model):
    """A state a kind of filing can be in (loaded from default_workflow.STATES by migration
    0002)."""

    kind = models.CharField(_("类别"), max_length=12, choices=KIND_CHOICES)
    code = models.CharField(_("代码"), max_length=32)
    label = models.CharField(_("名称"), max_length=40)
    terminal = models.BooleanField(_("终结状态"), default=False)
    initial = models.BooleanField(_("初始状态"), default=False)
    order = models.PositiveSmallIntegerField(_("排序"), default=0)

    class Meta:
        ordering = ["kind", "order"]
        verbose_name = _("办理状态")
        verbose_name_plural = pgettext_lazy("plural", "办理状态")
        constraints = [
            models.UniqueConstraint(fields=["kind", "code"], name="state_unique_code"),
            models.UniqueConstraint(
                fields=["kind"], condition=Q(initial=True), name="state_one_initial_per_kind"
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()}：{self.label}"


class Transition(models.Model):
    """An allowed step: anything not stored here is refused (default_workflow.py has the
    default)."""

    kind = models.CharField(_("类别"), max_length=12, choices=KIND_CHOICES)
    source = models.ForeignKey(
        State, verbose_name=_("原状态"), on_delete=models.CASCADE, related_name="+"
    )
    action = models.CharField(_("操作"), max_length=32)
    target = models.ForeignKey(
        State, verbose_name=_("新状态"), on_delete=models.CASCADE, related_name="+"
    )
    roles = models.CharField(
        _("可操作角色"), max_length=200, help_text=_("逗号分隔，如 secretariat,presidium")
    )
    label = models.CharField(_("名称"), max_length=60)

    class Meta:
        ordering = ["kind", "source__order", "action"]
        verbose_name = _("办理流程步骤")
        verbose_name_plural = pgettext_lazy("plural", "办理流程步骤")
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "source", "action"], name="transition_unique_action"
            )
        ]

    def __str__(self):
        return f"{self.get_kind_display()}：{self.label}"

    def step(self) -> rules.Step:
        roles = frozenset(r.strip() for r in self.roles.split(",") if r.strip())
        return rules.Step(
            self.kind, self.source.code, self.action, self.target.code, roles, self.label
        )


class ProposalSettings(models.Model):
    """A body's settings, with the law's defaults; none may exceed the law (rules.check_deadlines)."""

    body = models.OneToOneField(
        Organisation,
        verbose_name=_("机关"),
        on_delete=models.CASCADE,
        related_name="proposal_settings",
    )
    township = models.BooleanField(
        _("乡镇人大"),
        default=False,
        help_text=_("乡、民族乡、镇人大：五名以上代表联名可提出议案（LOL 22）"),
    )
    delegations_may_file_motions = models.BooleanField(
        _("代表团可以提出议案"), default=False, help_text=_("仅在本级议事规则允许时开启")
    )
    reply_months = models.PositiveSmallIntegerField(_("答复期限（月）"), default=3)
    difficult_reply_months = models.PositiveSmallIntegerField(
        _("涉及面广、处理难度大的答复期限（月）"), default=6
    )
    cohandler_months = models.PositiveSmallIntegerField(_("会办意见期限（月）"), default=1)
    rating_working_days = models.PositiveSmallIntegerField(_("评价期限（工作日）"), default=15)
    rereply_months = models.PositiveSmallIntegerField(_("再次答复期限（月）"), default=1)
    reassign_working_days = models.PositiveSmallIntegerField(
        _("申请退回改办期限（工作日）"), default=7
    )
    remind_days = models.PositiveSmallIntegerField(_("到期前提醒（天）"), default=7)
    holidays = models.JSONField(
        _("法定节假日"), default=list, blank=True, help_text=_("如 2025-10-01")
    )
    workdays = models.JSONField(
        _("调休工作日"), default=list, blank=True, help_text=_("如 2025-09-28")
    )

    class Meta:
        verbose_name = _("建议提案办理设置")
        verbose_name_plural = pgettext_lazy("plural", "建议提案办理设置")

    def __str__(self):
        return f"{self.body} 办理设置"

    @classmethod
    def for_body(cls, body_id: int) -> "ProposalSettings":
        """The body's settings, or the law's defaults (unsaved) if it has none."""
        return cls.objects.filter(body_id=body_id).first() or cls(body_id=body_id)

    def deadlines(self) -> rules.Deadlines:
        return rules.Deadlines(
            reply_months=self.reply_months,
            difficult_reply_months=self.difficult_reply_months,
            cohandler_months=self.cohandler_months,
            rating_working_days=self.rating_working_days,
            rereply_months=self.rereply_months,
            reassign_working_days=self.reassign_working_days,
            remind_days=self.remind_days,
            holidays=frozenset(date.fromisoformat(d) for d in self.holidays or ()),
            workdays=frozenset(date.fromisoformat(d) for d in self.workdays or ()),
        )


class MotionDeadline(models.Model):
    """The deadline for delegates' motions, set by the presidium at its first meeting
    (沪议事规则 24)."""

    session = models.OneToOneField(
        Session,
        verbose_name=_("会议（次）"),
        on_delete=models.CASCADE,
        related_name="motion_deadline",
    )
    closes_at = models.DateTimeField(_("代表提出议案截止时间"))
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    set_at = models.DateTimeField(_("设定时间"), default=timezone.now)

    class Meta:
        verbose_name = _("议案截止时间")
        verbose_name_plural = pgettext_lazy("plural", "议案截止时间")

    def __str__(self):
        return f"{self.session}：{self.closes_at:%Y-%m-%d %H:%M}"


class ReminderSent(models.Model):
    """One row per reminder sent, so a daily run never mails the same deadline twice."""

    key = models.CharField(_("提醒"), max_length=200, unique=True)
    sent_at = models.DateTimeField(_("发送时间"), default=timezone.now)

    class Meta:
        verbose_name = _("已发提醒")
        verbose_name_plural = pgettext_lazy("plural", "已发提醒")

    def __str__(self):
        return self.key
