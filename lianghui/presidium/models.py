"""The presidium's (主席团's, or a CPPCC 主席会议's) decisions, each the outcome of its vote.

The body itself is an Organisation (kind presidium, or chairs for a CPPCC) under the congress
or committee; its members for a session are memberships dated to that session. A decision is
taken at a meeting of the body (a Meeting of kind presidium or chairs, whose roll is the
body's members: lianghui.sessions.roster) by a vote of it (a Poll with the rule "more than
half of all members"). Actions that need the presidium (a nomination, the candidates list,
an election's validity) cite the decision by reference.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from lianghui.people.models import Organisation
from lianghui.presidium import rules
from lianghui.sessions.models import Meeting, Session
from lianghui.votes.models import Poll


class Subject(models.TextChoices):
    NOMINATION = rules.Subject.NOMINATION.value, _("提名候选人")
    CANDIDATES = rules.Subject.CANDIDATES.value, _("确定正式候选人名单")
    PRELIMINARY = rules.Subject.PRELIMINARY.value, _("进行预选")
    VALIDITY = rules.Subject.VALIDITY.value, _("确定选举结果是否有效")
    NEXT_ROUND = rules.Subject.NEXT_ROUND.value, _("再次投票、另行选举或重新选举")
    AGENDA = rules.Subject.AGENDA.value, _("会议日程")
    INTERPELLATION = rules.Subject.INTERPELLATION.value, _("质询案")
    RECALL = rules.Subject.RECALL.value, _("罢免案")
    RESIGNATION = rules.Subject.RESIGNATION.value, _("辞职请求")
    OTHER = rules.Subject.OTHER.value, _("其他事项")


class Decision(models.Model):
    session = models.ForeignKey(
        Session, verbose_name=_("会议（次）"), on_delete=models.PROTECT, related_name="+"
    )
    presidium = models.ForeignKey(
        Organisation, verbose_name=_("主席团"), on_delete=models.PROTECT, related_name="decisions"
    )
    meeting = models.ForeignKey(
        Meeting,
        verbose_name=_("主席团会议"),
        on_delete=models.PROTECT,
        related_name="presidium_decisions",
    )
    poll = models.OneToOneField(
        Poll, verbose_name=_("表决"), on_delete=models.PROTECT, related_name="presidium_decision"
    )
    subject = models.CharField(_("事项"), max_length=16, choices=Subject.choices)
    text = models.TextField(_("决定内容"))
    # What the decision decides, for the actions that cite it: {"election": id, "persons":
    # [ids]} for a nomination, a candidates list or the next round's nominees, {"election": id, "valid": bool} for
    # validity; {} for the agenda and other matters.
    matter = models.JSONField(_("决定事项"), default=dict, blank=True)
    # Filled once the vote is over (actions.settle): adopted or not, and why.
    adopted = models.BooleanField(_("通过"), null=True, blank=True)
    outcome = models.CharField(_("表决结果"), max_length=300, blank=True)
    decided_at = models.DateTimeField(_("决定时间"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["session", "created_at", "id"]
        verbose_name = _("主席团决定")
        verbose_name_plural = pgettext_lazy("plural", "主席团决定")

    def __str__(self):
        return self.text

    @property
    def election_id(self) -> int | None:
        return self.matter.get("election")

    @property
    def persons(self) -> list[int]:
        return [int(p) for p in self.matter.get("persons", [])]
