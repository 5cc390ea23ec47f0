"""Deliberation pages: the recorder's page of a group meeting, its 纪要 (page and PDF), and the
oath ceremony page. Each POST is one action; refusals are shown as the action words them.

An htmx request that adds a speech or an opinion gets the speeches panel back (with any
refusal inside it: htmx does not swap a 4xx response); a plain form post is redirected.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from lianghui.deliberation import access, actions, queries, questions
from lianghui.deliberation.models import Deliberation, RecordState
from lianghui.deliberation.printing import record_pdf
from lianghui.deliberation.rules import Form, Source
from lianghui.elections.models import Election
from lianghui.errors import ActionError
from lianghui.pages import gate, posted_id, posted_ids, refusal_shown
from lianghui.people.access import person_of
from lianghui.people.models import Membership, Person
from lianghui.sessions.access import can_chair, meeting_for
from lianghui.votes.models import Poll


def _id(raw, what: str) -> int:
    pk = posted_id(raw)
    if pk is None:
        raise ActionError("bad_number", f"请选择{what}。", status=422)
    return pk


def _person(raw, what: str = "人员") -> Person:
    person = Person.objects.filter(pk=_id(raw, what)).first()
    if person is None:
        raise ActionError("no_person", f"未找到该{what}。", status=404)
    return person


def _optional_person(raw, what: str) -> Person | None:
    return _person(raw, what) if (raw or "").strip() else None


def _page_context(request, meeting, record: Deliberation | None, **extra) -> dict:
    can_write = access.can_record(request.user, meeting, record)
    context = {
        "meeting": meeting,
        "record": record,
        "can_record": can_write,
        "can_chair": can_chair(request.user, meeting),
        "draft": record is not None and record.state == RecordState.DRAFT,
        **extra,
    }
    if record is not None:
        context["view"] = queries.record_view(record)
    if can_write:
        context["speakers"] = queries.speaker_choices(meeting)
        context["me"] = person_of(request.user)
    if context["can_chair"] and context["draft"]:
        context["leaders"] = queries.leader_choices(meeting)
    return context


@login_required
def record_page(request, meeting_id: int):
    """The recorder's page: who attends, who spoke on what, the opinions raised."""
    meeting = gate(access.group_meeting_for, request.user, meeting_id)
    record = Deliberation.objects.filter(meeting=meeting).first()
    return render(request, "deliberation/record.html", _page_context(request, meeting, record))


def _record(request, meeting_id: int) -> Deliberation:
    return gate(access.record_for, request.user, meeting_id)


def _back(meeting_id: int):
    return redirect("deliberation:record", meeting_id=meeting_id)


def _on_record(request, meeting_id: int, step):
    """A step on a meeting's record (to whoever may see the record): `step(record)` runs with
    its refusal shown as the message on the record's page, where the post goes back to."""
    record = _record(request, meeting_id)
    with refusal_shown(request):
        step(record)
    return _back(meeting_id)


@login_required
@require_POST
def open_record(request, meeting_id: int):
    meeting = gate(access.group_meeting_for, request.user, meeting_id)
    with refusal_shown(request):
        actions.open_record(meeting, request.user)
    return _back(meeting_id)


@login_required
@require_POST
def set_roles(request, meeting_id: int):
    return _on_record(
        request,
        meeting_id,
        lambda record: actions.set_roles(
            record,
            request.user,
            convener=_optional_person(request.POST.get("convener"), "召集人"),
            recorder=_optional_person(request.POST.get("recorder"), "记录人"),
        ),
    )


@login_required
@require_POST
def add_attending(request, meeting_id: int):
    return _on_record(
        request,
        meeting_id,
        lambda record: actions.add_attending(
            record,
            _person(request.POST.get("person"), "出席领导"),
            request.POST.get("title", ""),
            request.user,
        ),
    )


def _panel(request, record: Deliberation, error: str | None = None, form=None):
    meeting = record.meeting
    return render(
        request,
        "deliberation/_speeches.html",
        _page_context(request, meeting, record, error=error, form=form or {}),
    )


def _panel_step(request, record: Deliberation, step, form=None):
    """A step that adds to the speeches panel: an htmx request gets the panel back, with the
    refusal inside it (and, refused, the form as it was filled in); a plain post goes back
    to the record's page, the refusal its message."""
    error = None
    try:
        step()
    except ActionError as e:
        error = e.message
    if request.htmx:
        return _panel(request, record, error, form if error else None)
    if error:
        messages.error(request, error)
    return _back(record.meeting_id)


@login_required
@require_POST
def add_speech(request, meeting_id: int):
    record = _record(request, meeting_id)
    return _panel_step(
        request,
        record,
        lambda: actions.add_speech(
            record,
            _person(request.POST.get("speaker"), "发言人"),
            request.POST.get("topic", ""),
            request.POST.get("summary", ""),
            request.user,
        ),
        form=request.POST,
    )


@login_required
@require_POST
def edit_speech(request, pk: int):
    speech = gate(access.speech_for, request.user, pk)
    with refusal_shown(request):
        actions.edit_speech(
            speech,
            request.user,
            speaker=_person(request.POST.get("speaker"), "发言人"),
            topic=request.POST.get("topic", ""),
            summary=request.POST.get("summary", ""),
        )
    return _back(speech.deliberation.meeting_id)


@login_required
@require_POST
def add_opinion(request, pk: int):
    speech = gate(access.speech_for, request.user, pk)
    return _panel_step(
        request,
        speech.deliberation,
        lambda: actions.add_opinion(speech, request.POST.get("text", ""), request.user),
    )


@login_required
@require_POST
def add_question(request, meeting_id: int):
    return _on_record(
        request,
        meeting_id,
        lambda record: questions.ask(
            record,
            _person(request.POST.get("asker"), "提出询问的代表"),
            request.POST.get("unit", ""),
            request.POST.get("text", ""),
            request.user,
        ),
    )


@login_required
@require_POST
def answer_question(request, pk: int):
    question = gate(access.question_for, request.user, pk)
    with refusal_shown(request):
        questions.answer(
            question,
            request.POST.get("answered_by", ""),
            request.POST.get("text", ""),
            request.user,
            deferred=request.POST.get("deferred") == "1",
        )
    return _back(question.deliberation.meeting_id)


@login_required
@require_POST
def route_opinion(request, pk: int):
    opinion = gate(access.opinion_for, request.user, pk)
    with refusal_shown(request):
        actions.route_opinion(opinion, request.user)
        # A congress's group turns it into a delegate's suggestion, a CPPCC's into a proposal.
        body_kind = opinion.speech.deliberation.meeting.session.term.body.kind
        if body_kind == "cppcc":
            messages.success(request, gettext("已转交提案办理。"))
        else:
            messages.success(request, gettext("已转交建议办理。"))
    return _back(opinion.speech.deliberation.meeting_id)


@login_required
@require_POST
def set_summary(request, meeting_id: int):
    return _on_record(
        request,
        meeting_id,
        lambda record: actions.set_summary(record, request.POST.get("summary", ""), request.user),
    )


@login_required
@require_POST
def finalise(request, meeting_id: int):
    return _on_record(request, meeting_id, lambda record: actions.finalise(record, request.user))


@login_required
def minutes(request, meeting_id: int):
    """The 纪要: what the printed record says, as a page."""
    record = _record(request, meeting_id)
    return render(request, "deliberation/minutes.html", {"view": queries.record_view(record)})


@login_required
def minutes_pdf(request, meeting_id: int):
    record = _record(request, meeting_id)
    response = HttpResponse(record_pdf(record), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="deliberation-{meeting_id}.pdf"'
    return response


# --- the oath -------------------------------------------------------------------------------


def oath_page(request, meeting_id: int):
    """The ceremony of a meeting: the oath, who swears in which batch, and who swears later."""
    meeting = gate(meeting_for, request.user, meeting_id)
    ceremony = getattr(meeting, "oath_ceremony", None)
    chair = can_chair(request.user, meeting)
    context = {"meeting": meeting, "can_chair": chair, "ceremony": ceremony}
    if ceremony is not None:
        context["view"] = queries.ceremony_view(ceremony)
    if chair:
        context["candidates"] = queries.oath_candidates(meeting)
        context["polls"] = Poll.objects.filter(
            meeting__session_id=meeting.session_id, state="published", passed=True
        ).order_by("published_at", "id")
        context["Form"] = Form
        context["Source"] = Source
        context["delegates"] = Person.objects.filter(
            pk__in=Membership.objects.voting_in(
                meeting.session.term.body, meeting.local_day
            ).values("person_id")
        ).order_by("pinyin", "id")
    if ceremony is None and not chair:
        raise Http404()
    return render(request, "deliberation/oath.html", context)


@login_required
@require_POST
def oath_action(request, meeting_id: int, action: str):
    meeting = gate(meeting_for, request.user, meeting_id)
    ceremony = getattr(meeting, "oath_ceremony", None)
    post = request.POST
    with refusal_shown(request):
        if action == "create":
            actions.create_ceremony(meeting, request.user, emblem=post.get("emblem", "flag"))
        elif ceremony is None:
            raise Http404()
        elif action == "taker":
            election = poll = None
            if post.get("election", "").strip():
                election = Election.objects.filter(pk=_id(post["election"], "选举")).first()
            if post.get("poll", "").strip():
                poll = Poll.objects.filter(pk=_id(post["poll"], "表决")).first()
            actions.add_taker(
                ceremony,
                _person(post.get("person"), "宣誓人"),
                request.user,
                election=election,
                poll=poll,
                office_title=post.get("office_title", ""),
                source=post.get("source", Source.ELECTED),
                basis=post.get("basis", ""),
            )
        elif action == "batch":
            leader = post.get("leader", "").strip()
            actions.form_batch(
                ceremony,
                request.user,
                form=post.get("form", ""),
                taker_ids=posted_ids(post.getlist("takers")),
                leader_id=_id(leader, "领誓人") if leader else None,
            )
        elif action == "taken":
            batch = gate(access.batch_for, request.user, _id(post.get("batch"), "批次"))
            if batch.ceremony_id != ceremony.pk:
                raise Http404()
            actions.record_oath_taken(batch, request.user)
        else:
            raise Http404()
    return redirect("deliberation:oath", meeting_id=meeting_id)
