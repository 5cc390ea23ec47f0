"""Tables derived from the filings: the annual report's draft and the search words.

- ReportDraft: the annual report on proposal work (提案工作情况报告) of a body for a year.
  The text generated from the data (report.py) and the secretariat's edited text are kept
  apart: generating again replaces only the generated text, and the page says when it has
  changed since the edit was made (``edited_from`` is the digest of the generated text the
  edit started from).
- SearchText: a filing's words, segmented by jieba, for full-text search (search.py). On
  SQLite an FTS5 table indexes it, kept in step by triggers; on PostgreSQL a generated
  tsvector column with a GIN index (migration 0004_search_words_fts). A later migration
  that makes SQLite rebuild this table drops the triggers with it and must create them
  again (the SQL is in 0004).
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from lianghui.people.models import Organisation
from lianghui.proposals.models.filings import Filing


class ReportDraft(models.Model):
    body = models.ForeignKey(
        Organisation,
        verbose_name=_("机关"),
        on_delete=models.PROTECT,
        related_name="proposal_reports",
        limit_choices_to={"kind__in": ["congress", "cppcc"]},
    )
    year = models.PositiveSmallIntegerField(_("年度"))
    generated_text = models.TextField(_("生成稿"))
    generated_at = models.DateTimeField(_("生成时间"), default=timezone.now)
    edited_text = models.TextField(_("编辑稿"), blank=True)
    edited_from = models.CharField(
        _("编辑时依据的生成稿"), max_length=64, blank=True, help_text=_("生成稿的 SHA-256")
    )
    edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("编辑人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    updated_at = models.DateTimeField(_("更新时间"), default=timezone.now)

    class Meta:
        ordering = ["body", "-year"]
        verbose_name = _("提案工作情况报告稿")
        verbose_name_plural = pgettext_lazy("plural", "提案工作情况报告稿")
        constraints = [
            models.UniqueConstraint(fields=["body", "year"], name="report_draft_once_per_year")
        ]

    def __str__(self):
        return f"{self.body} {self.year} 年度报告稿"

    @property
    def text(self) -> str:
        """The text to print: the secretariat's if it has edited, else the generated one."""
        return self.edited_text or self.generated_text


class SearchText(models.Model):
    filing = models.OneToOneField(
        Filing, primary_key=True, on_delete=models.CASCADE, related_name="search_text"
    )
    title_words = models.TextField(_("标题分词"), blank=True)
    body_words = models.TextField(_("正文分词"), blank=True)
    indexed_at = models.DateTimeField(_("索引时间"), default=timezone.now)

    class Meta:
        verbose_name = _("检索词")
        verbose_name_plural = pgettext_lazy("plural", "检索词")

    def __str__(self):
        return f"{self.filing_id}"
