"""Objects named by id in a request's body, shared by the domain routers (kept below them, so
no router imports another). An id that names nothing is a Chinese 422, not a 404: the path's
object exists, the body is what is wrong."""

from lianghui.errors import ActionError, named_row
from lianghui.people.models import Person
from lianghui.sessions.models import Meeting


def people(ids: list[int]) -> list[Person]:
    """The persons, in the order given."""
    found = {p.pk: p for p in Person.objects.filter(pk__in=ids)}
    missing = [i for i in ids if i not in found]
    if missing:
        raise ActionError("no_person", f"未找到编号为 {missing[0]} 的人员。", status=422)
    return [found[i] for i in ids]


def meeting(pk: int | None) -> Meeting | None:
    return named_row(Meeting.objects, pk, "no_meeting", "未找到该会议。")
