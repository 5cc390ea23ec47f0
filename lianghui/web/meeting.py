"""The meeting page and its quorum panel: the meeting, its agenda and documents (sessions), the
live quorum (attendance), and the votes and elections held at it. It sees several domains at
once, so it lives here, above them all; lianghui/urls.py mounts it as sessions:meeting and
sessions:quorum, where it has always been."""

from django.shortcuts import render
from django.urls import path
from django.utils import timezone

from lianghui.attendance.queries import quorum_for
from lianghui.pages import gate
from lianghui.sessions import access, queries
from lianghui.sessions.models import Visibility
from lianghui.votes.models import Poll


def meeting_page(request, pk: int):
    gate(access.meeting_for, request.user, pk)
    meeting = queries.meeting_detail(pk)
    body_id = meeting.session.term.body_id
    items = [
        (
            item,
            [d for d in item.documents.all() if access.can_see_document(request.user, d, body_id)],
        )
        for item in meeting.items.all()
    ]
    return render(
        request,
        "sessions/meeting.html",
        {
            "meeting": meeting,
            "items": items,
            "quorum": quorum_for(meeting),
            "visibilities": Visibility.choices,
            "polls": Poll.objects.filter(meeting=meeting).select_related("item"),
            "elections": meeting.elections.select_related("office"),
            "can_chair": access.can_chair(request.user, meeting),
            # At the end of a meeting the audit chain's head is published on its page.
            "ended": meeting.ends_at is not None and meeting.ends_at <= timezone.now(),
        },
    )


def meeting_quorum(request, pk: int):
    meeting = gate(access.meeting_for, request.user, pk)
    return render(
        request, "sessions/_quorum.html", {"meeting": meeting, "quorum": quorum_for(meeting)}
    )


# Mounted in the sessions namespace (lianghui/urls.py).
sessions_patterns = [
    path("meetings/<int:pk>/", meeting_page, name="meeting"),
    path("meetings/<int:pk>/quorum/", meeting_quorum, name="quorum"),
]
