from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from lianghui.attendance.queries import quorum_for
from lianghui.errors import ActionError, NotFound
from lianghui.people.access import is_secretariat
from lianghui.sessions import access, actions, queries
from lianghui.sessions.models import AgendaItem, Visibility
from lianghui.votes.actions import can_chair
from lianghui.votes.models import Poll


def _gate(fn, *args):
    try:
        return fn(*args)
    except NotFound as e:
        raise Http404(e.message) from None


def session_overview(request, pk: int):
    session = _gate(access.session_for, request.user, pk)
    return render(
        request,
        "sessions/session.html",
        {"session": session, "days": queries.meetings_by_day(session)},
    )


def meeting_page(request, pk: int):
    _gate(access.meeting_for, request.user, pk)
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
            "can_chair": can_chair(request.user, meeting),
            # At the end of a meeting the audit chain's head is published on its page.
            "ended": meeting.ends_at is not None and meeting.ends_at <= timezone.now(),
        },
    )


def meeting_quorum(request, pk: int):
    meeting = _gate(access.meeting_for, request.user, pk)
    return render(
        request, "sessions/_quorum.html", {"meeting": meeting, "quorum": quorum_for(meeting)}
    )


def document(request, pk: int):
    doc = _gate(access.document_for, request.user, pk)
    response = FileResponse(
        doc.file.open("rb"),
        content_type=doc.content_type,
        as_attachment=True,
        filename=doc.original_name,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_POST
def upload_document(request, pk: int):
    meeting = _gate(access.meeting_for, request.user, pk)
    if not is_secretariat(request.user):
        raise Http404()
    item = AgendaItem.objects.filter(meeting=meeting, pk=request.POST.get("item") or 0).first()
    upload = request.FILES.get("file")
    try:
        if item is None or upload is None:
            raise ActionError("missing", "请选择议程和文件。")
        doc = actions.attach_document(
            item,
            upload.name,
            upload.read(),
            request.POST.get("title", ""),
            request.POST.get("visibility", ""),
            request.user,
        )
        messages.success(request, gettext("已上传《%(title)s》。") % {"title": doc.title})
    except ActionError as e:
        messages.error(request, e.message)
    return redirect("sessions:meeting", pk=pk)
