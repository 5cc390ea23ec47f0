"""A meeting's tally key and its trustees' public messages.

Nothing stored here decrypts anything: encryption keys, Feldman commitments, shares
encrypted to each trustee's device, and proofs. A failed ceremony is kept (for the audit)
and a new one started.

Also what the voter and encrypted-ballot tables of votes and of elections share
(AbstractVoter, AbstractEncryptedBallot), here because both apps build on this one.
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from lianghui.people.models import Person
from lianghui.scrutiny.rules import Phase
from lianghui.sessions.models import Meeting


class PhaseChoice(models.TextChoices):
    KEYS = Phase.KEYS.value, _("生成设备密钥")
    SHARES = Phase.SHARES.value, _("分发密钥份额")
    CONFIRM = Phase.CONFIRM.value, _("核对密钥份额")
    READY = Phase.READY.value, _("计票公钥已发布")
    FAILED = Phase.FAILED.value, _("已作废")


class TallyKey(models.Model):
    meeting = models.ForeignKey(
        Meeting,
        verbose_name=pgettext_lazy("model", "会议"),
        on_delete=models.PROTECT,
        related_name="tally_keys",
    )
    ceremony = models.CharField(_("密钥仪式编号"), max_length=64, unique=True)
    threshold = models.PositiveSmallIntegerField(_("解密所需人数"))
    phase = models.CharField(
        _("阶段"), max_length=8, choices=PhaseChoice.choices, default=PhaseChoice.KEYS
    )
    public_key = models.CharField(_("计票公钥"), max_length=64, blank=True)
    verification_keys = models.JSONField(_("监票人验证密钥"), default=list, blank=True)
    failure = models.CharField(_("作废原因"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    ready_at = models.DateTimeField(_("发布时间"), null=True, blank=True)

    class Meta:
        ordering = ["meeting", "created_at", "id"]
        verbose_name = _("计票密钥")
        verbose_name_plural = pgettext_lazy("plural", "计票密钥")
        constraints = [
            # One live key per meeting: a new ceremony only after the last one failed.
            models.UniqueConstraint(
                fields=["meeting"],
                condition=~Q(phase="failed"),
                name="one_live_tally_key_per_meeting",
            ),
        ]

    def __str__(self):
        return self.ceremony

    @property
    def n(self) -> int:
        return self.trustees.count()


class KeyTrustee(models.Model):
    tally_key = models.ForeignKey(TallyKey, on_delete=models.CASCADE, related_name="trustees")
    index = models.PositiveSmallIntegerField(_("序号"))
    person = models.ForeignKey(
        Person, verbose_name=_("监票人"), on_delete=models.PROTECT, related_name="+"
    )
    encryption_key = models.JSONField(_("设备加密密钥"), null=True, blank=True)
    contribution = models.JSONField(_("承诺与加密份额"), null=True, blank=True)
    key_share_proof = models.JSONField(_("密钥份额证明"), null=True, blank=True)

    class Meta:
        ordering = ["tally_key", "index"]
        verbose_name = _("密钥监票人")
        verbose_name_plural = pgettext_lazy("plural", "密钥监票人")
        constraints = [
            models.UniqueConstraint(fields=["tally_key", "index"], name="trustee_index_unique"),
            models.UniqueConstraint(fields=["tally_key", "person"], name="trustee_person_unique"),
        ]

    def __str__(self):
        return f"{self.tally_key_id} #{self.index}"


class DecryptionRequest(models.Model):
    """Totals to decrypt with a tally key: the encrypted tally of one closed vote or election.

    The trustees' pages answer with partial decryptions (each proved); once k have answered
    the counts are combined. Only totals are ever put here, never a single ballot.
    """

    tally_key = models.ForeignKey(TallyKey, on_delete=models.PROTECT, related_name="decryptions")
    subject = models.CharField(_("对象"), max_length=100, unique=True)
    title = models.CharField(_("名称"), max_length=300)
    fingerprint = models.CharField(_("指纹"), max_length=64)
    ciphertexts = models.JSONField(_("加密合计"))  # [{"alpha", "beta"}], flat
    bound = models.PositiveIntegerField(_("最大票数"))
    answer_url = models.CharField(max_length=200)
    partials = models.JSONField(_("部分解密"), default=dict, blank=True)  # {"j": message}
    counts = models.JSONField(_("解密结果"), null=True, blank=True)  # flat, once combined
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    done_at = models.DateTimeField(_("完成时间"), null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("解密请求")
        verbose_name_plural = pgettext_lazy("plural", "解密请求")

    def __str__(self):
        return self.subject


# --- what votes and elections keep alike of who voted and of the encrypted ballots ---------


class AbstractVoter(models.Model):
    """Who has voted: one row per voter, carrying no choice and no time. A table of its own
    adds what was voted in and one row per person in it."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    # sha256 of the client's idempotency token: a retry with the same token is recognised.
    token_hash = models.CharField(max_length=64)

    class Meta:
        abstract = True


class AbstractEncryptedBallot(models.Model):
    """An encrypted ballot as the voter's device made it, under the voter's pseudonymous
    index (an HMAC of the person under the server's key, so the public cannot name the
    voter), with its tracker. A table of its own adds what was voted in and one ballot per
    voter in it."""

    voter = models.CharField(_("投票人编号"), max_length=32)
    ballot = models.JSONField(_("加密选票"))
    tracker = models.CharField(_("追踪码"), max_length=64)

    class Meta:
        abstract = True

    def __str__(self):
        return f"ballot {self.tracker[:12]}"
