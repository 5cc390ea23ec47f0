"""Motions, suggestions, proposals and opinion reports: the JSON API.

Every endpoint is a gate (access.filing_for, assignment_for, reply_for: 404 to whoever may
not see the object) and one action; refusals come back as {code, message} with a Chinese
message (lianghui.api). Reading is open to the public for what is published; the lists and
the filing show each reader only what access.py lets them see.
"""

from dataclasses import asdict
from datetime import date, datetime

from django.db.models import Prefetch, prefetch_related_objects
from django.urls import reverse
from django.utils import timezone
from ninja import File, Form, Router, Schema, Status
from ninja.files import UploadedFile

from lianghui.api_access import PUBLIC
from lianghui.errors import ActionError, NotFound
from lianghui.people.access import is_secretariat
from lianghui.people.models import BODY_KINDS, Organisation, OrgKind
from lianghui.proposals import access, actions, due, flow, forms, rules, search, stats
from lianghui.proposals import desk as desk_module
from lianghui.proposals.actions import FilingDraft, Recipient, UnitOrder
from lianghui.proposals.models import (
    ExtensionRequest,
    Filer,
    Filing,
    Kind,
    ProposalSettings,
    ReassignRequest,
    Reply,
)
from lianghui.proposals.views._common import detail_parts, filings_with_leads, history
from lianghui.sessions import access as session_access

router = Router(tags=["proposals 议案建议提案"])

MAX_PAGE_SIZE = 100


# --- schemas -------------------------------------------------------------------------


class FilingRow(Schema):
    id: int
    kind: str
    kind_label: str
    body_id: int
    body: str
    session_id: int | None
    year: int
    number: int | None
    number_label: str
    title: str
    subject: str
    filer_type: str
    filer_type_label: str
    filed_by: str
    state: str
    state_label: str
    key: bool
    public: bool
    synthetic: bool
    submitted_at: datetime | None
    closed_at: datetime | None


class FilingPage(Schema):
    count: int
    page: int
    page_size: int
    items: list[FilingRow]
    # With a keyword (q): "words" (full-text, best match first) or "substring" (no filing
    # had every word: a plain match on the title and text); without one, "all".
    mode: str = "all"
    words: list[str] = []


class FilerOut(Schema):
    person_id: int
    name: str
    lead: bool
    signature: str
    signature_label: str
    on_paper: bool
    confirmed_at: datetime | None
    merged_from_id: int | None


class AttachmentOut(Schema):
    id: int
    name: str
    content_type: str
    size: int
    sha256: str
    url: str


class CoOpinionOut(Schema):
    id: int
    round: int
    text: str
    due: date
    on_time: bool
    sent_at: datetime


class RequestOut(Schema):
    id: int
    reason: str
    suggested_unit_id: int | None
    state: str
    state_label: str
    answer: str
    requested_at: datetime


class ExtensionRequestOut(Schema):
    id: int
    assignment_id: int
    round: int
    reason: str
    wanted_due: date | None
    state: str
    state_label: str
    answer: str
    requested_at: datetime
    decided_at: datetime | None


class AssignmentOut(Schema):
    id: int
    unit_id: int
    unit: str
    role: str
    role_label: str
    part: str
    assigned_on: date
    started_on: date
    due: date
    extended_due: date | None
    effective_due: date
    round: int
    active: bool
    co_opinions: list[CoOpinionOut] = []
    reassign_requests: list[RequestOut] = []
    extension_requests: list[ExtensionRequestOut] = []


class RatingOut(Schema):
    level: str
    label: str
    comment: str
    rated_on: date


class ReplyOut(Schema):
    id: int
    assignment_id: int
    unit_id: int
    unit: str
    round: int
    text: str
    result: str
    result_label: str
    due: date
    on_time: bool
    replied_on: date
    public: bool
    attachments: list[AttachmentOut]
    rating: RatingOut | None = None


class DecisionOut(Schema):
    id: int
    kind: str
    label: str
    reasons: str
    committee: str | None
    recommend_listing: bool | None
    result_id: int | None
    decided_at: datetime


class ForwardOut(Schema):
    id: int
    recipient: str
    unit_id: int | None
    leader_id: int | None
    note: str
    forwarded_on: date


class FeedbackOut(Schema):
    id: int
    kind: str
    kind_label: str
    source: str
    text: str
    forward_id: int | None
    received_on: date


class StepOut(Schema):
    action: str
    label: str
    target: str


class EventOut(Schema):
    at: datetime
    action: str
    label: str
    actor: str
    change: str
    note: str


class FilingOut(FilingRow):
    grounds: str
    solution: str
    text: str
    original_text: str
    organisation_id: int | None
    group: str | None
    round: int
    difficult: bool
    key_leader: str | None
    merged_into_id: int | None
    origin_id: int | None
    withdrawal_requested_at: datetime | None
    withdrawal_reason: str
    adoption_note: str
    filers: list[FilerOut]
    attachments: list[AttachmentOut]
    assignments: list[AssignmentOut]
    replies: list[ReplyOut]
    decisions: list[DecisionOut]
    forwards: list[ForwardOut]
    feedback: list[FeedbackOut]
    actions: list[StepOut]
    history: list[EventOut]


class FilingIn(Schema):
    kind: str
    body_id: int
    title: str
    filer_type: str
    session_id: int | None = None
    organisation_id: int | None = None
    lead_id: int | None = None
    cosigner_ids: list[int] = []
    grounds: str = ""
    solution: str = ""
    text: str = ""
    subject: str = ""


class DraftIn(Schema):
    title: str | None = None
    grounds: str | None = None
    solution: str | None = None
    text: str | None = None
    subject: str | None = None
    cosigner_ids: list[int] | None = None


class ConfirmIn(Schema):
    agree: bool = True
    person_id: int | None = None


class ReasonIn(Schema):
    reason: str = ""


class DeadlineIn(Schema):
    closes_at: datetime


class DeadlineOut(Schema):
    session_id: int
    closes_at: datetime


class DecideIn(Schema):
    decision: str
    reasons: str = ""
    committee_id: int | None = None
    meeting_id: int | None = None


class CommitteeOpinionIn(Schema):
    text: str
    recommend_listing: bool | None = None


class TextIn(Schema):
    text: str


class ReviewIn(Schema):
    outcome: str
    reasons: str = ""


class MergeIn(Schema):
    into_id: int
    reasons: str = ""


class KeyIn(Schema):
    key: bool = True
    leader_id: int | None = None
    note: str = ""


class PublishIn(Schema):
    reply_ids: list[int] | None = None


class UnitOrderIn(Schema):
    unit_id: int
    role: str = "lead"
    part: str = ""


class AssignIn(Schema):
    units: list[UnitOrderIn]
    difficult: bool = False


class ReassignRequestIn(Schema):
    reason: str
    suggested_unit_id: int | None = None


class ExtensionRequestIn(Schema):
    reason: str
    wanted_due: date | None = None


class ReassignIn(Schema):
    unit_id: int
    reason: str
    request_id: int | None = None


class AnswerIn(Schema):
    answer: str


class ExtendIn(Schema):
    due: date
    reason: str


class RateIn(Schema):
    level: str
    comment: str = ""


class EditIn(Schema):
    title: str | None = None
    text: str | None = None
    subject: str | None = None


class AdoptIn(Schema):
    adopted: bool
    note: str = ""


class RecipientIn(Schema):
    unit_id: int | None = None
    leader_id: int | None = None
    name: str = ""


class ForwardIn(Schema):
    recipients: list[RecipientIn]
    note: str = ""


class FeedbackIn(Schema):
    kind: str
    source: str
    text: str
    forward_id: int | None = None
    leader_id: int | None = None
    received_on: date | None = None


class SettingsIn(Schema):
    township: bool | None = None
    delegations_may_file_motions: bool | None = None
    reply_months: int | None = None
    difficult_reply_months: int | None = None
    cohandler_months: int | None = None
    rating_working_days: int | None = None
    rereply_months: int | None = None
    reassign_working_days: int | None = None
    remind_days: int | None = None
    holidays: list[str] | None = None
    workdays: list[str] | None = None


class SettingsOut(Schema):
    body_id: int
    township: bool
    delegations_may_file_motions: bool
    reply_months: int
    difficult_reply_months: int
    cohandler_months: int
    rating_working_days: int
    rereply_months: int
    reassign_working_days: int
    remind_days: int
    holidays: list[str]
    workdays: list[str]


class UnitOut(Schema):
    id: int
    name: str
    short_name: str


class MemberChoiceOut(Schema):
    id: int
    name: str
    group: str


class StateCountOut(Schema):
    kind: str
    kind_label: str
    state: str
    state_label: str
    count: int


class KindFiguresOut(Schema):
    kind: str
    label: str
    received: int
    registered: int
    key: int
    assigned: int
    replied: int
    rehandled: int
    reply_rate: float | None
    reply_percent: str
    states: list[StateCountOut]


class PivotRowOut(Schema):
    key: int | str | None
    label: str
    counts: dict[str, int]
    total: int


class PivotOut(Schema):
    title: str
    kinds: list[str]
    kind_labels: list[str]
    rows: list[PivotRowOut]
    totals: list[int]
    total: int


class HandlingFiguresOut(Schema):
    """Handling figures, for all units together or for one."""

    lead: int
    split: int
    co: int
    overdue: int
    replies: int
    on_time: int
    on_time_rate: float | None
    on_time_percent: str
    solved: int
    planned: int
    explained: int
    satisfied: int
    basic: int
    unsatisfied: int
    satisfaction_rate: float | None
    satisfaction_percent: str


class UnitFiguresOut(HandlingFiguresOut):
    unit_id: int
    name: str
    assigned: int


class HandlingOut(HandlingFiguresOut):
    units: int


class OpinionRowOut(Schema):
    key: int | None
    label: str
    submitted: int
    adopted: int
    forwarded: int
    instructed: int
    instructions: int
    adoption_rate: float | None


class OpinionFiguresOut(Schema):
    by_sector: list[OpinionRowOut]
    by_member: list[OpinionRowOut]
    total: OpinionRowOut


class StatisticsOut(Schema):
    body_id: int | None
    year: int | None
    kind: str | None
    today: date
    received: int
    kinds: list[KindFiguresOut]
    by_filer_type: PivotOut
    by_group: PivotOut
    by_subject: PivotOut
    units: list[UnitFiguresOut]
    handling: HandlingOut
    opinions: OpinionFiguresOut


class DueOut(Schema):
    what: str  # reply, co_opinion, rating
    what_label: str
    who: str
    due: date
    days_overdue: int
    filing_id: int
    kind: str
    kind_label: str
    year: int
    number_label: str
    title: str
    unit_id: int | None
    assignment_id: int | None
    reply_id: int | None


class DeskOut(Schema):
    today: date
    to_review: int
    to_assign: int
    reassign_requests: int
    extension_requests: int
    overdue: int
    awaiting_rating: int
    states: list[StateCountOut]


# --- output --------------------------------------------------------------------------


def _attachment(a) -> dict:
    return {
        "id": a.pk,
        "name": a.original_name,
        "content_type": a.content_type,
        "size": a.size,
        "sha256": a.sha256,
        "url": reverse("proposals:attachment", args=[a.pk]),
    }


def _filed_by(filing: Filing) -> str:
    leads = getattr(filing, "leads", None)
    if leads is None:
        leads = [f for f in filing.filers.all() if f.lead]
    if leads:
        return leads[0].person.name
    return filing.organisation.name if filing.organisation_id else ""


def _filer(f: Filer) -> dict:
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


def _request(r: ReassignRequest) -> dict:
    return {
        "id": r.pk,
        "reason": r.reason,
        "suggested_unit_id": r.suggested_unit_id,
        "state": r.state,
        "state_label": r.get_state_display(),
        "answer": r.answer,
        "requested_at": r.requested_at,
    }


def _extension_request(r: ExtensionRequest) -> dict:
    return {
        "id": r.pk,
        "assignment_id": r.assignment_id,
        "round": r.round,
        "reason": r.reason,
        "wanted_due": r.wanted_due,
        "state": r.state,
        "state_label": r.get_state_display(),
        "answer": r.answer,
        "requested_at": r.requested_at,
        "decided_at": r.decided_at,
    }


def _reply(r: Reply, insider: bool = True) -> dict:
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
        "attachments": [_attachment(a) for a in r.attachments.all()],
        "rating": _rating(rating) if rating else None,
    }


def _co_opinion(o) -> dict:
    return {
        "id": o.pk,
        "round": o.round,
        "text": o.text,
        "due": o.due,
        "on_time": o.on_time,
        "sent_at": o.sent_at,
    }


def _rating(r) -> dict:
    return {
        "level": r.level,
        "label": r.get_level_display(),
        "comment": r.comment,
        "rated_on": r.rated_on,
    }


def _feedback(f) -> dict:
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
        "filed_by": _filed_by(filing),
        "state": filing.state,
        "state_label": labels.get((filing.kind, filing.state), filing.state),
        "key": filing.key,
        "public": filing.public,
        "synthetic": filing.synthetic,
        "submitted_at": filing.submitted_at,
        "closed_at": filing.closed_at,
    }


def filing_out(filing: Filing, user) -> dict:
    parts = detail_parts(filing, user)
    insider = parts["insider"]
    labels = {(filing.kind, filing.state): flow.state_label(filing.kind, filing.state)}
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
        "filers": [_filer(f) for f in parts["filers"]],
        "attachments": [_attachment(a) for a in parts["attachments"]],
        "assignments": [
            {
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
                "co_opinions": [_co_opinion(o) for o in (a.co_opinions.all() if insider else ())],
                "reassign_requests": [
                    _request(r) for r in (a.reassign_requests.all() if insider else ())
                ],
                "extension_requests": [
                    _extension_request(r) for r in (a.extension_requests.all() if insider else ())
                ],
            }
            for a in parts["assignments"]
        ],
        "replies": [_reply(r, insider) for r in parts["replies"]],
        "decisions": [
            {
                "id": d.pk,
                "kind": d.kind,
                "label": d.get_kind_display(),
                "reasons": d.reasons,
                "committee": d.committee.name if d.committee_id else None,
                "recommend_listing": d.recommend_listing,
                "result_id": d.result_id,
                "decided_at": d.decided_at,
            }
            for d in parts["decisions"]
        ],
        "forwards": [
            {
                "id": f.pk,
                "recipient": f.recipient,
                "unit_id": f.unit_id,
                "leader_id": f.leader_id,
                "note": f.note,
                "forwarded_on": f.forwarded_on,
            }
            for f in parts["forwards"]
        ],
        "feedback": [_feedback(f) for f in parts["feedback"]],
        "actions": [
            {"action": s.action, "label": s.label, "target": s.target}
            for s in flow.available(user, filing)
        ],
        "history": [
            {k: e[k] for k in ("at", "action", "label", "actor", "change", "note")}
            for e in (history(filing) if insider else ())
        ],
    }


def _out(request, filing: Filing) -> dict:
    """The filing as it is now, through the gate again (an action may have closed it)."""
    return filing_out(access.filing_for(request.user, filing.pk), request.user)


def _filing(request, filing_id: int) -> Filing:
    return access.filing_for(request.user, filing_id)


# --- reading -------------------------------------------------------------------------


@router.get(
    "/",
    response=FilingPage,
    auth=PUBLIC,
    summary="列表与检索（关键词、提出人；各人只见其可见范围；公众只见已公开的）",
)
def list_filings(
    request,
    q: str = "",
    kind: str = "",
    state: str = "",
    year: int | None = None,
    unit_id: int | None = None,
    body_id: int | None = None,
    filer_id: int | None = None,
    filer_name: str = "",
    organisation_id: int | None = None,
    page: int = 1,
    page_size: int = 50,
):
    """q: keywords in Chinese, every one must match (search.py), best match first;
    filer_id: a person who filed or co-signed; filer_name: part of the name of one, or of an
    organisation that filed; organisation_id: the organisation that filed."""
    page, page_size = max(page, 1), min(max(page_size, 1), MAX_PAGE_SIZE)
    filings = search.narrow(
        access.visible_filings(request.user),
        body_id=body_id,
        kind=kind,
        year=year,
        state=state,
        unit_id=unit_id,
        filer_id=filer_id,
        filer_name=filer_name.strip()[:40],
        organisation_id=organisation_id,
    )
    labels = flow.state_labels()
    if q.strip():
        found = search.search_in(filings, q, page=page, per_page=page_size)
        leads = Filer.objects.filter(lead=True).select_related("person")
        prefetch_related_objects(found.filings, Prefetch("filers", leads, to_attr="leads"))
        return {
            "count": found.total,
            "page": page,
            "page_size": page_size,
            "items": [row_out(f, labels) for f in found.filings],
            "mode": found.mode,
            "words": found.words,
        }
    count = filings.count()
    start = (page - 1) * page_size
    rows = filings_with_leads(filings).order_by("-year", "kind", "number", "id")
    rows = rows[start : start + page_size]
    return {
        "count": count,
        "page": page,
        "page_size": page_size,
        "items": [row_out(f, labels) for f in rows],
    }


# --- statistics, the overdue list, the secretariat's desk -----------------------------


def _secretariat_only(request) -> None:
    """As on the pages: to anyone but the secretariat, these do not exist."""
    if not is_secretariat(request.user):
        raise NotFound("未找到，或您无权查看。")


def _rate(value) -> float | None:
    return None if value is None else round(float(value), 4)


def _pivot_out(p: stats.Pivot) -> dict:
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


def _handling_out(h) -> dict:
    """A unit's figures or the sum of them (stats.UnitRow, stats.Handling)."""
    return {
        **{name: getattr(h, name) for name in (*COUNTS, "unsatisfied", "overdue")},
        "lead": h.lead,
        "split": h.split,
        "co": h.co,
        "on_time_rate": _rate(h.on_time_rate),
        "on_time_percent": h.on_time_percent,
        "satisfaction_rate": _rate(h.satisfaction_rate),
        "satisfaction_percent": h.satisfaction_percent,
    }


def _opinion_out(r: stats.OpinionRow) -> dict:
    return {
        "key": r.key,
        "label": r.label,
        "submitted": r.submitted,
        "adopted": r.adopted,
        "forwarded": r.forwarded,
        "instructed": r.instructed,
        "instructions": r.instructions,
        "adoption_rate": _rate(r.adoption_rate),
    }


def statistics_out(s: stats.Statistics) -> dict:
    labels = flow.state_labels()
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
                "reply_rate": _rate(f.reply_rate),
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
        "by_filer_type": _pivot_out(s.by_filer_type),
        "by_group": _pivot_out(s.by_group),
        "by_subject": _pivot_out(s.by_subject),
        "units": [
            {"unit_id": u.unit_id, "name": u.name, "assigned": u.assigned, **_handling_out(u)}
            for u in s.units
        ],
        "handling": {"units": s.handling.units, **_handling_out(s.handling)},
        "opinions": {
            "by_sector": [_opinion_out(r) for r in s.opinions.by_sector],
            "by_member": [_opinion_out(r) for r in s.opinions.by_member],
            "total": _opinion_out(s.opinions.total),
        },
    }


@router.get(
    "/statistics",
    response=StatisticsOut,
    summary="统计：按类别、提出者、代表团或界别、内容、承办单位、状态；办复率、按期答复率、满意率（秘书处）",
)
def statistics(request, body_id: int | None = None, year: int | None = None, kind: str = ""):
    _secretariat_only(request)
    if body_id is not None:
        _body(body_id)
    if kind and kind not in Kind.values:
        raise ActionError("bad_kind", "类别只能是议案、建议、提案或社情民意信息。", status=422)
    return statistics_out(stats.statistics(body_id, year, kind or None))


def _due_out(d: due.Due, today) -> dict:
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


@router.get(
    "/overdue",
    response=list[DueOut],
    summary="逾期清单：逾期未答复、未提出会办意见、未评价的（秘书处看全部，承办单位看本单位的）",
)
def overdue(request):
    today = timezone.localdate()
    if is_secretariat(request.user):
        rows = due.overdue(today)
    else:
        units = access.unit_ids(request.user)
        if not units:
            raise NotFound("未找到，或您无权查看。")
        rows = [d for d in due.overdue(today) if d.assignment and d.assignment.unit_id in units]
    return [_due_out(d, today) for d in rows]


@router.get("/desk", response=DeskOut, summary="秘书处工作台：各项待办件数与各状态件数")
def desk(request):
    _secretariat_only(request)
    now = desk_module.desk(timezone.localdate())
    return {
        "today": now.today,
        "to_review": now.to_review,
        "to_assign": now.to_assign,
        "reassign_requests": now.reassign_requests,
        "extension_requests": now.extension_requests,
        "overdue": len(now.overdue),
        "awaiting_rating": len(now.awaiting_rating),
        "states": [asdict(c) for c in now.states],
    }


@router.get("/units", response=list[UnitOut], summary="承办单位名单")
def units(request):
    return [
        {"id": u.pk, "name": u.name, "short_name": u.short_name}
        for u in Organisation.objects.filter(kind=OrgKind.HANDLING_UNIT).order_by("order", "name")
    ]


@router.get(
    "/bodies/{body_id}/members",
    response=list[MemberChoiceOut],
    summary="按姓名查找代表或委员（联名用）",
)
def members(request, body_id: int, q: str = ""):
    body = Organisation.objects.filter(pk=body_id, kind__in=BODY_KINDS).first()
    if body is None:
        raise NotFound("未找到该人民代表大会或政协委员会。")
    return [
        {"id": p.pk, "name": p.name, "group": group}
        for p, group in forms.members_named(body, q.strip())
    ]


@router.get(
    "/{filing_id}",
    response=FilingOut,
    auth=PUBLIC,
    summary="一件：提出人、交办、答复、评价、决定与可执行的操作",
)
def get_filing(request, filing_id: int):
    return filing_out(_filing(request, filing_id), request.user)


# --- filing --------------------------------------------------------------------------


@router.post("/", response={201: FilingOut}, summary="提出（保存为草稿；联名人另行确认）")
def file(request, payload: FilingIn):
    fields = payload.dict()
    fields["cosigner_ids"] = tuple(fields["cosigner_ids"])
    filing = actions.file(FilingDraft(**fields), request.user)
    return Status(201, _out(request, filing))


@router.post("/{filing_id}/draft", response=FilingOut, summary="修改草稿（含联名人名单）")
def update_draft(request, filing_id: int, payload: DraftIn):
    filing = actions.update_draft(
        _filing(request, filing_id), request.user, **payload.dict(exclude_unset=True)
    )
    return _out(request, filing)


@router.post(
    "/{filing_id}/confirm", response=FilerOut, summary="联名人确认或拒绝联名；秘书处录入书面签名"
)
def confirm(request, filing_id: int, payload: ConfirmIn):
    # The signature, not the filing: one who declines no longer sees the filing.
    filing = _filing(request, filing_id)
    f = actions.confirm(filing, request.user, agree=payload.agree, person_id=payload.person_id)
    return _filer(f)


@router.post(
    "/{filing_id}/attachments",
    response={201: AttachmentOut},
    summary="上传附件（PDF/Word，草稿阶段）",
)
def attach(request, filing_id: int, file: File[UploadedFile]):
    attachment = actions.attach(
        _filing(request, filing_id), file.name or "", file.read(), request.user
    )
    return Status(201, _attachment(attachment))


@router.post("/{filing_id}/submit", response=FilingOut, summary="提交（编号）")
def submit(request, filing_id: int):
    return _out(request, actions.submit(_filing(request, filing_id), request.user))


@router.post("/{filing_id}/withdraw", response=FilingOut, summary="撤回，或申请撤回")
def withdraw(request, filing_id: int, payload: ReasonIn):
    filing = actions.withdraw(_filing(request, filing_id), request.user, reason=payload.reason)
    return _out(request, filing)


# --- motions -------------------------------------------------------------------------


@router.post(
    "/sessions/{session_id}/motion-deadline",
    response=DeadlineOut,
    summary="主席团确定代表提出议案的截止时间",
)
def set_motion_deadline(request, session_id: int, payload: DeadlineIn):
    session = session_access.session_for(request.user, session_id)
    deadline = actions.set_motion_deadline(session, payload.closes_at, request.user)
    return {"session_id": session.pk, "closes_at": deadline.closes_at}


@router.post("/{filing_id}/decision", response=FilingOut, summary="主席团关于议案的决定（附理由）")
def decide_motion(request, filing_id: int, payload: DecideIn):
    filing = _filing(request, filing_id)
    actions.decide_motion(
        filing, payload.decision, request.user, **payload.dict(exclude={"decision"})
    )
    return _out(request, filing)


@router.post("/{filing_id}/committee-opinion", response=FilingOut, summary="专门委员会审议意见")
def committee_opinion(request, filing_id: int, payload: CommitteeOpinionIn):
    filing = _filing(request, filing_id)
    actions.committee_opinion(
        filing, payload.text, request.user, recommend_listing=payload.recommend_listing
    )
    return _out(request, filing)


@router.post("/{filing_id}/study-report", response=FilingOut, summary="闭会后审议结果报告")
def study_report(request, filing_id: int, payload: TextIn):
    filing = _filing(request, filing_id)
    actions.study_report(filing, payload.text, request.user)
    return _out(request, filing)


# --- review, merging, key filings, publication ----------------------------------------


@router.post(
    "/{filing_id}/review",
    response=FilingOut,
    summary="审查：立案（受理）、不予立案、转来信、转社情民意",
)
def review(request, filing_id: int, payload: ReviewIn):
    filing = actions.review(
        _filing(request, filing_id), payload.outcome, request.user, reasons=payload.reasons
    )
    return _out(request, filing)


@router.post("/{filing_id}/merge", response=FilingOut, summary="并案（返回并入的件）")
def merge(request, filing_id: int, payload: MergeIn):
    filing = _filing(request, filing_id)
    into = _filing(request, payload.into_id)
    return _out(request, actions.merge(filing, into, request.user, reasons=payload.reasons))


@router.post("/{filing_id}/key", response=FilingOut, summary="设为（或取消）重点督办，指定督办领导")
def flag_key(request, filing_id: int, payload: KeyIn):
    filing = actions.flag_key(_filing(request, filing_id), request.user, **payload.dict())
    return _out(request, filing)


@router.post("/{filing_id}/publish", response=FilingOut, summary="公开该件及其答复")
def publish(request, filing_id: int, payload: PublishIn):
    filing = actions.publish(_filing(request, filing_id), request.user, reply_ids=payload.reply_ids)
    return _out(request, filing)


# --- handling ------------------------------------------------------------------------


@router.post("/{filing_id}/assign", response=FilingOut, summary="交办：主办与会办，或分办")
def assign(request, filing_id: int, payload: AssignIn):
    filing = _filing(request, filing_id)
    orders = [UnitOrder(o.unit_id, o.role, o.part) for o in payload.units]
    actions.assign(filing, orders, request.user, difficult=payload.difficult)
    return _out(request, filing)


@router.post(
    "/assignments/{assignment_id}/reassign-request",
    response={201: RequestOut},
    summary="承办单位申请退回改办",
)
def request_reassign(request, assignment_id: int, payload: ReassignRequestIn):
    assignment = access.assignment_for(request.user, assignment_id)
    row = actions.request_reassign(
        assignment, payload.reason, request.user, suggested_unit_id=payload.suggested_unit_id
    )
    return Status(201, _request(row))


def _reassign_request(request, request_id: int) -> ReassignRequest:
    row = ReassignRequest.objects.filter(pk=request_id).first()
    if row is None:
        raise NotFound("未找到该改办申请。")
    access.assignment_for(request.user, row.assignment_id)
    return row


@router.post("/assignments/{assignment_id}/reassign", response=FilingOut, summary="改办（秘书处）")
def reassign(request, assignment_id: int, payload: ReassignIn):
    assignment = access.assignment_for(request.user, assignment_id)
    row = _reassign_request(request, payload.request_id) if payload.request_id else None
    actions.reassign(assignment, payload.unit_id, payload.reason, request.user, request=row)
    return _out(request, assignment.filing)


@router.post(
    "/reassign-requests/{request_id}/refuse", response=RequestOut, summary="不同意改办（秘书处）"
)
def refuse_reassign(request, request_id: int, payload: AnswerIn):
    row = _reassign_request(request, request_id)
    return _request(actions.refuse_reassign(row, payload.answer, request.user))


@router.post(
    "/assignments/{assignment_id}/extend", response=FilingOut, summary="延长答复期限（秘书处）"
)
def extend(request, assignment_id: int, payload: ExtendIn):
    assignment = access.assignment_for(request.user, assignment_id)
    actions.extend(assignment, payload.due, payload.reason, request.user)
    return _out(request, assignment.filing)


@router.post(
    "/assignments/{assignment_id}/extension-request",
    response={201: ExtensionRequestOut},
    summary="承办单位申请延期（说明理由，可写明希望延至的日期）",
)
def request_extension(request, assignment_id: int, payload: ExtensionRequestIn):
    assignment = access.assignment_for(request.user, assignment_id)
    row = actions.request_extension(
        assignment, payload.reason, request.user, wanted_due=payload.wanted_due
    )
    return Status(201, _extension_request(row))


@router.post(
    "/extension-requests/{request_id}/refuse",
    response=ExtensionRequestOut,
    summary="不同意延期（秘书处；同意延期用 extend）",
)
def refuse_extension(request, request_id: int, payload: AnswerIn):
    row = ExtensionRequest.objects.filter(pk=request_id).first()
    if row is None:
        raise NotFound("未找到该延期申请。")
    access.assignment_for(request.user, row.assignment_id)
    return _extension_request(actions.refuse_extension(row, payload.answer, request.user))


@router.post(
    "/assignments/{assignment_id}/co-opinion",
    response={201: CoOpinionOut},
    summary="会办单位向主办单位提出会办意见",
)
def co_opinion(request, assignment_id: int, payload: TextIn):
    assignment = access.assignment_for(request.user, assignment_id)
    opinion = actions.co_opinion(assignment, payload.text, request.user)
    return Status(201, _co_opinion(opinion))


@router.post(
    "/assignments/{assignment_id}/reply",
    response={201: ReplyOut},
    summary="答复（办理结果与附件，multipart）",
)
def reply(
    request,
    assignment_id: int,
    text: Form[str],
    result: Form[str],
    files: File[list[UploadedFile]] = None,
):
    assignment = access.assignment_for(request.user, assignment_id)
    uploads = [(f.name or "", f.read()) for f in files or ()]
    answer = actions.reply(assignment, text, result, request.user, files=uploads)
    return Status(201, _reply(access.reply_for(request.user, answer.pk)))


@router.post(
    "/replies/{reply_id}/rate", response={201: RatingOut}, summary="提出人评价答复（每份答复一次）"
)
def rate(request, reply_id: int, payload: RateIn):
    answer = access.reply_for(request.user, reply_id)
    rating = actions.rate(answer, payload.level, request.user, comment=payload.comment)
    return Status(201, _rating(rating))


@router.post("/{filing_id}/conclude", response=FilingOut, summary="办结")
def conclude(request, filing_id: int):
    return _out(request, actions.conclude(_filing(request, filing_id), request.user))


# --- opinion reports -----------------------------------------------------------------


@router.post("/{filing_id}/edit", response=FilingOut, summary="编辑社情民意信息（保留原稿）")
def edit(request, filing_id: int, payload: EditIn):
    filing = actions.edit(
        _filing(request, filing_id), request.user, **payload.dict(exclude_unset=True)
    )
    return _out(request, filing)


@router.post("/{filing_id}/adopt", response=FilingOut, summary="采用或不予采用")
def adopt(request, filing_id: int, payload: AdoptIn):
    filing = actions.adopt(
        _filing(request, filing_id), payload.adopted, request.user, note=payload.note
    )
    return _out(request, filing)


@router.post("/{filing_id}/forward", response=FilingOut, summary="报送领导或单位")
def forward(request, filing_id: int, payload: ForwardIn):
    filing = _filing(request, filing_id)
    recipients = [Recipient(r.unit_id, r.leader_id, r.name) for r in payload.recipients]
    actions.forward(filing, recipients, request.user, note=payload.note)
    return _out(request, filing)


@router.post("/{filing_id}/feedback", response={201: FeedbackOut}, summary="记录单位反馈或领导批示")
def record_feedback(request, filing_id: int, payload: FeedbackIn):
    filing = _filing(request, filing_id)
    row = actions.record_feedback(
        filing,
        payload.kind,
        payload.source,
        payload.text,
        request.user,
        forward_id=payload.forward_id,
        leader_id=payload.leader_id,
        received_on=payload.received_on,
    )
    return Status(201, _feedback(row))


# --- settings ------------------------------------------------------------------------


def _body(body_id: int) -> Organisation:
    body = Organisation.objects.filter(pk=body_id, kind__in=BODY_KINDS).first()
    if body is None:
        raise NotFound("未找到该人民代表大会或政协委员会。")
    return body


def _settings_out(conf: ProposalSettings) -> dict:
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


@router.get("/bodies/{body_id}/settings", response=SettingsOut, summary="办理设置（期限等）")
def get_settings(request, body_id: int):
    return _settings_out(ProposalSettings.for_body(_body(body_id).pk))


@router.post(
    "/bodies/{body_id}/settings",
    response=SettingsOut,
    summary="修改办理设置（秘书处；为 null 或未给出的项保持不变）",
)
def update_settings(request, body_id: int, payload: SettingsIn):
    # A null is passed on: the action reads it as "keep this setting".
    conf = actions.update_settings(_body(body_id), request.user, **payload.dict(exclude_unset=True))
    return _settings_out(conf)
