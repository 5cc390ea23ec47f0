"""Votes (表决) on a question, and how their ballots are stored.

A secret electronic vote is encrypted (docs/secret-ballots.md): each press is an
EncryptedBallot, a ciphertext under the meeting's tally key with its proofs, and only the
sum is ever decrypted, by k of the scrutineers' devices. Who has voted (Voter) carries no
choice. A named vote's choices are public (NamedBallot, the roll call). No secret choice is
written in the clear: SecretBallot holds only the plaintext ballots of secret votes taken
before every one was encrypted (rewritten in random order at their close), and nothing
writes new ones.
"""

import uuid
from fractions import Fraction

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from lianghui.people.models import Organisation, Person
from lianghui.scrutiny.models import AbstractEncryptedBallot, AbstractVoter
from lianghui.sessions.models import AgendaItem, Meeting
from lianghui.votes import rules


class Mode(models.TextChoices):
    ELECTRONIC = "electronic", _("电子表决")
    HANDS = "hands", _("举手表决")
    PAPER = "paper", _("无记名纸质表决")


class BaseChoice(models.TextChoices):
    ALL = rules.Base.ALL.value, _("全体组成人员")
    PRESENT = rules.Base.PRESENT.value, _("出席人员")
    CAST = rules.Base.CAST.value, _("参加表决的票数")


class Press(models.TextChoices):
    FIRST = "first", _("首次按键有效")
    LAST = "last", _("末次按键有效（截止前可改）")


class State(models.TextChoices):
    DRAFT = "draft", _("草稿")
    OPEN = "open", _("表决中")
    TALLYING = "tallying", _("解密计票中")
    CLOSED = "closed", _("已结束")
    PUBLISHED = "published", _("已公布")
    CANCELLED = "cancelled", _("已取消")


class ChoiceField(models.TextChoices):
    YES = rules.Choice.YES.value, _("赞成")
    NO = rules.Choice.NO.value, _("反对")
    ABSTAIN = rules.Choice.ABSTAIN.value, _("弃权")


class Poll(models.Model):
    meeting = models.ForeignKey(
        Meeting,
        verbose_name=pgettext_lazy("model", "会议"),
        on_delete=models.PROTECT,
        related_name="polls",
    )
    item = models.ForeignKey(
        AgendaItem,
        verbose_name=pgettext_lazy("model", "议程"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="polls",
    )
    body = models.ForeignKey(
        Organisation, verbose_name=_("表决机关"), on_delete=models.PROTECT, related_name="+"
    )
    question = models.CharField(_("表决事项"), max_length=300)
    decides = models.TextField(
        _("表决内容"), blank=True, help_text=_("如：大会补选和通过人选办法（草案）")
    )
    mode = models.CharField(_("方式"), max_length=12, choices=Mode.choices, default=Mode.ELECTRONIC)
    secret = models.BooleanField(_("无记名"), default=True)
    base = models.CharField(
        _("通过基数"), max_length=8, choices=BaseChoice.choices, default=BaseChoice.ALL
    )
    fraction_numerator = models.PositiveSmallIntegerField(_("比例分子"), default=1)
    fraction_denominator = models.PositiveSmallIntegerField(_("比例分母"), default=2)
    strict = models.BooleanField(
        _("须超过该比例"), default=True, help_text=_("勾选：超过（过半数）；不勾选：达到该比例以上")
    )
    press = models.CharField(
        _("按键规则"), max_length=6, choices=Press.choices, default=Press.FIRST
    )
    timer_seconds = models.PositiveIntegerField(_("表决时限（秒）"), null=True, blank=True)
    publish_immediately = models.BooleanField(_("结束后立即公布结果"), default=True)
    state = models.CharField(
        _("状态"), max_length=10, choices=State.choices, default=State.DRAFT, db_index=True
    )

    members_total = models.PositiveIntegerField(_("全体组成人员"), null=True, blank=True)
    present = models.PositiveIntegerField(_("出席人数"), null=True, blank=True)
    entitled = models.PositiveIntegerField(_("有表决权人数"), null=True, blank=True)
    opened_at = models.DateTimeField(_("开始时间"), null=True, blank=True)
    closes_at = models.DateTimeField(_("预定截止时间"), null=True, blank=True)
    closed_at = models.DateTimeField(_("结束时间"), null=True, blank=True)
    published_at = models.DateTimeField(_("公布时间"), null=True, blank=True)

    # An encrypted secret vote: the meeting's tally key and the election definition frozen
    # when the vote opened (lianghui.ballots; docs/ballot-record.md).
    tally_key = models.ForeignKey(
        "scrutiny.TallyKey",
        verbose_name=_("计票密钥"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    election = models.JSONField(_("加密表决定义"), null=True, blank=True)

    yes = models.PositiveIntegerField(_("赞成"), null=True, blank=True)
    no = models.PositiveIntegerField(_("反对"), null=True, blank=True)
    abstain = models.PositiveIntegerField(_("弃权"), null=True, blank=True)
    passed = models.BooleanField(_("通过"), null=True, blank=True)
    sentence = models.CharField(_("结果表述"), max_length=300, blank=True)
    cancel_reason = models.CharField(_("取消理由"), max_length=300, blank=True)

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    class Meta:
        ordering = ["meeting", "created_at", "id"]
        verbose_name = _("表决")
        verbose_name_plural = pgettext_lazy("plural", "表决")
        constraints = [
            # A hall has one voting machine: at most one open vote per meeting.
            models.UniqueConstraint(
                fields=["meeting"], condition=Q(state="open"), name="one_open_poll_per_meeting"
            ),
            models.CheckConstraint(
                condition=Q(fraction_denominator__gt=0)
                & Q(fraction_numerator__gt=0)
                & Q(fraction_numerator__lte=models.F("fraction_denominator")),
                name="poll_fraction_in_range",
            ),
        ]

    def __str__(self):
        return self.question

    @property
    def threshold(self) -> rules.Threshold:
        return rules.Threshold(
            rules.Base(self.base),
            Fraction(self.fraction_numerator, self.fraction_denominator),
            self.strict,
        )

    @property
    def member_word(self) -> str:
        # A presidium's (主席会议's) vote counts its own members, not the delegates.
        if self.meeting.kind in ("presidium", "chairs"):
            return "主席团成员" if self.meeting.kind == "presidium" else "主席会议成员"
        return "委员" if self.body.kind == "cppcc" else "代表"

    @property
    def encrypted(self) -> bool:
        return self.election is not None

    @property
    def shown_sentence(self) -> str:
        """The result sentence in the reader's language.

        The stored Chinese sentence is the record (printed and published as it is); a page
        read in English says the same from the stored counts and threshold.
        """
        english = (translation.get_language() or "").startswith("en")
        return self.sentence_in("en" if english else "zh")

    def sentence_in(self, language: str) -> str:
        """The result sentence in "zh" (as stored) or "en" (from the counts)."""
        counts = self.counts
        if language != "en" or not self.sentence or counts is None or self.passed is None:
            return self.sentence
        base_count = {
            rules.Base.ALL: self.members_total,
            rules.Base.PRESENT: self.present,
            rules.Base.CAST: counts.cast,
        }[rules.Base(self.base)]
        if base_count is None:
            return self.sentence
        return rules.sentence(
            counts.yes,
            self.passed,
            base_count,
            self.threshold,
            member_word=self.member_word,
            language="en",
        )

    @property
    def counts(self) -> rules.Counts | None:
        if self.yes is None:
            return None
        return rules.Counts(self.yes, self.no, self.abstain)


class Voter(AbstractVoter):
    """Who has voted: one row per voter and poll. Carries no choice and no time."""

    poll = models.ForeignKey(Poll, on_delete=models.PROTECT, related_name="voters")

    class Meta:
        verbose_name = _("已表决人员")
        verbose_name_plural = pgettext_lazy("plural", "已表决人员")
        constraints = [
            models.UniqueConstraint(fields=["poll", "person"], name="one_vote_per_person")
        ]

    def __str__(self):
        return f"{self.person_id} voted in {self.poll_id}"


class SecretBallot(models.Model):
    """A secret vote's plaintext ballot from before every secret vote was encrypted (kept,
    read-only, for those votes' published receipts): no voter, no time, a random key."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    poll = models.ForeignKey(Poll, on_delete=models.PROTECT, related_name="secret_ballots")
    choice = models.CharField(max_length=8, choices=ChoiceField.choices)
    receipt = models.CharField(max_length=16)
    # sha256 of the device's own token: lets that device change its choice (last press
    # valid) without the server keeping any map from voter to ballot.
    # NULL (not "") once dropped at close: the unique constraint must allow many.
    change_hash = models.CharField(max_length=64, null=True, blank=True)  # noqa: DJ001

    class Meta:
        verbose_name = _("无记名票")
        verbose_name_plural = pgettext_lazy("plural", "无记名票")
        constraints = [
            models.UniqueConstraint(fields=["poll", "receipt"], name="receipt_unique_in_poll"),
            models.UniqueConstraint(
                fields=["poll", "change_hash"], name="change_hash_unique_in_poll"
            ),
        ]

    def __str__(self):
        return f"ballot {self.receipt}"


class EncryptedBallot(AbstractEncryptedBallot):
    """An encrypted secret ballot: the voter's pseudonymous index, the ballot as the phone
    made it (ciphertexts and proofs), its tracker; `checked` once its proofs have passed.

    Public by design (the ballot record): nothing here decrypts. The index is an HMAC of
    the person under the server's key, so the public cannot name the voter; a press under
    last-press-valid replaces the row's ballot.
    """

    poll = models.ForeignKey(Poll, on_delete=models.PROTECT, related_name="encrypted_ballots")
    # False while its proofs wait to be checked: the hall's hot path answers a press once
    # its ballot is stored and checks the proofs moments later (votes.checking); the close
    # checks any still waiting before it counts, and a ballot that fails is removed.
    checked = models.BooleanField(_("已核验"), default=True)

    class Meta:
        verbose_name = _("加密选票")
        verbose_name_plural = pgettext_lazy("plural", "加密选票")
        constraints = [
            models.UniqueConstraint(fields=["poll", "voter"], name="one_encrypted_ballot_per_voter")
        ]


class TallyPart(models.Model):
    """The product of some checked ballots' ciphertexts, made by a checking process while
    the vote is open (lianghui.ballots.checker.check_and_add), so that the close multiplies
    a few hundred parts instead of every ballot (votes.encrypted.tally).

    A cache, never the record: the close uses a part only where every ballot it names by
    tracker is still stored (a tracker is the hash of the whole ballot, so the same
    ciphertexts) and no other part used names it; the rest are added one by one. Nothing
    here is published, and the close deletes the vote's parts.
    """

    poll = models.ForeignKey(Poll, on_delete=models.CASCADE, related_name="tally_parts")
    trackers = models.JSONField(_("追踪码"))
    sums = models.JSONField(_("密文之积"))  # per choice of the vote's question, as a ballot's

    class Meta:
        verbose_name = _("计票部分积")
        verbose_name_plural = pgettext_lazy("plural", "计票部分积")

    def __str__(self):
        return f"{self.poll_id}: {len(self.trackers)} ballots"


class NamedBallot(models.Model):
    """A named (记名) vote: the roll call is part of the result."""

    poll = models.ForeignKey(Poll, on_delete=models.PROTECT, related_name="named_ballots")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    choice = models.CharField(max_length=8, choices=ChoiceField.choices)
    at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("记名票")
        verbose_name_plural = pgettext_lazy("plural", "记名票")
        constraints = [
            models.UniqueConstraint(fields=["poll", "person"], name="one_named_ballot_per_person")
        ]

    def __str__(self):
        return f"{self.person_id}: {self.choice}"
