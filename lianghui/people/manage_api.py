"""Roster preview and edits of a person or a membership, with a reason (secretariat).

Thin: each handler calls lianghui.people.importer or lianghui.people.actions. Mounted
under /api/people/manage/.
"""

from datetime import date

from ninja import File, Form, Router, Schema, Status
from ninja.files import UploadedFile

from lianghui.errors import NotFound, named_row, row_or_404
from lianghui.people import actions, importer
from lianghui.people.models import BODY_KINDS, Membership, Organisation, Person

router = Router(tags=["people 人员管理"])


class RowProblems(Schema):
    row: int
    errors: list[str]


class SampleRow(Schema):
    row: int
    name: str
    gender: str
    group: str
    ethnicity: str
    birth_date: date | None
    work: str


class PreviewOut(Schema):
    ok: bool
    rows: int
    created: int
    updated: int
    new_groups: list[str]
    errors: list[RowProblems]
    sample: list[SampleRow]


class PersonChange(Schema):
    reason: str
    name: str | None = None
    gender: str | None = None
    ethnicity: str | None = None
    birth_date: date | None = None
    work: str | None = None
    mobile: str | None = None


class MembershipChange(Schema):
    reason: str
    role: str | None = None
    title: str | None = None
    start: date | None = None
    end: date | None = None


class MembershipIn(Schema):
    reason: str
    organisation_id: int
    role: str
    title: str = ""
    start: date | None = None
    end: date | None = None


class EditedOut(Schema):
    id: int


def body_by_id(pk: int) -> Organisation:
    """The congress or CPPCC committee a roster is for, else its 404 (unknown_body)."""
    bodies = Organisation.objects.filter(kind__in=BODY_KINDS)
    return named_row(bodies, pk, "unknown_body", "未找到该人大或政协机关。", status=404)


def _given(payload: Schema) -> dict:
    # Only the fields the request names change; "reason" is not a field.
    return {k: v for k, v in payload.dict(exclude_unset=True).items() if k != "reason"}


@router.post("/import/preview", response=PreviewOut, summary="预览名单导入（不写入任何数据）")
def preview(request, body_id: Form[int], file: File[UploadedFile]):
    result = importer.preview_roster(
        file.read(), file.name or "", body_by_id(body_id), request.user
    )
    return {
        "ok": result.ok,
        "rows": result.rows,
        "created": result.created,
        "updated": result.updated,
        "new_groups": result.new_groups,
        "errors": result.errors,
        "sample": result.sample,
    }


@router.patch("/persons/{person_id}", response=EditedOut, summary="修改人员信息（须填原因）")
def edit_person(request, person_id: int, payload: PersonChange):
    person = row_or_404(Person.objects, person_id, "未找到该人员。")
    return actions.edit_person(person, _given(payload), payload.reason, request.user)


@router.patch("/memberships/{membership_id}", response=EditedOut, summary="修改任职（须填原因）")
def edit_membership(request, membership_id: int, payload: MembershipChange):
    membership = row_or_404(Membership.objects, membership_id, "未找到该任职。")
    return actions.edit_membership(membership, _given(payload), payload.reason, request.user)


@router.post(
    "/persons/{person_id}/memberships",
    response={201: EditedOut},
    summary="增加任职（须填原因）",
)
def add_membership(request, person_id: int, payload: MembershipIn):
    person = Person.objects.filter(pk=person_id).first()
    organisation = Organisation.objects.filter(pk=payload.organisation_id).first()
    if person is None or organisation is None:
        raise NotFound("未找到该人员或机构。")
    membership = actions.add_membership(
        person,
        organisation,
        payload.role,
        payload.reason,
        request.user,
        title=payload.title,
        start=payload.start,
        end=payload.end,
    )
    return Status(201, membership)
