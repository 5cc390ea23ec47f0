"""Setting up a session: every write to bodies, terms, sessions, meetings, the agenda and
the presiding officers.

Each action checks that the actor is the secretariat, checks the input against
sessions.setup_rules, writes, and records its audit event in the same transaction. A
refusal is a SetupRefused (an ActionError naming the field, in Chinese) and changes
nothing. The set-up pages and the API call these and nothing else; the Django admin only
reads these models.
"""

from lianghui.sessions.setup._base import SetupRefused
from lianghui.sessions.setup.agenda import (
    ItemDraft,
    add_item,
    agenda_decision_required,
    register_agenda_gate,
    reorder,
    update_item,
)
from lianghui.sessions.setup.bodies import create_body, create_term
from lianghui.sessions.setup.meetings import MeetingDraft, create_meeting, update_meeting
from lianghui.sessions.setup.officers import add_officer, remove_officer
from lianghui.sessions.setup.sessions import SessionDraft, create_session, last_session
from lianghui.sessions.setup_rules import Problem

__all__ = [
    "ItemDraft",
    "MeetingDraft",
    "Problem",
    "SessionDraft",
    "SetupRefused",
    "add_item",
    "agenda_decision_required",
    "add_officer",
    "create_body",
    "create_meeting",
    "create_session",
    "create_term",
    "last_session",
    "register_agenda_gate",
    "remove_officer",
    "reorder",
    "update_item",
    "update_meeting",
]
