"""Where the server's audit keys come from: the environment or a key file, never the database.

LIANGHUI_AUDIT_KEY (the private key, base64) or LIANGHUI_AUDIT_KEY_FILE (a file holding it);
LIANGHUI_AUDIT_TRUSTED_KEYS: public keys of earlier (rotated) keys; given alone, the machine
only verifies. With no key setting at all, the demo and development get a key file made on
first use in the data directory; `lianghui serve` refuses to start that way (lianghui.checks).
"""

import contextlib
import os
from functools import lru_cache
from pathlib import Path

from django.conf import settings

from lianghui.audit.signing import KeyProblem, Keyring, key_id, new_private_key, public_key_of


def configured() -> bool:
    """A production key was given explicitly (not the demo's key made on first use)."""
    return bool(settings.AUDIT_SIGNING_KEY or settings.AUDIT_SIGNING_KEY_FILE)


def keyring() -> Keyring:
    return _keyring(
        settings.AUDIT_SIGNING_KEY,
        settings.AUDIT_SIGNING_KEY_FILE,
        str(settings.AUDIT_FALLBACK_KEY_FILE),
        tuple(settings.AUDIT_TRUSTED_KEYS),
    )


@lru_cache(maxsize=8)
def _keyring(private: str | None, path: str | None, fallback: str, trusted: tuple) -> Keyring:
    if not private and path:
        private = read_key_file(Path(path))
    elif not private and not trusted:
        private = _fallback_key(Path(fallback))
    # Only public keys: a machine that verifies a copy of the chain and signs nothing.
    return Keyring.load(private, list(trusted))


def read_key_file(path: Path) -> str:
    try:
        text = path.read_text()
    except OSError as e:
        raise KeyProblem(f"读不到审计签名密钥文件 {path}：{e.strerror}") from None
    lines = [line.strip() for line in text.splitlines()]
    keys = [line for line in lines if line and not line.startswith("#")]
    if len(keys) != 1:
        raise KeyProblem(f"审计签名密钥文件 {path} 应恰有一行密钥，实有 {len(keys)} 行")
    return keys[0]


def write_key_file(path: Path) -> tuple[str, str]:
    """A new private key in a new file readable by its owner only. Returns (key id, public)."""
    private = new_private_key()
    public = public_key_of(private)
    kid = key_id(Keyring.load(private).signing.verify_key)
    text = (
        "# lianghui 审计签名私钥 / audit signing key (Ed25519, base64)\n"
        "# 不要放进数据库或其备份 / keep it out of the database and its backups\n"
        f"# key id {kid}, public key {public}\n"
        f"{private}\n"
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    # O_EXCL: never overwrite a key (the chain it signed would no longer verify).
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as f:
        f.write(text)
    return kid, public


def _fallback_key(path: Path) -> str:
    if not path.exists():
        # FileExistsError: another process made it a moment ago.
        with contextlib.suppress(FileExistsError):
            write_key_file(path)
    return read_key_file(path)
