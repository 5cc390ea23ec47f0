"""The one-way digests under which a slip's secrets are stored.

Only a digest of the link token and of the short code is stored, never the secret itself. The
digest is keyed BLAKE2b (RFC 7693, section 2.9: BLAKE2 with a key is a MAC) from libsodium,
through PyNaCl. The key is derived from SECRET_KEY, which is not in the database: whoever
copies the database cannot test candidate codes against it offline, which matters for the
50-bit short code. Changing SECRET_KEY voids every slip not yet used (print them again).
"""

from functools import cache

from django.conf import settings
from nacl.encoding import HexEncoder, RawEncoder
from nacl.hash import blake2b

_PERSON = b"lh-signin-slip"  # BLAKE2 personalisation: these digests are for nothing else


@cache
def _key(secret_key: str) -> bytes:
    return blake2b(secret_key.encode(), digest_size=32, person=_PERSON, encoder=RawEncoder)


def digest(kind: str, secret: str) -> str:
    """Hex digest of a secret; `kind` ("token" or "code") keeps the two spaces apart."""
    key = _key(settings.SECRET_KEY)
    data = f"{kind}:{secret}".encode()
    return blake2b(data, key=key, digest_size=32, person=_PERSON, encoder=HexEncoder).decode()
