"""The Content-Security-Policy (django-csp) with the page's own websocket origin.

The policy itself is ``CONTENT_SECURITY_POLICY`` in settings: scripts, styles, images and
connections only from this server, no inline script or style, no framing. The one thing
settings cannot say is the websocket's origin: ``connect-src 'self'`` covers ``ws:``/``wss:`` of
the same host in CSP Level 3 browsers, but older ones (Safari before 15.4) read 'self' as
http(s) only, and the hall's big screens and consoles must keep their live push. So each
answer names its own host's websocket scheme explicitly (``wss://host`` behind HTTPS,
``ws://host`` otherwise), never a bare ``ws:``/``wss:`` that would allow every host.
"""

from __future__ import annotations

from csp.middleware import CSPMiddleware, PolicyParts
from django.core.exceptions import DisallowedHost


def websocket_origin(request) -> str | None:
    """``wss://host[:port]`` for an HTTPS request, ``ws://…`` otherwise; None for a bad host."""
    try:
        host = request.get_host()  # validated against ALLOWED_HOSTS
    except DisallowedHost:
        return None
    return f"{'wss' if request.is_secure() else 'ws'}://{host}"


class SameHostWebsocketCSPMiddleware(CSPMiddleware):
    def get_policy_parts(self, request, response, report_only: bool = False) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only=report_only)
        origin = websocket_origin(request)
        if origin and parts.replace is None:
            update = dict(parts.update or {})
            update["connect-src"] = [*update.get("connect-src", ()), origin]
            parts.update = update
        return parts
