"""Who belongs to a meeting: the members whose presence counts towards its quorum."""

from lianghui.people.models import VOTING_ROLES, Membership, OrgKind, Role
from lianghui.sessions.models import Meeting, MeetingKind

GROUP_ROLES = (Role.GROUP_MEMBER, Role.CONVENER, Role.DEPUTY_CONVENER)
# The groups a member of the body sits with: delegations (a congress) or sectors (a CPPCC);
# within one, its head or convener first, then the deputies, then everyone else.
GROUP_KINDS = (OrgKind.DELEGATION, OrgKind.SECTOR)
LEADER_RANKS = {Role.HEAD: 0, Role.CONVENER: 0, Role.DEPUTY_HEAD: 1, Role.DEPUTY_CONVENER: 1}

# A presidium meeting is a meeting of the session's presidium (主席团) and a chairs' meeting
# one of the CPPCC's 主席会议: their members are that body's, not the congress's.
BODY_MEETINGS = {MeetingKind.PRESIDIUM: OrgKind.PRESIDIUM, MeetingKind.CHAIRS: OrgKind.CHAIRS}


def member_memberships(meeting: Meeting):
    """Memberships in office on the meeting's day that make a person a member of it.

    A plenary (or preparatory) meeting belongs to the whole body: its delegates or members
    in office (LOL 14 counts "all delegates"). A group deliberation belongs to its delegation
    or sector group. A presidium meeting belongs to the presidium, whose members serve for
    the session (their memberships are dated to it), and a chairs' meeting to the 主席会议:
    their quorum and "all members" (沪议事规则 13) are that body's.
    """
    day = meeting.local_day
    if meeting.kind == MeetingKind.GROUP:
        return Membership.objects.active_on(day).filter(
            organisation_id=meeting.group_id, role__in=GROUP_ROLES
        )
    if meeting.kind in BODY_MEETINGS:
        return Membership.objects.active_on(day).filter(
            organisation__kind=BODY_MEETINGS[meeting.kind],
            organisation__parent_id=meeting.session.term.body_id,
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


def member_group_places(meeting: Meeting, members) -> dict[int, tuple[str, int, int]]:
    """person id -> (delegation or sector name, its order, leader rank) for a plenary."""
    day = meeting.local_day
    groups: dict[int, tuple[str, int, int]] = {}
    if meeting.group_id is None:
        for m in (
            Membership.objects.active_on(day)
            .filter(
                organisation__parent_id=meeting.session.term.body_id,
                organisation__kind__in=GROUP_KINDS,
                person_id__in=members,
            )
            .select_related("organisation")
            .order_by("organisation__order", "organisation__name")
        ):
            o = m.organisation
            rank = LEADER_RANKS.get(m.role, 9)
            if m.person_id not in groups or rank < groups[m.person_id][2]:
                groups[m.person_id] = (o.short_name or o.name, o.order, rank)
    return groups


def member_groups(meeting: Meeting) -> dict[int, str]:
    """person id -> the name of their delegation or sector (empty for a group meeting)."""
    members = member_memberships(meeting).values_list("person_id", flat=True)
    return {pid: g[0] for pid, g in member_group_places(meeting, list(members)).items()}
