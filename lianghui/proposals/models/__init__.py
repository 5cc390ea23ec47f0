"""Motions, suggestions, proposals and opinion reports: filings, handling, the workflow.

Split by domain: the workflow table and per-body settings (config), the filings with their
filers, attachments and decisions (filings), the handling units' work (handling), and the
opinion reports' forwarding and feedback (opinions).
"""

from lianghui.proposals.models.config import (
    MotionDeadline,
    ProposalSettings,
    ReminderSent,
    State,
    Transition,
)
from lianghui.proposals.models.filings import (
    Attachment,
    Decision,
    DecisionKind,
    Filer,
    FilerType,
    Filing,
    Kind,
    Signature,
)
from lianghui.proposals.models.handling import (
    Assignment,
    CoHandlerOpinion,
    ExtensionRequest,
    ExtensionState,
    HandlingRole,
    Rating,
    RatingLevel,
    ReassignRequest,
    Reply,
    RequestState,
    ResultClass,
)
from lianghui.proposals.models.opinions import Feedback, FeedbackKind, Forward
from lianghui.proposals.models.reports import ReportDraft, SearchText  # noqa: F401

__all__ = [
    "Assignment",
    "Attachment",
    "CoHandlerOpinion",
    "Decision",
    "DecisionKind",
    "ExtensionRequest",
    "ExtensionState",
    "Feedback",
    "FeedbackKind",
    "Filer",
    "FilerType",
    "Filing",
    "Forward",
    "HandlingRole",
    "Kind",
    "MotionDeadline",
    "ProposalSettings",
    "Rating",
    "RatingLevel",
    "ReassignRequest",
    "ReminderSent",
    "Reply",
    "RequestState",
    "ResultClass",
    "Signature",
    "State",
    "Transition",
]
