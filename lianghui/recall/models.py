"""Recalls (罢免案) and resignations (辞职请求) before the congress (rules.py cites the law).

Each ends in a vote of the congress at a plenary meeting: a Poll of the votes app, bound by
LOL 25's floor (more than half of all delegates), referenced here. The presidium's decisions
(to propose a recall, to put either to the vote) are lianghui.presidium decisions, cited.
When the congress carries a recall or accepts a resignation, the post's Membership (when
given) ends on the day of the vote — except a chief procurator's, which waits for the level
above (LOL 13; LOL 32).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from lianghui.people.models import Membership, Person
from lianghui.recall import rules
from lianghui.sessions.models import Meeting, Session
from lianghui.votes.models import Poll


class Post(models.TextChoices):
    SC_MEMBER = rules.Post.SC_MEMBER.value, _("人大常委会组成人员")
    GOV_LEADER = rules.Post.GOV_LEADER.value, _("人民政府领导人员")
    GOV_DEPARTMENT = rules.Post.GOV_DEPARTMENT.value, _("人民政府其他组成人员")
    SUPERVISORY_DIRECTOR = rules.Post.SUPERVISORY_DIRECTOR.value, _("监察委员会主任")
    COURT_PRESIDENT = rules.Post.COURT_PRESIDENT.value, _("人民法院院长")
    PROCURATOR = rules.Post.PROCURATOR.value, _("人民检察院检察长")
    SPECIAL_COMMITTEE = rules.Post.SPECIAL_COMMITTEE.value, _("专门委员会组成人员")
    UPPER_DEPUTY = rules.Post.UPPER_DEPUTY.value, _("上一级人民代表大会代表")


class Proposer(models.TextChoices):
    PRESIDIUM = rules.Proposer.PRESIDIUM.value, _("主席团")
    STANDING_COMMITTEE = rules.Proposer.STANDING_COMMITTEE.value, _("常务委员会")
    DELEGATES = rules.Proposer.DELEGATES.value, _("代表联名")


class Defence(models.TextChoices):
    PRESIDIUM = rules.Defence.PRESIDIUM.value, _("在主席团会议上申辩")
    PLENARY = rules.Defence.PLENARY.value, _("在大会全体会议上申辩")
    WRITTEN = rules.Defence.WRITTEN.value, _("书面申辩")
    DECLINED = rules.Defence.DECLINED.value, _("本人不申辩")


class State(models.TextChoices):
    PROPOSED = "proposed", _("待表决")
    VOTING = "voting", _("已提请大会表决")
    CARRIED = "carried", _("通过")
    AWAITING_APPROVAL = "awaiting_approval", _("通过，待上级批准")
    FAILED = "failed", _("未通过")


class _Matter(models.Model):
    """What a recall and a resignation share: the person, the post, the vote."""

    session = models.ForeignKey(
        Session, verbose_name=_("会议（次）"), on_delete=models.PROTECT, related_name="+"
    )
    person = models.ForeignKey(
        Person,
        verbose_name=pgettext_lazy("model", "人员"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    post = models.CharField(_("职务类别"), max_length=24, choices=Post.choices)
    title = models.CharField(_("职务"), max_length=100, help_text=_("如：区教育局局长"))
    membership = models.ForeignKey(
        Membership,
        verbose_name=_("任职"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("通过后终止的任职记录"),
    )
    vote_decision = models.ForeignKey(
        "presidium.Decision",
        verbose_name=_("主席团提请表决的决定"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    poll = models.OneToOneField(
        Poll,
        verbose_name=_("表决"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    state = models.CharField(
        _("状态"), max_length=20, choices=State.choices, default=State.PROPOSED, db_index=True
    )
    concluded_at = models.DateTimeField(_("表决结果记录时间"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("提出时间"), auto_now_add=True)

    class Meta:
        abstract = True
        ordering = ["session", "created_at", "id"]


class Recall(_Matter):
    proposer = models.CharField(_("提出人"), max_length=20, choices=Proposer.choices)
    proposal_decision = models.ForeignKey(
        "presidium.Decision",
        verbose_name=_("主席团提出罢免案的决定"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    signers = models.ManyToManyField(
        Person, verbose_name=_("联名代表"), blank=True, related_name="+"
    )
    reasons = models.TextField(_("罢免理由"))
    defence = models.CharField(_("申辩"), max_length=12, choices=Defence.choices, blank=True)
    defence_text = models.TextField(_("申辩意见"), blank=True)
    defence_meeting = models.ForeignKey(
        Meeting,
        verbose_name=_("申辩的会议"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta(_Matter.Meta):
        verbose_name = _("罢免案")
        verbose_name_plural = pgettext_lazy("plural", "罢免案")

    def __str__(self):
        return f"关于罢免{self.person.name}的{self.title}职务的议案"


class Resignation(_Matter):
    letter = models.TextField(_("辞职请求"))

    class Meta(_Matter.Meta):
        verbose_name = _("辞职")
        verbose_name_plural = pgettext_lazy("plural", "辞职")

    def __str__(self):
        return f"关于接受{self.person.name}辞去{self.title}职务的请求"
