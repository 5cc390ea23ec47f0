"""The hall's own state: the current agenda item, the big screen's layout and message, and
the list of speakers."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from lianghui.hall.rules import MESSAGE_MAX
from lianghui.people.models import Person
from lianghui.sessions.models import AgendaItem, Meeting


class ScreenLayout(models.TextChoices):
    AUTO = "auto", _("自动")
    AGENDA = "agenda", _("议程")
    SPEAKER = "speaker", _("发言计时")
    VOTE = "vote", _("表决/选举")
    SEATS = "seats", _("座位图")


class HallState(models.Model):
    meeting = models.OneToOneField(
        Meeting, primary_key=True, on_delete=models.CASCADE, related_name="hall"
    )
    current_item = models.ForeignKey(
        AgendaItem,
        verbose_name=_("当前议程"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    speech_seconds = models.PositiveIntegerField(_("默认发言时限（秒）"), default=300)
    screen_layout = models.CharField(
        _("大屏幕版式"), max_length=10, choices=ScreenLayout.choices, default=ScreenLayout.AUTO
    )
    screen_message = models.CharField(_("会场提示"), max_length=MESSAGE_MAX, blank=True)

    class Meta:
        verbose_name = _("会场状态")
        verbose_name_plural = pgettext_lazy("plural", "会场状态")

    def __str__(self):
        return f"{self.meeting} 会场状态"


class SpeechState(models.TextChoices):
    WAITING = "waiting", _("排队中")
    SPEAKING = "speaking", _("发言中")
    DONE = "done", _("已发言")
    WITHDRAWN = "withdrawn", _("已撤回")


class SpeechRequest(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="speech_requests")
    person = models.ForeignKey(
        Person, verbose_name=_("发言人"), on_delete=models.PROTECT, related_name="+"
    )
    topic = models.CharField(_("发言题目"), max_length=200, blank=True)
    state = models.CharField(
        _("状态"), max_length=10, choices=SpeechState.choices, default=SpeechState.WAITING
    )
    position = models.PositiveIntegerField(_("顺序"), default=0)
    requested_at = models.DateTimeField(_("申请时间"), auto_now_add=True)
    started_at = models.DateTimeField(_("开始时间"), null=True, blank=True)
    ended_at = models.DateTimeField(_("结束时间"), null=True, blank=True)
    limit_seconds = models.PositiveIntegerField(_("时限（秒）"), null=True, blank=True)

    class Meta:
        ordering = ["meeting", "position", "requested_at", "id"]
        verbose_name = _("发言申请")
        verbose_name_plural = pgettext_lazy("plural", "发言申请")
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "person"],
                condition=Q(state__in=["waiting", "speaking"]),
                name="one_active_request_per_person",
            ),
            models.UniqueConstraint(
                fields=["meeting"], condition=Q(state="speaking"), name="one_speaker_at_a_time"
            ),
        ]

    def __str__(self):
        return f"{self.person} ({self.get_state_display()})"
