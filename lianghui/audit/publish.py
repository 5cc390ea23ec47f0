"""The one function every publication point calls: the chain's signed head, as published.

Result pages and printed papers use the {% audit_head %} tag (audit.templatetags), the
open-data export puts it in its `meta`. Whatever copy of a head is kept outside the server
is an anchor for `lianghui audit verify --anchors` (docs/audit.md).
"""

from lianghui.audit.log import current_head


def published_head() -> dict | None:
    head = current_head()
    return head.as_dict() if head else None
