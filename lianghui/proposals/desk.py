"""The secretariat's desk: what waits for it, for the desk page and the API alike.

- to review: suggestions and proposals submitted, motions submitted or back from a committee;
- to assign: filings registered and not yet given to units;
- requests: units' requests to reassign (沪建议规定 14) and for more time (沪建议规定 19),
  pending (an extension is granted with actions.extend, or refused);
- overdue: replies, co-handlers' opinions and ratings past their deadline (due.overdue);
- awaiting the filer's rating: replies not yet rated (due.open_duties);
- and how many filings are in each state (labels from the stored workflow).
"""

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count

from lianghui.proposals import due, stored_workflow
from lianghui.proposals.models import (
    ExtensionRequest,
    ExtensionState,
    Filing,
    Kind,
    ReassignRequest,
    RequestState,
)

# The desk's piles, by the state a filing waits in (codes of the stored table).
TO_REVIEW = ("submitted", "committee_reported")
TO_ASSIGN = ("registered",)


def pile(states):
    """The filings waiting in these states, oldest first."""
    return Filing.objects.filter(state__in=states).order_by("submitted_at", "id")


def reassign_requests():
    return ReassignRequest.objects.filter(state=RequestState.PENDING).order_by("requested_at")


def extension_requests():
    """Pending requests for more time whose assignment is still being handled."""
    return ExtensionRequest.objects.filter(
        state=ExtensionState.PENDING,
        assignment__active=True,
        assignment__filing__state__in=due.HANDLING,
    ).order_by("requested_at", "id")


@dataclass(frozen=True)
class StateCount:
    kind: str
    kind_label: str
    state: str
    state_label: str
    count: int


@dataclass
class Desk:
    today: date
    to_review: int
    to_assign: int
    reassign_requests: int
    extension_requests: int
    overdue: list[due.Due]
    awaiting_rating: list[due.Due]
    states: list[StateCount] = field(default_factory=list)


def state_counts() -> list[StateCount]:
    labels = stored_workflow.state_labels()
    return [
        StateCount(
            row["kind"],
            str(Kind(row["kind"]).label),
            row["state"],
            labels.get((row["kind"], row["state"]), row["state"]),
            row["n"],
        )
        for row in Filing.objects.values("kind", "state")
        .annotate(n=Count("id"))
        .order_by("kind", "state")
    ]


def desk(today: date) -> Desk:
    duties = due.open_duties(today)
    return Desk(
        today=today,
        to_review=pile(TO_REVIEW).count(),
        to_assign=pile(TO_ASSIGN).count(),
        reassign_requests=reassign_requests().count(),
        extension_requests=extension_requests().count(),
        overdue=[d for d in duties if d.due < today],
        awaiting_rating=[d for d in duties if d.what == "rating"],
        states=state_counts(),
    )
