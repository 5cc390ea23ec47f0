"""The tally key: made by n trustees so that any k of them decrypt and no machine holds it.

This is Pedersen's distributed key generation ("A threshold cryptosystem without a trusted
party", Eurocrypt 1991) with Feldman's verifiable secret sharing, as in Belenios' threshold
mode (specification, §Threshold trustees: derived polynomials, polynomials, vinputs,
voutputs) and combined with Lagrange coefficients as in §Election result:

1. Each trustee j makes an encryption key d_j and publishes ek_j = g^(d_j) with a proof of
   knowledge (so shares can be sent to it through the server, which cannot read them).
2. Each trustee i draws a polynomial f_i of degree k−1 over Z_q, publishes the Feldman
   commitments A_il = g^(a_il) with a proof of knowledge of a_i0, and sends f_i(j) to each
   trustee j encrypted under ek_j.
3. Trustee j decrypts its n shares and checks each against the commitments:
   g^(f_i(j)) = Π_l A_il^(j^l); a share that fails names its sender, and the ceremony is made
   again without it. Trustee j's key share is x_j = Σ_i f_i(j); it proves knowledge of x_j
   against its verification key X_j = g^(x_j) = Π_i Π_l A_il^(j^l), which anyone can compute
   from the commitments.
4. The tally key is y = Π_i A_i0 = g^(Σ_i a_i0); its secret Σ_i a_i0 is never computed.

A partial decryption by trustee j of a ciphertext (alpha, beta) is F_j = alpha^(x_j) with a
Chaum–Pedersen proof against X_j; any k of them combine to alpha^x = Π_j F_j^(λ_j) with
λ_j = Π_(m≠j) m/(m−j) mod q over the k indices used.

Shares travel as ECIES with an XOR cipher for a fixed-length message (SEC 1 v2.0 §5.1):
R = g^e, key material = SHA-512(tag ‖ context ‖ R ‖ ek ‖ ek^e), the 32-byte share XORed
with its first half and authenticated by HMAC-SHA256 under its second half.
"""

import hashlib
import hmac
from dataclasses import dataclass

from . import group as G
from . import proofs as P

DST_SHARE = f"{P.PREFIX}-share"


class CeremonyError(ValueError):
    """A contribution, share or partial decryption does not check."""


def lagrange(indices, j: int) -> int:
    """λ_j over the given trustee indices (1-based), mod q."""
    num, den = 1, 1
    for m in indices:
        if m != j:
            num = num * m % G.Q
            den = den * (m - j) % G.Q
    return num * pow(den, -1, G.Q) % G.Q


def feldman_point(coefexps: list[bytes], j: int) -> bytes:
    """Π_l A_l^(j^l): g raised to the committed polynomial at j."""
    total = G.IDENTITY
    power = 1
    for a in coefexps:
        total = G.add(total, G.mul(power, a))
        power = power * j % G.Q
    return total


def verification_key(all_coefexps: list[list[bytes]], j: int) -> bytes:
    """X_j = g^(x_j), computed from every trustee's public commitments."""
    return G.add_all(feldman_point(c, j) for c in all_coefexps)


def joint_public_key(all_coefexps: list[list[bytes]]) -> bytes:
    return G.add_all(c[0] for c in all_coefexps)


# --- contexts bound into the proofs of knowledge


def ek_context(ceremony: str, j: int) -> str:
    return f"{ceremony}|encryption-key|{j}"


def commitment_context(ceremony: str, i: int) -> str:
    return f"{ceremony}|commitment|{i}"


def share_context(ceremony: str, j: int) -> str:
    return f"{ceremony}|key-share|{j}"


# --- the encrypted channel for shares


def _share_keys(context: str, R: bytes, ek: bytes, shared: bytes) -> tuple[bytes, bytes]:
    material = hashlib.sha512(DST_SHARE.encode() + context.encode() + R + ek + shared).digest()
    return material[:32], material[32:]


def encrypt_share(ceremony: str, sender: int, recipient: int, ek: bytes, s: int) -> dict:
    context = f"{ceremony}|{sender}->{recipient}"
    e = G.random_scalar()
    R = G.base_mul(e)
    pad, mac_key = _share_keys(context, R, ek, G.mul(e, ek))
    ct = bytes(a ^ b for a, b in zip(s.to_bytes(32, "little"), pad, strict=True))
    tag = hmac.new(mac_key, R + ct, hashlib.sha256).digest()
    return {"ephemeral": R.hex(), "ciphertext": ct.hex(), "tag": tag.hex()}


def decrypt_share(ceremony: str, sender: int, recipient: int, d: int, box: dict) -> int:
    context = f"{ceremony}|{sender}->{recipient}"
    try:
        R = G.point_from_str(box["ephemeral"])
        ct = bytes.fromhex(box["ciphertext"])
        tag = bytes.fromhex(box["tag"])
    except (KeyError, TypeError, ValueError) as exc:
        raise CeremonyError(f"share from trustee {sender} is malformed") from exc
    pad, mac_key = _share_keys(context, R, G.base_mul(d), G.mul(d, R))
    if len(ct) != 32 or not hmac.compare_digest(
        hmac.new(mac_key, R + ct, hashlib.sha256).digest(), tag
    ):
        raise CeremonyError(f"share from trustee {sender} does not authenticate")
    s = int.from_bytes(bytes(a ^ b for a, b in zip(ct, pad, strict=True)), "little")
    if s >= G.Q:
        raise CeremonyError(f"share from trustee {sender} is not a scalar")
    return s


# --- one trustee's side of the ceremony (the browser does the same in JavaScript)


@dataclass
class Trustee:
    """What one trustee's device keeps. Only `public_*` results ever leave it."""

    ceremony: str
    index: int
    threshold: int
    decryption_key: int  # d_j, for receiving shares
    coefficients: list[int] | None = None  # a_i0..a_i(k-1)
    share: int | None = None  # x_j, after the ceremony

    @classmethod
    def new(cls, ceremony: str, index: int, threshold: int) -> "Trustee":
        return cls(ceremony, index, threshold, G.random_scalar())

    def public_encryption_key(self) -> dict:
        return {
            "trustee": self.index,
            "encryption_key": G.base_mul(self.decryption_key).hex(),
            "proof": P.prove_knowledge(
                ek_context(self.ceremony, self.index), self.decryption_key
            ).to_json(),
        }

    def public_contribution(self, encryption_keys: dict[int, bytes]) -> dict:
        """Step 2: commitments, proof of knowledge of a_i0, one encrypted share per trustee."""
        self.coefficients = [G.random_scalar() for _ in range(self.threshold)]
        shares = {}
        for j, ek in sorted(encryption_keys.items()):
            s = 0
            for a in reversed(self.coefficients):
                s = (s * j + a) % G.Q
            shares[str(j)] = encrypt_share(self.ceremony, self.index, j, ek, s)
        return {
            "trustee": self.index,
            "coefexps": [G.base_mul(a).hex() for a in self.coefficients],
            "proof": P.prove_knowledge(
                commitment_context(self.ceremony, self.index), self.coefficients[0]
            ).to_json(),
            "shares": shares,
        }

    def receive_shares(self, contributions: list[dict]) -> dict:
        """Step 3: check every share against its sender's commitments; prove the key share."""
        checked = check_contributions(self.ceremony, self.threshold, contributions)
        total = 0
        for c in contributions:
            i = c["trustee"]
            s = decrypt_share(
                self.ceremony, i, self.index, self.decryption_key, c["shares"][str(self.index)]
            )
            if G.base_mul(s) != feldman_point(checked[i], self.index):
                raise CeremonyError(f"share from trustee {i} does not match its commitments")
            total = (total + s) % G.Q
        self.share = total
        self.coefficients = None  # the polynomial is no longer needed; forget it
        return {
            "trustee": self.index,
            "proof": P.prove_knowledge(share_context(self.ceremony, self.index), total).to_json(),
        }

    def partial_decryption(self, fingerprint: str, alphas: list[bytes]) -> dict:
        factors = []
        for alpha in alphas:
            f, proof = P.prove_decryption(fingerprint, self.share, alpha)
            factors.append({"factor": f.hex(), "proof": proof.to_json()})
        return {"trustee": self.index, "factors": factors}


# --- the public side: checks anyone (the server, a verifier) can make


def check_encryption_key(ceremony: str, published: dict) -> bytes:
    try:
        j = published["trustee"]
        ek = G.point_from_str(published["encryption_key"])
        proof = P.Proof.from_json(published["proof"])
    except (KeyError, TypeError, G.GroupError) as exc:
        raise CeremonyError("encryption key is malformed") from exc
    if not P.verify_knowledge(ek_context(ceremony, j), ek, proof):
        raise CeremonyError(f"trustee {j}'s encryption key proof does not verify")
    return ek


def check_contribution(ceremony: str, threshold: int, c: dict) -> list[bytes]:
    try:
        i = c["trustee"]
        coefexps = [G.point_from_str(a) for a in c["coefexps"]]
        proof = P.Proof.from_json(c["proof"])
    except (KeyError, TypeError, G.GroupError) as exc:
        raise CeremonyError("contribution is malformed") from exc
    if len(coefexps) != threshold:
        raise CeremonyError(f"trustee {i} committed to a polynomial of the wrong degree")
    if not P.verify_knowledge(commitment_context(ceremony, i), coefexps[0], proof):
        raise CeremonyError(f"trustee {i}'s commitment proof does not verify")
    return coefexps


def check_contributions(
    ceremony: str, threshold: int, contributions: list[dict]
) -> dict[int, list[bytes]]:
    return {c["trustee"]: check_contribution(ceremony, threshold, c) for c in contributions}


def check_key_share_proof(ceremony: str, X: bytes, published: dict) -> None:
    try:
        proof = P.Proof.from_json(published["proof"])
        j = published["trustee"]
    except (KeyError, TypeError, G.GroupError) as exc:
        raise CeremonyError("key share proof is malformed") from exc
    if not P.verify_knowledge(share_context(ceremony, j), X, proof):
        raise CeremonyError(f"trustee {j}'s key share does not match the published key")


def check_partial_decryption(
    fingerprint: str, X: bytes, alphas: list[bytes], published: dict
) -> list[bytes]:
    """The factors of one trustee's partial decryption, each proof checked."""
    factors = published.get("factors") if isinstance(published, dict) else None
    if not isinstance(factors, list) or len(factors) != len(alphas):
        raise CeremonyError("partial decryption has the wrong number of factors")
    out = []
    for alpha, item in zip(alphas, factors, strict=True):
        try:
            f = G.point_from_str(item["factor"])
            proof = P.Proof.from_json(item["proof"])
        except (KeyError, TypeError, G.GroupError) as exc:
            raise CeremonyError("partial decryption is malformed") from exc
        if not P.verify_decryption(fingerprint, X, alpha, f, proof):
            raise CeremonyError(
                f"trustee {published.get('trustee')}'s decryption proof does not verify"
            )
        out.append(f)
    return out


def combine(factors_by_trustee: dict[int, list[bytes]], threshold: int) -> list[bytes]:
    """alpha^x for each ciphertext from exactly `threshold` trustees' checked factors."""
    if len(factors_by_trustee) < threshold:
        raise CeremonyError(f"{len(factors_by_trustee)} partial decryptions, {threshold} needed")
    used = sorted(factors_by_trustee)[:threshold]
    lambdas = {j: lagrange(used, j) for j in used}
    count = len(factors_by_trustee[used[0]])
    return [
        G.add_all(G.mul(lambdas[j], factors_by_trustee[j][t]) for j in used) for t in range(count)
    ]
