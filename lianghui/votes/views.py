from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from lianghui.attendance.queries import checked_in_to_vote
from lianghui.ballots.ballot import fingerprint as ballot_fingerprint
from lianghui.errors import ActionError
from lianghui.pages import gate, refusal_shown
from lianghui.people.access import person_of
from lianghui.sessions import access as session_access
from lianghui.votes import actions, encrypted
from lianghui.votes.access import poll_for
from lianghui.votes.models import ChoiceField, Mode, Press, State, Voter
from lianghui.votes.rules import CHOICE_LABELS, Base, threshold_from_form


def _poll(request, pk):
    return gate(poll_for, request.user, pk)


def _ballot_context(request, poll, **extra):
    person = person_of(request.user)
    voted = bool(person) and Voter.objects.filter(poll=poll, person=person).exists()
    return {
        "poll": poll,
        "voted": voted,
        "entitled": checked_in_to_vote(poll.meeting_id, person, poll.opened_at),
        "can_change": poll.press == Press.LAST,
        # An encrypted vote's ballot is made on the phone for this pseudonymous index.
        "voter_index": encrypted.voter_index(poll.pk, person.pk)
        if poll.encrypted and person
        else None,
        "choices": ChoiceField.choices,
        "State": State,
        **extra,
    }


@login_required
def ballot(request, pk: int):
    """The delegate's voting page: three big buttons while the vote is open."""
    poll = _poll(request, pk)
    return render(request, "votes/ballot.html", _ballot_context(request, poll))


@login_required
@require_POST
def cast(request, pk: int):
    poll = _poll(request, pk)
    choice = request.POST.get("choice", "")
    error = result = None
    try:
        result = actions.cast(
            poll.pk,
            person_of(request.user),
            choice,
            request.POST.get("client_token", ""),
            request.user,
        )
    except ActionError as e:
        error = e.message
    poll.refresh_from_db()
    context = _ballot_context(
        request, poll, result=result, error=error, pressed=choice if result else None
    )
    template = "votes/_ballot_panel.html" if request.htmx else "votes/ballot.html"
    return render(request, template, context, status=400 if error else 200)


def _console_context(request, poll, warnings=()):
    return {
        "poll": poll,
        "cast_count": actions.cast_count(poll) if poll.opened_at else 0,
        "State": State,
        "Mode": Mode,
        "warnings": warnings,
        "result_visible": actions.result_visible(poll, request.user),
        "missing_trustees": actions.missing_trustees(poll),
    }


@login_required
def console(request, pk: int):
    """The chair's console: open, close, publish; the live count, never the choices."""
    poll = _poll(request, pk)
    if not actions.can_chair(request.user, poll.meeting):
        raise Http404()
    # As the live count does: a vote whose timer ran out is closed before the buttons are drawn.
    poll = actions.close_if_due(poll)
    return render(request, "votes/console.html", _console_context(request, poll))


@login_required
@require_POST
def console_action(request, pk: int, action: str):
    poll = _poll(request, pk)
    warnings = ()
    with refusal_shown(request):
        if action == "open":
            poll, warnings = actions.open_poll(poll, request.user)
        elif action == "close":
            poll = actions.close_poll(poll, request.user)
        elif action == "counts":
            numbers = [request.POST.get(k, "") for k in ("yes", "no", "abstain")]
            if not all(n.strip().isdigit() for n in numbers):
                raise ActionError("bad_counts", "请填写赞成、反对、弃权票数（非负整数）。")
            poll = actions.enter_counts(poll, *(int(n) for n in numbers), request.user)
        elif action == "publish":
            poll = actions.publish(poll, request.user)
        elif action == "cancel":
            poll = actions.cancel(poll, request.POST.get("reason", ""), request.user)
        else:
            raise Http404()
    for w in warnings:
        messages.warning(request, w)
    return redirect("votes:console", pk=pk)


def progress(request, pk: int):
    """The live count fragment: cast vs entitled while open; the choices only after."""
    poll = actions.close_if_due(_poll(request, pk))
    return render(request, "votes/_progress.html", _console_context(request, poll))


def _roll_call(poll):
    """actions.roll_call with its words in the reader's language (the API keeps them Chinese)."""
    words = {CHOICE_LABELS[choice]: ChoiceField(choice.value).label for choice in CHOICE_LABELS}
    words["未按表决器"] = gettext("未按表决器")
    return [(name, words.get(word, word)) for name, word in actions.roll_call(poll)]


def result(request, pk: int):
    poll = _poll(request, pk)
    if not actions.result_visible(poll, request.user):
        return render(request, "votes/result.html", {"poll": poll, "hidden": True}, status=200)
    outcome = actions._result(poll, poll.counts)
    return render(
        request,
        "votes/result.html",
        {"poll": poll, "outcome": outcome, "roll_call": _roll_call(poll), "hidden": False},
    )


def record(request, pk: int):
    """The public record of an encrypted vote, and whether a receipt (tracker) is in it."""
    poll = _poll(request, pk)
    if not poll.encrypted:
        raise Http404()
    decryption = actions.decryption_request(poll)
    decrypted = decryption is not None and decryption.counts is not None
    tracker = request.GET.get("tracker", "").strip().lower().replace("-", "").replace(" ", "")
    trackers = sorted(poll.encrypted_ballots.values_list("tracker", flat=True)) if decrypted else []
    found = None
    if tracker and decrypted:
        found = [t for t in trackers if t.startswith(tracker)] if len(tracker) >= 16 else []
    return render(
        request,
        "votes/record.html",
        {
            "poll": poll,
            "decrypted": decrypted,
            "trustees": poll.tally_key.trustees.select_related("person"),
            "answered": {int(j) for j in decryption.partials} if decryption else set(),
            "trackers": trackers,
            "tracker": tracker,
            "found": found,
            "fingerprint": ballot_fingerprint(poll.election),
        },
    )


@login_required
@require_POST
def create(request, meeting_id: int):
    meeting = gate(session_access.meeting_for, request.user, meeting_id)
    threshold = threshold_from_form(
        request.POST.get("fraction", "1/2"),
        request.POST.get("fraction_custom", ""),
        request.POST.get("comparison", ""),
    )
    if threshold is None:
        messages.error(
            request, gettext("通过比例须写成“分子/分母”，例如 3/5，并选择“超过”或“达到”。")
        )
        return redirect("sessions:meeting", pk=meeting_id)
    num, den, strict = threshold
    try:
        settings_ = actions.PollSettings(
            question=request.POST.get("question", ""),
            decides=request.POST.get("decides", ""),
            item_id=int(request.POST["item"]) if request.POST.get("item", "").isdigit() else None,
            mode=request.POST.get("mode", Mode.ELECTRONIC),
            secret=request.POST.get("secret", "1") == "1",
            base=request.POST.get("base", Base.ALL.value),
            fraction_numerator=num,
            fraction_denominator=den,
            strict=strict,
            press=request.POST.get("press", Press.FIRST),
            timer_seconds=int(request.POST["timer"])
            if request.POST.get("timer", "").isdigit()
            else None,
            publish_immediately=request.POST.get("publish_immediately", "1") == "1",
        )
        poll = actions.create_poll(meeting, settings_, request.user)
    except ActionError as e:
        messages.error(request, e.message)
        return redirect("sessions:meeting", pk=meeting_id)
    return redirect("votes:console", pk=poll.pk)
