"""The Content-Security-Policy header on every answer, and templates that need no exception to it.

That the pages really work under the policy is tests/browser/test_csp.py (Chromium).
"""

import re
from pathlib import Path

import pytest

import lianghui

POLICY_PARTS = [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "frame-ancestors 'none'",
    "form-action 'self'",
    "base-uri 'none'",
    "object-src 'none'",
]


def directives(header: str) -> dict[str, list[str]]:
    parts = (p.split() for p in header.split(";") if p.strip())
    return {p[0]: p[1:] for p in parts}


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/", "/accounts/login/", "/api/docs", "/api/openapi.json"])
def test_every_answer_carries_the_policy(client, path):
    response = client.get(path)
    assert response.status_code == 200
    header = response["Content-Security-Policy"]
    for part in POLICY_PARTS:
        assert part in header, (part, header)
    found = directives(header)
    for directive in ("script-src", "style-src"):
        assert not {"'unsafe-inline'", "'unsafe-eval'"} & set(found[directive]), header
    # The page's own websocket, and only it: no bare ws:/wss: scheme allowing any host.
    assert found["connect-src"] == ["'self'", "ws://testserver"]
    # The headers that were there before the policy are still there.
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.django_db
def test_behind_https_the_websocket_is_wss(client, settings):
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    settings.ALLOWED_HOSTS = ["hall.example.org"]
    response = client.get("/", HTTP_HOST="hall.example.org", HTTP_X_FORWARDED_PROTO="https")
    connect = directives(response["Content-Security-Policy"])["connect-src"]
    assert connect == ["'self'", "wss://hall.example.org"]


@pytest.mark.django_db
def test_a_disallowed_host_adds_no_websocket_origin(client):
    response = client.get("/", HTTP_HOST="evil.example")
    assert response.status_code == 400
    assert "evil" not in response.get("Content-Security-Policy", "")


# Templates rendered into a browser may hold no inline script, style element, style attribute
# or event-handler attribute. Print templates (print/ folders, print.html, and the printed variant
# of the audit head) go to WeasyPrint only, which no policy governs.
INLINE = re.compile(
    r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>"
    r"|<style\b|\sstyle=\"|\son[a-z]+=\"|javascript:|hx-on",
    re.IGNORECASE,
)


def browser_templates():
    root = Path(lianghui.__file__).parent
    for path in sorted(root.rglob("templates/**/*.html")):
        if "print" not in path.relative_to(root).parts and path.stem != "print":
            yield path


def test_no_template_needs_inline_script_or_style():
    offenders = []
    for path in browser_templates():
        text = path.read_text(encoding="utf-8")
        if path.name == "_head.html" and path.parent.name == "audit":
            text = re.sub(r"{% if printed %}.*?{% else %}", "", text, flags=re.DOTALL)
        offenders += [f"{path}: {m.group(0)!r}" for m in INLINE.finditer(text)]
    assert not offenders, "\n".join(offenders)


def test_the_scan_sees_an_inline_style():
    assert INLINE.search('<p style="color:red">') and INLINE.search("<style>p{}</style>")
    assert INLINE.search("<script>alert(1)</script>") and INLINE.search('<a onclick="x()">')
    assert not INLINE.search('<script src="/static/x.js"></script>')
    assert not INLINE.search('<script type="application/json" id="d">{}</script>')
