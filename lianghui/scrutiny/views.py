from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render

from lianghui.attendance.models import Capacity, CheckIn
from lianghui.errors import ActionError
from lianghui.pages import gate
from lianghui.people.access import person_of
from lianghui.scrutiny import actions, rules
from lianghui.scrutiny.access import tally_key_for
from lianghui.scrutiny.models import TallyKey
from lianghui.sessions.access import can_chair, meeting_for


@login_required
def tally_key(request, pk: int):
    """The ceremony's page: its progress for everyone; for a trustee, the device's part."""
    key = gate(tally_key_for, request.user, pk)
    person = person_of(request.user)
    me = key.trustees.filter(person=person).first() if person else None
    return render(
        request,
        "scrutiny/tally_key.html",
        {"key": key, "trustees": key.trustees.select_related("person"), "me": me},
    )


@login_required
def start(request, meeting_id: int):
    """The chair names the trustees (the meeting's scrutineers) and starts the ceremony."""
    meeting = gate(meeting_for, request.user, meeting_id)
    if not can_chair(request.user, meeting):
        raise Http404()
    live = TallyKey.objects.filter(meeting=meeting).exclude(phase=rules.Phase.FAILED).first()
    if live is not None:
        return redirect("scrutiny:tally_key", live.pk)
    # The scrutineers are chosen among the members present (checked in to vote).
    present = (
        CheckIn.objects.filter(meeting=meeting, capacity=Capacity.VOTING)
        .select_related("person")
        .order_by("person__name")
    )
    error = None
    if request.method == "POST":
        chosen = [int(x) for x in request.POST.getlist("trustee") if x.isdigit()]
        k = request.POST.get("threshold", "").strip()
        try:
            key = actions.start(meeting, chosen, int(k) if k.isdigit() else None, request.user)
        except ActionError as exc:
            error = exc.message
        else:
            return redirect("scrutiny:tally_key", key.pk)
    return render(
        request,
        "scrutiny/start.html",
        {"meeting": meeting, "present": present, "error": error},
        status=422 if error else 200,
    )
