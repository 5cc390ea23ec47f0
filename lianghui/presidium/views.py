"""The presidium's page for a session: its members and its decisions, each with its vote.

Everyone who may see the session reads it; the secretariat records the members and puts
decisions to the presidium's vote (the vote itself is run on the votes console)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from lianghui.errors import ActionError, NotFound
from lianghui.pages import posted_ids
from lianghui.people.access import is_secretariat
from lianghui.people.models import Membership, Person
from lianghui.presidium import actions
from lianghui.presidium.models import Decision, Subject
from lianghui.sessions.access import can_chair, session_for
from lianghui.sessions.models import Meeting
from lianghui.votes.models import State


def _session(request, pk: int):
    try:
        return session_for(request.user, pk)
    except NotFound:
        raise Http404() from None


def _secretariat_session(request, pk: int):
    """The session, for the secretariat's forms: to anyone else they do not exist."""
    s = _session(request, pk)
    if not is_secretariat(request.user):
        raise Http404()
    return s


def session(request, pk: int):
    s = _session(request, pk)
    secretariat = is_secretariat(request.user)
    decisions = list(
        Decision.objects.filter(session=s).select_related("meeting", "poll").order_by("pk")
    )
    people = Person.objects.in_bulk({p for d in decisions for p in d.persons})
    rows = [
        {
            "decision": d,
            "persons": [people[p].name for p in d.persons if p in people],
            "vote_over": d.poll.state in (State.CLOSED, State.PUBLISHED, State.CANCELLED),
        }
        for d in decisions
    ]
    context = {
        "session": s,
        "word": actions.word(s),
        "presidium": actions.presidium_of(s),
        "members": actions.members(s),
        "rows": rows,
        "secretariat": secretariat,
    }
    if secretariat:
        delegates = Membership.objects.voting_in(s.term.body, s.start_date).values("person_id")
        context |= {
            "delegates": Person.objects.filter(pk__in=delegates).order_by("pinyin", "pk"),
            "member_ids": {p.pk for p in context["members"]},
            "meetings": Meeting.objects.filter(
                session=s, kind=actions.MEETING_KIND[actions.body_kind(s)]
            ),
            "subjects": Subject.choices,
            "all_meetings": Meeting.objects.filter(session=s).exclude(kind__in=actions.AGENDA_OWN),
        }
    return render(request, "presidium/session.html", context)


@login_required
@require_POST
def members(request, pk: int):
    s = _secretariat_session(request, pk)
    try:
        actions.set_members(s, posted_ids(request.POST.getlist("person")), request.user)
    except ActionError as e:
        messages.error(request, e.message)
    return redirect("presidium:session", pk=pk)


@login_required
@require_POST
def propose(request, pk: int):
    s = _secretariat_session(request, pk)
    p = request.POST
    try:
        ids = posted_ids([p.get("meeting", "")])
        meeting = Meeting.objects.filter(session=s, pk=ids[0]).first() if ids else None
        if meeting is None:
            raise ActionError("no_meeting", f"请选择本次会议的{actions.word(s)}会议。", status=422)
        matter: dict = {}
        if p.get("election", "").strip():
            election = posted_ids([p["election"]])
            if not election:
                raise ActionError("bad_election", "选举编号有误。", status=422)
            matter["election"] = election[0]
        persons = posted_ids(p.getlist("persons")) + posted_ids(
            part.strip() for part in p.get("other_persons", "").replace("，", ",").split(",")
        )
        if persons:
            matter["persons"] = persons
        if p.get("valid") in ("yes", "no"):
            matter["valid"] = p["valid"] == "yes"
        agenda_of = posted_ids(p.getlist("meetings"))
        if agenda_of:
            matter["meetings"] = agenda_of
        decision = actions.propose(
            meeting, p.get("subject", ""), p.get("text", ""), request.user, matter=matter
        )
    except ActionError as e:
        messages.error(request, e.message)
        return redirect("presidium:session", pk=pk)
    return redirect("votes:console", pk=decision.poll_id)


@login_required
@require_POST
def settle(request, pk: int, decision_id: int):
    s = _session(request, pk)
    decision = Decision.objects.filter(session=s, pk=decision_id).select_related("meeting").first()
    if decision is None or not can_chair(request.user, decision.meeting):
        raise Http404()
    try:
        actions.settle(decision, request.user)
    except ActionError as e:
        messages.error(request, e.message)
    return redirect("presidium:session", pk=pk)
