"""The secretariat's check-in desk (签到台): the meeting's latest check-ins and its quorum
(attendance) beside the live seat map of its hall (halls), which itself counts check-ins. It
sees both domains, so it lives here, above them; lianghui/urls.py mounts it as
attendance:desk, where it has always been. The desk's steps (check in, leave, open the
check-in) are attendance's own pages."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import path

from lianghui.attendance.views import desk_context, desk_meeting
from lianghui.halls.live import map_for
from lianghui.sessions import live


@login_required
def desk(request, pk: int):
    meeting = desk_meeting(request, pk)
    # The state before the map: the map is then as new as the state's seats.map or newer,
    # and seatmap.js fetches it again only when a later state names another.
    state = live.snapshot(meeting.pk)
    seatmap = map_for(meeting)
    context = desk_context(meeting) | {"seatmap": seatmap}
    if seatmap is not None:  # the map is kept live by the hall's client (hall.js)
        context["state"] = state
    return render(request, "attendance/desk.html", context)


attendance_patterns = [path("meetings/<int:pk>/desk/", desk, name="desk")]
