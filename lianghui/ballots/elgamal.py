"""Exponential ElGamal (Belenios specification, §Homomorphic answers; Helios v4).

A mark m (0 or 1) is encrypted under the public key y as (alpha, beta) = (g^r, y^r·g^m)
with a fresh random r. Ciphertexts multiply componentwise, which adds the marks, so the
tally is the product of the ballots' ciphertexts and only that product is ever decrypted;
the plaintext of a total is a small discrete logarithm, found in a table of g^0..g^bound.
"""

from dataclasses import dataclass

from . import group as G


@dataclass(frozen=True, slots=True)
class Ciphertext:
    alpha: bytes
    beta: bytes

    def __mul__(self, other: "Ciphertext") -> "Ciphertext":
        return Ciphertext(G.add(self.alpha, other.alpha), G.add(self.beta, other.beta))

    def __truediv__(self, other: "Ciphertext") -> "Ciphertext":
        return Ciphertext(G.sub(self.alpha, other.alpha), G.sub(self.beta, other.beta))

    def to_json(self) -> dict:
        return {"alpha": self.alpha.hex(), "beta": self.beta.hex()}

    @classmethod
    def from_checked_json(cls, d: dict) -> "Ciphertext":
        """Read a ciphertext whose points were checked already (a stored ballot, a product
        made here): without the subgroup check per point, which a close over thousands of
        ballots would pay again for each."""
        return cls(bytes.fromhex(d["alpha"]), bytes.fromhex(d["beta"]))

    @classmethod
    def from_json(cls, d: object) -> "Ciphertext":
        """Parse and check a received ciphertext: both components valid group elements."""
        if not isinstance(d, dict) or set(d) != {"alpha", "beta"}:
            raise G.GroupError("a ciphertext is an object with alpha and beta")
        return cls(G.point_from_str(d["alpha"]), G.point_from_str(d["beta"]))


ZERO = Ciphertext(G.IDENTITY, G.IDENTITY)


def encrypt(y: bytes, m: int, r: int | None = None) -> tuple[Ciphertext, int]:
    """(g^r, y^r·g^m) and the r used; r is drawn fresh unless given (tests, known answers)."""
    if r is None:
        r = G.random_scalar()
    return Ciphertext(G.base_mul(r), G.add(G.mul(r, y), G.base_mul(m))), r


def product(ciphertexts) -> Ciphertext:
    alpha, beta = G.IDENTITY, G.IDENTITY
    for c in ciphertexts:
        alpha = G.add(alpha, c.alpha)
        beta = G.add(beta, c.beta)
    return Ciphertext(alpha, beta)


class DlogTable:
    """g^m → m for m in 0..bound (a total is at most the number of ballots)."""

    def __init__(self, bound: int):
        self.bound = bound
        self._table = {}
        p = G.IDENTITY
        for m in range(bound + 1):
            self._table[p] = m
            p = G.add(p, G.G)

    def log(self, p: bytes) -> int | None:
        return self._table.get(p)


def decrypt_with_secret(x: int, c: Ciphertext) -> bytes:
    """beta / alpha^x = g^m. Only tests use a whole secret key: the real key never exists whole
    (see `threshold`)."""
    return G.sub(c.beta, G.mul(x, c.alpha))
