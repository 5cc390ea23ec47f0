"""Filings (议案、建议、提案、社情民意信息), their filers, attachments and decisions."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from lianghui.people.models import Organisation, Person
from lianghui.proposals import rules
from lianghui.sessions.models import Meeting, Session


class Kind(models.TextChoices):
    MOTION = rules.Kind.MOTION.value, pgettext_lazy("model", "议案")
    SUGGESTION = rules.Kind.SUGGESTION.value, _("建议")
    PROPOSAL = rules.Kind.PROPOSAL.value, _("提案")
    OPINION = rules.Kind.OPINION.value, _("社情民意信息")


class FilerType(models.TextChoices):
    PRESIDIUM = rules.FilerType.PRESIDIUM.value, _("主席团")
    STANDING = rules.FilerType.STANDING.value, _("常务委员会")
    COMMITTEE = rules.FilerType.COMMITTEE.value, _("专门委员会")
    GOVERNMENT = rules.FilerType.GOVERNMENT.value, _("人民政府")
    DELEGATES = rules.FilerType.DELEGATES.value, _("代表")
    DELEGATION = rules.FilerType.DELEGATION.value, _("代表团")
    MEMBER = rules.FilerType.MEMBER.value, _("委员")
    PARTY = rules.FilerType.PARTY.value, _("党派")
    PEOPLES_ORG = rules.FilerType.PEOPLES_ORG.value, _("人民团体")
    SECTOR = rules.FilerType.SECTOR.value, _("界别")


class Filing(models.Model):
    kind = models.CharField(_("类别"), max_length=12, choices=Kind.choices)
    body = models.ForeignKey(
        Organisation,
        verbose_name=_("机关"),
        on_delete=models.PROTECT,
        related_name="filings",
        limit_choices_to={"kind__in": ["congress", "cppcc"]},
    )
    session = models.ForeignKey(
        Session,
        verbose_name=_("会议（次）"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="filings",
        help_text=_("闭会期间提出的为空"),
    )
    year = models.PositiveSmallIntegerField(_("年度"))
    number = models.PositiveIntegerField(_("编号"), null=True, blank=True)
    title = models.CharField(_("案由"), max_length=200)
    grounds = models.TextField(_("案据"), blank=True)
    solution = models.TextField(_("方案"), blank=True)
    text = models.TextField(_("正文"), blank=True)
    original_text = models.TextField(
        _("原稿"), blank=True, help_text=_("编辑前的正文（社情民意信息）")
    )
    subject = models.CharField(
        _("类别（内容）"), max_length=40, blank=True, help_text=_("如：城市建设")
    )
    filer_type = models.CharField(_("提出者类型"), max_length=16, choices=FilerType.choices)
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("提出机构"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="filings_made",
    )
    group = models.ForeignKey(
        Organisation,
        verbose_name=_("代表团或界别"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("领衔人提出时所在的代表团或界别（统计用）"),
    )
    state = models.CharField(_("状态"), max_length=32, db_index=True)
    round = models.PositiveSmallIntegerField(_("办理轮次"), default=1)
    difficult = models.BooleanField(_("涉及面广、处理难度大"), default=False)
    key = models.BooleanField(_("重点督办"), default=False)
    key_leader = models.ForeignKey(
        Person,
        verbose_name=_("督办领导"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("并入"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="merged",
    )
    origin = models.ForeignKey(
        "self",
        verbose_name=_("转自"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="derived",
        help_text=_("由议案转为建议，或由提案转为社情民意信息"),
    )
    public = models.BooleanField(_("向公众公开"), default=False)
    withdrawal_requested_at = models.DateTimeField(_("申请撤回时间"), null=True, blank=True)
    withdrawal_reason = models.CharField(_("撤回理由"), max_length=300, blank=True)
    adoption_note = models.CharField(
        _("采用情况"), max_length=200, blank=True, help_text=_("如：《社情民意》第 5 期")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("填写时间"), default=timezone.now)
    submitted_at = models.DateTimeField(_("提交时间"), null=True, blank=True)
    closed_at = models.DateTimeField(_("办结时间"), null=True, blank=True)
    synthetic = models.BooleanField(_("演示数据（虚构）"), default=False)

    class Meta:
        ordering = ["-year", "kind", "number", "id"]
        verbose_name = _("议案、建议、提案")
        verbose_name_plural = pgettext_lazy("plural", "议案、建议、提案")
        constraints = [
            models.UniqueConstraint(
                fields=["body", "kind", "session", "number"],
                condition=Q(session__isnull=False, number__isnull=False),
                name="filing_number_unique_in_session",
            ),
            models.UniqueConstraint(
                fields=["body", "kind", "year", "number"],
                condition=Q(session__isnull=True, number__isnull=False),
                name="filing_number_unique_between_sessions",
            ),
            models.CheckConstraint(
                condition=Q(key=True) | Q(key_leader__isnull=True), name="key_leader_only_if_key"
            ),
            models.CheckConstraint(
                condition=~Q(merged_into=models.F("id")), name="filing_not_merged_into_itself"
            ),
        ]
        indexes = [
            models.Index(fields=["body", "kind", "state"]),
            models.Index(fields=["kind", "year"]),
        ]

    def __str__(self):
        return f"{self.number_label} {self.title}"

    @property
    def number_label(self) -> str:
        # On the pages in the reader's language; the notices and exports build it in Chinese.
        if self.number:
            return gettext("第 %(number)s 号") % {"number": self.number}
        return gettext("未编号")

    @property
    def kind_word(self) -> str:
        return rules.KIND_WORDS[rules.Kind(self.kind)]

    @property
    def by_people(self) -> bool:
        return self.filer_type in rules.PERSON_FILERS


class Signature(models.TextChoices):
    PENDING = "pending", _("待确认")
    CONFIRMED = "confirmed", _("已确认")
    DECLINED = "declined", _("已拒绝")


class Filer(models.Model):
    """A person who files: the lead (领衔人) or a co-signer (联名人), each confirming on their
    own account (沪建议规定 4)."""

    filing = models.ForeignKey(Filing, on_delete=models.CASCADE, related_name="filers")
    person = models.ForeignKey(
        Person,
        verbose_name=pgettext_lazy("model", "人员"),
        on_delete=models.PROTECT,
        related_name="proposal_signatures",
    )
    lead = models.BooleanField(_("领衔"), default=False)
    order = models.PositiveSmallIntegerField(_("排序"), default=0)
    signature = models.CharField(
        _("联名确认"), max_length=10, choices=Signature.choices, default=Signature.PENDING
    )
    confirmed_at = models.DateTimeField(_("确认时间"), null=True, blank=True)
    on_paper = models.BooleanField(_("据书面签名录入"), default=False)
    merged_from = models.ForeignKey(
        Filing,
        verbose_name=_("并案带入"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    withdrawal_requested_at = models.DateTimeField(_("要求撤回时间"), null=True, blank=True)

    class Meta:
        ordering = ["filing", "-lead", "order", "id"]
        verbose_name = _("提出人")
        verbose_name_plural = pgettext_lazy("plural", "提出人")
        constraints = [
            models.UniqueConstraint(fields=["filing", "person"], name="filer_once_per_filing"),
            models.UniqueConstraint(
                fields=["filing"], condition=Q(lead=True), name="filer_one_lead"
            ),
        ]

    def __str__(self):
        return f"{self.person}（{'领衔' if self.lead else '联名'}）"

    def carried_to(self, filing: Filing, **fields) -> "Filer":
        """This confirmed signature carried to another filing, unsaved: to one derived from
        this filing (lead and order kept) or to the one it was merged into (after that one's
        own filers, merged_from set)."""
        return Filer(
            filing=filing,
            person_id=self.person_id,
            signature=Signature.CONFIRMED,
            confirmed_at=self.confirmed_at,
            on_paper=self.on_paper,
            **fields,
        )


def _attachment_path(instance, filename):
    # The stored name is random: never the uploader's file name, never guessable.
    return f"proposals/{uuid.uuid4().hex}"


class Attachment(models.Model):
    """A PDF or Word document, checked by content (sessions.rules.check_document)."""

    filing = models.ForeignKey(Filing, on_delete=models.CASCADE, related_name="attachments")
    reply = models.ForeignKey(
        "proposals.Reply",
        verbose_name=pgettext_lazy("model", "答复"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="attachments",
    )
    file = models.FileField(_("文件"), upload_to=_attachment_path)
    original_name = models.CharField(_("原文件名"), max_length=200)
    content_type = models.CharField(_("类型"), max_length=100)
    size = models.PositiveIntegerField(_("字节数"))
    sha256 = models.CharField("SHA-256", max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("上传时间"), default=timezone.now)

    class Meta:
        ordering = ["filing", "id"]
        verbose_name = pgettext_lazy("model", "附件")
        verbose_name_plural = pgettext_lazy("plural", "附件")

    def __str__(self):
        return self.original_name


class DecisionKind(models.TextChoices):
    # Motions: the presidium and the special committees (LOL 22, DL 15, 沪议事规则 26–34).
    REFER = "refer", _("交专门委员会审议")
    COMMITTEE_OPINION = "committee_opinion", _("专门委员会审议意见")
    LIST = "list", _("列入大会议程")
    STUDY = "study", _("不列入议程，闭会后交专门委员会审议")
    AS_SUGGESTION = "as_suggestion", _("不列入议程，作为建议处理")
    CONSENT_WITHDRAWAL = "consent_withdrawal", _("同意撤回")
    REFUSE_WITHDRAWAL = "refuse_withdrawal", _("不同意撤回")
    PUT_TO_VOTE = "put_to_vote", _("交付大会表决")
    STUDY_REPORT = "study_report", _("审议结果报告")
    # Suggestions and proposals: review (沪建议规定 8; docs/law.md).
    REGISTER = "register", _("受理（立案）")
    DECLINE = "decline", _("退回（不予立案）")
    AS_LETTER = "as_letter", _("转来信处理")
    AS_OPINION = "as_opinion", _("转社情民意信息")
    MERGE = "merge", _("并案")
    # Opinion reports.
    ADOPT = "adopt", _("采用")
    NOT_ADOPT = "not_adopt", _("不予采用")


class Decision(models.Model):
    """A decision on a filing, with its reasons: who decided what, at which meeting."""

    filing = models.ForeignKey(Filing, on_delete=models.CASCADE, related_name="decisions")
    kind = models.CharField(
        pgettext_lazy("model", "决定"), max_length=24, choices=DecisionKind.choices
    )
    reasons = models.TextField(_("理由"), blank=True)
    committee = models.ForeignKey(
        Organisation,
        verbose_name=_("专门委员会"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    meeting = models.ForeignKey(
        Meeting,
        verbose_name=_("主席团会议"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    recommend_listing = models.BooleanField(_("建议列入议程"), null=True, blank=True)
    result = models.ForeignKey(
        Filing,
        verbose_name=_("转成"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("时间"), default=timezone.now)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["filing", "decided_at", "id"]
        verbose_name = pgettext_lazy("model", "决定")
        verbose_name_plural = pgettext_lazy("plural", "决定")

    def __str__(self):
        return f"{self.filing_id}：{self.get_kind_display()}"
