"""Encrypted secret votes: the election definition, checking a press, the tally, the record.

A secret electronic vote at a meeting whose tally key is published (lianghui.scrutiny) is
encrypted: each press is a ballot made on the voter's phone (static/lianghui/ballot-crypto.js)
under the tally key, checked here (in the hall, just after it is stored: votes.checking), and only the sum of the ballots is
decrypted, by k of the scrutineers' devices. The cryptography is lianghui.ballots; the
public record's format is docs/ballot-record.md.
"""

import os

from django.conf import settings

from lianghui.ballots import ballot as B
from lianghui.ballots.elgamal import Ciphertext
from lianghui.scrutiny import secrecy
from lianghui.scrutiny.actions import ballot_record

QUESTION = {"answers": ["赞成", "反对", "弃权"], "min": 1, "max": 1}
CHOICE_ORDER = ("yes", "no", "abstain")  # the answers' order in QUESTION


def election_for(poll, key) -> dict:
    """The definition frozen when the vote opens; its fingerprint binds every ballot."""
    return B.make_election(
        uuid=f"votes.poll:{poll.pk}:{key.ceremony}",
        name=poll.question,
        questions=[QUESTION],
        public_key=bytes.fromhex(key.public_key),
        threshold=key.threshold,
        verification_keys=[bytes.fromhex(x) for x in key.verification_keys],
    )


def voter_index(poll_id: int, person_id: int) -> str:
    return secrecy.voter_index(settings.SECRET_KEY, poll_id, person_id)


def voter_indexes(poll_id: int, person_id: int) -> list[str]:
    """The person's index under the server's key and under each key it replaced: a ballot
    stored before a key rotation is still found as the voter's own."""
    keys = [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])]
    return [secrecy.voter_index(k, poll_id, person_id) for k in keys]


MARKS = {"yes": [1, 0, 0], "no": [0, 1, 0], "abstain": [0, 0, 1]}


def make_ballot(poll, person_id: int, choice: str) -> dict:
    """What a voter's phone sends for `choice`: made in Python for tests, the demo and the
    benchmark's simulated phones (the browser makes the same in JavaScript)."""
    return B.encrypt_ballot(poll.election, voter_index(poll.pk, person_id), [MARKS[choice]])


def check(poll, person_id: int, ballot, fingerprint: str | None = None) -> str:
    """Every proof of one press; its tracker if it is well formed, else BallotError.
    `fingerprint`: the election's, when the caller checks a batch (computed once)."""
    election = poll.election
    fp = fingerprint or B.fingerprint(election)
    B.check_ballot(election, fp, ballot, voter_index(poll.pk, person_id))
    return B.tracker(ballot)


def tracker(ballot: dict) -> str:
    return B.tracker(ballot)


def _stored_ciphertexts(choices: list) -> list[Ciphertext]:
    # Checked when the press was accepted or at the close (every point a valid group
    # element), so read without checking again: at close this runs over every ballot.
    return [Ciphertext.from_checked_json(c) for c in choices]


def tally(poll) -> list[Ciphertext]:
    """The product of the ballots' ciphertexts, answer by answer: what the trustees decrypt.

    At the close of a hall's vote this adds 3,000 ballots, 18,000 group additions of ~14 µs
    each, some 200 ms with the close waiting. So the checking processes multiply the
    ballots they check while the vote is open (votes.models.TallyPart); here each part
    whose ballots are all still stored as they were stands for them, and only the rest are
    added one by one: the same product, as the group is commutative. Only the ciphertexts
    are read (not the proofs, four fifths of a ballot), and the additions are split over
    one thread per core (libsodium runs without the GIL)."""
    from lianghui.ballots.elgamal import product
    from lianghui.votes.casting import in_threads

    if poll.encrypted_ballots.filter(checked=False).exists():  # the close checks them first
        raise RuntimeError(f"poll {poll.pk}: ballots whose proofs are unchecked are not added")
    choices = dict(poll.encrypted_ballots.values_list("tracker", "ballot__answers__0__choices"))
    rows = []
    for trackers, part in poll.tally_parts.order_by("pk").values_list("trackers", "sums"):
        # A part stands for its ballots only if it names some, each once, each still stored
        # and not in a part already taken: a ballot replaced (a change) or removed (failed
        # at the close) is no longer there.
        whole = trackers and len(set(trackers)) == len(trackers)
        if whole and all(t in choices for t in trackers):
            rows.append(_stored_ciphertexts(part))
            for t in trackers:
                del choices[t]
    rows += [_stored_ciphertexts(c) for c in choices.values()]
    answers = range(len(QUESTION["answers"]))
    threads = os.cpu_count() or 1
    sums = in_threads(
        lambda share: [product(r[i] for r in share) for i in answers],
        [rows[k::threads] for k in range(threads)],
    )
    return [product(s[i] for s in sums) for i in answers]


def record(poll, request) -> dict:
    """The public record of a closed encrypted vote (docs/ballot-record.md)."""
    return ballot_record(poll.election, poll.encrypted_ballots, request, len(CHOICE_ORDER))
