"""A filing's page: the text, the filers, the handling units, the replies and ratings, the
decisions, its whole history, and a form for each step stored_workflow.available allows this
reader.

Each POST is one action (FILING_ACTIONS, ASSIGNMENT_ACTIONS); a refusal is shown as the
action words it and changes nothing; then back to the page.
"""

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from lianghui.pages import uploaded_file
from lianghui.people.access import is_secretariat
from lianghui.people.models import Organisation, OrgKind
from lianghui.proposals import access, actions, forms, stored_workflow
from lianghui.proposals.actions import Recipient
from lianghui.proposals.actions.motions import PRESIDIUM_DECISIONS
from lianghui.proposals.actions.review import REVIEW_OUTCOMES as OUTCOMES
from lianghui.proposals.models import (
    DecisionKind,
    ExtensionState,
    FeedbackKind,
    Filing,
    HandlingRole,
    RatingLevel,
    ReassignRequest,
    Reply,
    RequestState,
    Signature,
    State,
)
from lianghui.proposals.views._common import (
    attempt,
    back,
    co_opinion_step,
    detail_parts,
    gate,
    history,
    render_page,
    reply_step,
    request_reassign_step,
    take_step,
)
from lianghui.sessions.models import Meeting, MeetingKind

MOTION_DECISIONS = [d for d in DecisionKind if d in PRESIDIUM_DECISIONS]
REVIEW_OUTCOMES = [d for d in DecisionKind if d in OUTCOMES]
RATE_STEPS = {"rate", "rate_satisfied", "rate_unsatisfied"}
# Steps taken elsewhere: rating under each reply, the units' steps on the unit's page, the
# secretariat's extensions and reassignments beside the handling units.
NOT_IN_STEPS = RATE_STEPS | {
    "reply",
    "reply_part",
    "co_opinion",
    "request_reassign",
    "request_extension",
    "extend",
    "reassign",
    "refuse_reassign",
    "refuse_extension",
}


def _choices(can, kinds):
    return [(k.value, k.label) for k in kinds if k.value in can]


def page_context(request, filing: Filing) -> dict:
    user = request.user
    parts = detail_parts(filing, user)
    can = {s.action: s.label for s in stored_workflow.available(user, filing)}
    my_units = access.unit_ids(user)
    mine = [a for a in parts["assignments"] if a.active and a.unit_id in my_units]
    for a in mine:
        a.owing = _owing(user, filing, a)
    context = {
        "filing": filing,
        "state_label": stored_workflow.state_label(filing.kind, filing.state),
        "can": can,
        **parts,
        "history": history(filing) if parts["insider"] else [],
        "my_assignments": mine,
        "decisions_allowed": _choices(can, MOTION_DECISIONS),
        "outcomes_allowed": _choices(can, REVIEW_OUTCOMES),
        "can_withdraw": "withdraw" in can or "request_withdrawal" in can,
        "can_rate": bool(RATE_STEPS & set(can)),
        "show_steps": bool(set(can) - NOT_IN_STEPS),
        "is_secretariat": is_secretariat(user),
    }
    if context["can_rate"]:
        context["rateable"] = [
            r
            for r in parts["replies"]
            if getattr(r, "rating", None) is None
            and r.assignment.active
            and r.round == r.assignment.round
        ]
        context["levels"] = RatingLevel.choices
    if {"assign", "reassign", "forward"} & set(can) or context["is_secretariat"]:
        context["units"] = list(Organisation.objects.filter(kind=OrgKind.HANDLING_UNIT))
        context["roles"] = HandlingRole.choices
    if {"refer", "study"} & set(can):
        context["committees"] = list(
            Organisation.objects.filter(kind=OrgKind.SPECIAL_COMMITTEE, parent_id=filing.body_id)
        )
    if context["decisions_allowed"] and filing.session_id:
        context["presidium_meetings"] = list(
            Meeting.objects.filter(session_id=filing.session_id, kind=MeetingKind.PRESIDIUM)
        )
    if "merge" in can:
        # Filings still open (per the stored table) of the same kind and body; the action
        # checks the choice again.
        open_states = State.objects.filter(kind=filing.kind, terminal=False, initial=False)
        context["merge_into"] = list(
            Filing.objects.filter(
                kind=filing.kind,
                body_id=filing.body_id,
                merged_into=None,
                state__in=open_states.values("code"),
            )
            .exclude(pk=filing.pk)
            .order_by("-year", "number")[:300]
        )
    if "confirm" in can and context["is_secretariat"]:
        context["pending_signers"] = [
            f for f in parts["filers"] if f.signature == Signature.PENDING and not f.lead
        ]
    if "feedback" in can:
        context["feedback_kinds"] = FeedbackKind.choices
    if context["is_secretariat"]:
        context["pending_requests"] = [
            (a, r)
            for a in parts["assignments"]
            for r in a.reassign_requests.all()
            if r.state == RequestState.PENDING
        ]
        context["pending_extensions"] = [
            (a, r)
            for a in parts["assignments"]
            for r in a.extension_requests.all()
            if r.state == ExtensionState.PENDING and a.active
        ]
    return context


def _owing(user, filing: Filing, assignment) -> bool:
    """Whether the unit still has to answer: its step is open in the stored workflow (not
    once the filing is closed or withdrawn) and it has not answered this round."""
    steps = {s.action for s in stored_workflow.available(user, filing, assignment)}
    if assignment.role == HandlingRole.CO:
        return "co_opinion" in steps and not any(
            o.round == assignment.round for o in assignment.co_opinions.all()
        )
    return (
        bool({"reply", "reply_part"} & steps)
        and not Reply.objects.filter(assignment=assignment, round=assignment.round).exists()
    )


def filing_page(request, pk: int):
    filing = gate(access.filing_for, request.user, pk)
    return render_page(request, "proposals/filing.html", page_context(request, filing))


# --- one action per POST -------------------------------------------------------------


def _edit_draft(request, filing):
    cosigners = None
    if filing.by_people and "cosigners" in request.POST:
        cosigners = forms.signer_ids(filing.body, request.POST["cosigners"])
    return actions.update_draft(
        filing,
        request.user,
        title=request.POST.get("title"),
        grounds=request.POST.get("grounds"),
        solution=request.POST.get("solution"),
        text=request.POST.get("text"),
        subject=request.POST.get("subject"),
        cosigner_ids=cosigners,
    )


def _attach(request, filing):
    files = request.FILES.getlist("files")
    if not files:
        raise forms.bad("no_file", "请选择要上传的文件。")
    # One by one: a file refused leaves those before it in place, and says which it was.
    for upload in files:
        actions.attach(filing, upload.name or "", upload.read(), request.user)


def _confirm(request, filing):
    person = forms.optional_number(request.POST.get("person"), "联名人")
    return actions.confirm(
        filing, request.user, agree=forms.yes(request.POST.get("agree")), person_id=person
    )


def _decide(request, filing):
    return actions.decide_motion(
        filing,
        request.POST.get("decision", ""),
        request.user,
        reasons=request.POST.get("reasons", ""),
        committee_id=forms.optional_number(request.POST.get("committee"), "专门委员会"),
        meeting_id=forms.optional_number(request.POST.get("meeting"), "主席团会议"),
    )


def _committee_opinion(request, filing):
    raw = request.POST.get("recommend_listing", "")
    return actions.committee_opinion(
        filing,
        request.POST.get("text", ""),
        request.user,
        recommend_listing=None if raw == "" else forms.yes(raw),
    )


def _merge(request, filing):
    into = gate(access.filing_for, request.user, forms.number(request.POST.get("into"), "并入的件"))
    return actions.merge(filing, into, request.user, reasons=request.POST.get("reasons", ""))


def _flag_key(request, filing):
    return actions.flag_key(
        filing,
        request.user,
        key=forms.yes(request.POST.get("key")),
        leader_id=forms.person_id(request.POST.get("leader", ""), "督办领导"),
        note=request.POST.get("note", ""),
    )


def _publish(request, filing):
    ids = request.POST.getlist("reply")
    reply_ids = [forms.number(i, "答复") for i in ids] if ids else None
    return actions.publish(filing, request.user, reply_ids=reply_ids)


def _forward(request, filing):
    recipients = [
        Recipient(unit_id=forms.number(u, "报送单位")) for u in request.POST.getlist("unit")
    ]
    leader = forms.person_id(request.POST.get("leader", ""), "领导")
    if leader is not None:
        recipients.append(Recipient(leader_id=leader))
    if request.POST.get("name", "").strip():
        recipients.append(Recipient(name=request.POST["name"]))
    return actions.forward(filing, recipients, request.user, note=request.POST.get("note", ""))


def _feedback(request, filing):
    return actions.record_feedback(
        filing,
        request.POST.get("kind", ""),
        request.POST.get("source", ""),
        request.POST.get("text", ""),
        request.user,
        forward_id=forms.optional_number(request.POST.get("forward"), "报送记录"),
        received_on=forms.optional_day(request.POST.get("received_on"), "收到日期"),
    )


FILING_ACTIONS = {
    # name: (call, what the page says when it is done)
    "edit_draft": (_edit_draft, _("已保存。")),
    "attach": (_attach, _("附件已上传。")),
    "confirm": (_confirm, _("已记录联名意见。")),
    "submit": (lambda r, f: actions.submit(f, r.user), "已提交。"),
    "withdraw": (
        lambda r, f: actions.withdraw(f, r.user, reason=r.POST.get("reason", "")),
        _("已撤回或已提出撤回申请。"),
    ),
    "decide": (_decide, _("已记录主席团决定。")),
    "committee_opinion": (_committee_opinion, _("已记录审议意见。")),
    "study_report": (
        lambda r, f: actions.study_report(f, r.POST.get("text", ""), r.user),
        _("已记录审议结果报告。"),
    ),
    "review": (
        lambda r, f: actions.review(
            f, r.POST.get("outcome", ""), r.user, reasons=r.POST.get("reasons", "")
        ),
        _("已记录审查结果。"),
    ),
    "merge": (_merge, _("已并案。")),
    "flag_key": (_flag_key, _("已保存重点督办设置。")),
    "publish": (_publish, _("已公开。")),
    "assign": (
        lambda r, f: actions.assign(
            f, forms.unit_orders(r.POST), r.user, difficult=forms.yes(r.POST.get("difficult"))
        ),
        _("已交办，承办单位将收到通知。"),
    ),
    "conclude": (lambda r, f: actions.conclude(f, r.user), "已办结。"),
    "edit": (
        lambda r, f: actions.edit(
            f,
            r.user,
            title=r.POST.get("title"),
            text=r.POST.get("text"),
            subject=r.POST.get("subject"),
        ),
        _("已保存编辑。"),
    ),
    "adopt": (
        lambda r, f: actions.adopt(
            f, forms.yes(r.POST.get("adopted")), r.user, note=r.POST.get("note", "")
        ),
        _("已记录采用情况。"),
    ),
    "forward": (_forward, _("已报送。")),
    "feedback": (_feedback, _("已记录。")),
}


@login_required
@require_POST
def act(request, pk: int, action: str):
    filing = gate(access.filing_for, request.user, pk)
    take_step(request, FILING_ACTIONS, action, filing)
    if not access.can_see(request.user, filing):
        return redirect("proposals:mine")  # e.g. a co-signer who declined
    return back(request, reverse("proposals:filing", args=[pk]))


# --- a unit's assignment, a reassignment request, a reply ------------------------------


def _reassign(request, assignment):
    row = None
    raw = request.POST.get("request")
    if raw:
        row = ReassignRequest.objects.filter(
            pk=forms.number(raw, "改办申请"), assignment=assignment
        ).first()
    return actions.reassign(
        assignment,
        forms.number(request.POST.get("unit"), "改交的承办单位"),
        request.POST.get("reason", ""),
        request.user,
        request=row,
    )


ASSIGNMENT_ACTIONS = {
    "extend": (
        lambda r, a: actions.extend(
            a, forms.day(r.POST.get("due"), "新的答复期限"), r.POST.get("reason", ""), r.user
        ),
        _("已延长答复期限。"),
    ),
    "reassign": (_reassign, _("已改办。")),
    "request_reassign": (
        request_reassign_step,
        _("已提出退回改办申请，请等待秘书处处理。"),
    ),
    "co_opinion": (
        co_opinion_step,
        _("会办意见已送主办单位。"),
    ),
    "reply": (
        reply_step,
        _("答复已送出，提出人将收到通知。"),
    ),
}


@login_required
@require_POST
def assignment_act(request, pk: int, action: str):
    assignment = gate(access.assignment_for, request.user, pk)
    take_step(request, ASSIGNMENT_ACTIONS, action, assignment)
    return back(request, reverse("proposals:filing", args=[assignment.filing_id]))


def _refuse_request(request, request_for, pk: int, refuse, done: str):
    """The secretariat's no to a unit's request (through its gate), with the answer given; the
    request, to go back from."""
    row = gate(request_for, request.user, pk)
    attempt(request, refuse, row, request.POST.get("answer", ""), request.user, done=done)
    return row


@login_required
@require_POST
def refuse_reassign(request, pk: int):
    row = _refuse_request(
        request,
        access.reassign_request_for,
        pk,
        actions.refuse_reassign,
        _("已答复：不同意改办。"),
    )
    return redirect("proposals:filing", pk=row.assignment.filing_id)


@login_required
@require_POST
def refuse_extension(request, pk: int):
    row = _refuse_request(
        request,
        access.extension_request_for,
        pk,
        actions.refuse_extension,
        _("已答复：不同意延期。"),
    )
    return back(request, reverse("proposals:filing", args=[row.assignment.filing_id]))


@login_required
@require_POST
def rate(request, pk: int):
    answer = gate(access.reply_for, request.user, pk)
    attempt(
        request,
        actions.rate,
        answer,
        request.POST.get("level", ""),
        request.user,
        comment=request.POST.get("comment", ""),
        done=_("感谢您的评价。"),
    )
    return redirect("proposals:filing", pk=answer.filing_id)


def attachment(request, pk: int):
    """A document, to whoever may see the filing (and, for a reply's, that reply)."""
    return uploaded_file(gate(access.attachment_for, request.user, pk))
