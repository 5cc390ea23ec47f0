"""The office an election fills: an existing one of the body, or a new one.

Spec: the presidium (the secretariat or the meeting's presiding officers) names an office
when it arranges an election. A new office is created for the meeting's body, with its
kind (head, deputy, standing-committee member, city-congress deputy: the contest rule of
LOL 30 depends on it) and whether the upper level must approve it; a congress's office is
named from the catalogue at its level (catalogue.py), its kind taken from there; event
elections.office_created. Called inside the caller's transaction, so an election that is
then refused leaves no new office (and no event) behind.
"""

from django.db import transaction

from lianghui.audit.log import record
from lianghui.elections import catalogue
from lianghui.elections.models import Office
from lianghui.elections.slate import KIND_LABELS, OfficeKind
from lianghui.errors import ActionError, row_or_404
from lianghui.people.models import OrgKind
from lianghui.sessions.access import PRESIDIUM_ONLY, require_chair
from lianghui.sessions.models import Meeting


def _catalogue_office(body, title: str, code: str) -> tuple[str, str]:
    """A congress's office is one of the catalogue's at the congress's level (LOL 26, 47),
    and its title must not name another (常委会主任 is not 区长): (code, contest kind)."""
    named = catalogue.code_for_title(title)
    code = code or named or ""
    entry = catalogue.entry(code)
    if entry is None:
        raise ActionError(
            "office_not_in_catalogue",
            "请从职务目录中选择本级人民代表大会选举的职务（地方组织法第二十六条）。",
            status=422,
            field="code",
        )
    if named is not None and named != code:
        raise ActionError(
            "title_names_another_office",
            f"职务名称“{title}”是{catalogue.entry(named).name}，与所选的{entry.name}不符"
            "（地方组织法第二十六条所列职务各不相同）。",
            status=422,
            field="title",
        )
    refusal = catalogue.office_refusal(code, body.level)
    if refusal:
        raise ActionError("office_not_elected_here", refusal, status=422, field="code")
    return code, entry.slate.value


def office_for(
    meeting: Meeting,
    office_id: int | None,
    actor,
    *,
    title: str = "",
    kind: str = "",
    needs_approval: bool = False,
    new: bool = False,
    code: str = "",
) -> Office:
    require_chair(actor, meeting, PRESIDIUM_ONLY)
    body = meeting.session.term.body
    if office_id is not None:
        # Another body's office is refused by create_election (wrong_body), not hidden here.
        return row_or_404(Office.objects, office_id, "未找到该职务。")
    if not new:
        raise ActionError("office_required", "请选择职务，或填写新职务的名称和类别。", status=422)
    title = title.strip()
    if not title:
        raise ActionError("office_required", "请填写职务名称。", status=422, field="title")
    if (kind or body.kind != OrgKind.CONGRESS) and kind not in [k.value for k in OfficeKind]:
        raise ActionError("bad_kind", "未知的职务类别。", status=422, field="kind")
    if body.kind == OrgKind.CONGRESS:
        given = kind
        code, kind = _catalogue_office(body, title, code)
        if given and given != kind:
            raise ActionError(
                "kind_mismatch",
                f"{catalogue.entry(code).name}的选举适用{KIND_LABELS[OfficeKind(kind)]}的"
                f"差额规定，不是{KIND_LABELS[OfficeKind(given)]}（地方组织法第二十七条）。",
                status=422,
                field="kind",
            )
        needs_approval = needs_approval or catalogue.entry(code).needs_approval
    with transaction.atomic():
        office, created = Office.objects.get_or_create(
            body=body,
            title=title[:100],
            defaults={"kind": kind, "needs_approval": needs_approval, "code": code},
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
                data={
                    "title": office.title,
                    "code": office.code,
                    "kind": office.kind,
                    "needs_approval": office.needs_approval,
                },
            )
    return office
