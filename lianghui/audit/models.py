"""The append-only, hash-chained, signed event log (docs/audit.md).

Every state change in every domain writes one Event in the same transaction as the
change. Each event's hash covers its own content and the previous event's hash, so an
edited, deleted or reordered row breaks the chain at that point (see audit.chain); each is
signed with the server's key, so the chain cannot be recomputed without it (audit.signing).
"""

from django.conf import settings
from django.db import models
from django.utils import timezone


class Event(models.Model):
    # seq, prev_hash and hash are set when the event is sealed into the chain (audit.log.seal).
    seq = models.PositiveBigIntegerField("序号", unique=True, null=True, blank=True)
    at = models.DateTimeField("时间", default=timezone.now)
    kind = models.CharField("事件类型", max_length=64, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="操作人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    subject = models.CharField("对象", max_length=100, db_index=True)
    data = models.JSONField("内容", default=dict)
    prev_hash = models.CharField("前一事件哈希", max_length=64, blank=True)
    hash = models.CharField("哈希", max_length=64, unique=True, null=True, blank=True)
    # Signed by the server when written (nonce + content) and again when sealed (the hash),
    # with a key that is not in the database (audit.signing). Empty on rows sealed before
    # signing existed, until `lianghui audit adopt` signs them.
    nonce = models.CharField("随机数", max_length=32, unique=True, null=True, blank=True)
    write_signature = models.CharField("写入签名", max_length=88, blank=True)
    signature = models.CharField("封存签名", max_length=88, blank=True)
    key_id = models.CharField("签名密钥", max_length=16, blank=True)

    class Meta:
        ordering = ["id"]  # the order of writing; seq is the order of sealing
        verbose_name = "事件"
        verbose_name_plural = "事件"

    def __str__(self):
        return f"#{self.seq} {self.kind} {self.subject}"

    def save(self, *args, **kwargs):
        # Written once; sealing fills seq and hashes with a bulk update, never through save().
        if self.pk is not None and not kwargs.get("force_insert"):
            raise ValueError("audit events are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("audit events are append-only")


class ChainHead(models.Model):
    """One row: the last sequence number and hash. Locking it serialises appends."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    seq = models.PositiveBigIntegerField(default=0)
    hash = models.CharField(max_length=64)

    class Meta:
        verbose_name = "链头"
        verbose_name_plural = "链头"

    def __str__(self):
        return f"#{self.seq} {self.hash[:12]}"
