"""Election actions, from nomination to the published result (LOL 26–30, EL 40–46).

Each action checks permission and state, applies the pure rules (slate.py, count.py),
writes, records its audit event in the same transaction, and pushes after commit. One
module per step: _base (what they share), nominations, candidates, preliminary_round,
voting, paper, counting, rounds; this package re-exports what pages, the API, the demo and
other apps call, so ``from lianghui.elections import actions`` reads as before.
"""

from lianghui.elections.actions._base import (
    JOINT_NOMINATION_MINIMUM,
    delegates_of,
    joint_nomination_minimum,
)
from lianghui.elections.actions.candidates import appoint_officer, fix_candidates
from lianghui.elections.actions.counting import (
    add_partial_decryption,
    ballots_for_count,
    close_voting,
    count,
    declare,
    decryption_request,
    missing_trustees,
)
from lianghui.elections.actions.nominations import create_election, nominate, withdraw_nomination
from lianghui.elections.actions.paper import (
    add_batch,
    differences,
    key_batch,
    record_issued,
    record_returned,
    resolve,
)
from lianghui.elections.actions.preliminary_round import (
    hold_preliminary,
    preliminary_outcome,
    preliminary_revote,
)
from lianghui.elections.actions.rounds import further_round_suggestion, next_round
from lianghui.elections.actions.voting import (
    cast_electronic,
    check_entry,
    eligible_write_ins,
    open_election,
)

__all__ = [
    "JOINT_NOMINATION_MINIMUM",
    "add_batch",
    "add_partial_decryption",
    "appoint_officer",
    "ballots_for_count",
    "cast_electronic",
    "check_entry",
    "close_voting",
    "count",
    "create_election",
    "declare",
    "decryption_request",
    "delegates_of",
    "differences",
    "eligible_write_ins",
    "fix_candidates",
    "further_round_suggestion",
    "hold_preliminary",
    "joint_nomination_minimum",
    "key_batch",
    "missing_trustees",
    "next_round",
    "nominate",
    "open_election",
    "preliminary_outcome",
    "preliminary_revote",
    "record_issued",
    "record_returned",
    "resolve",
    "withdraw_nomination",
]
