"""Recall and resignation pages: a session's list with the secretariat's forms, and one
recall or resignation with its defence, its vote and its outcome. Each POST is one action;
a refusal is shown as the action words it and nothing is stored."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from lianghui.errors import ActionError, PermissionDenied
from lianghui.pages import gate, posted_id, refusal_shown
from lianghui.people.access import is_secretariat
from lianghui.people.models import Person
from lianghui.presidium.models import Decision
from lianghui.recall import access, actions
from lianghui.recall.models import Defence, Post, Proposer, Recall, Resignation
from lianghui.sessions.models import Meeting, MeetingKind
from lianghui.sessions.sitting import delegates
from lianghui.sessions.views import session_and_secretariat


def _person(raw) -> Person:
    person = Person.objects.filter(pk=posted_id(raw) or 0).first()
    if person is None:
        raise ActionError("no_person", "请选择人员。", status=422)
    return person


def _run(request, fn):
    with refusal_shown(request, forbidden=True):
        return fn()
    return None


def _registered(request, session, register, fields):
    """Register a recall or a resignation from the secretariat's form, its refusal shown: the
    person, post, title and membership are asked alike of both, the rest is `fields()`."""
    p = request.POST
    return _run(
        request,
        lambda: register(
            session,
            _person(p.get("person")),
            post=p.get("post", ""),
            title=p.get("title", ""),
            membership_id=posted_id(p.get("membership")),
            actor=request.user,
            **fields(),
        ),
    )


def session_page(request, session_id: int):
    session, secretariat = session_and_secretariat(request, session_id)
    if request.method == "POST":
        p = request.POST
        if p.get("kind") == "resignation":
            made = _registered(
                request,
                session,
                actions.submit_resignation,
                lambda: {"letter": p.get("letter", "")},
            )
            if made:
                return redirect("recall:resignation", pk=made.pk)
        else:
            made = _registered(
                request,
                session,
                actions.propose_recall,
                lambda: {
                    "reasons": p.get("reasons", ""),
                    "proposer": p.get("proposer", ""),
                    "signers": list(
                        Person.objects.filter(
                            pk__in=[i for i in map(posted_id, p.getlist("signers")) if i]
                        )
                    ),
                    "decision_id": posted_id(p.get("decision")),
                },
            )
            if made:
                return redirect("recall:recall", pk=made.pk)
    context = {
        "session": session,
        "recalls": Recall.objects.filter(session=session).select_related("person", "poll"),
        "resignations": Resignation.objects.filter(session=session).select_related(
            "person", "poll"
        ),
        "secretariat": secretariat,
    }
    if secretariat:
        context.update(
            people=Person.objects.order_by("strokes"),
            delegates=delegates(session),
            posts=Post.choices,
            proposers=Proposer.choices,
            decisions=_decisions(session, "recall"),
        )
    return render(request, "recall/session.html", context)


def _decisions(session, subject: str):
    return Decision.objects.filter(session=session, subject=subject, adopted=True).select_related(
        "meeting"
    )


def _detail(request, matter, template_kind: str):
    secretariat = is_secretariat(request.user, matter.session.term.body_id)
    context = {"m": matter, "kind": template_kind, "secretariat": secretariat}
    if secretariat:
        meetings = Meeting.objects.filter(session=matter.session)
        context.update(
            decisions=_decisions(matter.session, template_kind),
            plenaries=meetings.filter(kind=MeetingKind.PLENARY),
            defence_meetings=meetings.filter(kind__in=[MeetingKind.PLENARY, MeetingKind.PRESIDIUM]),
            defences=Defence.choices,
        )
    return render(request, "recall/detail.html", context)


def recall_page(request, pk: int):
    return _detail(request, gate(access.recall_for, request.user, pk), "recall")


def resignation_page(request, pk: int):
    return _detail(request, gate(access.resignation_for, request.user, pk), "resignation")


def _act(request, matter, action: str):
    p = request.POST

    def run():
        if not is_secretariat(request.user, matter.session.term.body_id):
            raise PermissionDenied()
        if action == "vote":
            meeting = Meeting.objects.filter(pk=posted_id(p.get("meeting")) or 0).first()
            if meeting is None:
                raise ActionError("no_meeting", "请选择表决的全体会议。", status=422)
            return actions.put_to_vote(
                matter,
                meeting=meeting,
                decision_id=posted_id(p.get("decision")),
                mode=p.get("mode", "electronic"),
                actor=request.user,
            )
        if action == "conclude":
            return actions.conclude(matter, request.user)
        if action == "defence" and isinstance(matter, Recall):
            return actions.record_defence(
                matter,
                form=p.get("form", ""),
                text=p.get("text", ""),
                meeting=Meeting.objects.filter(pk=posted_id(p.get("meeting")) or 0).first(),
                actor=request.user,
            )
        raise Http404()

    _run(request, run)


@login_required
@require_POST
def recall_action(request, pk: int, action: str):
    _act(request, gate(access.recall_for, request.user, pk), action)
    return redirect("recall:recall", pk=pk)


@login_required
@require_POST
def resignation_action(request, pk: int, action: str):
    _act(request, gate(access.resignation_for, request.user, pk), action)
    return redirect("recall:resignation", pk=pk)
