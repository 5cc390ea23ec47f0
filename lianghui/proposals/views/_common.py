"""What the pages (and the API's read side) share: the gate as a 404, running one action with
its refusal shown as the action words it, a filing's parts as a reader may see them, and its
history from the audit log.
"""

from django.contrib import messages
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext, gettext_noop

from lianghui.audit.log import subject_of
from lianghui.audit.models import Event
from lianghui.errors import ActionError, NotFound
from lianghui.people.access import person_of
from lianghui.people.models import BODY_KINDS, VOTING_ROLES, Membership
from lianghui.proposals import access, actions, forms, stored_workflow
from lianghui.proposals import default_workflow as wf
from lianghui.proposals.models import Attachment, Filer, Filing, Kind
from lianghui.sessions.models import Session

# Events that are not steps of the table, and how the history names them.
EVENT_LABELS = {
    **wf.ACTION_LABELS,
    "filed": gettext_noop("填写"),
    "derived": gettext_noop("由原件转来"),
    "merged_in": gettext_noop("他件并入本件"),
    "from_deliberation": gettext_noop("由分组审议意见转来"),
}
# The history shows each label translated (gettext at render). default_workflow.py is a pure
# module, so its labels that appear nowhere else are named here for makemessages.
_WORKFLOW_WORDS = (
    gettext_noop("修改"),
    gettext_noop("申请撤回"),
    gettext_noop("提出审议意见"),
    gettext_noop("申请退回改办"),
    gettext_noop("延长答复期限"),
    gettext_noop("答复（分办部分）"),
    gettext_noop("评价（办结）"),
    gettext_noop("评价（不满意，再次办理）"),
)


def gate(fn, *args):
    """Call an access gate; what the reader may not see does not exist (404)."""
    try:
        return fn(*args)
    except NotFound:
        raise Http404() from None


def attempt(request, fn, *args, done: str = "", **kwargs):
    """Run one action. A refusal becomes an error message, in the action's own words."""
    try:
        result = fn(*args, **kwargs)
    except ActionError as e:
        messages.error(request, e.message)
        return None
    if done:
        messages.success(request, done)
    return result if result is not None else True


def take_step(request, steps: dict, action: str, obj) -> None:
    """Take the step `action` of `steps` (name -> (call, message)) on the object behind its
    gate, its refusal shown as a message; a name not in the table is a page that does not
    exist."""
    if action not in steps:
        raise Http404()
    call, done = steps[action]
    attempt(request, call, request, obj, done=done)


def take_form(request, forms: dict, obj) -> ActionError | None:
    """A page's own POSTed form, named by its `action` field in `forms` (name -> (call,
    message)), taken on the object: None when done (the message shown; the caller
    redirects), else the refusal, for the page to show again with what was typed."""
    form = request.POST.get("action", "")
    if form not in forms:
        raise Http404()
    call, done = forms[form]
    try:
        call(request, obj)
    except ActionError as e:
        return e
    messages.success(request, done)
    return None


def new_filing_page(
    request, template: str, kind: str, body, draft, done: str, *, start=None, **extra
):
    """A form for a new filing of `kind` to `body`, with `extra` in its context: GET shows it
    (the default session chosen, and the `start` values); POST saves `draft()` (a
    FilingDraft; a refusal shows the form again with what was typed), says `done`, attaches
    the files sent, and goes to the filing."""
    sessions = sessions_of(body)
    context = {
        "kind": kind,
        "kind_label": Kind(kind).label,
        "body": body,
        "sessions": sessions,
        **extra,
        "values": {},
        "error": None,
    }
    if request.method != "POST":
        default = default_session(sessions, kind)
        context["values"] = {"session": str(default.pk) if default else "", **(start or {})}
        return render_page(request, template, context)
    context["values"] = request.POST
    try:
        filing = actions.file(draft(), request.user)
    except ActionError as e:
        context["error"] = e.message
        return render_page(request, template, context, status=e.status)
    messages.success(request, done)
    _attach_uploads(request, filing)
    return redirect("proposals:filing", pk=filing.pk)


def _attach_uploads(request, filing: Filing) -> None:
    """The files sent with a new filing's form, each attached on its own: one refused (its
    message shown) loses neither the draft nor the others."""
    for upload in request.FILES.getlist("files"):
        try:
            actions.attach(filing, upload.name or "", upload.read(), request.user)
        except ActionError as e:
            messages.error(request, e.message)


def back(request, default):
    """Redirect to the page the form came from (a `next` field on this site), else `default`."""
    target = request.POST.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return redirect(target)
    return redirect(default)


def insider(user, filing: Filing) -> bool:
    """Anyone with a role on the filing beyond reading it because it is public."""
    return bool(access.roles_of(user, filing) - {access.PUBLIC})


def detail_parts(filing: Filing, user) -> dict:
    """A filing's parts for one reader: filers, its own attachments, the handling units,
    the replies (the public ones only, for the public), decisions, forwards and feedback."""
    inside = insider(user, filing)
    replies = (
        access.visible_replies(user, filing)
        .select_related("unit", "assignment", "rating")
        .prefetch_related("attachments")
        .order_by("round", "replied_at", "id")
    )
    assignments = (
        filing.assignments.select_related("unit")
        .prefetch_related("co_opinions", "reassign_requests__suggested_unit", "extension_requests")
        .order_by("-active", "role", "id")
    )
    return {
        "insider": inside,
        "filers": list(filing.filers.select_related("person")),
        "attachments": list(
            Attachment.objects.filter(filing=filing, reply__isnull=True).order_by("id")
        ),
        "assignments": list(assignments),
        "replies": list(replies),
        "decisions": list(filing.decisions.select_related("committee", "result")),
        "forwards": list(filing.forwards.all()),
        "feedback": list(filing.feedback.all()),
    }


def history(filing: Filing) -> list[dict]:
    """Every step taken on the filing, from the audit log, oldest first."""
    labels = stored_workflow.state_labels()
    # In the order written: an event's place in the chain (seq) is sealed after the commit.
    events = (
        Event.objects.filter(subject=subject_of(filing))
        .select_related("actor__person")
        .order_by("id")
    )
    rows = []
    for e in events:
        action = e.kind.removeprefix("proposals.")
        data = e.data or {}
        before, after = data.get("from"), data.get("to")
        change = ""
        if isinstance(before, str) and isinstance(after, str) and before != after:
            change = (
                f"{labels.get((filing.kind, before), before)} → "
                f"{labels.get((filing.kind, after), after)}"
            )
        note = next(
            (
                str(data[k])
                for k in ("reasons", "reason", "answer", "note", "comment", "title")
                if isinstance(data.get(k), str) and data[k]
            ),
            "",
        )
        rows.append(
            {
                "at": e.at,
                "action": action,
                "label": gettext(EVENT_LABELS.get(action, action)),
                "actor": _actor(e.actor),
                "change": change,
                "note": note,
            }
        )
    return rows


def _actor(user) -> str:
    if user is None:
        return ""
    person = getattr(user, "person", None)
    return person.name if person is not None else user.get_username()


def filings_with_leads(queryset):
    """A list query's filings with their body and lead filer in two queries."""
    return queryset.select_related("body", "organisation").prefetch_related(
        Prefetch(
            "filers",
            queryset=Filer.objects.filter(lead=True).select_related("person"),
            to_attr="leads",
        )
    )


def labelled(filings) -> list[Filing]:
    """A list's filings with `state_label` and `filed_by` set, for the templates."""
    filings = list(filings)
    labels = stored_workflow.state_labels()
    for f in filings:
        f.state_label = labels.get((f.kind, f.state), f.state)
        leads = getattr(f, "leads", None) or []
        f.filed_by = leads[0].person.name if leads else (f.organisation or "")
    return filings


def sessions_of(body) -> list[Session]:
    """The body's sessions, the latest first (for the filing forms)."""
    return list(Session.objects.filter(term__body=body).order_by("-start_date"))


def default_session(sessions, kind: str) -> Session | None:
    """The session running today; for a motion (filed only at a session), the latest."""
    today = timezone.localdate()
    running = next((s for s in sessions if s.start_date <= today <= s.end_date), None)
    if running is None and kind == Kind.MOTION and sessions:
        return sessions[0]
    return running


def render_page(request, template: str, context: dict, status: int = 200):
    """Render with what the proposals pages' own menu needs to know about the reader."""
    context.setdefault("unit_staff", bool(access.unit_ids(request.user)))
    context.setdefault("may_file", _files(request.user))
    return render(request, template, context, status=status)


def _files(user) -> bool:
    """A delegate or member today: they file in their own name (a 我的 page)."""
    person = person_of(user)
    if person is None:
        return False
    voting = Membership.objects.active_on(timezone.localdate()).filter(
        person=person, role__in=VOTING_ROLES, organisation__kind__in=BODY_KINDS
    )
    return voting.exists()


# --- a unit's steps on its assignment, from the posted form: the filing's page and the unit's
# page offer the same three, each saying its own thanks -------------------------------------


def reply_step(request, assignment):
    return actions.reply(
        assignment,
        request.POST.get("text", ""),
        request.POST.get("result", ""),
        request.user,
        files=forms.uploads(request.FILES.getlist("files")),
    )


def co_opinion_step(request, assignment):
    return actions.co_opinion(assignment, request.POST.get("text", ""), request.user)


def request_reassign_step(request, assignment):
    return actions.request_reassign(
        assignment,
        request.POST.get("reason", ""),
        request.user,
        suggested_unit_id=forms.optional_number(request.POST.get("unit"), "建议改交的单位"),
    )
