import io

import segno
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from lianghui.attendance import actions
from lianghui.attendance.models import CheckIn, Method
from lianghui.attendance.queries import quorum_for
from lianghui.errors import ActionError, NotFound
from lianghui.pages import gate, refusal_shown
from lianghui.people.access import is_secretariat, person_of
from lianghui.people.models import Person
from lianghui.sessions import access, roster


def desk_meeting(request, pk):
    """The desk is the secretariat's (of the meeting's body): anyone else is told it does not
    exist."""
    meeting = gate(access.meeting_for, request.user, pk)
    if not is_secretariat(request.user, meeting.session.term.body_id):
        raise Http404()
    return meeting


def desk_context(meeting, message=None, error=None):
    present = {
        c.person_id: c
        for c in CheckIn.objects.filter(meeting=meeting)
        .select_related("person")
        .order_by("-at")[:20]
    }
    return {
        "meeting": meeting,
        "quorum": quorum_for(meeting),
        "recent": list(present.values()),
        "message": message,
        "error": error,
    }


@login_required
@require_POST
def desk_checkin(request, pk: int):
    meeting = desk_meeting(request, pk)
    code = request.POST.get("code", "").strip()
    name = request.POST.get("name", "").strip()
    message = error = None
    try:
        if code:
            checkin, created = actions.check_in_by_code(meeting, code, request.user)
        elif name:
            candidates = list(
                Person.objects.filter(name=name, pk__in=roster.member_ids(meeting))[:2]
            ) or list(Person.objects.filter(name=name)[:2])
            if not candidates:
                raise ActionError("unknown_person", f"未找到“{name}”。")
            if len(candidates) > 1:
                raise ActionError("ambiguous", f"有多人名为“{name}”，请扫描签到码。")
            checkin, created = actions.check_in(meeting, candidates[0], Method.DESK, request.user)
        else:
            raise ActionError("missing", "请扫描签到码或输入姓名。")
        words = {"name": checkin.person.name, "capacity": checkin.get_capacity_display()}
        message = (
            gettext("%(name)s %(capacity)s签到成功。")
            if created
            else gettext("%(name)s 已经签到。")
        ) % words
    except ActionError as e:
        error = e.message
    template = "attendance/_desk_panel.html" if request.htmx else "attendance/desk.html"
    status = 200 if error is None else 400
    return render(request, template, desk_context(meeting, message, error), status=status)


@login_required
@require_POST
def desk_leave(request, pk: int):
    meeting = desk_meeting(request, pk)
    name = request.POST.get("name", "").strip()
    with refusal_shown(request):
        person = Person.objects.filter(name=name, pk__in=roster.member_ids(meeting)).first()
        if person is None:
            raise ActionError("unknown_person", f"本次会议的组成人员中没有“{name}”。")
        actions.record_leave(meeting, person, request.POST.get("reason", ""), request.user)
        messages.success(request, gettext("已登记 %(name)s 请假。") % {"name": person.name})
    return redirect("attendance:desk", pk=pk)


@login_required
@require_POST
def desk_open(request, pk: int):
    meeting = desk_meeting(request, pk)
    with refusal_shown(request):
        actions.set_checkin_open(meeting, request.POST.get("open") == "1", request.user)
    return redirect("attendance:desk", pk=pk)


@login_required
@require_POST
def self_checkin(request, pk: int):
    try:
        meeting = access.meeting_for(request.user, pk)
        person = person_of(request.user)
        if person is None:
            raise ActionError("no_person", "此账号未关联代表或委员。")
        _, created = actions.check_in(meeting, person, Method.SELF, request.user)
        messages.success(request, gettext("签到成功。") if created else gettext("您已签到。"))
    except NotFound:
        raise Http404() from None
    except ActionError as e:
        messages.error(request, e.message)
    return redirect("people:me")


@login_required
def my_badge(request):
    person = person_of(request.user)
    if person is None:
        raise Http404()
    badge = actions.badge_for(person)
    out = io.BytesIO()
    segno.make(badge.token, error="m").save(out, kind="svg", scale=8, border=2)
    response = HttpResponse(out.getvalue(), content_type="image/svg+xml")
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def sheet(request, pk: int, kind: str):
    """The meeting's attendance sheet, XLSX or PDF (the secretariat's)."""
    from lianghui.attendance.sheets import response

    return response(desk_meeting(request, pk), kind)
