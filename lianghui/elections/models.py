"""Offices, elections and their rounds, nominations, candidates, counting officers, ballots.

Paper ballots go through double entry: two clerks key each batch (KeyedBallot, entry 1 and
2); where they agree, or the scrutineers resolve a difference, a FinalBallot is written, and
only final ballots are counted. Electronic ballots are encrypted on the delegate's device
under the meeting's tally key (EncryptedElectionBallot; docs/secret-ballots.md): the server
stores ciphertexts and proofs, and only the totals are ever decrypted, by the scrutineers.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from lianghui.elections import catalogue
from lianghui.elections.slate import OfficeKind
from lianghui.people.models import Organisation, Person
from lianghui.scrutiny.models import AbstractEncryptedBallot, AbstractVoter
from lianghui.sessions.models import Meeting

# The catalogue's names, translatable for the pages (catalogue.py is pure and stays Chinese).
CODE_LABELS = {
    catalogue.SC_DIRECTOR: _("人大常委会主任"),
    catalogue.SC_DEPUTY_DIRECTOR: _("人大常委会副主任"),
    catalogue.SC_SECRETARY_GENERAL: _("人大常委会秘书长"),
    catalogue.SC_MEMBER: _("人大常委会委员"),
    catalogue.GOV_HEAD: _("人民政府正职（省长、市长、区长、县长）"),
    catalogue.GOV_DEPUTY: _("人民政府副职（副省长、副市长、副区长、副县长）"),
    catalogue.SUPERVISORY_DIRECTOR: _("监察委员会主任"),
    catalogue.COURT_PRESIDENT: _("人民法院院长"),
    catalogue.PROCURATOR: _("人民检察院检察长"),
    catalogue.UPPER_DEPUTY: _("上一级人民代表大会代表"),
}


class Office(models.Model):
    body = models.ForeignKey(
        Organisation, verbose_name=_("选举机关"), on_delete=models.PROTECT, related_name="offices"
    )
    title = models.CharField(_("职务"), max_length=100, help_text=_("如：区人民法院院长"))
    kind = models.CharField(
        _("类别"),
        max_length=20,
        choices=[
            (k.value, label)
            for k, label in zip(
                OfficeKind, [_("正职"), _("副职"), _("常委会委员"), _("市人大代表")], strict=True
            )
        ],
    )
    needs_approval = models.BooleanField(
        _("须报上级批准"), default=False, help_text=_("如检察长：经上一级批准后生效")
    )
    code = models.CharField(
        _("职务目录"),
        max_length=32,
        choices=list(CODE_LABELS.items()),
        blank=True,
        help_text=_("本级人民代表大会选举的职务（LOL 26、47）；政协的职务不在目录中"),
    )

    class Meta:
        ordering = ["body", "kind", "title"]
        verbose_name = _("职务")
        verbose_name_plural = pgettext_lazy("plural", "职务")
        constraints = [
            models.UniqueConstraint(fields=["body", "title"], name="office_unique_title")
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        # The title names the office (区人民法院院长); the catalogue entry it names fixes the
        # contest rule and the approval, whatever kind was given.
        if not self.code and self.body.kind == "congress":
            self.code = catalogue.code_for_title(self.title) or ""
        entry = catalogue.entry(self.code)
        if entry is not None:
            self.kind = entry.slate.value
            self.needs_approval = self.needs_approval or entry.needs_approval
        super().save(*args, **kwargs)

    @property
    def entry(self) -> catalogue.Entry | None:
        return catalogue.entry(self.code)

    @property
    def delegate_only(self) -> bool:
        """LOL 47: the standing committee's officers are elected from the delegates."""
        return self.entry is not None and self.entry.delegate_only

    @property
    def write_ins_members_only(self) -> bool:
        """Only the body's own delegates (members) may be written in: the standing committee's
        officers (LOL 47), and an office outside the catalogue of the standing-member kind."""
        return self.delegate_only or (not self.code and self.kind == OfficeKind.STANDING_MEMBER)


class ElectionMode(models.TextChoices):
    PAPER = "paper", _("纸质选票")
    ELECTRONIC = "electronic", _("电子选票")


class ElectionState(models.TextChoices):
    DRAFT = "draft", _("提名中")
    FIXED = "fixed", _("候选人已确定")
    OPEN = "open", _("投票中")
    CLOSED = "closed", _("投票结束")
    COUNTED = "counted", _("已计票")
    PUBLISHED = "published", _("已宣布")
    VOID = "void", _("选举无效")


class RoundKind(models.TextChoices):
    FIRST = "first", _("第一轮")
    REVOTE = "revote", _("再次投票（票数相等）")
    FURTHER = "further", _("另行选举")
    AGAIN = "again", _("重新投票（选举无效）")
    # A preliminary election (预选, LOL 27 ¶2): its "previous" is the election whose list it
    # fixes; a re-vote among those tied at its last place is another preliminary round.
    PRELIMINARY = "preliminary", _("预选")


class Election(models.Model):
    meeting = models.ForeignKey(
        Meeting,
        verbose_name=pgettext_lazy("model", "会议"),
        on_delete=models.PROTECT,
        related_name="elections",
    )
    office = models.ForeignKey(
        Office, verbose_name=_("职务"), on_delete=models.PROTECT, related_name="elections"
    )
    item = models.ForeignKey(
        "lh_sessions.AgendaItem",
        verbose_name=pgettext_lazy("model", "议程"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="elections",
    )
    seats = models.PositiveSmallIntegerField(_("应选名额"))
    by_election = models.BooleanField(_("补选"), default=False)
    contested = models.BooleanField(
        _("差额选举"), default=True, help_text=_("补选时按选举办法规定")
    )
    surplus = models.PositiveSmallIntegerField(
        _("差额数"), null=True, blank=True, help_text=_("选举办法规定的差额人数")
    )
    write_in_only_beside_no = models.BooleanField(_("另选他人须投反对票"), default=False)
    mode = models.CharField(
        _("投票方式"), max_length=12, choices=ElectionMode.choices, default=ElectionMode.PAPER
    )
    state = models.CharField(
        _("状态"), max_length=10, choices=ElectionState.choices, default=ElectionState.DRAFT
    )
    round_kind = models.CharField(
        _("轮次"), max_length=12, choices=RoundKind.choices, default=RoundKind.FIRST
    )
    previous = models.ForeignKey(
        "self",
        verbose_name=_("上一轮"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="next_rounds",
    )
    new_term = models.BooleanField(
        _("换届选举"), default=False, help_text=_("换届选举提名酝酿不少于两天（LOL 27）")
    )
    nominations_open_at = models.DateTimeField(_("开始提名时间"), null=True, blank=True)
    slate_decision = models.TextField(_("主席团确定候选人名单的决定"), blank=True)
    # The presidium's decisions this election relies on (LOL 27; EL 46), cited by reference.
    candidates_decision = models.ForeignKey(
        "presidium.Decision",
        verbose_name=_("确定候选人名单的主席团决定"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    validity_decision = models.ForeignKey(
        "presidium.Decision",
        verbose_name=_("确定选举结果是否有效的主席团决定"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    members_total = models.PositiveIntegerField(_("全体代表人数"), null=True, blank=True)
    entitled = models.PositiveIntegerField(_("出席代表人数"), null=True, blank=True)
    issued = models.PositiveIntegerField(_("发出选票"), null=True, blank=True)
    returned = models.PositiveIntegerField(_("收回选票"), null=True, blank=True)
    ballots_signed_by = models.JSONField(_("清点选票签字的监票人"), default=list, blank=True)
    opened_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    result = models.JSONField(_("计票结果"), null=True, blank=True)
    declared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    published_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    # Electronic voting: the meeting's tally key and the election definition (one question
    # per candidate, the seats constraint) frozen when voting opens (lianghui.ballots;
    # docs/ballot-record.md).
    tally_key = models.ForeignKey(
        "scrutiny.TallyKey",
        verbose_name=_("计票密钥"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    definition = models.JSONField(_("加密选票定义"), null=True, blank=True)
    # The running product of every stored ballot's ciphertexts (flat, candidate by candidate,
    # 赞成/反对/弃权), updated with each ballot in its transaction, so that closing needs no
    # pass over thousands of ballots; the record's verifier recomputes it from the ballots.
    encrypted_tally = models.JSONField(_("加密合计"), null=True, blank=True)

    class Meta:
        ordering = ["meeting", "created_at", "id"]
        verbose_name = _("选举")
        verbose_name_plural = pgettext_lazy("plural", "选举")
        constraints = [
            models.CheckConstraint(condition=Q(seats__gte=1), name="election_has_seats"),
            models.CheckConstraint(
                condition=Q(previous__isnull=True) | ~Q(round_kind="first"),
                name="later_round_has_previous",
            ),
        ]

    def __str__(self):
        # The title on the pages, in the reader's language (the office's title is data).
        words = {"office": self.office.title, "round": self.get_round_kind_display()}
        if self.by_election:
            return gettext("补选%(office)s（%(round)s）") % words
        return gettext("选举%(office)s（%(round)s）") % words


class WithdrawalBy(models.TextChoices):
    """On whose written request a nomination is withdrawn (see actions.withdraw_nomination)."""

    NOMINEE = "nominee", _("被提名人")
    NOMINATORS = "nominators", _("提名人")


class Nomination(models.Model):
    election = models.ForeignKey(Election, on_delete=models.CASCADE, related_name="nominations")
    person = models.ForeignKey(
        Person, verbose_name=_("被提名人"), on_delete=models.PROTECT, related_name="+"
    )
    by_presidium = models.BooleanField(_("主席团提名"), default=False)
    decision = models.ForeignKey(
        "presidium.Decision",
        verbose_name=_("主席团提名的决定"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("主席团提名须引用主席团会议通过的决定（LOL 26）"),
    )
    signers = models.ManyToManyField(
        Person, verbose_name=_("联名代表"), blank=True, related_name="+"
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)
    withdrawn = models.BooleanField(_("已撤回"), default=False)
    withdrawn_at = models.DateTimeField(_("撤回时间"), null=True, blank=True)
    withdrawn_on_request_of = models.CharField(
        _("撤回的请求人"), max_length=10, choices=WithdrawalBy.choices, blank=True
    )
    withdrawn_reason = models.TextField(_("撤回理由"), blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["election", "recorded_at", "id"]
        verbose_name = pgettext_lazy("model", "提名")
        verbose_name_plural = pgettext_lazy("plural", "提名")

    def __str__(self):
        return f"提名 {self.person}"


class Candidate(models.Model):
    election = models.ForeignKey(Election, on_delete=models.CASCADE, related_name="candidates")
    person = models.ForeignKey(
        Person,
        verbose_name=pgettext_lazy("model", "候选人"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    order = models.PositiveSmallIntegerField(_("选票上的顺序（姓氏笔画）"))

    class Meta:
        ordering = ["election", "order"]
        verbose_name = pgettext_lazy("model", "候选人")
        verbose_name_plural = pgettext_lazy("plural", "候选人")
        constraints = [
            models.UniqueConstraint(fields=["election", "person"], name="candidate_once"),
            models.UniqueConstraint(fields=["election", "order"], name="candidate_order_unique"),
        ]

    def __str__(self):
        return str(self.person)


class OfficerRole(models.TextChoices):
    CHIEF = "chief", _("总监票人")
    SCRUTINEER = "scrutineer", _("监票人")
    CLERK = "clerk", _("计票人")


class CountingOfficer(models.Model):
    election = models.ForeignKey(Election, on_delete=models.CASCADE, related_name="officers")
    person = models.ForeignKey(
        Person,
        verbose_name=pgettext_lazy("model", "人员"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    role = models.CharField(_("职责"), max_length=12, choices=OfficerRole.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("录入账号"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("计票人录入选票时使用的账号"),
    )

    class Meta:
        ordering = ["election", "role", "id"]
        verbose_name = _("监票计票人员")
        verbose_name_plural = pgettext_lazy("plural", "监票计票人员")
        constraints = [
            models.UniqueConstraint(fields=["election", "person"], name="officer_once"),
            models.UniqueConstraint(
                fields=["election"], condition=Q(role="chief"), name="one_chief_scrutineer"
            ),
        ]

    def __str__(self):
        return f"{self.get_role_display()} {self.person}"


class Batch(models.Model):
    """A bundle of returned paper ballots, keyed twice by two different clerks."""

    election = models.ForeignKey(Election, on_delete=models.CASCADE, related_name="batches")
    number = models.PositiveSmallIntegerField(_("批次"))
    size = models.PositiveSmallIntegerField(_("张数"))

    class Meta:
        ordering = ["election", "number"]
        verbose_name = _("选票批次")
        verbose_name_plural = pgettext_lazy("plural", "选票批次")
        constraints = [
            models.UniqueConstraint(fields=["election", "number"], name="batch_number_unique")
        ]

    def __str__(self):
        return f"第 {self.number} 批（{self.size} 张）"


class KeyedBallot(models.Model):
    batch = models.ForeignKey(Batch, on_delete=models.CASCADE, related_name="keyed")
    entry = models.PositiveSmallIntegerField(
        _("录入遍次"), choices=[(1, _("第一遍")), (2, _("第二遍"))]
    )
    clerk = models.ForeignKey(
        CountingOfficer, verbose_name=_("计票人"), on_delete=models.PROTECT, related_name="+"
    )
    index = models.PositiveSmallIntegerField(_("序号"))
    content = models.JSONField(
        _("选票内容")
    )  # {"marks": {candidate person id: mark}, "write_ins": [...], "void": bool}

    class Meta:
        ordering = ["batch", "entry", "index"]
        verbose_name = _("录入的选票")
        verbose_name_plural = pgettext_lazy("plural", "录入的选票")
        constraints = [
            models.UniqueConstraint(fields=["batch", "entry", "index"], name="keyed_once"),
        ]

    def __str__(self):
        return f"{self.batch} #{self.index} ({self.entry})"


class FinalBallot(models.Model):
    """A paper ballot as counted: both entries agreed, or the scrutineers resolved it."""

    batch = models.ForeignKey(Batch, on_delete=models.CASCADE, related_name="final")
    index = models.PositiveSmallIntegerField(_("序号"))
    content = models.JSONField(_("选票内容"))
    resolved_by_scrutineers = models.BooleanField(_("经监票人核定"), default=False)

    class Meta:
        ordering = ["batch", "index"]
        verbose_name = _("计入的选票")
        verbose_name_plural = pgettext_lazy("plural", "计入的选票")
        constraints = [models.UniqueConstraint(fields=["batch", "index"], name="final_once")]

    def __str__(self):
        return f"{self.batch} #{self.index}"


class ElectionVoter(AbstractVoter):
    """Who has voted electronically: no choice, no time."""

    election = models.ForeignKey(Election, on_delete=models.PROTECT, related_name="voters")

    class Meta:
        verbose_name = _("已投票人员")
        verbose_name_plural = pgettext_lazy("plural", "已投票人员")
        constraints = [
            models.UniqueConstraint(fields=["election", "person"], name="one_ballot_per_person")
        ]

    def __str__(self):
        return f"{self.person_id} voted in {self.election_id}"


class EncryptedElectionBallot(AbstractEncryptedBallot):
    """An electronic election ballot as the delegate's device made it: per candidate three
    encrypted marks (赞成/反对/弃权) with their proofs, bound to the voter's pseudonymous
    index; checked before it was stored. Public by design (the ballot record): nothing here
    decrypts, and the index is an HMAC of the person under the server's key."""

    election = models.ForeignKey(
        Election, on_delete=models.PROTECT, related_name="encrypted_ballots"
    )

    class Meta:
        verbose_name = _("加密电子选票")
        verbose_name_plural = pgettext_lazy("plural", "加密电子选票")
        constraints = [
            models.UniqueConstraint(
                fields=["election", "voter"], name="one_encrypted_election_ballot_per_voter"
            )
        ]
