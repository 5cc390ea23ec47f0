"""Sign-in slips: a printed, one-time way for a delegate or member to sign in on their device."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from lianghui.accounts import rules
from lianghui.people.models import Person
from lianghui.sessions.models import Session


class SignInSlip(models.Model):
    """One printed slip. Its two secrets (link token, short code) are stored only as keyed
    digests (lianghui/accounts/digest.py); using either one uses the slip up."""

    person = models.ForeignKey(
        Person,
        verbose_name=pgettext_lazy("model", "人员"),
        on_delete=models.CASCADE,
        related_name="signin_slips",
    )
    session = models.ForeignKey(
        Session,
        verbose_name=_("会议（次）"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    token_digest = models.CharField(max_length=64, unique=True, editable=False)
    code_digest = models.CharField(max_length=64, unique=True, editable=False)
    issued_at = models.DateTimeField(_("签发时间"), default=timezone.now)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    expires_at = models.DateTimeField(_("有效期至"))
    used_at = models.DateTimeField(_("使用时间"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("作废时间"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    revoke_reason = models.CharField(_("作废原因"), max_length=200, blank=True)

    class Meta:
        ordering = ["-issued_at", "-id"]
        verbose_name = _("签到条")
        verbose_name_plural = pgettext_lazy("plural", "签到条")
        constraints = [
            # At most one slip per person that could still be used: issuing a new one
            # revokes the old one in the same transaction.
            models.UniqueConstraint(
                fields=["person"],
                condition=Q(used_at__isnull=True, revoked_at__isnull=True),
                name="signin_slip_one_open_per_person",
            ),
        ]

    def __str__(self):
        return f"{self.person} · {self.issued_at:%Y-%m-%d}"

    def state(self, now=None) -> rules.SlipState:
        return rules.slip_state(
            used=self.used_at is not None,
            revoked=self.revoked_at is not None,
            expires_at=self.expires_at,
            now=now or timezone.now(),
        )
