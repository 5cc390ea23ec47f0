"""What the pages post, parsed into what the actions take: names into people, days into dates,
the assignment table into unit orders. Nothing here decides anything: an unknown unit, a
co-signer who is not a delegate, a date out of range are the actions' to refuse.
"""

import re
from datetime import date, datetime

from django.db.models import Q
from django.utils import timezone

from lianghui.errors import ActionError
from lianghui.people.models import Membership, Organisation, OrgKind, Person
from lianghui.proposals.actions import UnitOrder

# The person filer of each body: delegates of a congress, members of a CPPCC committee.
PERSON_FILER = {"congress": "delegates", "cppcc": "member"}

_SEPARATORS = re.compile(r"[,，、;；\s]+")
# 张三（东区代表团）: a name with the delegation or sector that tells two namesakes apart.
_WITH_GROUP = re.compile(r"^(?P<name>[^（(]+)[（(](?P<group>[^）)]+)[）)]$")


def bad(code: str, message: str) -> ActionError:
    return ActionError(code, message, status=422)


def split_names(text: str) -> list[str]:
    """张三、李四，王五 → [张三, 李四, 王五]; a bracketed group stays with its name."""
    text = re.sub(r"\s*([（(])\s*", r"\1", (text or "").strip())
    text = re.sub(r"\s*([）)])", r"\1", text)
    return list(dict.fromkeys(t for t in _SEPARATORS.split(text) if t))


def _candidates(token: str):
    match = _WITH_GROUP.match(token)
    name, group = (match["name"].strip(), match["group"].strip()) if match else (token, "")
    people = Person.objects.filter(name=name)
    if group:
        people = people.filter(
            Q(memberships__organisation__name=group)
            | Q(memberships__organisation__short_name=group)
        )
    return name, list(people.distinct().values_list("pk", flat=True))


def signer_ids(body: Organisation, text: str) -> list[int]:
    """The people named, each matched among the body's delegates (members) today.

    A name that only matches someone outside the body is passed on as that person: the
    action refuses them with its own message ("…不是…的代表，不能参加联名").
    """
    members = Membership.objects.voting_in(body, timezone.localdate())
    word = "代表" if body.kind == "congress" else "委员"
    ids = []
    for token in split_names(text):
        name, people = _candidates(token)
        if not people:
            raise bad("unknown_name", f"未找到“{token}”，请核对姓名。")
        inside = sorted(
            set(members.filter(person_id__in=people).values_list("person_id", flat=True))
        )
        if len(inside) > 1:
            raise bad(
                "ambiguous_name",
                f"有 {len(inside)} 位名为“{name}”的{word}，请写成“{name}（所在代表团或界别）”。",
            )
        ids.append(inside[0] if inside else people[0])
    return ids


def lead_id(body: Organisation, text: str) -> int:
    """The lead filer of a paper filing, by name among the body's delegates (members); one
    outside the body is passed on for the action to refuse in its own words."""
    ids = signer_ids(body, text)
    if not ids:
        word = "代表" if body.kind == "congress" else "委员"
        raise bad("lead_required", f"请填写领衔提出的{word}姓名。")
    if len(ids) > 1:
        raise bad("one_person", "领衔人只能填写一人；其他人请填在联名人中。")
    return ids[0]


def filer_organisation(raw: str) -> tuple[str, int]:
    """The organisation filer chosen on the form, as "party:12": (filer type, id)."""
    filer_type, _, org = (raw or "").partition(":")
    if not filer_type or not org.isascii() or not org.isdigit():
        raise bad("bad_organisation", "请选择提出的机构。")
    return filer_type, int(org)


def person_id(text: str, what: str) -> int | None:
    """One person by name (for a leader); empty means none."""
    tokens = split_names(text)
    if not tokens:
        return None
    if len(tokens) > 1:
        raise bad("one_person", f"{what}只能填写一人。")
    _, people = _candidates(tokens[0])
    if not people:
        raise bad("unknown_name", f"未找到“{tokens[0]}”，请核对姓名。")
    if len(people) > 1:
        raise bad(
            "ambiguous_name", f"有多位名为“{tokens[0]}”的人员，请写明所在单位，如“张三（区政府）”。"
        )
    return people[0]


def number(raw, what: str) -> int:
    raw = (raw or "").strip()
    if not raw.isascii() or not raw.isdigit():
        raise bad("bad_number", f"请选择{what}。")
    return int(raw)


def optional_number(raw, what: str) -> int | None:
    return number(raw, what) if (raw or "").strip() else None


def day(raw, what: str) -> date:
    try:
        return date.fromisoformat((raw or "").strip())
    except ValueError:
        raise bad("bad_date", f"请填写{what}（日期，如 2024-05-15）。") from None


def optional_day(raw, what: str) -> date | None:
    return day(raw, what) if (raw or "").strip() else None


def moment(raw, what: str) -> datetime:
    """A date and time as a datetime-local field posts it (2024-01-16T12:00), in the
    site's time zone."""
    try:
        value = datetime.fromisoformat((raw or "").strip())
    except ValueError:
        raise bad("bad_time", f"请填写{what}（日期和时间，如 2024-01-16 12:00）。") from None
    if timezone.is_naive(value):
        value = timezone.make_aware(value, timezone.get_current_timezone())
    return value


def whole(raw, what: str) -> int:
    """A whole number typed in a settings form."""
    raw = (raw or "").strip()
    if not raw.isascii() or not raw.isdigit():
        raise bad("bad_setting", f"“{what}”须为整数。")
    return int(raw)


def days(raw) -> list[str]:
    """Dates typed one per line (or separated by commas): each checked by the action."""
    return [t for t in _SEPARATORS.split((raw or "").strip()) if t]


def yes(raw) -> bool:
    return (raw or "").strip() in ("1", "on", "true", "yes")


def unit_orders(post) -> list[UnitOrder]:
    """The assignment table: one row per unit, `role_<id>` (主办/会办/分办 or blank) and
    `part_<id>` (what a split unit handles)."""
    orders = []
    for key in sorted(post):
        if not key.startswith("role_") or not post.get(key):
            continue
        unit_id = number(key.removeprefix("role_"), "承办单位")
        orders.append(UnitOrder(unit_id, post[key], post.get(f"part_{unit_id}", "")))
    return orders


def uploads(files) -> list[tuple[str, bytes]]:
    return [(f.name or "", f.read()) for f in files]


def members_named(body: Organisation, q: str, limit: int = 20) -> list[tuple[Person, str]]:
    """The body's delegates (members) whose name contains `q`, with their delegation or
    sector, to pick co-signers by name."""
    if not q:
        return []
    today = timezone.localdate()
    rows = (
        Membership.objects.voting_in(body, today)
        .filter(person__name__contains=q)
        .select_related("person")
        .order_by("person__pinyin", "person_id")[:limit]
    )
    people = list(dict.fromkeys(m.person for m in rows))
    groups = dict(
        Membership.objects.active_on(today)
        .filter(
            person__in=people,
            organisation__parent=body,
            organisation__kind__in=[OrgKind.DELEGATION, OrgKind.SECTOR],
        )
        .values_list("person_id", "organisation__name")
    )
    return [(p, groups.get(p.pk, "")) for p in people]
