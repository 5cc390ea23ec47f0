"""The handling unit's page (承办单位), for a clerk who has never been trained on it.

Only what is assigned to their unit now; what is still owed first, soonest deadline first,
each with its due date in big type; one item at a time on its own page with one plain form:
the reply (text, the result as three big choices, attachments) for a lead or split unit,
the opinion to the lead unit for a co-handling unit. A refused form comes back with what was
typed still in it.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Exists, OuterRef
from django.http import Http404
from django.shortcuts import redirect
from django.utils import timezone

from lianghui.errors import ActionError
from lianghui.people.access import is_secretariat
from lianghui.people.models import Organisation, OrgKind
from lianghui.proposals import access, actions, due, flow, forms, rules
from lianghui.proposals.models import (
    Assignment,
    Attachment,
    CoHandlerOpinion,
    HandlingRole,
    Reply,
    ResultClass,
)
from lianghui.proposals.views._common import gate, render_page


def _units_of(request) -> list[Organisation]:
    """The clerk's units; the secretariat may look at any unit's page (?unit=)."""
    ids = access.unit_ids(request.user)
    if is_secretariat(request.user) and request.GET.get("unit", "").isdigit():
        ids = {int(request.GET["unit"])}
    return list(Organisation.objects.filter(pk__in=ids, kind=OrgKind.HANDLING_UNIT))


def _with_days_left(assignments, today):
    for a in assignments:
        a.days_left = rules.days_left(today, a.effective_due)
        a.overdue = a.days_left < 0
        a.days_over = max(0, -a.days_left)
    return assignments


@login_required
def unit_home(request):
    units = _units_of(request)
    if not units:
        raise Http404()
    today = timezone.localdate()
    replied = Reply.objects.filter(assignment=OuterRef("pk"), round=OuterRef("round"))
    opined = CoHandlerOpinion.objects.filter(assignment=OuterRef("pk"), round=OuterRef("round"))
    rows = list(
        Assignment.objects.filter(unit__in=units, active=True)
        .annotate(replied=Exists(replied), opined=Exists(opined))
        .select_related("filing", "unit")
        .order_by("due", "id")
    )
    labels = flow.state_labels()
    owing, done = [], []
    for a in rows:
        answered = a.opined if a.role == HandlingRole.CO else a.replied
        if answered:
            a.note = "已提出会办意见" if a.role == HandlingRole.CO else "已答复"
        else:
            a.note = labels.get((a.filing.kind, a.filing.state), a.filing.state)
        (done if answered or a.filing.state not in due.HANDLING else owing).append(a)
    owing.sort(key=lambda a: (a.effective_due, a.pk))
    return render_page(
        request,
        "proposals/unit.html",
        {
            "units": units,
            "owing": _with_days_left(owing, today),
            "done": done[:100],
        },
    )


UNIT_FORMS = {
    # the form's `action`: (call, what the page says when it is done)
    "reply": (
        lambda r, a: actions.reply(
            a,
            r.POST.get("text", ""),
            r.POST.get("result", ""),
            r.user,
            files=forms.uploads(r.FILES.getlist("files")),
        ),
        "答复已送出，提出人将收到通知。谢谢！",
    ),
    "co_opinion": (
        lambda r, a: actions.co_opinion(a, r.POST.get("text", ""), r.user),
        "会办意见已送主办单位。谢谢！",
    ),
    "request_reassign": (
        lambda r, a: actions.request_reassign(
            a,
            r.POST.get("reason", ""),
            r.user,
            suggested_unit_id=forms.optional_number(r.POST.get("unit"), "建议改交的单位"),
        ),
        "已提出退回改办申请，请等待秘书处处理。",
    ),
}


@login_required
def unit_assignment(request, pk: int):
    assignment = gate(access.assignment_for, request.user, pk)  # this unit's, or the secretariat
    error, values = None, {}
    if request.method == "POST":
        form = request.POST.get("action", "")
        if form not in UNIT_FORMS:
            raise Http404()
        call, done = UNIT_FORMS[form]
        try:
            call(request, assignment)
        except ActionError as e:
            error, values = e, request.POST
        else:
            messages.success(request, done)
            return redirect("proposals:unit")
    context = _assignment_context(request, assignment)
    context.update(error=error, values=values, form=values.get("action", ""))
    if error is not None and context["form"] == "reply" and context["reply_wait"]:
        context["may_reply"] = True  # refused for the wait: keep what was typed
    return render_page(
        request,
        "proposals/unit_assignment.html",
        context,
        status=error.status if error else 200,
    )


def _assignment_context(request, assignment: Assignment) -> dict:
    filing = assignment.filing
    today = timezone.localdate()
    steps = {s.action for s in flow.available(request.user, filing, assignment)}
    this_round = Reply.objects.filter(assignment=assignment, round=assignment.round).first()
    earlier = list(
        Reply.objects.filter(assignment=assignment)
        .exclude(round=assignment.round)
        .select_related("rating")
        .order_by("round")
    )
    co, wait = None, None
    if assignment.role != HandlingRole.CO:
        # 沪建议规定 17: what the co-handlers sent, who is still missing, and whether the
        # reply must wait for them (the action checks the same rule).
        co = due.co_opinions(filing)
        _with_days_left(co.missing, today)
        if this_round is None:
            verdict = rules.check_reply_waits(today, assignment.effective_due, co.missing_pairs())
            wait = None if verdict.ok else verdict.reason
    sent = assignment.co_opinions.filter(round=assignment.round).first()
    _with_days_left([assignment], today)
    return {
        "a": assignment,
        "filing": filing,
        "filers": list(filing.filers.filter(signature="confirmed").select_related("person")),
        "attachments": list(Attachment.objects.filter(filing=filing, reply__isnull=True)),
        "may_reply": bool({"reply", "reply_part"} & steps) and this_round is None and not wait,
        "reply_wait": wait if {"reply", "reply_part"} & steps else None,
        "may_co_opinion": "co_opinion" in steps and sent is None,
        "may_request_reassign": "request_reassign" in steps,
        "this_round": this_round,
        "sent": sent,
        "earlier": earlier,
        "co_opinions": co.received if co else [],
        "co_missing": co.missing if co else [],
        "results": ResultClass.choices,
        "units": list(Organisation.objects.filter(kind=OrgKind.HANDLING_UNIT)),
    }
