"""Who belongs to a meeting: the members whose presence counts towards its quorum."""

from lianghui.people.models import VOTING_ROLES, Membership, Role
from lianghui.sessions.models import Meeting, MeetingKind

GROUP_ROLES = (Role.GROUP_MEMBER, Role.CONVENER, Role.DEPUTY_CONVENER)


def member_memberships(meeting: Meeting):
    """Memberships in office on the meeting's day that make a person a member of it.

    A plenary (or preparatory, presidium-independent) meeting belongs to the whole body:
    its delegates or members in office (LOL 14 counts "all delegates"). A group
    deliberation belongs to its delegation or sector group.
    """
    day = meeting.local_day
    if meeting.kind == MeetingKind.GROUP:
        return Membership.objects.active_on(day).filter(
            organisation_id=meeting.group_id, role__in=GROUP_ROLES
        )
    return Membership.objects.active_on(day).filter(
        organisation_id=meeting.session.term.body_id, role__in=VOTING_ROLES
    )


def member_ids(meeting: Meeting):
    return member_memberships(meeting).values("person_id")


def is_member(meeting: Meeting, person_id: int) -> bool:
    return member_memberships(meeting).filter(person_id=person_id).exists()


def member_count(meeting: Meeting) -> int:
    return member_memberships(meeting).values("person_id").distinct().count()
