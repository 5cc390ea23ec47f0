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
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from lianghui.sessions.models import Session


class ChronicleDraft(models.Model):
    session = models.ForeignKey(
        Session,
        verbose_name=_("会议（次）"),
        on_delete=models.PROTECT,
        related_name="chronicle_drafts",
    )
    text = models.TextField(_("生成稿"))
    notes = models.JSONField(
        _("生成说明"), default=list, blank=True, help_text=_("稿中未写、须会务组核实的事项")
    )
    digest = models.CharField("SHA-256", max_length=64)
    generated_at = models.DateTimeField(_("生成时间"))
    generated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["session", "-generated_at", "-id"]
        get_latest_by = ["generated_at", "id"]
        verbose_name = _("纪实生成稿")
        verbose_name_plural = pgettext_lazy("plural", "纪实生成稿")
        indexes = [models.Index(fields=["session", "-generated_at"])]

    def __str__(self):
        return f"{self.session} 纪实生成稿 {self.generated_at:%Y-%m-%d %H:%M}"


class ChronicleEdit(models.Model):
    session = models.ForeignKey(
        Session,
        verbose_name=_("会议（次）"),
        on_delete=models.PROTECT,
        related_name="chronicle_edits",
    )
    based_on = models.ForeignKey(
        ChronicleDraft,
        verbose_name=_("依据的生成稿"),
        on_delete=models.PROTECT,
        related_name="edits",
    )
    text = models.TextField(_("编辑稿"))
    digest = models.CharField("SHA-256", max_length=64)
    edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("编辑人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    edited_at = models.DateTimeField(_("保存时间"))
    published = models.BooleanField(_("已发布"), default=False)
    published_at = models.DateTimeField(_("发布时间"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("发布人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["session", "-edited_at", "-id"]
        verbose_name = _("纪实编辑稿")
        verbose_name_plural = pgettext_lazy("plural", "纪实编辑稿")
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
