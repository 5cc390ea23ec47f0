"""The secretariat's set-up pages: bodies and terms, a session's meetings, a meeting's agenda
and presiding officers. Each POST parses a form and calls one action of
lianghui.sessions.setup; a refusal is shown beside the field it names (status 422)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext

from lianghui.errors import ActionError
from lianghui.people.access import is_secretariat
from lianghui.people.models import BODY_KINDS, Organisation
from lianghui.sessions import setup
from lianghui.sessions.models import AgendaItem, Meeting, PresidingOfficer, Session
from lianghui.sessions.setup_forms import (
    BodyForm,
    ItemForm,
    MeetingForm,
    OfficerForm,
    SessionForm,
    TermForm,
)


def _secretariat_only(view):
    @login_required
    def wrapped(request, *args, **kwargs):
        if not is_secretariat(request.user):
            raise Http404()
        return view(request, *args, **kwargs)

    wrapped.__name__ = view.__name__
    return wrapped


def _run(form, action):
    """Call the action with the cleaned data; on refusal, put each problem by its field."""
    if not form.is_valid():
        return None
    try:
        return action(form.cleaned_data)
    except ActionError as e:
        problems = e.details.get("problems") or [
            {"field": e.details.get("field"), "message": e.message}
        ]
        for p in problems:
            form.add_error(p["field"] if p["field"] in form.fields else None, p["message"])
        return None


def _step(request, name):
    return request.method == "POST" and request.POST.get("step") == name


@_secretariat_only
def index(request):
    """Bodies, their terms and sessions; forms for a new body, term and session."""
    forms = {
        "body": BodyForm(request.POST if _step(request, "body") else None, prefix="body"),
        "term": TermForm(request.POST if _step(request, "term") else None, prefix="term"),
        "session": SessionForm(
            request.POST if _step(request, "session") else None, prefix="session"
        ),
    }
    user = request.user
    if _step(request, "body") and _run(
        forms["body"],
        lambda d: setup.create_body(d["kind"], d["name"], d["short_name"], user, level=d["level"]),
    ):
        messages.success(request, gettext("已新建机关。"))
        return redirect("sessions:setup")
    if _step(request, "term") and _run(
        forms["term"],
        lambda d: setup.create_term(d["body"], d["number"], d["start"], d["end"], user),
    ):
        messages.success(request, gettext("已新建一届。"))
        return redirect("sessions:setup")
    if _step(request, "session"):
        session = _run(forms["session"], lambda d: _create_session(d, user))
        if session:
            messages.success(request, gettext("已新建会议（次）。"))
            return redirect("sessions:setup_session", pk=session.pk)
    bodies = Organisation.objects.filter(kind__in=BODY_KINDS).prefetch_related("terms__sessions")
    status = 422 if request.method == "POST" else 200
    return render(request, "sessions/setup/index.html", {"bodies": bodies, **forms}, status=status)


def _create_session(d, user):
    draft = setup.SessionDraft(
        number=d["number"],
        title=d["title"],
        start_date=d["start_date"],
        end_date=d["end_date"],
        short_title=d["short_title"],
        venue=d["venue"],
        public=d["public"],
    )
    return setup.create_session(d["term"], draft, user, clone=d["clone"])


def _meeting_draft(d) -> setup.MeetingDraft:
    return setup.MeetingDraft(
        kind=d["kind"],
        title=d["title"],
        starts_at=d["starts_at"],
        ends_at=d["ends_at"],
        venue=d["venue"],
        group_id=d["group"].pk if d["group"] else None,
    )


def _item_draft(d) -> setup.ItemDraft:
    return setup.ItemDraft(
        title=d["title"],
        kind=d["kind"],
        presenter=d["presenter"],
        presenter_title=d["presenter_title"],
        notes=d["notes"],
    )


@_secretariat_only
def session_page(request, pk: int):
    """A session's meetings and a form for the next one; its agenda items by meeting."""
    session = get_object_or_404(Session.objects.select_related("term__body"), pk=pk)
    body = session.term.body
    meetings = list(session.meetings.select_related("group").prefetch_related("items"))
    meeting_form = MeetingForm(
        request.POST if _step(request, "meeting") else None, body=body, prefix="meeting"
    )
    item_form = ItemForm(
        request.POST if _step(request, "item") else None,
        meetings=meetings,
        body=body,
        prefix="item",
    )
    if _step(request, "meeting") and _run(
        meeting_form, lambda d: setup.create_meeting(session, _meeting_draft(d), request.user)
    ):
        messages.success(request, gettext("已安排会议。"))
        return redirect("sessions:setup_session", pk=pk)
    if _step(request, "item") and _run(item_form, lambda d: _add_item(session, d, request.user)):
        messages.success(request, gettext("已增加议程。"))
        return redirect("sessions:setup_session", pk=pk)
    return render(
        request,
        "sessions/setup/session.html",
        {
            "session": session,
            "meetings": meetings,
            "meeting_form": meeting_form,
            "item_form": item_form,
        },
        status=422 if request.method == "POST" else 200,
    )


def _add_item(session, d, user):
    meeting = Meeting.objects.filter(pk=d["meeting"]).first()
    if meeting is None:
        raise setup.SetupRefused([setup.Problem("meeting", "所属会议：未找到该会议。")])
    return setup.add_item(meeting, _item_draft(d), user, session=session, decision=d["decision"])


@_secretariat_only
def meeting_page(request, pk: int):
    """A meeting: change it, order its agenda, name its presiding officers."""
    meeting = get_object_or_404(Meeting.objects.select_related("session__term__body"), pk=pk)
    body = meeting.session.term.body
    user = request.user
    if _step(request, "meeting"):
        form = MeetingForm(request.POST, body=body, prefix="meeting")
    else:
        form = MeetingForm(
            initial={
                "kind": meeting.kind,
                "title": meeting.title,
                "starts_at": meeting.starts_at,
                "ends_at": meeting.ends_at,
                "venue": meeting.venue,
                "group": meeting.group_id,
            },
            body=body,
            prefix="meeting",
        )
    officer_form = OfficerForm(
        request.POST if _step(request, "officer") else None, body=body, prefix="officer"
    )
    done, status = None, None
    if _step(request, "meeting"):
        done = _run(form, lambda d: setup.update_meeting(meeting, _meeting_draft(d), user))
    elif _step(request, "officer"):
        done = _run(
            officer_form,
            lambda d: setup.add_officer(meeting, d["person"], d["role"], user, title=d["title"]),
        )
    elif _step(request, "remove_officer"):
        officer = get_object_or_404(
            PresidingOfficer, pk=request.POST.get("officer"), meeting=meeting
        )
        setup.remove_officer(officer, user)
        done = True
    elif _step(request, "move"):
        try:
            done = _move(
                meeting,
                request.POST.get("item"),
                request.POST.get("direction"),
                user,
                _decision(request.POST.get("decision")),
            )
        except ActionError as e:
            messages.error(request, e.message)
            status = 422
    if done:
        messages.success(request, gettext("已保存。"))
        return redirect("sessions:setup_meeting", pk=pk)
    return render(
        request,
        "sessions/setup/meeting.html",
        {
            "meeting": meeting,
            "form": form,
            "officer_form": officer_form,
            "items": meeting.items.select_related("presenter"),
            "officers": meeting.officers.select_related("person"),
            "decision_required": setup.agenda_decision_required(meeting),
        },
        status=status if status else (422 if request.method == "POST" else 200),
    )


def _decision(value) -> int | None:
    value = (value or "").strip()
    if not value:
        return None
    if not value.isdigit():
        raise setup.SetupRefused([setup.Problem("decision", "主席团决定：编号应为正整数。")])
    return int(value)


def _move(meeting, item_id, direction, user, decision=None) -> bool:
    ids = list(AgendaItem.objects.filter(meeting=meeting).values_list("pk", flat=True))
    if not (item_id or "").isdigit() or int(item_id) not in ids:
        return False
    i = ids.index(int(item_id))
    j = i - 1 if direction == "up" else i + 1
    if not 0 <= j < len(ids):
        return False
    ids[i], ids[j] = ids[j], ids[i]
    setup.reorder(meeting, ids, user, decision=decision)
    return True
