"""Elections: what the JSON API reads and answers (django-ninja schemas; the routes are in
api.py, the dicts that fill them in outputs.py)."""

from datetime import datetime
from typing import Any

from ninja import Schema

from lianghui.elections.models import (
    ElectionMode,
)


class PersonRef(Schema):
    id: int
    name: str


class OfficeIn(Schema):
    title: str
    # A congress's office: its code in the catalogue of the congress's level (read from the
    # title when empty), which fixes the kind. A CPPCC body's office: the kind.
    code: str = ""
    kind: str = ""
    needs_approval: bool = False


class OfficeOut(Schema):
    id: int
    title: str
    code: str  # the catalogue's code; "" for a CPPCC body's office
    delegate_only: bool  # its holder must be a delegate (LOL 47)
    kind: str
    kind_label: str
    needs_approval: bool


class ElectionIn(Schema):
    meeting_id: int
    office_id: int | None = None
    office: OfficeIn | None = None
    seats: int
    by_election: bool = False
    contested: bool = True
    surplus: int | None = None
    write_in_only_beside_no: bool = False
    mode: str = ElectionMode.PAPER
    new_term: bool = False


class CandidateOut(Schema):
    order: int
    person_id: int
    name: str


class NominationOut(Schema):
    id: int
    person_id: int
    name: str
    by_presidium: bool
    decision_id: int | None = None  # the presidium's decision it cites (LOL 26)
    signers: list[PersonRef]
    withdrawn: bool = False
    withdrawn_at: datetime | None = None
    withdrawn_on_request_of: str = ""  # "nominee" or "nominators"
    withdrawn_on_request_label: str = ""
    withdrawn_reason: str = ""


class PresidiumDecisionRef(Schema):
    """A decision of the presidium this election rests on (LOL 26, 27; EL 46)."""

    id: int
    subject: str
    subject_label: str
    text: str
    meeting: str
    outcome: str


class CountOfficerOut(Schema):
    id: int
    person_id: int
    name: str
    role: str
    role_label: str
    has_account: bool


class EntryOut(Schema):
    entry: int
    clerk: str


class BatchOut(Schema):
    id: int
    number: int
    size: int
    entries: list[EntryOut]
    final: int
    differences: int
    done: bool


class ElectionOut(Schema):
    id: int
    meeting_id: int
    title: str
    office: OfficeOut
    seats: int
    by_election: bool
    contested: bool
    surplus: int | None
    write_in_only_beside_no: bool
    mode: str
    mode_label: str
    state: str
    state_label: str
    round_kind: str
    round_label: str
    previous_id: int | None
    new_term: bool
    slate_decision: str
    candidates_decision_id: int | None  # the presidium's decision fixing the list (LOL 27)
    # A preliminary election (预选, LOL 27 ¶2) held for this election: the list it gave, in
    # order of votes, and whether it is still pending (not counted, or a tie to vote again).
    preliminary: dict | None = None
    validity_decision_id: int | None  # the presidium's decision on validity (EL 46)
    nominations: list[NominationOut]  # standing nominations, those fix_candidates is offered
    withdrawn_nominations: list[NominationOut]
    candidates: list[CandidateOut]
    officers: list[CountOfficerOut]
    members_total: int | None
    entitled: int | None
    issued: int | None
    returned: int | None
    ballots_signed_by: list[str]
    cast: int | None  # electronic: how many have voted (never who chose what)
    encrypted: bool  # electronic ballots encrypted under the meeting's tally key
    awaiting_trustees: list[str]  # closed, encrypted: scrutineers who have not decrypted yet
    batches: list[BatchOut]
    published_at: datetime | None


class NominateIn(Schema):
    person_id: int
    by_presidium: bool = False
    signer_ids: list[int] = []
    decision_id: int | None = None  # required with by_presidium: the presidium's decision


class WithdrawIn(Schema):
    by: str  # "nominee" (the nominee declines) or "nominators"
    reason: str
    requested_by: list[int] = []  # joint nomination: the signers whose written requests are held


class CandidatesIn(Schema):
    person_ids: list[int] = []
    decision_id: int | None = None  # the presidium's adopted decision fixing this list


class PreliminaryIn(Schema):
    decision_id: int | None = None  # the presidium's decision to hold a preliminary election


class CountOfficerIn(Schema):
    person_id: int
    role: str
    user_id: int | None = None


class ReturnedIn(Schema):
    returned: int
    scrutineer_ids: list[int]


class IssuedIn(Schema):
    issued: int
    scrutineer_ids: list[int]


class BatchIn(Schema):
    size: int


class BallotIn(Schema):
    marks: dict[str, str | None] = {}
    write_ins: list[int] = []
    void: bool = False


class BallotOut(Schema):
    marks: dict[str, str]
    write_ins: list[int]
    void: bool


class EntriesIn(Schema):
    ballots: list[BallotIn]


class KeyedOut(Schema):
    batch_id: int
    differences: int


class DifferenceOut(Schema):
    index: int
    first: BallotOut
    second: BallotOut


class ResolveIn(Schema):
    index: int
    ballot: BallotIn


class NextRoundIn(Schema):
    # The presidium's decision on the next round and its nominees (LOL 29); person_ids, when
    # given, must be the persons it names.
    decision_id: int | None = None
    person_ids: list[int] | None = None


class CastIn(Schema):
    # The ballot made on the delegate's device (docs/ballot-record.md): per candidate the
    # encrypted 赞成/反对/弃权 marks and their proofs. Plaintext marks are refused; write-ins
    # cannot be encrypted and are refused with a pointer to the paper ballot.
    ballot: dict[str, Any] | None = None
    client_token: str
    marks: dict[str, str | None] = {}
    write_ins: list[int] = []


class CastOut(Schema):
    election_id: int
    receipt: str
    message: str


class TallyOut(Schema):
    person_id: int
    name: str
    on_slate: bool
    yes: int
    no: int
    abstain: int
    verdict: str
    verdict_label: str
    sentence: str


class OfficerName(Schema):
    role: str
    role_label: str
    name: str


class ResultOut(Schema):
    election_id: int
    title: str
    state: str
    state_label: str
    valid: bool
    seats: int
    members_total: int
    issued: int
    returned: int
    valid_ballots: int
    void_ballots: int
    void_reasons: dict[str, int]
    dropped_write_ins: int
    needed: int
    tallies: list[TallyOut]
    elected: list[PersonRef]
    revote: list[PersonRef]
    revote_seats: int
    unfilled: int
    sentences: list[str]
    officers: list[OfficerName]
    ballots_signed_by: list[str]
    declared_by: str | None
    published_at: datetime | None
    presidium_decisions: list[PresidiumDecisionRef] = []


class DeclareIn(Schema):
    decision_id: int | None = None  # the presidium's decision whether the election is valid
