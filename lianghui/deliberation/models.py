"""Group deliberation records (分组审议) and the constitutional oath (宪法宣誓).

A group meeting (Meeting.kind "group") of one delegation or sector group has at most one
Deliberation: the agenda item under review, its convener and recorder, the speeches in order
and the opinions raised in them. Leaders attending are NOT kept here: they are the meeting's
PresidingOfficer rows with role "attending" (sessions), which the meeting page, the hall and
the chronicle already read — one list, not two copies (docs/architecture.md). Whether each of them takes
part as a member of the group or attends without being one (列席) is worked out from the
roster (see queries.attending).

An OathCeremony belongs to a meeting (as a rule a plenary, SH 8); each OathTaker is a person
who swears once, in one batch, for every office they were produced for at the session
(OathOffice: 徐颖 swears once as 常委会委员 and 主任委员).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from lianghui.deliberation import rules
from lianghui.elections.models import Election, Office
from lianghui.people.models import Person
from lianghui.sessions.models import AgendaItem, Meeting
from lianghui.votes.models import Poll


class RecordState(models.TextChoices):
    DRAFT = "draft", _("记录中")
    FINAL = "final", _("已定稿")


class Deliberation(models.Model):
    meeting = models.OneToOneField(
        Meeting,
        verbose_name=_("分组会议"),
        on_delete=models.PROTECT,
        related_name="deliberation",
        limit_choices_to={"kind": "group"},
    )
    item = models.ForeignKey(
        AgendaItem,
        verbose_name=_("审议事项"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("如：审议政府工作报告"),
    )
    convener = models.ForeignKey(
        Person,
        verbose_name=_("召集人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    recorder = models.ForeignKey(
        Person,
        verbose_name=_("记录人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    summary = models.TextField(
        _("审议综述"), blank=True, help_text=_("如：代表们一致认为，政府工作报告客观总结了……")
    )
    state = models.CharField(
        _("状态"), max_length=8, choices=RecordState.choices, default=RecordState.DRAFT
    )
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    opened_at = models.DateTimeField(_("建立时间"), auto_now_add=True)
    finalised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    finalised_at = models.DateTimeField(_("定稿时间"), null=True, blank=True)

    class Meta:
        ordering = ["meeting__starts_at", "id"]
        verbose_name = _("分组审议记录")
        verbose_name_plural = pgettext_lazy("plural", "分组审议记录")
        constraints = [
            models.CheckConstraint(
                condition=Q(state="draft") | Q(finalised_at__isnull=False),
                name="final_record_has_time",
            ),
        ]

    def __str__(self):
        return f"{self.meeting.title}记录"


class Speech(models.Model):
    deliberation = models.ForeignKey(
        Deliberation, verbose_name=_("审议记录"), on_delete=models.CASCADE, related_name="speeches"
    )
    order = models.PositiveSmallIntegerField(_("发言顺序"))
    speaker = models.ForeignKey(
        Person, verbose_name=_("发言人"), on_delete=models.PROTECT, related_name="+"
    )
    topic = models.CharField(_("发言主题"), max_length=200)
    summary = models.TextField(_("发言摘要"), blank=True)
    synthetic = models.BooleanField(
        _("演示数据（虚构）"), default=False, help_text=_("如：发言人与主题的对应为演示补充")
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(_("记录时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("修改时间"), auto_now=True)

    class Meta:
        ordering = ["deliberation", "order"]
        verbose_name = pgettext_lazy("model", "发言")
        verbose_name_plural = pgettext_lazy("plural", "发言")
        constraints = [
            models.UniqueConstraint(fields=["deliberation", "order"], name="speech_unique_order"),
        ]

    def __str__(self):
        return f"{self.order}. {self.speaker}：{self.topic}"


class OpinionState(models.TextChoices):
    RECORDED = "recorded", _("已记录")
    ROUTED = "routed", _("已转交办理")


class Opinion(models.Model):
    """An opinion or suggestion (意见建议) raised in a speech, which may be routed for handling.

    ``routed_filing_id`` is the id of what the suggestions workflow made of it (lianghui
    .proposals): a plain number, not a foreign key, so this app does not depend on that one;
    the router that fills it is plugged in (actions.register_router).
    """

    speech = models.ForeignKey(
        Speech,
        verbose_name=pgettext_lazy("model", "发言"),
        on_delete=models.CASCADE,
        related_name="opinions",
    )
    text = models.TextField(_("意见建议"))
    state = models.CharField(
        _("状态"), max_length=10, choices=OpinionState.choices, default=OpinionState.RECORDED
    )
    routed_filing_id = models.PositiveIntegerField(
        _("转交后的建议或提案编号"), null=True, blank=True
    )
    routed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    routed_at = models.DateTimeField(_("转交时间"), null=True, blank=True)
    synthetic = models.BooleanField(_("演示数据（虚构）"), default=False)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(_("记录时间"), auto_now_add=True)

    class Meta:
        ordering = ["speech", "recorded_at", "id"]
        verbose_name = _("意见建议")
        verbose_name_plural = pgettext_lazy("plural", "意见建议")
        constraints = [
            models.CheckConstraint(
                condition=(Q(state="recorded") & Q(routed_filing_id__isnull=True))
                | (Q(state="routed") & Q(routed_filing_id__isnull=False)),
                name="routed_opinion_has_filing",
            ),
        ]

    def __str__(self):
        return self.text[:40]


class Question(models.Model):
    """A delegate's question (询问) to a state organ while the group deliberates a bill or a
    report, and the explanation of whoever the organ sent (rules.question_refusal cites the
    law). ``deferred``: to be answered after the session, as the delegation or the presidium
    agreed (沪议事规则 54 ¶4)."""

    deliberation = models.ForeignKey(
        Deliberation, on_delete=models.CASCADE, related_name="questions"
    )
    order = models.PositiveSmallIntegerField(_("序号"))
    asker = models.ForeignKey(
        Person, verbose_name=_("提出询问的代表"), on_delete=models.PROTECT, related_name="+"
    )
    unit = models.CharField(_("被询问的机关"), max_length=100)
    text = models.TextField(_("询问的内容"))
    answered_by = models.CharField(_("说明人"), max_length=100, blank=True)
    answer = models.TextField(_("说明"), blank=True)
    deferred = models.BooleanField(_("会后答复"), default=False)
    answered_at = models.DateTimeField(_("说明时间"), null=True, blank=True)
    synthetic = models.BooleanField(_("演示数据（虚构）"), default=False)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(_("记录时间"), auto_now_add=True)

    class Meta:
        ordering = ["deliberation", "order"]
        verbose_name = _("询问")
        verbose_name_plural = pgettext_lazy("plural", "询问")
        constraints = [
            models.UniqueConstraint(fields=["deliberation", "order"], name="question_unique_order"),
        ]

    def __str__(self):
        return f"{self.order}. {self.asker}：{self.unit}"


# --- the constitutional oath (宪法宣誓) ----------------------------------------------------


class Emblem(models.TextChoices):
    FLAG = "flag", _("国旗")
    EMBLEM = "emblem", _("国徽")


class OathCeremony(models.Model):
    meeting = models.OneToOneField(
        Meeting,
        verbose_name=pgettext_lazy("model", "会议"),
        on_delete=models.PROTECT,
        related_name="oath_ceremony",
    )
    item = models.ForeignKey(
        AgendaItem,
        verbose_name=pgettext_lazy("model", "议程"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    organiser = models.CharField(_("组织机关"), max_length=60, default="大会主席团")
    oath_text = models.TextField(_("誓词"), default=rules.OATH_TEXT_2018)
    emblem = models.CharField(
        pgettext_lazy("model", "悬挂"),
        max_length=8,
        choices=Emblem.choices,
        default=Emblem.FLAG,
        help_text="SH 10",
    )
    anthem = models.BooleanField(_("奏唱国歌"), default=True)
    held_at = models.DateTimeField(_("举行时间"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    class Meta:
        ordering = ["meeting__starts_at", "id"]
        verbose_name = _("宪法宣誓仪式")
        verbose_name_plural = pgettext_lazy("plural", "宪法宣誓仪式")

    def __str__(self):
        return f"{self.meeting.title}宪法宣誓仪式"


class OathBatch(models.Model):
    ceremony = models.ForeignKey(OathCeremony, on_delete=models.CASCADE, related_name="batches")
    number = models.PositiveSmallIntegerField(_("批次"))
    form = models.CharField(
        _("形式"),
        max_length=12,
        choices=[
            (rules.Form.INDIVIDUAL.value, _("单独宣誓")),
            (rules.Form.COLLECTIVE.value, _("集体宣誓")),
        ],
    )
    leader = models.ForeignKey(
        Person,
        verbose_name=_("领誓人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    leader_synthetic = models.BooleanField(_("领誓人为演示补充"), default=False)
    taken_at = models.DateTimeField(_("宣誓时间"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["ceremony", "number"]
        verbose_name = pgettext_lazy("model", "宣誓批次")
        verbose_name_plural = pgettext_lazy("plural", "宣誓批次")
        constraints = [
            models.UniqueConstraint(fields=["ceremony", "number"], name="oath_batch_number"),
            models.CheckConstraint(
                condition=Q(form="individual", leader__isnull=True)
                | Q(form="collective", leader__isnull=False),
                name="collective_oath_has_leader",
            ),
        ]

    def __str__(self):
        return f"第 {self.number} 批（{self.get_form_display()}）"


class OathTaker(models.Model):
    ceremony = models.ForeignKey(OathCeremony, on_delete=models.CASCADE, related_name="takers")
    person = models.ForeignKey(
        Person,
        verbose_name=pgettext_lazy("model", "宣誓人"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    batch = models.ForeignKey(
        OathBatch,
        verbose_name=_("批次"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="takers",
    )
    order = models.PositiveSmallIntegerField(_("排序"), default=0)
    taken_at = models.DateTimeField(_("宣誓时间"), null=True, blank=True)

    class Meta:
        ordering = ["ceremony", "order", "id"]
        verbose_name = pgettext_lazy("model", "宣誓人")
        verbose_name_plural = pgettext_lazy("plural", "宣誓人")
        constraints = [
            models.UniqueConstraint(fields=["ceremony", "person"], name="oath_taker_once"),
        ]

    def __str__(self):
        return str(self.person)


class OathOffice(models.Model):
    """The office a taker was produced for at the session, and where that is recorded."""

    taker = models.ForeignKey(OathTaker, on_delete=models.CASCADE, related_name="offices")
    title = models.CharField(_("职务"), max_length=100, help_text=_("如：区人民法院院长"))
    source = models.CharField(
        _("产生方式"),
        max_length=10,
        choices=[
            (rules.Source.ELECTED.value, _("选举")),
            (rules.Source.CONFIRMED.value, _("表决通过")),
        ],
    )
    office = models.ForeignKey(
        Office, verbose_name=_("选举职务"), null=True, blank=True, on_delete=models.PROTECT
    )
    election = models.ForeignKey(
        Election,
        verbose_name=_("选举"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    poll = models.ForeignKey(
        Poll,
        verbose_name=_("表决"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    basis = models.CharField(
        _("依据"),
        max_length=200,
        blank=True,
        help_text=_("无选举或表决记录时，说明产生依据（如：大会选举结果公告）"),
    )

    class Meta:
        ordering = ["taker", "id"]
        verbose_name = _("宣誓人职务")
        verbose_name_plural = pgettext_lazy("plural", "宣誓人职务")
        constraints = [
            models.UniqueConstraint(fields=["taker", "title"], name="oath_office_once"),
            models.CheckConstraint(
                condition=Q(election__isnull=False) | Q(poll__isnull=False) | ~Q(basis=""),
                name="oath_office_has_basis",
            ),
        ]

    def __str__(self):
        return self.title
