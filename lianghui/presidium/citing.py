"""Citing a presidium decision for a power the presidium's own subjects do not name.

Interpellation (LOL 24 ¶2), recall (LOL 31) and resignation (沪议事规则 51) are put to the
congress "by the presidium". Their decisions are recorded with the subject "other"; the
action that relies on one names its own article when the decision is missing, unknown, not
yet voted on or not adopted.
"""

from lianghui.errors import ActionError
from lianghui.presidium import actions, rules
from lianghui.presidium.models import Decision
from lianghui.sessions.models import Session


def cite_decision(decision_id, *, session: Session, power: str, actor) -> Decision:
    """The adopted decision of this session's presidium, or a refusal that begins with
    `power` (the article and what it gives the presidium) and says what is wrong."""
    if decision_id is None or decision_id == "":
        raise ActionError(
            "presidium_decision_required",
            f"{power}；请先在主席团会议上由全体成员的过半数通过该决定，再引用它。",
            status=422,
        )
    try:
        return actions.cite(decision_id, session=session, subject=rules.Subject.OTHER, actor=actor)
    except ActionError as e:
        why = e.message.split("；")[0]
        raise ActionError(e.code, f"{power}；{why}。", status=e.status) from None
