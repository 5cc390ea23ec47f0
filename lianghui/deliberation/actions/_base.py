"""What every deliberation and oath action shares: refusals, the lock, who may record."""

import logging
from functools import partial
from typing import Any

from lianghui.deliberation import access
from lianghui.deliberation.models import Deliberation, RecordState
from lianghui.errors import PermissionDenied, refusal
from lianghui.people.models import Person
from lianghui.rows import locked
from lianghui.sessions import roster
from lianghui.sessions.access import require_chair
from lianghui.sessions.models import Meeting, PresidingOfficer, PresidingRole

log = logging.getLogger("lianghui.deliberation.actions")

TOPIC_MAX = 200
UNCHANGED: Any = object()


# A refusal of these actions: 409 unless told otherwise, its code logged.
_refuse = partial(refusal, log=log)


def _require_recorder(user, record: Deliberation) -> None:
    if not access.can_record(user, record.meeting, record):
        raise PermissionDenied("只有会务组、会议主持人、代表团召集人或记录人可以记录分组审议。")


def _require_presidium(user, meeting: Meeting) -> None:
    # The presidium's decisions are entered by the secretariat or the presiding officers.
    require_chair(user, meeting, "只有主席团（会务组或会议主持人）可以组织宪法宣誓。")


def _locked_draft(record_id: int) -> Deliberation:
    """The record, locked until the transaction ends, while it is still a draft: every change
    to a record starts here, and a final record refuses them all."""
    record = locked(Deliberation, record_id, "meeting__session__term__body", "meeting__group")
    if record.state != RecordState.DRAFT:
        raise _refuse("record_final", "审议记录已定稿，不能再修改。")
    return record


def _clean(text: str, limit: int | None = None) -> str:
    text = (text or "").strip()
    return text[:limit] if limit else text


def attending_ids(meeting: Meeting) -> set[int]:
    return set(
        PresidingOfficer.objects.filter(meeting=meeting, role=PresidingRole.ATTENDING).values_list(
            "person_id", flat=True
        )
    )


def may_speak(meeting: Meeting, person: Person) -> bool:
    """A member of the delegation, or a leader attending (who speaks too: 曹立强指出……)."""
    return roster.is_member(meeting, person.pk) or person.pk in attending_ids(meeting)
