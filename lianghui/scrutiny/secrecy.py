"""Tokens, hashes and receipts for secret ballots, shared by votes and elections (below both,
beside the tally key they also share). No Django models here.

The voter's device makes a random client token per vote. The server stores only one-way
derivations of it, each salted for its own purpose:
- Voter.token_hash = H("voter", poll, token): recognises a retry from the same device (and,
  under last-press-valid, the device allowed to change the choice);
- an election ballot's receipt = HMAC(key, "receipt", election, token): shown to the voter
  and published. (A secret 表决's receipt is its encrypted ballot's tracker.)
"""

import base64
import hashlib
import hmac

MIN_TOKEN_LENGTH = 16
MAX_TOKEN_LENGTH = 128
_ALPHABET_OK = set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")


def valid_token(token: str) -> bool:
    return MIN_TOKEN_LENGTH <= len(token) <= MAX_TOKEN_LENGTH and set(token) <= _ALPHABET_OK


def _h(purpose: str, poll_id: int, token: str) -> str:
    return hashlib.sha256(f"{purpose}:{poll_id}:{token}".encode()).hexdigest()


def voter_hash(poll_id: int, token: str) -> str:
    return _h("voter", poll_id, token)


def receipt(key: str, poll_id: int, token: str) -> str:
    digest = hmac.new(key.encode(), f"receipt:{poll_id}:{token}".encode(), hashlib.sha256).digest()
    code = base64.b32encode(digest[:10]).decode().rstrip("=")[:12]
    return f"{code[:4]}-{code[4:8]}-{code[8:12]}"


def voter_index(key: str, poll_id: int, person_id: int) -> str:
    """The pseudonymous voter index of an encrypted ballot: stable for the person in this
    vote (its proofs are bound to it, so a ballot cannot be replayed for another voter),
    meaningless to anyone without the server's key."""
    digest = hmac.new(key.encode(), f"voter-index:{poll_id}:{person_id}".encode(), hashlib.sha256)
    return digest.hexdigest()[:24]
