"""Encrypted electronic election ballots: the definition, checking a ballot, the tally, the record.

An electronic election at a meeting whose tally key is published (lianghui.scrutiny) is
encrypted: the delegate's device (static/lianghui/ballot-crypto.js) encrypts, for each
candidate in the order printed on the ballot, the three marks 赞成/反对/弃权 (exactly one of
them 1) and proves that every mark is 0 or 1, that each candidate has exactly one, and that
the 赞成 marks add up to at most the seats (EL 44: a ballot supporting more people than seats
is void, so the device cannot make one). The server checks every proof before it stores a
ballot, adds the ciphertexts at close, and only those sums are decrypted, by k of the
scrutineers' devices. The cryptography is lianghui.ballots; the public record's format is
docs/ballot-record.md.

Write-ins (另选他人) are not on encrypted ballots: a name cannot be added homomorphically
(docs/secret-ballots.md says why and what a delegate does instead).
"""

import hashlib
import hmac

from django.conf import settings
from django.utils import translation

from lianghui.ballots import ballot as B
from lianghui.ballots.elgamal import Ciphertext, product
from lianghui.scrutiny.actions import ballot_record

ANSWERS = ["赞成", "反对", "弃权"]
MARKS = {"yes": (1, 0, 0), "no": (0, 1, 0), "abstain": (0, 0, 1)}


def subject(election) -> str:
    """The decryption request's and the definition's name for this election."""
    return f"elections.election:{election.pk}"


def definition_for(election, key, candidate_names: list[str]) -> dict:
    """The definition frozen when voting opens; its fingerprint binds every ballot.

    Question i is the candidate printed i-th on the ballot (surname stroke order), named in
    its `question` field; the one constraint bounds the 赞成 marks over all candidates by the
    seats (EL 44)."""
    with translation.override("zh-hans"):  # the record's name is the Chinese title
        name = str(election)
    return B.make_election(
        uuid=f"{subject(election)}:{key.ceremony}",
        name=name,
        questions=[
            {"question": who, "answers": list(ANSWERS), "min": 1, "max": 1}
            for who in candidate_names
        ],
        public_key=bytes.fromhex(key.public_key),
        threshold=key.threshold,
        verification_keys=[bytes.fromhex(x) for x in key.verification_keys],
        constraints=[
            {
                "choices": [[i, 0] for i in range(len(candidate_names))],
                "min": 0,
                "max": election.seats,
            }
        ],
    )


def voter_index(election_id: int, person_id: int) -> str:
    """The pseudonymous voter index of this person's ballot in this election: stable, bound
    into the ballot's proofs (so a ballot cannot be replayed for another voter), meaningless
    without the server's key. Its own namespace, apart from votes' indices."""
    digest = hmac.new(
        settings.SECRET_KEY.encode(),
        f"election-voter-index:{election_id}:{person_id}".encode(),
        hashlib.sha256,
    )
    return digest.hexdigest()[:24]


def check(election, person_id: int, ballot) -> str:
    """Every proof of one ballot (B.BallotError if one fails); its tracker if well formed."""
    definition = election.definition
    B.check_ballot(
        definition, B.fingerprint(definition), ballot, voter_index(election.pk, person_id)
    )
    return B.tracker(ballot)


def make_ballot(election, person_id: int, marks: list[str]) -> dict:
    """A ballot made as the delegate's device makes it (marks: yes/no/abstain per candidate
    in ballot order). For tests, the demo and the benchmark's simulated devices."""
    return B.encrypt_ballot(
        election.definition,
        voter_index(election.pk, person_id),
        [list(MARKS[m]) for m in marks],
    )


def _stored(ballot: dict) -> list[list[Ciphertext]]:
    # Checked when the ballot was accepted (every point a valid group element), so read
    # without checking again: at close this runs over every ballot.
    return [[Ciphertext.from_checked_json(c) for c in a["choices"]] for a in ballot["answers"]]


def tally(election) -> list[list[Ciphertext]]:
    """Per candidate and mark, the product of every ballot's ciphertext (Belenios §Encrypted
    tally); only this is ever decrypted."""
    rows = [_stored(b) for b in election.encrypted_ballots.values_list("ballot", flat=True)]
    return [
        [product(r[q][a] for r in rows) for a in range(len(ANSWERS))]
        for q in range(len(election.definition["questions"]))
    ]


def running_tally(election) -> list[Ciphertext]:
    """The running product kept on the election (flat); computed here, so read unchecked."""
    return [Ciphertext.from_checked_json(c) for c in election.encrypted_tally or []]


def add_to_tally(election, ballot: dict) -> list[dict]:
    """The election's running encrypted tally with one more (checked) ballot's ciphertexts."""
    flat = [c for row in _stored(ballot) for c in row]
    if election.encrypted_tally is None:
        return [c.to_json() for c in flat]
    return [(a * b).to_json() for a, b in zip(running_tally(election), flat, strict=True)]


def unflatten(flat: list, questions: int) -> list[list]:
    """A flat list (question by question, answer by answer) back in rows per candidate."""
    width = len(ANSWERS)
    return [flat[q * width : (q + 1) * width] for q in range(questions)]


def record(election, request) -> dict:
    """The public record of a decrypted election (docs/ballot-record.md)."""
    return ballot_record(election.definition, election.encrypted_ballots, request, len(ANSWERS))
