"""The pages of motions, suggestions, proposals and opinion reports: thin views that parse a
form, call one action and render. Split by reader: the filer's own (mine), a filing's page
and its actions (filing), the handling unit's page (unit), the lists (lists), the form for
filing on someone's behalf or in an organisation's name (on_behalf), a body's settings
(settings)."""

from lianghui.proposals.views.filing import (
    act,
    assignment_act,
    attachment,
    filing_page,
    rate,
    refuse_extension,
    refuse_reassign,
)
from lianghui.proposals.views.lists import browse, desk, public
from lianghui.proposals.views.mine import mine, new, people
from lianghui.proposals.views.on_behalf import file_for
from lianghui.proposals.views.settings import body_settings, settings_home
from lianghui.proposals.views.unit import unit_assignment, unit_home

__all__ = [
    "act",
    "assignment_act",
    "attachment",
    "body_settings",
    "browse",
    "desk",
    "file_for",
    "filing_page",
    "mine",
    "new",
    "people",
    "public",
    "rate",
    "refuse_extension",
    "refuse_reassign",
    "settings_home",
    "unit_assignment",
    "unit_home",
]
