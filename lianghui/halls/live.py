"""The seat map's part of a meeting's live state (hall/snapshot.py): which seats are whose.

Pushed with every snapshot, as seat ids by state, so a screen recolours its map without
knowing who sits where: checked in, on leave, absent (a member not checked in and not on
leave), attending without a vote (列席, checked in). For a named vote (记名) whose result is
published, the seats by choice as well; never for a secret vote, whose choices are nobody's.
"""

from lianghui.attendance.models import CheckIn, Leave
from lianghui.halls import chart
from lianghui.halls.models import Category, SeatPlan
from lianghui.sessions.models import Meeting
from lianghui.votes.models import NamedBallot, Poll, State

MEMBER_CATEGORIES = (Category.MEMBER, Category.ROSTRUM)


def map_key(plan: SeatPlan, rows) -> str:
    """What a drawn map depends on, as one opaque string: the plan (a new plan is a new id),
    its version, its hall's layout, and who sits where (the console's map names them, and a
    draft's moves keep its version). A screen whose map was drawn for another key fetches
    the map again. rows: (seat id, person id, ...) of the plan's assignments."""
    seating = hash(frozenset((seat, person) for seat, person, *_ in rows)) & 0xFFFFFFFF
    return f"{plan.pk}.{plan.version}.{plan.hall.layout_version}.{seating:08x}"


def seat_states(meeting: Meeting, poll: dict | None = None) -> dict | None:
    plan = (
        SeatPlan.objects.filter(meeting=meeting)
        .select_related("hall")
        .only("pk", "version", "state", "hall__layout_version")
        .first()
    )
    if plan is None:
        return None
    rows = list(plan.assignments.values_list("seat_id", "person_id", "category"))
    present = set(CheckIn.objects.filter(meeting=meeting).values_list("person_id", flat=True))
    leave = set(Leave.objects.filter(meeting=meeting).values_list("person_id", flat=True))
    states: dict[str, list[int]] = {"present": [], "leave": [], "absent": [], "nonvoting": []}
    for seat, person, category in rows:
        if category in MEMBER_CATEGORIES:
            key = "present" if person in present else "leave" if person in leave else "absent"
        else:
            key = "nonvoting" if person in present else None
        if key:
            states[key].append(seat)
    choices = None
    # Checked against the stored poll as well: the map never colours a secret vote.
    if (
        poll
        and poll["state"] == State.PUBLISHED
        and not poll["secret"]
        and Poll.objects.filter(pk=poll["id"], secret=False, state=State.PUBLISHED).exists()
    ):
        seat_of = {person: seat for seat, person, _ in rows}
        choices = {"poll": poll["id"], "yes": [], "no": [], "abstain": []}
        for person, choice in NamedBallot.objects.filter(poll_id=poll["id"]).values_list(
            "person_id", "choice"
        ):
            if person in seat_of and choice in choices:
                choices[choice].append(seat_of[person])
    return {
        "plan": plan.pk,
        "version": plan.version,
        "map": map_key(plan, rows),
        **states,
        "choices": choices,
    }


def map_for(meeting: Meeting | int, names: bool = True):
    """The hall's chart for a meeting's live map, or None. names: who sits where, in the
    seats' titles (the console, the desk); the public big screen draws it without."""
    plan = SeatPlan.objects.select_related("hall").filter(meeting=meeting).first()
    if plan is None:
        return None
    if not names:
        return chart.draw(plan.hall.seats.all())
    who = dict(plan.assignments.values_list("seat_id", "person__name"))
    return chart.draw(plan.hall.seats.all(), names=lambda s: who.get(s.pk, ""))
