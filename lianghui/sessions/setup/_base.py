"""What every set-up action shares: the permission, refusals that name a field, changes."""

from django.utils import timezone

from lianghui.audit.diff import apply_changes, plain
from lianghui.errors import ActionError, PermissionDenied
from lianghui.people.access import is_secretariat
from lianghui.sessions.models import Meeting
from lianghui.sessions.setup_rules import Problem, Slot


class SetupRefused(ActionError):
    """Bad input: every problem, each naming its field; nothing was changed.

    `field` (the first problem's) lets a page put the message beside the right input;
    `problems` lists them all for the API.
    """

    status = 422

    def __init__(self, problems: list[Problem], code: str = "invalid"):
        super().__init__(
            code,
            "；".join(p.message.rstrip("。") for p in problems) + "。",
            field=problems[0].field,
            problems=[{"field": p.field, "message": p.message} for p in problems],
        )
        self.problems = problems


def refuse(field: str, message: str, code: str = "invalid") -> SetupRefused:
    return SetupRefused([Problem(field, message)], code)


def require_secretariat(actor) -> None:
    if not is_secretariat(actor):
        raise PermissionDenied("只有会务组可以设置会议。")


def tz():
    return timezone.get_default_timezone()


def slot_of(meeting: Meeting) -> Slot:
    return Slot(
        meeting.pk,
        meeting.title,
        meeting.kind,
        meeting.starts_at,
        meeting.ends_at,
        meeting.group_id,
        meeting.venue,
    )


__all__ = [
    "SetupRefused",
    "apply_changes",
    "plain",
    "refuse",
    "require_secretariat",
    "slot_of",
    "tz",
]
