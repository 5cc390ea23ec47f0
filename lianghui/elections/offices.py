"""The office an election fills: an existing one of the body, or a new one.

Spec: the presidium (the secretariat or the meeting's presiding officers) names an office
when it arranges an election. A new office is created for the meeting's body, with its
kind (head, deputy, standing-committee member, city-congress deputy: the contest rule of
LOL 30 depends on it) and whether the upper level must approve it; event
elections.office_created. Called inside the caller's transaction, so an election that is
then refused leaves no new office (and no event) behind.
"""

from django.db import transaction

from lianghui.audit.log import record
from lianghui.elections.models import Office
from lianghui.elections.slate import OfficeKind
from lianghui.errors import ActionError, NotFound, PermissionDenied
from lianghui.sessions.access import can_chair
from lianghui.sessions.models import Meeting


def office_for(
    meeting: Meeting,
    office_id: int | None,
    actor,
    *,
    title: str = "",
    kind: str = "",
    needs_approval: bool = False,
    new: bool = False,
) -> Office:
    if not can_chair(actor, meeting):
        raise PermissionDenied("只有主席团（会务组或会议主持人）可以执行此操作。")
    body = meeting.session.term.body
    if office_id is not None:
        # Another body's office is refused by create_election (wrong_body), not hidden here.
        office = Office.objects.filter(pk=office_id).first()
        if office is None:
            raise NotFound("未找到该职务。")
        return office
    if not new:
        raise ActionError("office_required", "请选择职务，或填写新职务的名称和类别。", status=422)
    title = title.strip()
    if not title:
        raise ActionError("office_required", "请填写职务名称。", status=422, field="title")
    if kind not in [k.value for k in OfficeKind]:
        raise ActionError("bad_kind", "未知的职务类别。", status=422, field="kind")
    with transaction.atomic():
        office, created = Office.objects.get_or_create(
            body=body,
            title=title[:100],
            defaults={"kind": kind, "needs_approval": needs_approval},
        )
        if not created and (office.kind, office.needs_approval) != (kind, needs_approval):
            raise ActionError(
                "office_exists", f"已有职务“{title}”，类别或审批要求不同，请直接选择该职务。"
            )
        if created:
            record(
                "elections.office_created",
                office,
                actor=actor,
                data={"title": office.title, "kind": kind, "needs_approval": needs_approval},
            )
    return office
