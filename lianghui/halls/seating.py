"""Seat plans (座次) as audited actions: make by the rules, move and swap, lock, publish.

Who is seated comes from the meeting: its members (delegates by delegation, CPPCC members
by sector), its rostrum (the presiding officers in order, or the secretariat's list), those
attending without a vote (列席: checked in as such, or named, or whole bodies such as
all CPPCC members) and guests. The rules are seating_rules'; this module reads the
database, runs them, and writes inside a transaction with an audit event. Every change
to a published plan needs a reason, makes a new version and keeps the old one.
"""

from django.db import transaction
from django.utils import timezone

from lianghui.attendance.models import Capacity, CheckIn
from lianghui.audit.log import record
from lianghui.errors import ActionError, PermissionDenied
from lianghui.halls import seating_rules as rules
from lianghui.halls.models import Hall, PlanState, PlanVersion, Seat, SeatAssignment, SeatPlan
from lianghui.people.access import is_secretariat
from lianghui.people.models import VOTING_ROLES, Membership, Person
from lianghui.sessions import live, roster
from lianghui.sessions.models import Meeting, PresidingOfficer, PresidingRole

# The rostrum's default precedence: the executive chairs, then those seated on the rostrum,
# then whoever presides, each in the order the secretariat listed them.
ROSTRUM_ROLES = (PresidingRole.EXECUTIVE_CHAIR, PresidingRole.ROSTRUM, PresidingRole.PRESIDING)
MAX_REASON = 200


class SeatingRefused(ActionError):
    status = 409

    def __init__(self, error: rules.SeatingError):
        status = 422 if error.code in ("no_such_seat", "not_in_meeting", "bad_order") else 409
        super().__init__(error.code, error.message, status=status)


def _secretariat(actor):
    if not is_secretariat(actor):
        raise PermissionDenied("只有会务组可以编排座次。")


def default_rostrum(meeting: Meeting) -> list[int]:
    officers = PresidingOfficer.objects.filter(meeting=meeting, role__in=ROSTRUM_ROLES)
    rank = {role: i for i, role in enumerate(ROSTRUM_ROLES)}
    ordered = sorted(officers, key=lambda o: (rank[o.role], o.order, o.pk))
    return list(dict.fromkeys(o.person_id for o in ordered))


def sitters(
    meeting: Meeting,
    rostrum: list[int],
    nonvoting_orgs=(),
    nonvoting_people=(),
    guests=(),
) -> list[rules.Sitter]:
    """Everyone the plan seats, each once, in the first category that claims them."""
    day = meeting.local_day
    members = list(roster.member_memberships(meeting).values_list("person_id", flat=True))
    groups = roster.member_group_places(meeting, members)
    nonvoting = list(
        CheckIn.objects.filter(meeting=meeting, capacity=Capacity.NONVOTING).values_list(
            "person_id", flat=True
        )
    )
    if nonvoting_orgs:
        nonvoting += (
            Membership.objects.active_on(day)
            .filter(organisation_id__in=list(nonvoting_orgs), role__in=VOTING_ROLES)
            .values_list("person_id", flat=True)
        )
    nonvoting += list(nonvoting_people)
    claimed: dict[int, str] = {}
    for category, ids in (
        (rules.ROSTRUM, rostrum),
        (rules.MEMBER, members),
        (rules.NONVOTING, nonvoting),
        (rules.GUEST, guests),
    ):
        for pid in ids:
            claimed.setdefault(pid, category)
    people = Person.objects.in_bulk(list(claimed))
    missing = [pid for pid in claimed if pid not in people]
    if missing:
        raise ActionError("unknown_person", f"未找到人员（编号 {missing[0]}）。", status=422)
    return [
        rules.Sitter(
            pid,
            people[pid].name,
            category,
            *(groups.get(pid, ("", 0, 9)) if category == rules.MEMBER else ("", 0, 9)),
            pinyin=people[pid].pinyin,
            strokes=people[pid].strokes,
        )
        for pid, category in claimed.items()
    ]


def _places(hall: Hall) -> list[rules.Place]:
    return [
        rules.Place(s.block, s.row, s.number, s.x, s.y, s.rostrum, id=s.pk)
        for s in hall.seats.all()
    ]


def _check_reserved(reserved: dict[str, list[str]] | None, places) -> None:
    """Blocks reserved for a category: known categories, blocks this hall has."""
    block_names = {p.block for p in places}
    for category, blocks in (reserved or {}).items():
        if category not in (rules.MEMBER, rules.NONVOTING, rules.GUEST):
            raise ActionError("bad_category", f"未知的人员类别“{category}”。", status=422)
        unknown = [b for b in blocks if b not in block_names]
        if unknown:
            raise ActionError("no_block", f"会场中没有区域“{unknown[0]}”。", status=422)


def _kept_locks(existing: SeatPlan | None, hall: Hall, people) -> dict[int, int]:
    """The locked seats of the draft made before on this hall, of people still seated."""
    if existing is None or existing.hall_id != hall.pk:
        return {}
    locked = dict(existing.assignments.filter(locked=True).values_list("seat_id", "person_id"))
    known = {s.id for s in people}
    return {seat: person for seat, person in locked.items() if person in known}


def make_plan(
    meeting: Meeting,
    hall: Hall,
    actor,
    *,
    order: str = rules.STROKES,
    rostrum: list[int] | None = None,
    nonvoting_orgs=(),
    nonvoting_people=(),
    guests=(),
    reserved: dict[str, list[str]] | None = None,
) -> SeatPlan:
    """Seat the meeting by the rules on this hall; a draft made again keeps its locked seats."""
    _secretariat(actor)
    rostrum_ids = default_rostrum(meeting) if rostrum is None else list(dict.fromkeys(rostrum))
    people = sitters(meeting, rostrum_ids, nonvoting_orgs, nonvoting_people, guests)
    places = _places(hall)
    _check_reserved(reserved, places)
    with transaction.atomic():
        existing = SeatPlan.objects.select_for_update().filter(meeting=meeting).first()
        if existing is not None and existing.published:
            raise ActionError(
                "plan_published",
                "座次表已发布，不能重新编排；请逐个调整座位并说明理由。",
                status=409,
            )
        locked = _kept_locks(existing, hall, people)
        request = rules.Request(
            places, people, rostrum=rostrum_ids, order=order, locked=locked,
            reserved=reserved or {},
        )  # fmt: skip
        try:
            assignment = rules.plan(request)
        except rules.SeatingError as e:
            raise SeatingRefused(e) from None
        if existing is not None:
            existing.assignments.all().delete()
            existing.delete()
        plan = SeatPlan.objects.create(
            meeting=meeting, hall=hall, layout_version=hall.layout_version, order=order
        )
        category = {s.id: s.category for s in people}
        SeatAssignment.objects.bulk_create(
            [
                SeatAssignment(
                    plan=plan,
                    seat_id=seat,
                    person_id=person,
                    category=category[person],
                    locked=seat in locked,
                )
                for seat, person in assignment.items()
            ],
            batch_size=1000,
        )
        counts = {c: sum(1 for s in people if s.category == c) for c in rules.CATEGORIES}
        record(
            "halls.plan_made",
            plan,
            actor=actor,
            data={
                "meeting": meeting.pk,
                "hall": hall.pk,
                "layout_version": hall.layout_version,
                "order": order,
                "rostrum": rostrum_ids,
                "counts": counts,
                "locked_kept": len(locked),
                "reserved": reserved or {},
            },
        )
    # Open screens and consoles redraw their seat map from the pushed state (its seats.map).
    live.meeting_changed(meeting.pk)
    return plan


def _locked_plan(plan: SeatPlan) -> SeatPlan:
    return SeatPlan.objects.select_for_update().select_related("hall").get(pk=plan.pk)


def _reason(plan: SeatPlan, reason: str) -> str:
    reason = (reason or "").strip()
    if plan.published and not reason:
        raise ActionError("reason_required", "座次表已发布，调整座位须说明理由。", status=422)
    if len(reason) > MAX_REASON:
        raise ActionError("reason_too_long", f"理由最多 {MAX_REASON} 个字。", status=422)
    return reason


def _after_change(plan: SeatPlan, actor, reason: str) -> None:
    """A published plan's change is a new published version, the old one kept."""
    if plan.published:
        plan.version += 1
        plan.published_at = timezone.now()
        plan.save(update_fields=["version", "published_at"])
        _snapshot(plan, actor, reason)


def _snapshot(plan: SeatPlan, actor, reason: str) -> None:
    PlanVersion.objects.create(
        plan=plan,
        version=plan.version,
        seats={
            str(seat): [person, category]
            for seat, person, category in plan.assignments.values_list(
                "seat_id", "person_id", "category"
            )
        },
        reason=reason,
        published_by=actor if actor is not None and actor.is_authenticated else None,
    )


def move(plan: SeatPlan, person_id: int, seat_id: int, actor, reason: str = "") -> SeatPlan:
    """Put a person on a seat; whoever sits there takes the person's old seat (a swap)."""
    _secretariat(actor)
    with transaction.atomic():
        plan = _locked_plan(plan)
        reason = _reason(plan, reason)
        rows = list(plan.assignments.select_related("person", "seat"))
        current = {a.seat_id: a.person_id for a in rows}
        places = {p.id: p for p in _places(plan.hall)}
        people = {a.person_id: rules.Sitter(a.person_id, a.person.name, a.category) for a in rows}
        if person_id not in people:
            name = Person.objects.filter(pk=person_id).values_list("name", flat=True).first()
            raise ActionError(
                "not_in_plan",
                f"{name or f'人员（编号 {person_id}）'} 不在本次会议的座次表中。",
                status=422,
            )
        locked = {a.seat_id for a in rows if a.locked}
        try:
            after = rules.move(current, person_id, seat_id, locked, places, people)
        except rules.SeatingError as e:
            raise SeatingRefused(e) from None
        changed = {s: p for s, p in after.items() if current.get(s) != p}
        by_person = {a.person_id: a for a in rows}
        _reassign(plan, {by_person[p].pk: s for s, p in changed.items()})
        moves = [
            {"person": p, "name": people[p].name, "to": places[s].label,
             "from": places[next(k for k, v in current.items() if v == p)].label
             if p in current.values() else None}
            for s, p in changed.items()
        ]  # fmt: skip
        _after_change(plan, actor, reason)
        record(
            "halls.seat_moved",
            plan,
            actor=actor,
            data={
                "meeting": plan.meeting_id,
                "moves": moves,
                "reason": reason,
                "after_publishing": plan.published,
                "version": plan.version,
            },
        )
    live.meeting_changed(plan.meeting_id)
    return plan


def _reassign(plan: SeatPlan, seats_by_assignment: dict[int, int]) -> None:
    """Give assignments new seats without ever holding one seat twice: the moving rows are
    taken out and put back in one transaction."""
    moving = list(SeatAssignment.objects.filter(pk__in=list(seats_by_assignment)))
    SeatAssignment.objects.filter(pk__in=list(seats_by_assignment)).delete()
    for a in moving:
        a.seat_id = seats_by_assignment[a.pk]
    SeatAssignment.objects.bulk_create(moving)


def set_locked(plan: SeatPlan, seat_id: int, locked: bool, actor, reason: str = "") -> SeatPlan:
    _secretariat(actor)
    with transaction.atomic():
        plan = _locked_plan(plan)
        reason = _reason(plan, reason)
        a = plan.assignments.select_related("seat", "person").filter(seat_id=seat_id).first()
        if a is None:
            seat = Seat.objects.filter(pk=seat_id, hall=plan.hall).first()
            if seat is None:
                raise ActionError("no_such_seat", f"座位（编号 {seat_id}）不在本会场。", status=422)
            raise ActionError("seat_empty", f"{seat.label} 无人就座，无需锁定。", status=409)
        if a.locked == locked:
            return plan
        a.locked = locked
        a.save(update_fields=["locked"])
        _after_change(plan, actor, reason)
        record(
            "halls.seat_locked" if locked else "halls.seat_unlocked",
            plan,
            actor=actor,
            data={
                "meeting": plan.meeting_id,
                "seat": a.seat.label,
                "person": a.person_id,
                "name": a.person.name,
                "reason": reason,
                "after_publishing": plan.published,
                "version": plan.version,
            },
        )
    live.meeting_changed(plan.meeting_id)
    return plan


def publish(plan: SeatPlan, actor) -> SeatPlan:
    _secretariat(actor)
    with transaction.atomic():
        plan = _locked_plan(plan)
        if plan.published:
            raise ActionError("already_published", "座次表已经发布。", status=409)
        plan.state = PlanState.PUBLISHED
        plan.published_at = timezone.now()
        plan.save(update_fields=["state", "published_at"])
        _snapshot(plan, actor, "")
        record(
            "halls.plan_published",
            plan,
            actor=actor,
            data={
                "meeting": plan.meeting_id,
                "version": plan.version,
                "seated": plan.assignments.count(),
            },
        )
    live.meeting_changed(plan.meeting_id)
    return plan


def refuse_if_published(hall: Hall) -> None:
    """A hall's drawing may not change under a published plan of a meeting still to come;
    the plans of meetings held are history and keep the seats they used."""
    today = timezone.localdate()
    for plan in SeatPlan.objects.filter(hall=hall, state=PlanState.PUBLISHED).select_related(
        "meeting"
    ):
        if plan.meeting.local_day >= today:
            raise ActionError(
                "hall_in_use",
                f"{plan.meeting}的座次表已发布并使用{hall}，会议结束前不能修改该会场的座位图。",
                status=409,
            )


def refuse_if_seated(hall: Hall, seats) -> None:
    """A hall's block may not go while a seat plan seats someone there."""
    a = (
        SeatAssignment.objects.filter(seat__in=seats)
        .select_related("seat", "person", "plan__meeting")
        .order_by("-plan__state", "seat__y", "seat__x")
        .first()
    )
    if a is not None:
        state = "已发布的" if a.plan.published else ""
        raise ActionError(
            "seat_in_use",
            f"{a.plan.meeting}{state}座次表把{a.person.name}安排在{a.seat.label}，该区域不能删除。",
            status=409,
        )


def published_seats_of(person: Person):
    """The person's seats in published plans, the coming meetings first."""
    return (
        SeatAssignment.objects.filter(person=person, plan__state=PlanState.PUBLISHED)
        .select_related("seat", "plan__meeting", "plan__hall__venue")
        .order_by("plan__meeting__starts_at")
    )
