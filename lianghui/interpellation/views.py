"""Interpellation pages: a session's list (with the filing form for the secretariat) and one
interpellation with its answers, the delegates' responses and the secretariat's next step.

Each POST is one action; a refusal is shown as the action words it and nothing is stored.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from lianghui.errors import ActionError, PermissionDenied
from lianghui.interpellation import access, actions, queries
from lianghui.interpellation.models import AnswerForm, Target
from lianghui.pages import gate, posted_id, posted_ids, refusal_shown
from lianghui.people.access import is_secretariat
from lianghui.people.models import Person
from lianghui.presidium.models import Decision
from lianghui.sessions.models import Meeting, MeetingKind
from lianghui.sessions.sitting import delegates
from lianghui.sessions.views import session_and_secretariat


def _meeting(raw) -> Meeting | None:
    pk = posted_id(raw)
    return Meeting.objects.filter(pk=pk).first() if pk is not None else None


def session_list(request, session_id: int):
    session, secretariat = session_and_secretariat(request, session_id)
    if request.method == "POST":
        try:
            item = actions.file(
                session,
                list(Person.objects.filter(pk__in=posted_ids(request.POST.getlist("filers")))),
                target_kind=request.POST.get("target_kind", ""),
                target=request.POST.get("target", ""),
                subject=request.POST.get("subject", ""),
                questions=request.POST.get("questions", ""),
                actor=request.user,
            )
        except ActionError as e:
            messages.error(request, e.message)
        else:
            return redirect("interpellation:detail", pk=item.pk)
    context = {
        "session": session,
        "items": queries.of_session(session),
        "secretariat": secretariat,
    }
    if secretariat:
        context["delegates"] = delegates(session)
        context["targets"] = Target.choices
    return render(request, "interpellation/list.html", context)


def detail(request, pk: int):
    item = gate(access.interpellation_for, request.user, pk)
    secretariat = is_secretariat(request.user, item.session.term.body_id)
    context = {"v": queries.view(item), "item": item, "secretariat": secretariat}
    if secretariat:
        context["forms"] = AnswerForm.choices
        context["meetings"] = item.session.meetings.exclude(kind=MeetingKind.GROUP)
        context["decisions"] = Decision.objects.filter(
            session=item.session, subject="interpellation", adopted=True
        ).select_related("meeting")
    return render(request, "interpellation/detail.html", context)


def _referral(request) -> dict:
    return {
        "form": request.POST.get("form", ""),
        "meeting": _meeting(request.POST.get("meeting")),
        "decision_id": posted_id(request.POST.get("decision")),
    }


@login_required
@require_POST
def act(request, pk: int, action: str):
    item = gate(access.interpellation_for, request.user, pk)
    with refusal_shown(request, forbidden=True):
        if not is_secretariat(request.user, item.session.term.body_id):
            raise PermissionDenied("只有会务组可以登记质询案。")
        if action == "withdraw":
            actions.withdraw(item, request.user)
        elif action == "refer":
            actions.refer(item, actor=request.user, **_referral(request))
        elif action == "ask-again":
            actions.ask_again(item, actor=request.user, **_referral(request))
        elif action == "answer":
            actions.answer(
                item,
                answered_by=request.POST.get("answered_by", ""),
                text=request.POST.get("text", ""),
                actor=request.user,
            )
        elif action == "respond":
            person = Person.objects.filter(
                pk__in=posted_ids([request.POST.get("person", "")])
            ).first()
            if person is None:
                raise ActionError("no_person", "请选择提质询案的代表。", status=422)
            actions.respond(
                item,
                person,
                satisfied=request.POST.get("satisfied") == "yes",
                opinion=request.POST.get("opinion", ""),
                actor=request.user,
            )
        else:
            raise Http404()
    return redirect("interpellation:detail", pk=item.pk)
