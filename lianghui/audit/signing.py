"""The audit chain's Ed25519 keys and signatures (PyNaCl, libsodium). No Django imports.

Two signatures per event, both made by the server with a key that is never stored in the
database (see docs/audit.md):

- at writing (``record``): over a random nonce and the event's content, before it has a
  place in the chain. The sealer only chains a pending row whose writing signature holds,
  so a row inserted straight into the table is refused, not sealed.
- at sealing: over the event's chain hash, which covers its sequence number, its content and
  (through the previous hash) everything before it. A chain recomputed without the key, or an
  edited signature, no longer verifies.

Ed25519 is RFC 8032, as implemented by libsodium's ``crypto_sign``. A key's id is the first
16 hex digits of the SHA-256 of its 32-byte public key. Keys are written as standard base64
of their 32 bytes (the private key: libsodium's seed).
"""

import base64
import binascii
import hashlib
import json
from dataclasses import dataclass, field

from nacl.exceptions import BadSignatureError
from nacl.signing import SigningKey, VerifyKey

SEAL_CONTEXT = b"lianghui-audit-seal-v1\n"
WRITE_CONTEXT = b"lianghui-audit-write-v1\n"


class KeyProblem(ValueError):
    """A key that cannot be read: the message says which and why."""


def _b64(raw: bytes) -> str:
    return base64.b64encode(raw).decode()


def _unb64(text: str, what: str) -> bytes:
    try:
        raw = base64.b64decode(text.strip(), validate=True)
    except (binascii.Error, ValueError):
        raise KeyProblem(f"{what}不是 base64 编码") from None
    if len(raw) != 32:
        raise KeyProblem(f"{what}应为 32 字节，实为 {len(raw)} 字节")
    return raw


def key_id(verify_key: VerifyKey) -> str:
    return hashlib.sha256(bytes(verify_key)).hexdigest()[:16]


def new_private_key() -> str:
    """A fresh private key, base64 (what `lianghui audit keygen` writes to its file)."""
    return _b64(bytes(SigningKey.generate()))


def public_key_of(private_b64: str) -> str:
    return _b64(bytes(SigningKey(_unb64(private_b64, "签名私钥")).verify_key))


@dataclass(frozen=True)
class TrustedKey:
    verify_key: VerifyKey
    # A retired key is trusted only up to the last event it sealed: should it leak later,
    # it cannot sign anything after that point.
    last_seq: int | None = None


@dataclass
class Keyring:
    """The signing key (None on a machine that only verifies) and every trusted public key."""

    signing: SigningKey | None = None
    trusted: dict[str, TrustedKey] = field(default_factory=dict)

    @property
    def signing_id(self) -> str | None:
        return key_id(self.signing.verify_key) if self.signing else None

    @classmethod
    def load(cls, private_b64: str | None, trusted: list[str] = ()) -> "Keyring":
        """private_b64: the current signing key; trusted: retired or outside public keys,
        each `BASE64` or `BASE64:LAST_SEQ`."""
        ring = cls()
        if private_b64:
            ring.signing = SigningKey(_unb64(private_b64, "签名私钥"))
            ring.trusted[key_id(ring.signing.verify_key)] = TrustedKey(ring.signing.verify_key)
        for entry in trusted:
            text, _, last = entry.partition(":")
            vk = VerifyKey(_unb64(text, f"公钥 {text[:12]}…"))
            try:
                last_seq = int(last) if last else None
            except ValueError:
                raise KeyProblem(f"公钥 {text[:12]}… 的截止序号不是整数：{last!r}") from None
            kid = key_id(vk)
            if kid not in ring.trusted:  # the current key is trusted without a limit
                ring.trusted[kid] = TrustedKey(vk, last_seq)
        return ring

    # -- signing (the server) --

    def _require_signing(self) -> SigningKey:
        if self.signing is None:
            raise KeyProblem(
                "没有配置审计签名密钥（LIANGHUI_AUDIT_KEY_FILE 或 LIANGHUI_AUDIT_KEY）"
            )
        return self.signing

    def sign_write(self, nonce: str, content: bytes) -> str:
        return _b64(self._require_signing().sign(_write_message(nonce, content)).signature)

    def sign_seal(self, chain_hash: str) -> str:
        return _b64(self._require_signing().sign(SEAL_CONTEXT + chain_hash.encode()).signature)

    # -- checking (the server, and anyone with the public keys) --

    def write_holds(self, nonce: str, content: bytes, signature: str) -> bool:
        """A writing signature made by a key still in service (the current one, or one
        trusted without a last sequence number while workers change keys)."""
        if not (nonce and signature):
            return False
        message = _write_message(nonce, content)
        return any(
            _holds(t.verify_key, message, signature)
            for t in self.trusted.values()
            if t.last_seq is None
        )

    def seal_problem(self, seq: int, chain_hash: str, signature: str, kid: str) -> str | None:
        """Why a sealed event's (or a published head's) signature does not hold, or None."""
        if not signature or not kid:
            return "没有签名"
        trusted = self.trusted.get(kid)
        if trusted is None:
            return f"由未登记的密钥 {kid} 签名"
        if trusted.last_seq is not None and seq > trusted.last_seq:
            return f"由已退役的密钥 {kid} 签名（该密钥只签到 #{trusted.last_seq}）"
        if not _holds(trusted.verify_key, SEAL_CONTEXT + chain_hash.encode(), signature):
            return f"签名无效（密钥 {kid}）"
        return None


def _write_message(nonce: str, content: bytes) -> bytes:
    return WRITE_CONTEXT + nonce.encode() + b"\n" + content


def _holds(verify_key: VerifyKey, message: bytes, signature: str) -> bool:
    try:
        raw = base64.b64decode(signature, validate=True)
        verify_key.verify(message, raw)
    except (BadSignatureError, binascii.Error, ValueError):
        return False
    return True


@dataclass(frozen=True)
class Head:
    """A signed chain head, as published: anyone with the public key can check it."""

    seq: int
    hash: str
    signature: str
    key_id: str

    def as_dict(self) -> dict:
        return {
            "seq": self.seq,
            "hash": self.hash,
            "signature": self.signature,
            "key_id": self.key_id,
        }

    def line(self) -> str:
        """One line, as printed on papers; `lianghui audit verify --anchors` reads it back."""
        return f"#{self.seq} {self.hash} {self.signature} {self.key_id}"


def parse_anchors(text: str) -> list[Head]:
    """Heads gathered from publications: a JSON document (one head, a list of heads, or
    documents holding them under "audit_head", such as the open-data export), or text with
    one printed head line (`#SEQ HASH SIGNATURE KEY_ID`) per line; `#` lines of prose and
    blank lines are skipped."""
    stripped = text.strip()
    if stripped.startswith(("{", "[")):
        try:
            doc = json.loads(stripped)
        except json.JSONDecodeError as e:
            raise ValueError(f"锚点文件不是有效的 JSON：{e}") from None
        return [_head_from(obj) for obj in _heads_in(doc)]
    heads = []
    for number, raw in enumerate(text.splitlines(), 1):
        parts = raw.split()
        if len(parts) == 4 and parts[0].startswith("#") and parts[0][1:].isdigit():
            heads.append(Head(int(parts[0][1:]), parts[1], parts[2], parts[3]))
        elif parts and not raw.lstrip().startswith("#"):
            raise ValueError(f"锚点文件第 {number} 行不是“#序号 哈希 签名 密钥”：{raw!r}")
    return heads


def _heads_in(doc) -> list[dict]:
    if isinstance(doc, list):
        return [h for item in doc for h in _heads_in(item)]
    if isinstance(doc, dict):
        if isinstance(doc.get("meta"), dict) and "audit_head" in doc["meta"]:
            return _heads_in(doc["meta"])  # an open-data export
        if "audit_head" in doc:
            return _heads_in(doc["audit_head"]) if doc["audit_head"] else []
        if {"seq", "hash", "signature", "key_id"} <= doc.keys():
            return [doc]
    raise ValueError("锚点文件里有既不是链头也不含 audit_head 的条目")


def _head_from(obj: dict) -> Head:
    try:
        return Head(int(obj["seq"]), str(obj["hash"]), str(obj["signature"]), str(obj["key_id"]))
    except (KeyError, TypeError, ValueError):
        raise ValueError(f"锚点格式不对：{obj!r}") from None
