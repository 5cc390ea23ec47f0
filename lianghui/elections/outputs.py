"""Elections turned into the dicts the API answers and the pages show (the schemas are in
schemas.py)."""

from django.db.models import Count

from lianghui.elections import actions
from lianghui.elections.models import (
    Batch,
    Election,
    ElectionMode,
    ElectionState,
    ElectionVoter,
    FinalBallot,
    KeyedBallot,
    OfficerRole,
)
from lianghui.people.access import person_of
from lianghui.presidium.models import Decision
from lianghui.sessions.access import can_chair

VERDICT_LABELS = {
    "elected": "当选",
    "revote": "票数相等，须再次投票",
    "outranked": "得票较少，未当选",
    "failed": "未当选",
    # A preliminary's (预选) tallies: on the list, tied at the last place, or not on it.
    "listed": "列入正式候选人名单",
    "tied": "票数相等，须再次预选",
    "not_listed": "未列入正式候选人名单",
}


def batch_rows(election: Election) -> list[dict]:
    """Each batch with who keyed which entry, and how many ballots are final."""
    keyed: dict[int, dict[int, str]] = {}
    rows = (
        KeyedBallot.objects.filter(batch__election=election)
        .order_by()
        .values_list("batch_id", "entry", "clerk__person__name")
        .distinct()
    )
    for batch_id, entry, clerk in rows:
        keyed.setdefault(batch_id, {})[entry] = clerk
    final = dict(
        FinalBallot.objects.filter(batch__election=election)
        .order_by()
        .values("batch_id")
        .annotate(n=Count("id"))
        .values_list("batch_id", "n")
    )
    out = []
    for batch in Batch.objects.filter(election=election):
        entries = keyed.get(batch.pk, {})
        n_final = final.get(batch.pk, 0)
        out.append(
            {
                "id": batch.pk,
                "number": batch.number,
                "size": batch.size,
                "entries": [{"entry": e, "clerk": c} for e, c in sorted(entries.items())],
                "final": n_final,
                # both entries in: what is not final is a difference waiting for the scrutineers
                "differences": batch.size - n_final if len(entries) == 2 else 0,
                "done": n_final == batch.size,
            }
        )
    return out


ROLE_ORDER = {OfficerRole.CHIEF: 0, OfficerRole.SCRUTINEER: 1, OfficerRole.CLERK: 2}


def officers_in_order(election: Election) -> list:
    """The chief scrutineer, the scrutineers, then the clerks, as the report names them."""
    officers = election.officers.select_related("person")
    return sorted(officers, key=lambda o: (ROLE_ORDER.get(o.role, 9), o.pk))


def nomination_out(n) -> dict:
    return {
        "id": n.pk,
        "person_id": n.person_id,
        "name": n.person.name,
        "by_presidium": n.by_presidium,
        "decision_id": n.decision_id,
        "signers": [{"id": s.pk, "name": s.name} for s in n.signers.all()],
        "withdrawn": n.withdrawn,
        "withdrawn_at": n.withdrawn_at,
        "withdrawn_on_request_of": n.withdrawn_on_request_of,
        "withdrawn_on_request_label": n.get_withdrawn_on_request_of_display(),
        "withdrawn_reason": n.withdrawn_reason,
    }


def election_out(election: Election) -> dict:
    office = election.office
    nominations = list(election.nominations.select_related("person").prefetch_related("signers"))
    return {
        "id": election.pk,
        "meeting_id": election.meeting_id,
        "title": str(election),
        "office": {
            "id": office.pk,
            "title": office.title,
            "code": office.code,
            "delegate_only": office.delegate_only,
            "kind": office.kind,
            "kind_label": office.get_kind_display(),
            "needs_approval": office.needs_approval,
        },
        "seats": election.seats,
        "by_election": election.by_election,
        "contested": election.contested,
        "surplus": election.surplus,
        "write_in_only_beside_no": election.write_in_only_beside_no,
        "mode": election.mode,
        "mode_label": election.get_mode_display(),
        "state": election.state,
        "state_label": election.get_state_display(),
        "round_kind": election.round_kind,
        "round_label": election.get_round_kind_display(),
        "previous_id": election.previous_id,
        "new_term": election.new_term,
        "slate_decision": election.slate_decision,
        "candidates_decision_id": election.candidates_decision_id,
        "preliminary": actions.preliminary_outcome(election),
        "validity_decision_id": election.validity_decision_id,
        "nominations": [nomination_out(n) for n in nominations if not n.withdrawn],
        "withdrawn_nominations": [nomination_out(n) for n in nominations if n.withdrawn],
        "candidates": [
            {"order": c.order, "person_id": c.person_id, "name": c.person.name}
            for c in election.candidates.select_related("person")
        ],
        "officers": [
            {
                "id": o.pk,
                "person_id": o.person_id,
                "name": o.person.name,
                "role": o.role,
                "role_label": o.get_role_display(),
                "has_account": o.user_id is not None,
            }
            for o in officers_in_order(election)
        ],
        "members_total": election.members_total,
        "entitled": election.entitled,
        "issued": election.issued,
        "returned": election.returned,
        "ballots_signed_by": list(election.ballots_signed_by or []),
        "cast": ElectionVoter.objects.filter(election=election).count()
        if election.mode == ElectionMode.ELECTRONIC and election.opened_at
        else None,
        "encrypted": election.definition is not None,
        "awaiting_trustees": actions.missing_trustees(election),
        "batches": batch_rows(election) if election.mode == ElectionMode.PAPER else [],
        "published_at": election.published_at,
    }


def result_visible(election: Election, user) -> bool:
    """Published: to all who may see the election; counted (or found void): to the chairs."""
    return election.state == ElectionState.PUBLISHED or (
        election.state in (ElectionState.COUNTED, ElectionState.VOID)
        and can_chair(user, election.meeting)
    )


def _display_name(user) -> str | None:
    if user is None:
        return None
    person = person_of(user)
    return person.name if person else (user.get_full_name() or user.username)


def result_out(election: Election) -> dict:
    r = election.result
    names = {t["person"]: t["name"] for t in r["tallies"]}
    return {
        "election_id": election.pk,
        "title": str(election),
        "state": election.state,
        "state_label": election.get_state_display(),
        "valid": r["valid"],
        "seats": r["seats"],
        "members_total": r["members_total"],
        "issued": r["issued"],
        "returned": r["returned"],
        "valid_ballots": r["valid_ballots"],
        "void_ballots": r["void_ballots"],
        "void_reasons": r["void_reasons"],
        "dropped_write_ins": r["dropped_write_ins"],
        "needed": r["needed"],
        "tallies": [
            {
                "person_id": t["person"],
                "name": t["name"],
                "on_slate": t["on_slate"],
                "yes": t["yes"],
                "no": t["no"],
                "abstain": t["abstain"],
                "verdict": t["verdict"],
                "verdict_label": VERDICT_LABELS.get(t["verdict"], t["verdict"]),
                "sentence": t["sentence"],
            }
            for t in r["tallies"]
        ],
        "elected": [{"id": p, "name": names.get(p, str(p))} for p in r["elected"]],
        "revote": [{"id": p, "name": names.get(p, str(p))} for p in r["revote"]],
        "revote_seats": r["revote_seats"],
        "unfilled": r["unfilled"],
        "sentences": r["sentences"],
        "officers": [
            {"role": o.role, "role_label": o.get_role_display(), "name": o.person.name}
            for o in officers_in_order(election)
        ],
        "ballots_signed_by": list(election.ballots_signed_by or []),
        "declared_by": _display_name(election.declared_by),
        "published_at": election.published_at,
        "presidium_decisions": presidium_decisions(election),
    }


def presidium_decisions(election: Election) -> list[dict]:
    """The presidium's decisions the election cites, in the order they were taken."""
    ids = {n.decision_id for n in election.nominations.all() if n.decision_id}
    ids |= {election.candidates_decision_id, election.validity_decision_id} - {None}
    return [
        {
            "id": d.pk,
            "subject": d.subject,
            "subject_label": d.get_subject_display(),
            "text": d.text,
            "meeting": d.meeting.title,
            "outcome": d.outcome,
        }
        for d in Decision.objects.filter(pk__in=ids).select_related("meeting").order_by("pk")
    ]
