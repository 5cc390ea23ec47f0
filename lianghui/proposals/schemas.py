"""Motions, suggestions, proposals and opinion reports: what the JSON API reads and answers
(django-ninja schemas; the routes are in api.py, the dicts that fill them in outputs.py)."""

from datetime import date, datetime

from ninja import Schema


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
