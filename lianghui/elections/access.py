"""The gates for an election and its ballot batches: visible where the meeting is, else 404.

The counting room (keying, differences) is not public: only the election's counting officers
and the chairs get past batch_for; the actions still decide who may key and who may resolve.
"""

from django.db.models import Q

from lianghui.elections.models import Batch, Election, Nomination, OfficerRole
from lianghui.errors import NotFound
from lianghui.people.access import person_of
from lianghui.sessions.access import can_chair, can_see_session

SCRUTINEER_ROLES = (OfficerRole.CHIEF, OfficerRole.SCRUTINEER)


def election_for(user, pk: int) -> Election:
    election = (
        Election.objects.select_related("office", "meeting__session__term__body", "previous")
        .filter(pk=pk)
        .first()
    )
    if election is None or not can_see_session(user, election.meeting.session):
        raise NotFound("未找到该选举，或您无权查看。")
    return election


def nomination_for(user, pk: int) -> Nomination:
    """A nomination, where its election is visible (the actions decide who may change it)."""
    nomination = Nomination.objects.filter(pk=pk).first()
    if nomination is None:
        raise NotFound("未找到该提名，或您无权查看。")
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
    batch = Batch.objects.filter(pk=pk).first()
    if batch is None:
        raise NotFound("未找到该批选票，或您无权查看。")
    batch.election = election = election_for(user, batch.election_id)
    if not (officer_roles(user, election) or can_chair(user, election.meeting)):
        raise NotFound("未找到该批选票，或您无权查看。")
    return batch
