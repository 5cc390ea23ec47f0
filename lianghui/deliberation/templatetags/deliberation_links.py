"""The meeting page's links into deliberation: shown only to those the page behind them
answers (a link that 404s for its reader is a dead link).

A tag rather than a view import, so the sessions app's page names no deliberation code.
"""

from django import template

from lianghui.deliberation.access import can_chair, can_read
from lianghui.deliberation.models import Deliberation, OathCeremony
from lianghui.sessions.models import MeetingKind

register = template.Library()


@register.inclusion_tag("deliberation/_meeting_links.html", takes_context=True)
def deliberation_links(context, meeting):
    user = context["request"].user
    record = oath = False
    if meeting.kind == MeetingKind.GROUP:
        record = can_read(user, meeting, Deliberation.objects.filter(meeting=meeting).first())
    elif meeting.kind == MeetingKind.PLENARY:
        # The oath page exists once a ceremony is set up; before that only for its chairs.
        oath = can_chair(user, meeting) or OathCeremony.objects.filter(meeting=meeting).exists()
    return {"meeting": meeting, "record": record, "oath": oath}
