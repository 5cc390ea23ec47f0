"""{% audit_head %}: the audit chain's current signed head, where results are published.

Every result page, printed result and open-data file shows the head as it stands, so that
copies kept outside the server (a printout, a download, a newspaper) are anchors:
`lianghui audit verify --anchors` proves no event before them was changed (docs/audit.md).
"""

from django import template

from lianghui.audit.log import current_head

register = template.Library()


@register.inclusion_tag("audit/_head.html")
def audit_head(printed: bool = False):
    return {"head": current_head(), "printed": printed}
