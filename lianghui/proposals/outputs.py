"""What the proposals API answers: filings, figures, the overdue list and settings turned into
the dicts of its schemas (schemas.py). Each reader sees only what access.py and
views._common.detail_parts let them see."""

from django.urls import reverse

from lianghui.proposals import due, rules, stats, stored_workflow
from lianghui.proposals.models import (
    ExtensionRequest,
    Filer,
    Filing,
    ProposalSettings,
    ReassignRequest,
    Reply,
)
from lianghui.proposals.schemas import SettingsOut
from lianghui.proposals.views._common import detail_parts, history


def attachment_out(a) -> dict:
    return {
        "id": a.pk,
        "name": a.original_name,
        "content_type": a.content_type,
        "size": a.size,
        "sha256": a.sha256,
        "url": reverse("proposals:attachment", args=[a.pk]),
    }


def filed_by(filing: Filing) -> str:
    leads = getattr(filing, "leads", None)
    if leads is None:
        leads = [f for f in filing.filers.all() if f.lead]
    if leads:
        return leads[0].person.name
    return filing.organisation.name if filing.organisation_id else ""


def filer_out(f: Filer) -> dict:
    return {
        "person_id": f.person_id,
        "name": f.person.name,
        "lead": f.lead,
        "signature": f.signature,
        "signature_label": f.get_signature_display(),
        "on_paper": f.on_paper,
        "confirmed_at": f.confirmed_at,
        "merged_from_id": f.merged_from_id,
    }


def _unit_request_out(r) -> dict:
    """What a unit's request of either kind (models.UnitRequest) answers alike."""
    return {
        "id": r.pk,
        "reason": r.reason,
        "state": r.state,
        "state_label": r.get_state_display(),
        "answer": r.answer,
        "requested_at": r.requested_at,
    }


def reassign_request_out(r: ReassignRequest) -> dict:
    return {**_unit_request_out(r), "suggested_unit_id": r.suggested_unit_id}


def extension_request_out(r: ExtensionRequest) -> dict:
    return {
        **_unit_request_out(r),
        "assignment_id": r.assignment_id,
        "round": r.round,
        "wanted_due": r.wanted_due,
        "decided_at": r.decided_at,
    }


def reply_out(r: Reply, insider: bool = True) -> dict:
    # The reverse one-to-one raises AttributeError when there is no rating; the public
    # never sees ratings.
    rating = getattr(r, "rating", None) if insider else None
    return {
        "id": r.pk,
        "assignment_id": r.assignment_id,
        "unit_id": r.unit_id,
        "unit": r.unit.name,
        "round": r.round,
        "text": r.text,
        "result": r.result,
        "result_label": r.get_result_display(),
        "due": r.due,
        "on_time": r.on_time,
        "replied_on": r.replied_on,
        "public": r.public,
        "attachments": [attachment_out(a) for a in r.attachments.all()],
        "rating": rating_out(rating) if rating else None,
    }


def co_opinion_out(o) -> dict:
    return {
        "id": o.pk,
        "round": o.round,
        "text": o.text,
        "due": o.due,
        "on_time": o.on_time,
        "sent_at": o.sent_at,
    }


def rating_out(r) -> dict:
    return {
        "level": r.level,
        "label": r.get_level_display(),
        "comment": r.comment,
        "rated_on": r.rated_on,
    }


def feedback_out(f) -> dict:
    return {
        "id": f.pk,
        "kind": f.kind,
        "kind_label": f.get_kind_display(),
        "source": f.source,
        "text": f.text,
        "forward_id": f.forward_id,
        "received_on": f.received_on,
    }


def row_out(filing: Filing, labels: dict) -> dict:
    return {
        "id": filing.pk,
        "kind": filing.kind,
        "kind_label": filing.get_kind_display(),
        "body_id": filing.body_id,
        "body": filing.body.name,
        "session_id": filing.session_id,
        "year": filing.year,
        "number": filing.number,
        "number_label": filing.number_label,
        "title": filing.title,
        "subject": filing.subject,
        "filer_type": filing.filer_type,
        "filer_type_label": filing.get_filer_type_display(),
        "filed_by": filed_by(filing),
        "state": filing.state,
        "state_label": labels.get((filing.kind, filing.state), filing.state),
        "key": filing.key,
        "public": filing.public,
        "synthetic": filing.synthetic,
        "submitted_at": filing.submitted_at,
        "closed_at": filing.closed_at,
    }


def assignment_out(a, insider: bool) -> dict:
    """A unit's assignment; its co-opinions and requests only to insiders."""
    return {
        "id": a.pk,
        "unit_id": a.unit_id,
        "unit": a.unit.name,
        "role": a.role,
        "role_label": a.get_role_display(),
        "part": a.part,
        "assigned_on": a.assigned_on,
        "started_on": a.started_on,
        "due": a.due,
        "extended_due": a.extended_due,
        "effective_due": a.effective_due,
        "round": a.round,
        "active": a.active,
        "co_opinions": [co_opinion_out(o) for o in (a.co_opinions.all() if insider else ())],
        "reassign_requests": [
            reassign_request_out(r) for r in (a.reassign_requests.all() if insider else ())
        ],
        "extension_requests": [
            extension_request_out(r) for r in (a.extension_requests.all() if insider else ())
        ],
    }


def decision_out(d) -> dict:
    return {
        "id": d.pk,
        "kind": d.kind,
        "label": d.get_kind_display(),
        "reasons": d.reasons,
        "committee": d.committee.name if d.committee_id else None,
        "recommend_listing": d.recommend_listing,
        "result_id": d.result_id,
        "decided_at": d.decided_at,
    }


def forward_out(f) -> dict:
    return {
        "id": f.pk,
        "recipient": f.recipient,
        "unit_id": f.unit_id,
        "leader_id": f.leader_id,
        "note": f.note,
        "forwarded_on": f.forwarded_on,
    }


def filing_out(filing: Filing, user) -> dict:
    parts = detail_parts(filing, user)
    insider = parts["insider"]
    labels = {(filing.kind, filing.state): stored_workflow.state_label(filing.kind, filing.state)}
    return {
        **row_out(filing, labels),
        "grounds": filing.grounds,
        "solution": filing.solution,
        "text": filing.text,
        "original_text": filing.original_text if insider else "",
        "organisation_id": filing.organisation_id,
        "group": filing.group.name if filing.group_id else None,
        "round": filing.round,
        "difficult": filing.difficult,
        "key_leader": filing.key_leader.name if filing.key_leader_id else None,
        "merged_into_id": filing.merged_into_id,
        "origin_id": filing.origin_id,
        "withdrawal_requested_at": filing.withdrawal_requested_at if insider else None,
        "withdrawal_reason": filing.withdrawal_reason if insider else "",
        "adoption_note": filing.adoption_note,
        "filers": [filer_out(f) for f in parts["filers"]],
        "attachments": [attachment_out(a) for a in parts["attachments"]],
        "assignments": [assignment_out(a, insider) for a in parts["assignments"]],
        "replies": [reply_out(r, insider) for r in parts["replies"]],
        "decisions": [decision_out(d) for d in parts["decisions"]],
        "forwards": [forward_out(f) for f in parts["forwards"]],
        "feedback": [feedback_out(f) for f in parts["feedback"]],
        "actions": [
            {"action": s.action, "label": s.label, "target": s.target}
            for s in stored_workflow.available(user, filing)
        ],
        "history": [
            {k: e[k] for k in ("at", "action", "label", "actor", "change", "note")}
            for e in (history(filing) if insider else ())
        ],
    }


def rate_of(value) -> float | None:
    return None if value is None else round(float(value), 4)


def pivot_out(p: stats.Pivot) -> dict:
    return {
        "title": p.title,
        "kinds": p.kinds,
        "kind_labels": p.kind_labels,
        "rows": [
            {"key": r.key, "label": r.label, "counts": r.counts, "total": r.total} for r in p.rows
        ],
        "totals": p.totals,
        "total": p.total,
    }


COUNTS = ("replies", "on_time", "solved", "planned", "explained", "satisfied", "basic")


def handling_out(h) -> dict:
    """A unit's figures or the sum of them (stats.UnitRow, stats.Handling)."""
    return {
        **{name: getattr(h, name) for name in (*COUNTS, "unsatisfied", "overdue")},
        "lead": h.lead,
        "split": h.split,
        "co": h.co,
        "on_time_rate": rate_of(h.on_time_rate),
        "on_time_percent": h.on_time_percent,
        "satisfaction_rate": rate_of(h.satisfaction_rate),
        "satisfaction_percent": h.satisfaction_percent,
    }


def opinion_row_out(r: stats.OpinionRow) -> dict:
    return {
        "key": r.key,
        "label": r.label,
        "submitted": r.submitted,
        "adopted": r.adopted,
        "forwarded": r.forwarded,
        "instructed": r.instructed,
        "instructions": r.instructions,
        "adoption_rate": rate_of(r.adoption_rate),
    }


def statistics_out(s: stats.Statistics) -> dict:
    labels = stored_workflow.state_labels()
    return {
        "body_id": s.body_id,
        "year": s.year,
        "kind": s.kind,
        "today": s.today,
        "received": s.received,
        "kinds": [
            {
                "kind": f.kind,
                "label": f.label,
                "received": f.received,
                "registered": f.registered,
                "key": f.key,
                "assigned": f.assigned,
                "replied": f.replied,
                "rehandled": f.rehandled,
                "reply_rate": rate_of(f.reply_rate),
                "reply_percent": rules.percent(f.reply_rate),
                "states": [
                    {
                        "kind": f.kind,
                        "kind_label": f.label,
                        "state": code,
                        "state_label": labels.get((f.kind, code), code),
                        "count": n,
                    }
                    for code, n in sorted(f.states.items())
                ],
            }
            for f in (s.figures[k] for k in s.kinds)
        ],
        "by_filer_type": pivot_out(s.by_filer_type),
        "by_group": pivot_out(s.by_group),
        "by_subject": pivot_out(s.by_subject),
        "units": [
            {"unit_id": u.unit_id, "name": u.name, "assigned": u.assigned, **handling_out(u)}
            for u in s.units
        ],
        "handling": {"units": s.handling.units, **handling_out(s.handling)},
        "opinions": {
            "by_sector": [opinion_row_out(r) for r in s.opinions.by_sector],
            "by_member": [opinion_row_out(r) for r in s.opinions.by_member],
            "total": opinion_row_out(s.opinions.total),
        },
    }


def due_out(d: due.Due, today) -> dict:
    f = d.filing
    return {
        "what": d.what,
        "what_label": due.WHAT[d.what],
        "who": d.who,
        "due": d.due,
        "days_overdue": max(0, -rules.days_left(today, d.due)),
        "filing_id": f.pk,
        "kind": f.kind,
        "kind_label": f.get_kind_display(),
        "year": f.year,
        "number_label": f.number_label,
        "title": f.title,
        "unit_id": d.assignment.unit_id if d.assignment else None,
        "assignment_id": d.assignment.pk if d.assignment else None,
        "reply_id": d.reply.pk if d.reply else None,
    }


def settings_out(conf: ProposalSettings) -> dict:
    return {
        "body_id": conf.body_id,
        **{
            name: getattr(conf, name)
            for name in SettingsOut.model_fields
            if name not in ("body_id", "holidays", "workdays")
        },
        "holidays": list(conf.holidays or ()),
        "workdays": list(conf.workdays or ()),
    }
