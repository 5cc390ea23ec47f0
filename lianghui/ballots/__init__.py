"""Encrypted secret ballots: the cryptography below votes and elections.

Nothing here imports Django: the same code runs in the server, in the `lianghui verify`
command and in tests, and an independent verifier can be written from
`docs/ballot-record.md` alone.

The protocol is Belenios' (Cortier, Gaudry, Glondu et al., "Belenios specification",
version 2.x, doc/specification.tex in the Belenios sources), itself a descendant of
Helios v4: exponential ElGamal over a prime-order group, disjunctive Chaum–Pedersen
proofs that each encrypted mark is 0 or 1 and that a question's marks add up to an
allowed number (the "individual" and "overall" interval proofs, §Proofs of interval
membership), Fiat–Shamir challenges bound to the election fingerprint and the voter,
threshold decryption of the totals only with a Chaum–Pedersen proof per trustee
(§Partial decryptions, §Election result) after a Pedersen key ceremony with Feldman
commitments (§Threshold trustees).

Modules:
- `group`: the Ed25519 prime-order group through libsodium (PyNaCl), hashing to scalars
  (RFC 9380 hash_to_field).
- `elgamal`: ciphertexts, their sum, decryption of a total by a small discrete log.
- `proofs`: interval proofs, proofs of knowledge, proofs of correct partial decryption.
- `threshold`: the key ceremony (k of n) and the combination of partial decryptions.
- `ballot`: the election definition, its fingerprint, making and checking a ballot.
- `record`: the public record of a closed vote and its verifier.
"""
