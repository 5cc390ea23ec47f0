"""Interpellations (质询案): who filed them, against which body, the presidium's referral,
each answer and each filing delegate's response to it (rules.py cites the law).

Referring it, and referring it back for a second answer, are decisions of the presidium as a
body (lianghui.presidium: adopted at a presidium meeting by more than half of all its
members); the interpellation and each answer reference the decision they rest on.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from lianghui.interpellation import rules
from lianghui.people.models import Person
from lianghui.sessions.models import Meeting, Session


class Target(models.TextChoices):
    GOVERNMENT = rules.Target.GOVERNMENT.value, _("本级人民政府")
    DEPARTMENT = rules.Target.DEPARTMENT.value, _("人民政府所属工作部门")
    SUPERVISORY = rules.Target.SUPERVISORY.value, _("监察委员会")
    COURT = rules.Target.COURT.value, _("人民法院")
    PROCURATORATE = rules.Target.PROCURATORATE.value, _("人民检察院")


class AnswerForm(models.TextChoices):
    PRESIDIUM = rules.AnswerForm.PRESIDIUM.value, _("主席团会议上口头答复")
    PLENARY = rules.AnswerForm.PLENARY.value, _("大会全体会议上口头答复")
    COMMITTEE = rules.AnswerForm.COMMITTEE.value, _("专门委员会会议上口头答复")
    WRITTEN = rules.AnswerForm.WRITTEN.value, _("书面答复")


class State(models.TextChoices):
    FILED = rules.State.FILED.value, _("待主席团决定")
    REFERRED = rules.State.REFERRED.value, _("已交受质询机关答复")
    ANSWERED = rules.State.ANSWERED.value, _("已答复")
    REANSWER = rules.State.REANSWER.value, _("已交受质询机关再作答复")
    CLOSED = rules.State.CLOSED.value, _("已再次答复")
    WITHDRAWN = rules.State.WITHDRAWN.value, _("已撤回")


class Interpellation(models.Model):
    session = models.ForeignKey(
        Session,
        verbose_name=_("会议（次）"),
        on_delete=models.PROTECT,
        related_name="interpellations",
    )
    number = models.PositiveSmallIntegerField(_("编号"))
    target_kind = models.CharField(_("质询对象类别"), max_length=16, choices=Target.choices)
    target = models.CharField(_("受质询机关"), max_length=100, help_text=_("如：区生态环境局"))
    subject = models.CharField(_("质询的问题"), max_length=200)
    questions = models.TextField(_("质询的内容"))
    filers = models.ManyToManyField(
        Person, verbose_name=_("提质询案的代表"), through="Filer", related_name="+"
    )
    state = models.CharField(
        _("状态"), max_length=12, choices=State.choices, default=State.FILED, db_index=True
    )
    form = models.CharField(_("答复方式"), max_length=12, choices=AnswerForm.choices, blank=True)
    meeting = models.ForeignKey(
        Meeting,
        verbose_name=_("答复的会议"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decision = models.ForeignKey(
        "presidium.Decision",
        verbose_name=_("主席团的决定"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("交受质询机关答复（或再作答复）的决定"),
    )
    filed_at = models.DateTimeField(_("提出时间"), auto_now_add=True)
    withdrawn_at = models.DateTimeField(_("撤回时间"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["session", "number"]
        verbose_name = _("质询案")
        verbose_name_plural = pgettext_lazy("plural", "质询案")
        constraints = [
            models.UniqueConstraint(
                fields=["session", "number"], name="interpellation_unique_number"
            )
        ]

    def __str__(self):
        return f"第{self.number}号质询案：{self.subject}"


class Filer(models.Model):
    interpellation = models.ForeignKey(
        Interpellation, on_delete=models.CASCADE, related_name="filer_rows"
    )
    person = models.ForeignKey(
        Person, verbose_name=_("代表"), on_delete=models.PROTECT, related_name="+"
    )
    order = models.PositiveSmallIntegerField(_("排序"))

    class Meta:
        ordering = ["interpellation", "order"]
        verbose_name = _("提质询案的代表")
        verbose_name_plural = pgettext_lazy("plural", "提质询案的代表")
        constraints = [
            models.UniqueConstraint(
                fields=["interpellation", "person"], name="interpellation_filer_once"
            )
        ]

    def __str__(self):
        return str(self.person)


class Answer(models.Model):
    interpellation = models.ForeignKey(
        Interpellation, on_delete=models.CASCADE, related_name="answers"
    )
    round = models.PositiveSmallIntegerField(_("答复次序"))
    form = models.CharField(_("答复方式"), max_length=12, choices=AnswerForm.choices)
    meeting = models.ForeignKey(
        Meeting,
        verbose_name=_("答复的会议"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decision = models.ForeignKey(
        "presidium.Decision",
        verbose_name=_("主席团的决定"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    answered_by = models.CharField(
        _("答复的负责人"), max_length=100, help_text=_("受质询机关负责人的姓名和职务")
    )
    text = models.TextField(_("答复内容"))
    answered_at = models.DateTimeField(_("答复时间"), auto_now_add=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["interpellation", "round"]
        verbose_name = _("质询答复")
        verbose_name_plural = pgettext_lazy("plural", "质询答复")
        constraints = [
            models.UniqueConstraint(fields=["interpellation", "round"], name="answer_unique_round")
        ]

    def __str__(self):
        return f"{self.interpellation} · {self.round}"


class Response(models.Model):
    """One filing delegate's view of one answer (满意 / 不满意)."""

    answer = models.ForeignKey(Answer, on_delete=models.CASCADE, related_name="responses")
    filer = models.ForeignKey(Filer, on_delete=models.CASCADE, related_name="responses")
    satisfied = models.BooleanField(_("满意"))
    opinion = models.TextField(_("意见"), blank=True)

    class Meta:
        verbose_name = _("对答复的意见")
        verbose_name_plural = pgettext_lazy("plural", "对答复的意见")
        constraints = [
            models.UniqueConstraint(fields=["answer", "filer"], name="one_response_per_filer")
        ]

    def __str__(self):
        return f"{self.filer}: {self.satisfied}"
