"""Import a roster of delegates (人大代表) or CPPCC members (政协委员) from XLSX or CSV.

Spec (for the secretariat):
- Payload: the file, and the body (a people's congress or a CPPCC committee) it is for.
- Permission: the secretariat. `actor=None` is the management command, run by whoever
  operates the server (they hold the database anyway).
- Effect: all or nothing. Every row is checked first (roster_rules) and then against the
  database; if any row is wrong, nothing is written and every problem is reported with
  its spreadsheet row number. Otherwise, in one transaction: each row's person is found
  by name and month of birth (preferring one who already has a vote in this body) and
  updated, or created; the delegation (代表团) or sector (界别) is created under the body
  if new; the person gets a voting membership in the body and a membership in the group,
  each starting today unless the same one is already in force; one audit event
  `people.roster_imported` records the counts.
- A blank optional cell (民族, 出生年月, 职务, 手机) keeps what is already stored: a
  roster is often assembled from several sources and should not erase what one lacks.
- preview_roster runs every check of the import, against the database too, and writes
  nothing: the page shows its result, and the import runs only when the secretariat
  confirms (and checks everything again, since the database may have changed).
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.utils import timezone, translation

from lianghui.audit.log import record
from lianghui.errors import ActionError, PermissionDenied
from lianghui.people import roster_rules as rules
from lianghui.people.access import is_secretariat
from lianghui.people.models import (
    VOTING_ROLES,
    Membership,
    Organisation,
    OrgKind,
    Person,
    Role,
)
from lianghui.people.names import pinyin_key, stroke_key

# Rows written per batch: bounds the size of each INSERT and how often progress moves.
BATCH = 500
# Keeps `IN (...)` lists under SQLite's and PostgreSQL's parameter limits.
IN_CHUNK = 900


@dataclass(frozen=True)
class BodySpec:
    group_column: str
    group_kind: str
    voting_role: str


SPECS = {
    OrgKind.CONGRESS: BodySpec(rules.DELEGATION, OrgKind.DELEGATION, Role.DELEGATE),
    OrgKind.CPPCC: BodySpec(rules.SECTOR, OrgKind.SECTOR, Role.MEMBER),
}

UPDATABLE = ("gender", "ethnicity", "birth_date", "work", "mobile")


@dataclass(frozen=True)
class ImportResult:
    created: int
    updated: int
    memberships: int


class RosterRejected(ActionError):
    """The roster was refused; `details["rows"]` lists every row's problems."""

    status = 422

    def __init__(self, message: str, rows: list[dict]):
        super().__init__("roster_rejected", message, rows=rows)


Progress = Callable[[int, int], None]

# Rows of a clean roster shown in a preview, so the secretariat can see the columns were read.
PREVIEW_SAMPLE = 20


@dataclass(frozen=True)
class RosterPreview:
    rows: int  # people in the file (good rows)
    created: int  # people the import would create
    updated: int  # people it would find and update
    new_groups: list[str]  # delegations or sectors it would create
    errors: list[dict]  # every bad row: [{"row": 5, "errors": ["第 5 行：…", ...]}]
    sample: list[rules.RosterRow]

    @property
    def ok(self) -> bool:
        return not self.errors


def preview_roster(data: bytes, filename: str, body: Organisation, actor) -> RosterPreview:
    """Everything import_roster would check and do, without writing anything.

    Unlike the import, the database checks run even when some rows are already bad, so
    the secretariat sees every problem of the file at once.
    """
    spec = _allowed(body, actor)
    try:
        parsed = rules.parse_roster(
            rules.read_table(data, filename), spec.group_column, timezone.localdate()
        )
    except rules.RosterFileError as exc:
        raise RosterRejected(str(exc), []) from None
    groups = _groups(body, spec, parsed)
    matches = _match_people(body, parsed)
    good = [row for row in parsed.rows if row.row not in parsed.errors]
    return RosterPreview(
        rows=len(good),
        created=sum(1 for row in good if row.row not in matches),
        updated=sum(1 for row in good if row.row in matches),
        new_groups=sorted(name for name, g in groups.items() if g.pk is None),
        errors=parsed.error_rows(),
        sample=good[:PREVIEW_SAMPLE],
    )


def _allowed(body: Organisation, actor) -> BodySpec:
    if actor is not None and not is_secretariat(actor):
        raise PermissionDenied("只有会务组工作人员可以导入名单。")
    spec = SPECS.get(body.kind)
    if spec is None:
        raise ActionError("not_a_body", "名单只能导入人民代表大会或政协委员会。", status=422)
    return spec


def import_roster(
    data: bytes, filename: str, body: Organisation, actor, progress: Progress | None = None
) -> ImportResult:
    spec = _allowed(body, actor)
    today = timezone.localdate()
    try:
        parsed = rules.parse_roster(rules.read_table(data, filename), spec.group_column, today)
    except rules.RosterFileError as exc:
        raise RosterRejected(str(exc), []) from None
    _reject_if_errors(parsed)

    with transaction.atomic():
        # Two imports into the same body wait for each other (PostgreSQL; SQLite's
        # IMMEDIATE transaction already serialises writers), so neither creates a person
        # the other is creating.
        Organisation.objects.select_for_update(of=("self",)).get(pk=body.pk)
        groups = _groups(body, spec, parsed)
        matches = _match_people(body, parsed)
        _reject_if_errors(parsed)
        new_group_names = sorted(name for name, g in groups.items() if g.pk is None)
        result = _write(body, spec, parsed.rows, groups, matches, today, progress)
        record(
            "people.roster_imported",
            body,
            actor=actor,
            data={
                "filename": filename,
                "rows": len(parsed.rows),
                "created": result.created,
                "updated": result.updated,
                "memberships": result.memberships,
                "groups_created": new_group_names,
            },
        )
    return result


def _reject_if_errors(parsed: rules.ParsedRoster) -> None:
    if parsed.errors:
        rows = parsed.error_rows()
        raise RosterRejected(
            f"名单中有 {len(rows)} 行有误，未导入任何数据。请改正后重新上传。", rows
        )


def _groups(body: Organisation, spec: BodySpec, parsed: rules.ParsedRoster) -> dict:
    """Group name -> Organisation: the body's existing groups, and unsaved new ones.

    A name that belongs to another kind of organisation under the body (say, its
    presidium) is a row error rather than a silent membership in the wrong thing.
    """
    children = {o.name: o for o in Organisation.objects.filter(parent=body)}
    next_order = max((o.order for o in children.values()), default=0) + 1
    groups: dict[str, Organisation] = {}
    for row in parsed.rows:
        if row.group in groups:
            continue
        existing = children.get(row.group)
        if existing is None:
            groups[row.group] = Organisation(
                kind=spec.group_kind, name=row.group, parent=body, order=next_order
            )
            next_order += 1
        elif existing.kind != spec.group_kind:
            with translation.override("zh-hans"):  # the importer reports in Chinese
                found, wanted = existing.get_kind_display(), str(OrgKind(spec.group_kind).label)
            parsed.add_error(row.row, f"“{row.group}”是本机关下的{found}，不是{wanted}")
        else:
            groups[row.group] = existing
    return groups


def _chunks(items: list, size: int):
    for i in range(0, len(items), size):
        yield items[i : i + size]


def _match_people(body: Organisation, parsed: rules.ParsedRoster) -> dict[int, Person]:
    """Row number -> the existing person it updates. Unmatched rows create a person.

    Demo (synthetic) people are never matched: a real roster must not adopt a fiction.
    """
    keys = {row.key for row in parsed.rows}
    names = sorted({row.name for row in parsed.rows})
    by_key: dict[tuple, list[Person]] = {}
    for chunk in _chunks(names, IN_CHUNK):
        for person in Person.objects.filter(name__in=chunk, synthetic=False).order_by("pk"):
            if (person.name, person.birth_date) in keys:
                by_key.setdefault((person.name, person.birth_date), []).append(person)
    candidate_ids = [p.pk for people in by_key.values() for p in people]
    voting_here = set()
    for chunk in _chunks(candidate_ids, IN_CHUNK):
        voting_here.update(
            Membership.objects.filter(
                organisation=body, role__in=VOTING_ROLES, person_id__in=chunk
            ).values_list("person_id", flat=True)
        )

    matches = {}
    for row in parsed.rows:
        candidates = by_key.get(row.key, [])
        preferred = [p for p in candidates if p.pk in voting_here] or candidates
        if len(preferred) == 1:
            matches[row.row] = preferred[0]
        elif len(preferred) > 1:
            born = f"、出生年月 {row.birth_date:%Y.%m}" if row.birth_date else "、未填出生年月"
            parsed.add_error(
                row.row,
                f"系统中已有 {len(preferred)} 名“{row.name}”（同名{born}），无法确定是哪一位，"
                "请先在人员管理中合并或补全出生年月",
            )
    return matches


def _write(
    body: Organisation,
    spec: BodySpec,
    rows: list[rules.RosterRow],
    groups: dict[str, Organisation],
    matches: dict[int, Person],
    today: date,
    progress: Progress | None,
) -> ImportResult:
    new_groups = [g for g in groups.values() if g.pk is None]
    Organisation.objects.bulk_create(new_groups)  # primary keys come back (RETURNING)

    in_force = _memberships_in_force(body, spec, groups, matches, today)
    created = updated = memberships = 0
    total = len(rows)
    if progress:
        progress(0, total)
    for batch in _chunks(rows, BATCH):
        new_people, changed = [], []
        people = {}
        for row in batch:
            person = matches.get(row.row)
            if person is None:
                person = Person(
                    name=row.name,
                    gender=row.gender,
                    ethnicity=row.ethnicity,
                    birth_date=row.birth_date,
                    work=row.work,
                    mobile=row.mobile,
                    pinyin=pinyin_key(row.name),  # bulk_create skips Person.save()
                    strokes=stroke_key(row.name),
                    synthetic=False,
                )
                new_people.append(person)
            elif _update(person, row):
                changed.append(person)
            people[row.row] = person
        Person.objects.bulk_create(new_people)
        Person.objects.bulk_update(changed, UPDATABLE)
        created += len(new_people)
        updated += len(batch) - len(new_people)

        new_memberships = []
        for row in batch:
            person = people[row.row]
            for organisation, role in (
                (body, spec.voting_role),
                (groups[row.group], Role.GROUP_MEMBER),
            ):
                if (person.pk, organisation.pk, role) not in in_force:
                    new_memberships.append(
                        Membership(person=person, organisation=organisation, role=role, start=today)
                    )
        Membership.objects.bulk_create(new_memberships)
        memberships += len(new_memberships)
        if progress:
            progress(min(created + updated, total), total)
    return ImportResult(created=created, updated=updated, memberships=memberships)


def _update(person: Person, row: rules.RosterRow) -> bool:
    """Copy the row onto the person; blank optional cells keep the stored value."""
    changed = False
    for field in UPDATABLE:
        value = getattr(row, field)
        if value in ("", None) or getattr(person, field) == value:
            continue
        setattr(person, field, value)
        changed = True
    return changed


def _memberships_in_force(body, spec, groups, matches, today) -> set[tuple[int, int, str]]:
    """(person, organisation, role) of the matched people's memberships in force today."""
    person_ids = sorted({p.pk for p in matches.values()})
    org_ids = [body.pk, *(g.pk for g in groups.values())]
    found = set()
    for chunk in _chunks(person_ids, IN_CHUNK):
        found.update(
            Membership.objects.active_on(today)
            .filter(
                person_id__in=chunk,
                organisation_id__in=org_ids,
                role__in=[spec.voting_role, Role.GROUP_MEMBER],
            )
            .values_list("person_id", "organisation_id", "role")
        )
    return found
