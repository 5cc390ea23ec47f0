"""People, delegations and the roster import."""

from datetime import date

from ninja import File, Form, Router, Schema, Status
from ninja.files import UploadedFile

from lianghui.errors import ActionError, NotFound, PermissionDenied
from lianghui.people.access import is_secretariat, person_of
from lianghui.people.manage_api import body_by_id
from lianghui.people.models import Organisation, OrgKind, Person

router = Router(tags=["people 人员"])


class OrganisationOut(Schema):
    id: int
    kind: str
    name: str
    short_name: str
    parent_id: int | None
    members: int


class MembershipOut(Schema):
    organisation_id: int
    organisation: str
    role: str
    role_label: str
    title: str
    start: date | None
    end: date | None


class PersonOut(Schema):
    id: int
    name: str
    gender: str
    ethnicity: str
    work: str
    memberships: list[MembershipOut]


class ImportOut(Schema):
    created: int
    updated: int
    memberships: int


def person_out(p: Person) -> dict:
    return {
        "id": p.pk,
        "name": p.name,
        "gender": p.gender,
        "ethnicity": p.ethnicity,
        "work": p.work,
        "memberships": [
            {
                "organisation_id": m.organisation_id,
                "organisation": m.organisation.name,
                "role": m.role,
                "role_label": m.get_role_display(),
                "title": m.title,
                "start": m.start,
                "end": m.end,
            }
            for m in p.memberships.all()
        ],
    }


@router.get("/me", response=PersonOut, summary="我的信息")
def me(request):
    person = person_of(request.user)
    if person is None:
        raise NotFound("此账号未关联人员。")
    return person_out(
        Person.objects.prefetch_related("memberships__organisation").get(pk=person.pk)
    )


@router.get("/", response=list[PersonOut], summary="人员名单（会务组）")
def list_people(request, organisation_id: int | None = None, order: str = "pinyin"):
    if not is_secretariat(request.user):
        raise PermissionDenied()
    if order not in {"pinyin", "strokes"}:
        raise ActionError(
            "bad_order", "排序方式只能是 pinyin（拼音）或 strokes（笔画）。", status=422
        )
    people = Person.objects.prefetch_related("memberships__organisation").order_by(
        order, "name", "id"
    )
    if organisation_id is not None:
        people = people.filter(memberships__organisation_id=organisation_id).distinct()
    return [person_out(p) for p in people]


@router.get("/organisations", response=list[OrganisationOut], summary="机构、代表团与界别")
def list_organisations(request, kind: str | None = None):
    from django.db.models import Count

    orgs = Organisation.objects.annotate(n=Count("memberships__person", distinct=True)).order_by(
        "kind", "order", "name"
    )
    if kind is not None:
        if kind not in OrgKind.values:
            raise ActionError("bad_kind", "未知的机构类型。", status=422)
        orgs = orgs.filter(kind=kind)
    return [
        {
            "id": o.pk,
            "kind": o.kind,
            "name": o.name,
            "short_name": o.short_name,
            "parent_id": o.parent_id,
            "members": o.n,
        }
        for o in orgs
    ]


@router.post("/import", response={201: ImportOut}, summary="导入代表或委员名单（XLSX/CSV）")
def import_roster(request, body_id: Form[int], file: File[UploadedFile]):
    from lianghui.people import importer, roster_rules

    if not is_secretariat(request.user):
        raise PermissionDenied("只有会务组可以导入名单。")
    body = body_by_id(body_id)
    # Refused before the upload is read into memory; the limit by type is roster_rules'.
    if file.size and file.size > max(roster_rules.MAX_BYTES.values()):
        limit = max(roster_rules.MAX_BYTES.values()) // (1024 * 1024)
        raise ActionError("file_too_large", f"名单文件超过 {limit} MB，请拆分后导入。", status=422)
    result = importer.import_roster(file.read(), file.name or "", body, request.user)
    return Status(
        201,
        {"created": result.created, "updated": result.updated, "memberships": result.memberships},
    )


# Roster preview and edits with a reason (secretariat): /api/people/manage/...
from lianghui.people.manage_api import router as manage_router  # noqa: E402

router.add_router("/manage", manage_router)
