"""The gates for an election and its ballot batches: visible where the meeting is, else 404.

The counting room (keying, differences) is not public: only the election's counting officers
and the chairs get past batch_for; the actions still decide who may key and who may resolve.
"""

from django.db.models import Q

from lianghui.elections.models import Batch, Election, Nomination, OfficerRole
from lianghui.errors import NotFound, row_or_404
from lianghui.people.access import person_of
from lianghui.sessions.access import can_chair, visible_row

SCRUTINEER_ROLES = (OfficerRole.CHIEF, OfficerRole.SCRUTINEER)


def election_for(user, pk: int) -> Election:
    rows = Election.objects.select_related("office", "meeting__session__term__body", "previous")
    return visible_row(user, rows, pk, "未找到该选举，或您无权查看。")


def nomination_for(user, pk: int) -> Nomination:
    """A nomination, where its election is visible (the actions decide who may change it)."""
    nomination = row_or_404(Nomination.objects, pk, "未找到该提名，或您无权查看。")
    nomination.election = election_for(user, nomination.election_id)
    return nomination


def officer_roles(user, election: Election) -> set[str]:
    """The user's roles among the election's counting officers (a clerk by the keying
    account, a scrutineer as a person)."""
    if user is None or not user.is_authenticated:
        return set()
    person = person_of(user)
    match = Q(user=user) | Q(person=person) if person else Q(user=user)
    return set(election.officers.filter(match).values_list("role", flat=True))


def is_clerk(user, election: Election) -> bool:
    # As the action checks it: a clerk keys with the account named at appointment.
    return (
        user is not None
        and user.is_authenticated
        and election.officers.filter(role=OfficerRole.CLERK, user=user).exists()
    )


def is_scrutineer(user, election: Election) -> bool:
    return bool(officer_roles(user, election) & set(SCRUTINEER_ROLES))


def batch_for(user, pk: int) -> Batch:
    """A batch of paper ballots, for the counting officers and the chairs only."""
    batch = row_or_404(Batch.objects, pk, "未找到该批选票，或您无权查看。")
    batch.election = election = election_for(user, batch.election_id)
    if not (officer_roles(user, election) or can_chair(user, election.meeting)):
        raise NotFound("未找到该批选票，或您无权查看。")
    return batch
