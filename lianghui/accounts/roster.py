"""Who gets a slip for a session or a term, how each is labelled on it, and what their slip
says now.

Reads only; the writes are in actions.py. Every function here costs a fixed number of queries,
whatever the roster's size.
"""

from dataclasses import dataclass
from datetime import date, datetime

from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils import timezone

from lianghui.accounts.models import SignInSlip
from lianghui.people.access import SECRETARIAT_GROUP
from lianghui.people.models import Membership, Person
from lianghui.sessions.models import Session, Term
from lianghui.sessions.roster import GROUP_KINDS


@dataclass(frozen=True)
class Scope:
    """Whose slips: the delegates or members of `body_id` in office on `day`."""

    body_id: int
    day: date
    title: str  # printed at the top of each slip
    session: Session | None  # stored on each slip; None for a term's slips
    subject: Session | Term  # what the audit event is about


def scope_of(owner: Session | Term, today: date | None = None) -> Scope:
    """A session: its roster on its opening day (LOL 14's "all delegates"). A term: those
    in office today, or on the term's first or last day when today is outside it."""
    if isinstance(owner, Session):
        return Scope(owner.term.body_id, owner.start_date, owner.title, owner, owner)
    day = max(today or timezone.localdate(), owner.start)
    if owner.end is not None:
        day = min(day, owner.end)
    return Scope(owner.body_id, day, str(owner), None, owner)


def member_ids(owner: Session | Term | Scope) -> set[int]:
    scope = owner if isinstance(owner, Scope) else scope_of(owner)
    return set(
        Membership.objects.voting_in(scope.body_id, scope.day).values_list("person_id", flat=True)
    )


def groups_of(owner: Session | Term | Scope, person_ids) -> dict[int, str]:
    """Each person's delegation (代表团) or sector (界别) in the body."""
    scope = owner if isinstance(owner, Scope) else scope_of(owner)
    rows = (
        Membership.objects.active_on(scope.day)
        .filter(
            person_id__in=person_ids,
            organisation__parent_id=scope.body_id,
            organisation__kind__in=GROUP_KINDS,
        )
        .order_by("organisation__order", "organisation__name")
        .values_list("person_id", "organisation__name")
    )
    groups: dict[int, str] = {}
    for person_id, name in rows:
        groups.setdefault(person_id, name)
    return groups


def privileged_user_ids() -> set[int]:
    """Accounts that a printed slip must never sign in: staff, superusers, the secretariat.
    A slip is a bearer credential; one lost on a desk must not open the secretariat's pages."""
    users = get_user_model().objects.filter(
        Q(is_staff=True)
        | Q(is_superuser=True)
        | Q(groups__name=SECRETARIAT_GROUP)
        | Q(secretariat_seats__isnull=False)
    )
    return set(users.values_list("pk", flat=True))


@dataclass
class Row:
    person: Person
    group: str
    slip: SignInSlip | None
    state: str  # a rules.SlipState value, or "" when never issued
    last_login: datetime | None


def rows(owner: Session | Term, now: datetime, organisation_id: int | None = None) -> list[Row]:
    """Everyone in the roster with their latest slip and last sign-in, in pinyin order (or
    only those in one delegation or sector)."""
    scope = scope_of(owner)
    ids = member_ids(scope)
    if organisation_id is not None:
        ids &= set(
            Membership.objects.filter(organisation_id=organisation_id).values_list(
                "person_id", flat=True
            )
        )
    people = list(
        Person.objects.filter(pk__in=ids).select_related("user").order_by("pinyin", "name", "id")
    )
    latest: dict[int, SignInSlip] = {}
    for slip in SignInSlip.objects.filter(person_id__in=ids).order_by("issued_at", "id"):
        latest[slip.person_id] = slip
    groups = groups_of(scope, ids)
    return [
        Row(
            person=p,
            group=groups.get(p.pk, ""),
            slip=latest.get(p.pk),
            state=latest[p.pk].state(now) if p.pk in latest else "",
            last_login=p.user.last_login if p.user else None,
        )
        for p in people
    ]
