"""Proposals actions: every write to motions, suggestions, proposals and opinion reports.

Each action checks the actor's role and the stored workflow (stored_workflow.check),
validates, writes, records its audit event in the same transaction, and mails only after the
commit. A refusal is an ActionError with a code and a Chinese message, and changes nothing.
Pages, the API and commands call these and nothing else to change a filing.
"""

from lianghui.proposals.actions.answers import co_opinion, conclude, rate, reply
from lianghui.proposals.actions.config import update_settings
from lianghui.proposals.actions.filing import (
    FilingDraft,
    attach,
    confirm,
    file,
    submit,
    update_draft,
)
from lianghui.proposals.actions.handling import (
    UnitOrder,
    assign,
    extend,
    reassign,
    refuse_extension,
    refuse_reassign,
    request_extension,
    request_reassign,
)
from lianghui.proposals.actions.motions import (
    committee_opinion,
    decide_motion,
    set_motion_deadline,
    study_report,
)
from lianghui.proposals.actions.opinions import Recipient, adopt, edit, forward, record_feedback
from lianghui.proposals.actions.review import flag_key, merge, publish, review
from lianghui.proposals.actions.withdrawal import withdraw

__all__ = [
    "FilingDraft",
    "Recipient",
    "UnitOrder",
    "adopt",
    "assign",
    "attach",
    "co_opinion",
    "committee_opinion",
    "conclude",
    "confirm",
    "decide_motion",
    "edit",
    "extend",
    "file",
    "flag_key",
    "forward",
    "merge",
    "publish",
    "rate",
    "reassign",
    "record_feedback",
    "refuse_extension",
    "refuse_reassign",
    "reply",
    "request_extension",
    "request_reassign",
    "review",
    "set_motion_deadline",
    "study_report",
    "submit",
    "update_draft",
    "update_settings",
    "withdraw",
]
