"""The chronicle (会议纪实) of a session: what the system drafted, and what the secretariat made of it.

The two are kept apart. A ChronicleDraft is one generation of the text from the records
(``lianghui.records.chronicle``), never changed afterwards; generating again adds a row, and
the newest is "the draft". A ChronicleEdit is one saved version of the secretariat's text,
also never changed except to be marked published; each edit names the draft it was made
from (``based_on``), so when the draft is generated again the page can say whether the
generated text has changed since the secretariat last edited it, and show how. The
published chronicle is the newest published edit: publishing the draft as it stands first
copies it into an edit.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q

from lianghui.sessions.models import Session


class ChronicleDraft(models.Model):
    session = models.ForeignKey(
        Session,
        verbose_name="会议（次）",
        on_delete=models.PROTECT,
        related_name="chronicle_drafts",
    )
    text = models.TextField("生成稿")
    notes = models.JSONField(
        "生成说明", default=list, blank=True, help_text="稿中未写、须会务组核实的事项"
    )
    digest = models.CharField("SHA-256", max_length=64)
    generated_at = models.DateTimeField("生成时间")
    generated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["session", "-generated_at", "-id"]
        get_latest_by = ["generated_at", "id"]
        verbose_name = "纪实生成稿"
        verbose_name_plural = "纪实生成稿"
        indexes = [models.Index(fields=["session", "-generated_at"])]

    def __str__(self):
        return f"{self.session} 纪实生成稿 {self.generated_at:%Y-%m-%d %H:%M}"


class ChronicleEdit(models.Model):
    session = models.ForeignKey(
        Session, verbose_name="会议（次）", on_delete=models.PROTECT, related_name="chronicle_edits"
    )
    based_on = models.ForeignKey(
        ChronicleDraft,
        verbose_name="依据的生成稿",
        on_delete=models.PROTECT,
        related_name="edits",
    )
    text = models.TextField("编辑稿")
    digest = models.CharField("SHA-256", max_length=64)
    edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="编辑人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    edited_at = models.DateTimeField("保存时间")
    published = models.BooleanField("已发布", default=False)
    published_at = models.DateTimeField("发布时间", null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="发布人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["session", "-edited_at", "-id"]
        verbose_name = "纪实编辑稿"
        verbose_name_plural = "纪实编辑稿"
        indexes = [models.Index(fields=["session", "-edited_at"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(published=False, published_at__isnull=True)
                | Q(published=True, published_at__isnull=False),
                name="chronicle_published_has_time",
            ),
        ]

    def __str__(self):
        return f"{self.session} 纪实编辑稿 {self.edited_at:%Y-%m-%d %H:%M}"
