"""The handling unit's page (承办单位), for a clerk who has never been trained on it.

Only what is assigned to their unit now; what is still owed first, soonest deadline first,
each with its due date in big type; what the unit has done below, newest first, a page at a
time. One item at a time on its own page with one plain form: the reply (text, the result as
three big choices, attachments) for a lead or split unit, the opinion to the lead unit for a
co-handling unit. Once the reply deadline has passed without an extension the reply form
gives way to a plain account of why and to the request for an extension (沪建议规定 19);
the request to return a filing outside the unit's remit is offered only within its seven
working days (沪建议规定 14), with the last day shown. A refused form comes back with what
was typed still in it.
"""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from lianghui.people.access import is_secretariat
from lianghui.people.models import Organisation, OrgKind
from lianghui.proposals import access, actions, due, forms, rules, stored_workflow
from lianghui.proposals.models import (
    Assignment,
    Attachment,
    CoHandlerOpinion,
    ExtensionRequest,
    ExtensionState,
    HandlingRole,
    ProposalSettings,
    Reply,
    RequestState,
    ResultClass,
)
from lianghui.proposals.views._common import (
    co_opinion_step,
    gate,
    render_page,
    reply_step,
    request_reassign_step,
    take_form,
)

DONE_ROWS = 50


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


def _this_round(model, **filters):
    return model.objects.filter(assignment=OuterRef("pk"), round=OuterRef("round"), **filters)


# What the unit owes: a co-handling unit its opinion, a lead or split unit its reply, for
# the current round, while the filing is being handled.
ANSWERED = Q(role=HandlingRole.CO, opined=True) | (~Q(role=HandlingRole.CO) & Q(replied=True))
OWING = Q(filing__state__in=due.HANDLING) & ~ANSWERED


@login_required
def unit_home(request):
    units = _units_of(request)
    if not units:
        raise Http404()
    today = timezone.localdate()
    mine = Assignment.objects.filter(unit__in=units, active=True).annotate(
        replied=Exists(_this_round(Reply)),
        opined=Exists(_this_round(CoHandlerOpinion)),
        asking=Exists(
            ExtensionRequest.objects.filter(assignment=OuterRef("pk"), state=ExtensionState.PENDING)
        ),
    )
    owing = list(mine.filter(OWING).select_related("filing", "unit"))
    owing.sort(key=lambda a: (a.effective_due, a.pk))
    # Newest first: by the unit's latest answer, else when the filing was closed, else by
    # when it was assigned.
    last_reply = Reply.objects.filter(assignment=OuterRef("pk")).order_by("-replied_at")
    last_opinion = CoHandlerOpinion.objects.filter(assignment=OuterRef("pk")).order_by("-sent_at")
    done = (
        mine.filter(~OWING)
        .annotate(
            done_at=Coalesce(
                Subquery(last_reply.values("replied_at")[:1]),
                Subquery(last_opinion.values("sent_at")[:1]),
                "filing__closed_at",
                "assigned_at",
            )
        )
        .select_related("filing", "unit")
        .order_by("-done_at", "-id")
    )
    page = Paginator(done, DONE_ROWS).get_page(request.GET.get("page"))
    labels = stored_workflow.state_labels()
    for a in page.object_list:
        answered = a.opined if a.role == HandlingRole.CO else a.replied
        if answered:
            a.note = gettext("已提出会办意见") if a.role == HandlingRole.CO else gettext("已答复")
        else:
            a.note = labels.get((a.filing.kind, a.filing.state), a.filing.state)
    unit = request.GET.get("unit", "")
    return render_page(
        request,
        "proposals/unit.html",
        {
            "units": units,
            "owing": _with_days_left(owing, today),
            "done": page,
            "query": f"unit={unit}" if unit.isdigit() else "",
        },
    )


UNIT_FORMS = {
    # the form's `action`: (call, what the page says when it is done)
    "reply": (
        reply_step,
        _("答复已送出，提出人将收到通知。谢谢！"),
    ),
    "co_opinion": (
        co_opinion_step,
        _("会办意见已送主办单位。谢谢！"),
    ),
    "request_extension": (
        lambda r, a: actions.request_extension(
            a,
            r.POST.get("reason", ""),
            r.user,
            wanted_due=forms.optional_day(r.POST.get("wanted_due"), "希望延至的日期"),
        ),
        _("已提出延期申请，请等待秘书处处理；同意延期后即可在本页答复。"),
    ),
    "request_reassign": (
        request_reassign_step,
        _("已提出退回改办申请，请等待秘书处处理。"),
    ),
}


@login_required
def unit_assignment(request, pk: int):
    assignment = gate(access.assignment_for, request.user, pk)  # this unit's, or the secretariat
    error, values = None, {}
    if request.method == "POST":
        error = take_form(request, UNIT_FORMS, assignment)
        if error is None:
            return redirect("proposals:unit")
        values = request.POST
    context = _assignment_context(request, assignment)
    context.update(error=error, values=values, form=values.get("action", ""))
    if error is not None and context["form"] == "reply":
        if context["reply_wait"]:
            context["may_reply"] = True  # refused for the wait: keep what was typed
        elif not context["may_reply"]:
            context["unsent_reply"] = values.get("text", "")  # too late: keep it to copy
    return render_page(
        request,
        "proposals/unit_assignment.html",
        context,
        status=error.status if error else 200,
    )


def _assignment_context(request, assignment: Assignment) -> dict:
    filing = assignment.filing
    today = timezone.localdate()
    d = ProposalSettings.for_body(filing.body_id).deadlines()
    steps = {s.action for s in stored_workflow.available(request.user, filing, assignment)}
    this_round = Reply.objects.filter(assignment=assignment, round=assignment.round).first()
    earlier = list(
        Reply.objects.filter(assignment=assignment)
        .exclude(round=assignment.round)
        .select_related("rating")
        .order_by("round")
    )
    replying = bool({"reply", "reply_part"} & steps) and this_round is None
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
    # Past the deadline, not extended: no reply form (the action would refuse it), but why,
    # and the request for an extension (沪建议规定 19).
    too_late = replying and not rules.check_reply_in_time(today, assignment.effective_due).ok
    extensions = list(assignment.extension_requests.filter(round=assignment.round))
    asking = next((r for r in extensions if r.state == ExtensionState.PENDING), None)
    refused = next((r for r in reversed(extensions) if r.state == ExtensionState.REFUSED), None)
    latest = rules.latest_due(assignment.started_on, d)
    # 沪建议规定 14: a request to return the filing, within seven working days.
    reassign_until = rules.reassign_due(assignment.assigned_on, d)
    reassign_pending = assignment.reassign_requests.filter(state=RequestState.PENDING).first()
    finished = (
        this_round is not None
        or sent is not None
        or not assignment.active
        or stored_workflow.is_terminal(filing.kind, filing.state)
    )
    return {
        "a": assignment,
        "filing": filing,
        "finished": finished,
        "state_label": stored_workflow.state_label(filing.kind, filing.state),
        "filers": list(filing.filers.filter(signature="confirmed").select_related("person")),
        "attachments": list(Attachment.objects.filter(filing=filing, reply__isnull=True)),
        "may_reply": replying and not wait and not too_late,
        "reply_wait": wait if replying and not too_late else None,
        "too_late": too_late,
        "asking": asking,
        "refused_extension": refused,
        "may_request_extension": "request_extension" in steps
        and this_round is None
        and asking is None
        and rules.check_extension_request_in_time(today, assignment.started_on, d).ok,
        "latest_due": latest,
        "may_co_opinion": "co_opinion" in steps and sent is None,
        "may_request_reassign": "request_reassign" in steps
        and rules.check_reassign_in_time(today, assignment.assigned_on, d).ok
        and reassign_pending is None
        and not finished,
        "reassign_until": reassign_until,
        "reassign_working_days": d.reassign_working_days,
        "reassign_pending": reassign_pending,
        "this_round": this_round,
        "sent": sent,
        "earlier": earlier,
        "co_opinions": co.received if co else [],
        "co_missing": co.missing if co else [],
        "results": ResultClass.choices,
        "units": list(Organisation.objects.filter(kind=OrgKind.HANDLING_UNIT)),
    }
