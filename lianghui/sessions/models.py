"""Terms (届), sessions (次), meetings, presiding officers, agenda items, documents."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from lianghui.people.models import Organisation, Person
from lianghui.sessions.numerals import chinese_number


class Term(models.Model):
    body = models.ForeignKey(
        Organisation,
        verbose_name=_("机关"),
        on_delete=models.PROTECT,
        related_name="terms",
        limit_choices_to={"kind__in": ["congress", "cppcc"]},
    )
    number = models.PositiveSmallIntegerField(_("届"))
    start = models.DateField(_("起始日期"))
    end = models.DateField(_("终止日期"), null=True, blank=True)

    class Meta:
        ordering = ["body", "-number"]
        verbose_name = _("届")
        verbose_name_plural = pgettext_lazy("plural", "届")
        constraints = [
            models.UniqueConstraint(fields=["body", "number"], name="term_unique_number")
        ]

    def __str__(self):
        return f"{self.body} 第{chinese_number(self.number)}届"


class Session(models.Model):
    term = models.ForeignKey(
        Term, verbose_name=_("届"), on_delete=models.PROTECT, related_name="sessions"
    )
    number = models.PositiveSmallIntegerField(_("次"))
    title = models.CharField(_("会议名称"), max_length=120)
    short_title = models.CharField(_("简称"), max_length=40, blank=True)
    start_date = models.DateField(_("开幕日期"))
    end_date = models.DateField(_("闭幕日期"))
    venue = models.CharField(_("会址"), max_length=120, blank=True)
    public = models.BooleanField(_("向公众公开"), default=True)

    class Meta:
        ordering = ["-start_date"]
        verbose_name = _("会议（次）")
        verbose_name_plural = pgettext_lazy("plural", "会议（次）")
        constraints = [
            models.UniqueConstraint(fields=["term", "number"], name="session_unique_number"),
            models.CheckConstraint(
                condition=Q(end_date__gte=models.F("start_date")), name="session_dates_ordered"
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def body(self) -> Organisation:
        return self.term.body


class MeetingKind(models.TextChoices):
    PREPARATORY = "preparatory", _("预备会议")
    PLENARY = "plenary", _("全体会议")
    PRESIDIUM = "presidium", _("主席团会议")
    GROUP = "group", _("分组审议")
    STANDING = "standing", _("常委会议")
    CHAIRS = "chairs", _("主席会议")
    OTHER = "other", _("其他会议")


class Meeting(models.Model):
    session = models.ForeignKey(
        Session, verbose_name=_("会议（次）"), on_delete=models.PROTECT, related_name="meetings"
    )
    kind = models.CharField(_("类型"), max_length=16, choices=MeetingKind.choices)
    title = models.CharField(_("名称"), max_length=120)
    starts_at = models.DateTimeField(_("开始时间"))
    ends_at = models.DateTimeField(_("结束时间"), null=True, blank=True)
    venue = models.CharField(_("地点"), max_length=120, blank=True)
    group = models.ForeignKey(
        Organisation,
        verbose_name=_("代表团或界别"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="group_meetings",
        help_text=_("分组审议时为召开会议的代表团或界别组"),
    )
    checkin_open = models.BooleanField(_("签到开放"), default=False)
    self_checkin = models.BooleanField(_("允许代表自助签到"), default=False)
    synthetic_time = models.BooleanField(_("时间为演示补充"), default=False)

    class Meta:
        ordering = ["starts_at", "id"]
        verbose_name = pgettext_lazy("model", "会议")
        verbose_name_plural = pgettext_lazy("plural", "会议")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__isnull=True) | Q(ends_at__gte=models.F("starts_at")),
                name="meeting_times_ordered",
            ),
            models.CheckConstraint(
                condition=~Q(kind="group") | Q(group__isnull=False),
                name="group_meeting_has_group",
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def local_day(self):
        return timezone.localtime(self.starts_at).date()

    @property
    def body(self) -> Organisation:
        return self.session.term.body


class PresidingRole(models.TextChoices):
    PRESIDING = "presiding", _("主持人")
    EXECUTIVE_CHAIR = "executive_chair", _("执行主席")
    ROSTRUM = "rostrum", _("主席台就座")
    ATTENDING = "attending", _("出席领导")


class PresidingOfficer(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="officers")
    person = models.ForeignKey(
        Person,
        verbose_name=pgettext_lazy("model", "人员"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    role = models.CharField(_("身份"), max_length=20, choices=PresidingRole.choices)
    title = models.CharField(_("职务"), max_length=100, blank=True)
    order = models.PositiveSmallIntegerField(_("排序"), default=0)

    class Meta:
        ordering = ["meeting", "role", "order"]
        verbose_name = _("主持与主席台人员")
        verbose_name_plural = pgettext_lazy("plural", "主持与主席台人员")
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "person", "role"], name="officer_unique_role"
            ),
        ]

    def __str__(self):
        return f"{self.person}（{self.get_role_display()}）"


class ItemKind(models.TextChoices):
    REPORT = "report", _("报告")
    VOTE = "vote", _("表决")
    ELECTION = "election", _("选举")
    SPEECH = "speech", _("讲话")
    FLOOR_SPEECH = "floor_speech", _("大会发言")
    CEREMONY = "ceremony", _("仪式")
    DELIBERATION = "deliberation", _("审议")
    OTHER = "other", _("其他")


class AgendaItem(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="items")
    order = models.PositiveSmallIntegerField(_("顺序"))
    kind = models.CharField(
        _("类型"), max_length=16, choices=ItemKind.choices, default=ItemKind.OTHER
    )
    title = models.CharField(_("议题"), max_length=200)
    presenter = models.ForeignKey(
        Person,
        verbose_name=_("报告人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    presenter_title = models.CharField(_("报告人职务"), max_length=100, blank=True)
    notes = models.TextField(_("说明"), blank=True)

    class Meta:
        ordering = ["meeting", "order"]
        verbose_name = pgettext_lazy("model", "议程")
        verbose_name_plural = pgettext_lazy("plural", "议程")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "order"], name="item_unique_order")
        ]

    def __str__(self):
        return f"{self.order}. {self.title}"


class Visibility(models.TextChoices):
    PUBLIC = "public", pgettext_lazy("visibility", "公开")
    PARTICIPANTS = "participants", _("与会人员")
    SECRETARIAT = "secretariat", _("仅会务组")


def _document_path(instance, filename):
    # The stored name is random: never the uploader's file name, never guessable.
    return f"documents/{uuid.uuid4().hex}"


class Document(models.Model):
    item = models.ForeignKey(
        AgendaItem,
        verbose_name=pgettext_lazy("model", "议程"),
        on_delete=models.CASCADE,
        related_name="documents",
    )
    title = models.CharField(_("标题"), max_length=200)
    file = models.FileField(_("文件"), upload_to=_document_path)
    original_name = models.CharField(_("原文件名"), max_length=200)
    content_type = models.CharField(_("类型"), max_length=100)
    size = models.PositiveIntegerField(_("字节数"))
    sha256 = models.CharField("SHA-256", max_length=64)
    visibility = models.CharField(
        _("可见范围"), max_length=16, choices=Visibility.choices, default=Visibility.PARTICIPANTS
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("上传时间"), default=timezone.now)

    class Meta:
        ordering = ["item", "id"]
        verbose_name = _("会议文件")
        verbose_name_plural = pgettext_lazy("plural", "会议文件")

    def __str__(self):
        return self.title
