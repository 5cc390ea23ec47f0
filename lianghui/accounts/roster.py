"""Who gets a slip for a session, how each is labelled on it, and what their slip says now.

Reads only; the writes are in actions.py. Every function here costs a fixed number of queries,
whatever the roster's size.
"""

from dataclasses import dataclass
from datetime import datetime

from django.contrib.auth import get_user_model
from django.db.models import Q

from lianghui.accounts.models import SignInSlip
from lianghui.people.access import SECRETARIAT_GROUP
from lianghui.people.models import Membership, OrgKind, Person
from lianghui.sessions.models import Session

GROUP_KINDS = (OrgKind.DELEGATION, OrgKind.SECTOR)


def member_ids(session: Session) -> set[int]:
    """The delegates or members in office on the session's opening day (LOL 14's "all")."""
    return set(
        Membership.objects.voting_in(session.term.body_id, session.start_date).values_list(
            "person_id", flat=True
        )
    )


def groups_of(session: Session, person_ids) -> dict[int, str]:
    """Each person's delegation (代表团) or sector (界别) in the session's body."""
    rows = (
        Membership.objects.active_on(session.start_date)
        .filter(
            person_id__in=person_ids,
            organisation__parent_id=session.term.body_id,
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
        Q(is_staff=True) | Q(is_superuser=True) | Q(groups__name=SECRETARIAT_GROUP)
    )
    return set(users.values_list("pk", flat=True))


@dataclass
class Row:
    person: Person
    group: str
    slip: SignInSlip | None
    state: str  # a rules.SlipState value, or "" when never issued
    last_login: datetime | None


def rows(session: Session, now: datetime, organisation_id: int | None = None) -> list[Row]:
    """Everyone in the session's roster with their latest slip and last sign-in, in pinyin
    order (or only those in one delegation or sector)."""
    ids = member_ids(session)
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
    groups = groups_of(session, ids)
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
