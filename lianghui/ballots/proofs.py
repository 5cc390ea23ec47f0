"""Non-interactive zero-knowledge proofs (Fiat–Shamir), after the Belenios specification.

- Interval proofs (§Proofs of interval membership): a disjunctive Chaum–Pedersen proof
  (Cramer, Damgård, Schoenmakers 1994) that (alpha, beta) = (g^r, y^r·g^M) with M one of
  M_0..M_k. With M in {0, 1} it is the "individual proof" of a mark; over the product of a
  question's ciphertexts with M in min..max it is the "overall proof".
- Proof of knowledge of a discrete logarithm (Schnorr; Belenios §Signing uses the same
  shape): a trustee shows it knows the secret behind its public commitment, so no trustee
  can choose its contribution after seeing the others' (a rogue key).
- Proof of correct partial decryption (Chaum–Pedersen, §Partial decryptions): log_g X =
  log_alpha F, i.e. the factor F = alpha^x was made with the trustee's share x.

Every challenge is Belenios' HashGroup over a message that names the context. Where
Belenios leaves a statement's values out of the hash (its decryption challenge hashes only
φ, X, A, B), we put them in (alpha and F as well), the "strong" Fiat–Shamir transform
recommended by Bernhard, Pereira and Warinschi, "How not to prove yourself" (2012).
"""

from dataclasses import dataclass

from . import group as G
from .elgamal import Ciphertext

PREFIX = "LIANGHUI-V1"
DST_PROVE = f"{PREFIX}-prove"
DST_DECRYPT = f"{PREFIX}-decrypt"
DST_POK = f"{PREFIX}-pok"


@dataclass(frozen=True, slots=True)
class Proof:
    challenge: int
    response: int

    def to_json(self) -> dict:
        return {
            "challenge": G.scalar_to_str(self.challenge),
            "response": G.scalar_to_str(self.response),
        }

    @classmethod
    def from_json(cls, d: object) -> "Proof":
        if not isinstance(d, dict) or set(d) != {"challenge", "response"}:
            raise G.GroupError("a proof is an object with challenge and response")
        return cls(G.scalar_from_str(d["challenge"]), G.scalar_from_str(d["response"]))


def _interval_hash(S: str, c: Ciphertext, commitments) -> int:
    return G.hash_group(DST_PROVE, f"{S}|{c.alpha.hex()},{c.beta.hex()}|", commitments)


def _branch(y: bytes, c: Ciphertext, M: int, proof: Proof) -> tuple[bytes, bytes]:
    """A = g^response·alpha^challenge, B = y^response·(beta/g^M)^challenge."""
    a = G.add(G.base_mul(proof.response), G.mul(proof.challenge, c.alpha))
    b = G.add(G.mul(proof.response, y), G.mul(proof.challenge, G.sub(c.beta, G.small_base_mul(M))))
    return a, b


def _simulated_branch(y: bytes, r: int, m: int, M: int, proof: Proof) -> tuple[bytes, bytes]:
    """`_branch` for c = (g^r, y^r·g^m), computed by the prover who knows r and m.

    g^response·alpha^challenge = g^s and y^response·(beta/g^M)^challenge = y^s·g^((m−M)·
    challenge) with s = response + r·challenge: the same two points, with one
    variable-base multiplication instead of three (the proof is unchanged; a test checks
    both ways agree)."""
    s = (proof.response + r * proof.challenge) % G.Q
    return G.base_mul(s), G.add(G.mul(s, y), G.base_mul((m - M) * proof.challenge))


def prove_interval(S: str, y: bytes, c: Ciphertext, r: int, m: int, values) -> list[Proof]:
    """iprove(S, r, i, M_0..M_k) where values[i] == m is the encrypted value: c must be
    (g^r, y^r·g^m), as `elgamal.encrypt` and the products of its ciphertexts are."""
    values = list(values)
    i = values.index(m)
    proofs: list[Proof | None] = [None] * len(values)
    commitments: list[bytes] = []
    w = G.random_scalar()
    for j, M in enumerate(values):
        if j == i:
            commitments += [G.base_mul(w), G.mul(w, y)]
            continue
        p = Proof(G.random_scalar(), G.random_scalar())
        proofs[j] = p
        commitments += _simulated_branch(y, r, m, M, p)
    others = sum(p.challenge for p in proofs if p is not None)
    ch = (_interval_hash(S, c, commitments) - others) % G.Q
    proofs[i] = Proof(ch, (w - r * ch) % G.Q)
    return proofs  # type: ignore[return-value]


def verify_interval(S: str, y: bytes, c: Ciphertext, proofs: list[Proof], values) -> bool:
    values = list(values)
    if len(proofs) != len(values):
        return False
    commitments: list[bytes] = []
    for M, p in zip(values, proofs, strict=True):
        commitments += _branch(y, c, M, p)
    return _interval_hash(S, c, commitments) == sum(p.challenge for p in proofs) % G.Q


def prove_knowledge(context: str, x: int) -> Proof:
    """Schnorr: A = g^w, challenge = HashGroup(pok, context|X|, (A)), response = w − x·challenge."""
    X = G.base_mul(x)
    w = G.random_scalar()
    ch = G.hash_group(DST_POK, f"{context}|{X.hex()}|", [G.base_mul(w)])
    return Proof(ch, (w - x * ch) % G.Q)


def verify_knowledge(context: str, X: bytes, proof: Proof) -> bool:
    a = G.add(G.base_mul(proof.response), G.mul(proof.challenge, X))
    return G.hash_group(DST_POK, f"{context}|{X.hex()}|", [a]) == proof.challenge


def _decrypt_hash(
    fingerprint: str, X: bytes, alpha: bytes, factor: bytes, a: bytes, b: bytes
) -> int:
    return G.hash_group(
        DST_DECRYPT, f"{fingerprint}|{X.hex()}|{alpha.hex()},{factor.hex()}|", [a, b]
    )


def prove_decryption(fingerprint: str, x: int, alpha: bytes) -> tuple[bytes, Proof]:
    """The factor alpha^x and a proof that log_g X = log_alpha factor."""
    X = G.base_mul(x)
    factor = G.mul(x, alpha)
    w = G.random_scalar()
    ch = _decrypt_hash(fingerprint, X, alpha, factor, G.base_mul(w), G.mul(w, alpha))
    return factor, Proof(ch, (w - x * ch) % G.Q)


def verify_decryption(
    fingerprint: str, X: bytes, alpha: bytes, factor: bytes, proof: Proof
) -> bool:
    a = G.add(G.base_mul(proof.response), G.mul(proof.challenge, X))
    b = G.add(G.mul(proof.response, alpha), G.mul(proof.challenge, factor))
    return _decrypt_hash(fingerprint, X, alpha, factor, a, b) == proof.challenge
