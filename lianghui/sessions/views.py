from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as Forbidden
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from lianghui.errors import ActionError
from lianghui.pages import gate, refusal_shown, uploaded_file
from lianghui.people.access import is_secretariat
from lianghui.sessions import access, actions, queries
from lianghui.sessions.models import AgendaItem


def session_and_secretariat(request, pk: int):
    """For a page of a session's matters that everyone who may see the session reads and
    only its body's secretariat posts to: the session (404 to whoever may not see it) and
    whether the reader is that secretariat; anyone else's POST is forbidden (403)."""
    session = gate(access.session_for, request.user, pk)
    secretariat = is_secretariat(request.user, session.term.body_id)
    if request.method == "POST" and not secretariat:
        raise Forbidden()
    return session, secretariat


def session_overview(request, pk: int):
    session = gate(access.session_for, request.user, pk)
    return render(
        request,
        "sessions/session.html",
        {"session": session, "days": queries.meetings_by_day(session)},
    )


def document(request, pk: int):
    return uploaded_file(gate(access.document_for, request.user, pk))


@login_required
@require_POST
def upload_document(request, pk: int):
    meeting = gate(access.meeting_for, request.user, pk)
    if not is_secretariat(request.user):
        raise Http404()
    item = AgendaItem.objects.filter(meeting=meeting, pk=request.POST.get("item") or 0).first()
    upload = request.FILES.get("file")
    with refusal_shown(request):
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
    return redirect("sessions:meeting", pk=pk)
