"""The chronicle page of a session, its three actions and its PDF and Word exports.

Everyone who may see the session sees the published chronicle; the secretariat also sees the
newest draft, its notes, the edit form, whether the draft changed since the edit, and the
buttons. A refused action is shown as the action words it; a POST by anyone but the
secretariat is 403, and a session one may not see is 404.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from lianghui.pages import gate, posted_id, refusal_shown
from lianghui.people.access import is_secretariat
from lianghui.records import actions, export, queries
from lianghui.records.models import ChronicleDraft
from lianghui.sessions.access import session_for


def _session(request, pk: int):
    return gate(session_for, request.user, pk)


def chronicle_page(request, pk: int):
    session = _session(request, pk)
    secretariat = is_secretariat(request.user, session.term.body_id)
    context = {
        "session": session,
        "published": queries.published(session),
        "secretariat": secretariat,
    }
    if secretariat:
        context["desk"] = queries.desk(session)
    return render(request, "records/chronicle.html", context)


def _act(request, pk: int, run, done: str) -> HttpResponse:
    """Run one of the secretariat's actions on the session's chronicle; done, `done` is the
    next page's message."""
    session = _session(request, pk)
    with refusal_shown(request, forbidden=True):
        run(session)
        messages.success(request, done)
    return redirect("records:chronicle", pk=session.pk)


@login_required
@require_POST
def generate(request, pk: int):
    return _act(
        request,
        pk,
        lambda session: actions.generate(session, request.user),
        gettext("已根据会议记录生成草稿。"),
    )


@login_required
@require_POST
def save_edit(request, pk: int):
    def run(session):
        based_on_id = posted_id(request.POST.get("based_on"))
        based_on = None
        if based_on_id is not None:
            based_on = ChronicleDraft.objects.filter(pk=based_on_id, session=session).first()
        actions.save_edit(session, request.POST.get("text", ""), request.user, based_on=based_on)

    return _act(request, pk, run, gettext("编辑稿已保存（尚未发布）。"))


@login_required
@require_POST
def publish(request, pk: int):
    return _act(
        request,
        pk,
        lambda session: actions.publish(session, request.user),
        gettext("会议纪实已发布。"),
    )


# Which text an export is of: the published one (anyone), the one being worked on (the edit,
# else the draft) or the newest draft as generated (the secretariat).
PUBLISHED, WORKING, DRAFT = "published", "working", "draft"
STATUS = {PUBLISHED: "", WORKING: "（未发布稿）", DRAFT: "（系统生成稿，未经编辑）"}


def _export_text(request, session) -> tuple[str, str]:
    which = request.GET.get("text", PUBLISHED)
    if which not in STATUS:
        raise Http404()
    if which == PUBLISHED:
        edit = queries.published(session)
        if edit is None:
            raise Http404()
        return edit.text, STATUS[which]
    if not is_secretariat(request.user, session.term.body_id):
        raise Http404()
    desk = queries.desk(session)
    text = desk.working_text if which == WORKING else (desk.draft.text if desk.draft else "")
    if not text:
        raise Http404()
    return text, STATUS[which]


def _export(request, pk: int, make, content_type: str, extension: str, *, inline: bool):
    """The session's chronicle as a file: `make(session, text, status=…)` gives its bytes, of
    the text the request asks for (_export_text)."""
    session = _session(request, pk)
    text, status = _export_text(request, session)
    response = HttpResponse(make(session, text, status=status), content_type=content_type)
    disposition = "inline" if inline else "attachment"
    name = f"chronicle-{session.pk}.{extension}"
    response["Content-Disposition"] = f'{disposition}; filename="{name}"'
    return response


def chronicle_pdf(request, pk: int):
    return _export(request, pk, export.pdf, export.PDF_TYPE, "pdf", inline=True)


def chronicle_docx(request, pk: int):
    return _export(request, pk, export.docx, export.DOCX_TYPE, "docx", inline=False)
