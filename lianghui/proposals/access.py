"""Who sees a filing and which roles they hold on it. One gate per object: outsiders get 404.

- Filers see their own filings and those they co-signed (or were asked to co-sign).
- Handling-unit staff (a Membership with role staff, head or deputy head in an Organisation of
  kind "unit") see only what is assigned to their unit now.
- The secretariat sees all; the presidium sees its body's motions, a special committee the
  motions referred to it; an overseeing leader sees the key filings they oversee.
- The public sees published filings only (and on them only the replies marked public).

After a merge (并案, actions.review.merge) every filer of the merged filing is kept on the
one it joined, and sees it: people copied as filers, organisations through the merged
filing. Who acts on it does not change: the joined filing's own lead filer (a person, or
the officers of the organisation that filed it) rates the replies and closes it. The units
answer that filing as filed, a reply is rated once (沪建议规定 21), and two leads could
disagree on one reply; merged filers read the replies (each is answered, 沪建议规定 20)
and take any objection to the secretariat. People merged into a people's filing also sign
it (they count for a joint withdrawal, 沪建议规定 10); people merged into an
organisation's filing, and organisations merged into any filing, only read it: they did
not file it and may not withdraw it for its filer.
"""

from django.db.models import Q
from django.utils import timezone

from lianghui.errors import NotFound, row_or_404
from lianghui.people.access import is_secretariat, person_of, secretariat_body_ids
from lianghui.people.models import BODY_KINDS, Membership, Organisation, OrgKind, Role
from lianghui.proposals import default_workflow as wf
from lianghui.proposals import rules
from lianghui.proposals.models import (
    Assignment,
    Attachment,
    DecisionKind,
    ExtensionRequest,
    Filer,
    Filing,
    HandlingRole,
    Kind,
    ProposalSettings,
    ReassignRequest,
    Reply,
    Signature,
)

UNIT_ROLES = (Role.STAFF, Role.HEAD, Role.DEPUTY_HEAD)
# Who acts for an organisation that files (a government, a sector, a party…).
ORG_FILING_ROLES = (
    Role.STAFF,
    Role.HEAD,
    Role.DEPUTY_HEAD,
    Role.CHAIR,
    Role.VICE_CHAIR,
    Role.COMMITTEE_CHAIR,
    Role.CONVENER,
    Role.DEPUTY_CONVENER,
    Role.SECRETARY_GENERAL,
)
PUBLIC = "public"
READER = "reader"  # sees the filing, may do nothing on it


def _memberships(user):
    person = person_of(user)
    if person is None:
        return Membership.objects.none()
    return Membership.objects.active_on(timezone.localdate()).filter(person=person)


def unit_ids(user) -> set[int]:
    """The handling units whose staff the user is today (cached on the user object)."""
    cached = getattr(user, "_lianghui_units", None)
    if cached is None:
        cached = set(
            _memberships(user)
            .filter(organisation__kind=OrgKind.HANDLING_UNIT, role__in=UNIT_ROLES)
            .values_list("organisation_id", flat=True)
        )
        if user is not None and user.is_authenticated:
            user._lianghui_units = cached
    return cached


def org_ids(user, roles=ORG_FILING_ROLES) -> set[int]:
    return set(_memberships(user).filter(role__in=roles).values_list("organisation_id", flat=True))


def files_for_an_organisation(user) -> bool:
    """An officer of an organisation that may file (a party, a sector, the government, …)."""
    orgs = org_ids(user)
    kinds = {k for each in rules.FILER_ORG_KINDS.values() for k in each}
    return bool(orgs) and Organisation.objects.filter(pk__in=orgs, kind__in=kinds).exists()


def is_presidium(user, body_id: int) -> bool:
    """The secretariat enters the presidium's decisions; members of the presidium may too."""
    if is_secretariat(user, body_id):
        return True
    return (
        _memberships(user)
        .filter(organisation__kind=OrgKind.PRESIDIUM, organisation__parent_id=body_id)
        .exists()
    )


def is_unit_staff(user, unit_id: int) -> bool:
    return unit_id in unit_ids(user)


def referred_committee_id(filing: Filing) -> int | None:
    last = (
        filing.decisions.filter(kind__in=[DecisionKind.REFER, DecisionKind.STUDY])
        .order_by("-decided_at", "-id")
        .values_list("committee_id", flat=True)
        .first()
    )
    return last


def roles_of(user, filing: Filing, assignment: Assignment | None = None) -> set[str]:
    """The roles (default_workflow.py) the user holds on this filing. With an assignment, the
    unit roles are those on that assignment only."""
    roles: set[str] = set()
    if is_secretariat(user, filing.body_id):
        roles.add(wf.SECRETARIAT)
        if filing.kind == Kind.MOTION:
            roles |= {wf.PRESIDIUM, wf.COMMITTEE}
    person = person_of(user)
    if person is not None:
        roles |= _person_roles(user, filing, person, roles)
    roles |= _unit_roles(user, filing, assignment)
    if filing.public and filing.state != wf.INITIAL:
        roles.add(PUBLIC)
    return roles


def _person_roles(user, filing: Filing, person, held: set[str]) -> set[str]:
    """The roles a person holds on the filing as a filer, a member of the organisation that
    filed, the presidium or a committee (for a motion), its key leader or a filer of one
    merged into it; `held`: the roles already found (the secretariat's)."""
    roles: set[str] = set()
    if filing.by_people:
        signer = Filer.objects.filter(filing=filing, person=person).first()
        if signer is not None and signer.signature == Signature.CONFIRMED:
            roles.add(wf.SIGNER)
            if signer.lead:
                roles.add(wf.LEAD)
        elif signer is not None and signer.signature == Signature.PENDING:
            roles.add(wf.COSIGNER)
    else:
        if filing.organisation_id and filing.organisation_id in org_ids(user):
            roles |= {wf.LEAD, wf.SIGNER}
        if _merged_in_filer(filing, person):
            roles.add(READER)
    # The presidium and the committees see motions once filed, not the filers' drafts.
    if (
        filing.kind == Kind.MOTION
        and wf.PRESIDIUM not in held | roles
        and filing.state != wf.INITIAL
    ):
        if is_presidium(user, filing.body_id):
            roles.add(wf.PRESIDIUM)
        committee = referred_committee_id(filing)
        if committee and committee in org_ids(user, list(Role)):
            roles.add(wf.COMMITTEE)
    if filing.key_leader_id == person.pk:
        roles.add(READER)
    if _filed_a_merged_one(user, filing):
        roles.add(READER)
    return roles


def _unit_roles(user, filing: Filing, assignment: Assignment | None) -> set[str]:
    units = unit_ids(user)
    if not units:
        return set()
    if assignment is not None:
        if not assignment.active or assignment.unit_id not in units:
            return set()
        rows = [assignment.role]
    else:
        rows = Assignment.objects.filter(filing=filing, active=True, unit_id__in=units)
        rows = list(rows.values_list("role", flat=True))
    roles = set()
    for role in rows:
        roles.add(wf.CO_UNIT if role == HandlingRole.CO else wf.LEAD_UNIT)
    return roles


def _merged_in_filer(filing: Filing, person) -> bool:
    """A person copied onto an organisation's filing by a merge (review.merge keeps every
    filer). An organisation's filing has no signers of its own, so any filer row on it
    came from a merged filing."""
    return Filer.objects.filter(
        filing=filing, person=person, signature__in=[Signature.PENDING, Signature.CONFIRMED]
    ).exists()


def _filed_a_merged_one(user, filing: Filing) -> bool:
    """Organisation filers of a filing merged into this one (people were copied as filers)."""
    if not filing.merged.exists():
        return False
    mine = org_ids(user)
    return bool(mine) and filing.merged.filter(organisation_id__in=mine).exists()


def can_see(user, filing: Filing) -> bool:
    return bool(roles_of(user, filing))


def visible_q(user) -> Q | None:
    """The filings the user may see, as a filter; None means all of them (the secretariat)."""
    if is_secretariat(user):
        return None
    q = Q(public=True) & ~Q(state=wf.INITIAL)
    seats = secretariat_body_ids(user)
    if seats:  # a one-body secretariat: all of its body's filings
        q |= Q(body_id__in=seats)
    person = person_of(user)
    if person is not None:
        q |= Q(
            filers__person=person,
            filers__signature__in=[Signature.PENDING, Signature.CONFIRMED],
        )
        q |= Q(key_leader=person)
        orgs = org_ids(user)
        if orgs:
            q |= Q(organisation_id__in=orgs)
            q |= Q(merged__organisation_id__in=orgs)
        presidia = _memberships(user).filter(organisation__kind=OrgKind.PRESIDIUM)
        bodies = list(presidia.values_list("organisation__parent_id", flat=True))
        if bodies:
            q |= Q(kind=Kind.MOTION, body_id__in=bodies) & ~Q(state=wf.INITIAL)
        committees = org_ids(user, list(Role))
        if committees:
            q |= Q(
                kind=Kind.MOTION,
                decisions__kind__in=[DecisionKind.REFER, DecisionKind.STUDY],
                decisions__committee_id__in=committees,
            )
    units = unit_ids(user)
    if units:
        q |= Q(assignments__unit_id__in=units, assignments__active=True)
    return q


def visible_filings(user):
    """A queryset of the filings the user may see (for lists, search and statistics)."""
    q = visible_q(user)
    qs = Filing.objects.all()
    if q is None:
        return qs
    return qs.filter(pk__in=Filing.objects.filter(q).values("pk"))


def body_for(pk: int) -> Organisation:
    """A congress or a CPPCC committee (the bodies filings are filed to), else the 404."""
    bodies = Organisation.objects.filter(kind__in=BODY_KINDS)
    return row_or_404(bodies, pk, "未找到该人民代表大会或政协委员会。")


def filing_for(user, pk: int) -> Filing:
    filing = Filing.objects.select_related("body", "session", "organisation").filter(pk=pk).first()
    if filing is None or not can_see(user, filing):
        raise NotFound("未找到该件，或您无权查看。")
    return filing


def assignment_for(user, pk: int) -> Assignment:
    """An assignment, to the secretariat or the staff of the unit it is assigned to. Another
    unit's staff get 404, even a unit handling the same filing (a co-handler does not act on
    the lead's assignment)."""
    assignment = Assignment.objects.select_related("filing", "unit").filter(pk=pk).first()
    if (
        assignment is None
        or not (
            is_secretariat(user, assignment.filing.body_id) or assignment.unit_id in unit_ids(user)
        )
        or not can_see(user, assignment.filing)
    ):
        raise NotFound("未找到该交办记录，或您无权查看。")
    return assignment


def _request_for(model, user, pk: int, message: str):
    """A unit's request on an assignment, to whoever may act on that assignment
    (assignment_for); the assignment it gives is kept on the request."""
    row = row_or_404(model.objects, pk, message)
    row.assignment = assignment_for(user, row.assignment_id)
    return row


def reassign_request_for(user, pk: int) -> ReassignRequest:
    """A unit's request to be relieved of an assignment (退回改办)."""
    return _request_for(ReassignRequest, user, pk, "未找到该改办申请。")


def extension_request_for(user, pk: int) -> ExtensionRequest:
    """A unit's request for more time to answer (申请延期)."""
    return _request_for(ExtensionRequest, user, pk, "未找到该延期申请。")


def visible_replies(user, filing: Filing):
    """All replies for those who may act on the filing; the public gets the public ones."""
    roles = roles_of(user, filing)
    replies = Reply.objects.filter(filing=filing).select_related("unit")
    if roles - {PUBLIC}:
        return replies
    return replies.filter(public=True)


def reply_for(user, pk: int) -> Reply:
    reply = Reply.objects.select_related("filing", "assignment", "unit").filter(pk=pk).first()
    if reply is None or not visible_replies(user, reply.filing).filter(pk=pk).exists():
        raise NotFound("未找到该答复，或您无权查看。")
    return reply


def attachment_for(user, pk: int) -> Attachment:
    """A document, to whoever may see the filing (and, for a reply's, that reply)."""
    row = row_or_404(Attachment.objects, pk, "未找到该附件，或您无权查看。")
    filing_for(user, row.filing_id)
    if row.reply_id:
        reply_for(user, row.reply_id)
    return row


def filing_organisations(user, body, kind: str) -> list[tuple[rules.FilerType, list]]:
    """The organisations this user may file this kind in the name of, to this body, grouped
    by filer type: the secretariat all of them, an officer only their own."""
    own = None if is_secretariat(user, body.pk) else org_ids(user)
    setting = ProposalSettings.for_body(body.pk).delegations_may_file_motions
    groups = []
    for filer_type in rules.organisation_filer_types(kind, setting):
        orgs = Organisation.objects.filter(kind__in=rules.FILER_ORG_KINDS[filer_type])
        if filer_type in rules.FILER_ORG_IN_BODY:
            orgs = orgs.filter(parent=body)
        if own is not None:
            orgs = orgs.filter(pk__in=own)
        orgs = list(orgs.order_by("order", "name"))
        if orgs:
            groups.append((filer_type, orgs))
    return groups
