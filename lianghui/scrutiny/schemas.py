"""API bodies that the vote and election routers share: a scrutineer's partial decryption of
a closed ballot box's totals (one factor and its proof per total). Kept below the routers so
that neither imports the other."""

from ninja import Schema


class DecryptionFactorIn(Schema):
    factor: str
    proof: dict[str, str]


class PartialDecryptionIn(Schema):
    trustee: int
    factors: list[DecryptionFactorIn]
