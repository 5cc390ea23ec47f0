"""The vendored browser library is exactly the file whose provenance its README records."""

import hashlib
from pathlib import Path

VENDOR = Path(__file__).resolve().parents[2] / "static" / "lianghui" / "vendor"
SHA256 = "3572e3e2bd7c4f2204a07a105446708a54e4680c6c306066910df299f5816333"


def test_vendored_noble_curves_checksum():
    data = (VENDOR / "noble-curves-2.4.0.js").read_bytes()
    assert hashlib.sha256(data).hexdigest() == SHA256
    assert SHA256 in (VENDOR / "README.md").read_text(encoding="utf-8")
