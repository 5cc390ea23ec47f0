"""Create a body (a people's congress or a CPPCC committee) and its terms (届).

Spec: the secretariat names the body, its kind and its level (county or district, city with
districts, province: what a congress elects and how many delegates nominate jointly depend
on it, LOL 26, 47); a term has a number and a start date
(an end date once known) and lies inside no other rule. Events: sessions.body_created,
sessions.term_created.
"""

from datetime import date

from django.db import transaction

from lianghui.audit.log import record
from lianghui.people.models import BODY_KINDS, Level, Organisation
from lianghui.sessions.models import Term
from lianghui.sessions.setup import _base
from lianghui.sessions.setup_rules import check_term


def create_body(
    kind: str, name: str, short_name: str, actor, *, level: str = Level.COUNTY
) -> Organisation:
    _base.require_secretariat(actor)
    name, short_name = name.strip(), short_name.strip()
    if kind not in BODY_KINDS:
        raise _base.refuse("kind", "类型：只能是人民代表大会或政协委员会。")
    if level not in Level.values:
        raise _base.refuse("level", "层级：只能是县级、设区的市级或省级。")
    if not name:
        raise _base.refuse("name", "名称：请填写机关名称。")
    with transaction.atomic():
        if Organisation.objects.filter(parent__isnull=True, name=name).exists():
            raise _base.refuse("name", f"名称：已有名为“{name}”的机关。", "exists")
        body = Organisation.objects.create(
            kind=kind, name=name, short_name=short_name[:40], level=level
        )
        record(
            "sessions.body_created",
            body,
            actor=actor,
            data={"kind": kind, "name": name, "level": level},
        )
    return body


def create_term(body: Organisation, number: int, start: date, end: date | None, actor) -> Term:
    _base.require_secretariat(actor)
    if not body.is_body:
        raise _base.refuse("body", "机关：只能是人民代表大会或政协委员会。")
    problems = check_term(number, start, end)
    if problems:
        raise _base.SetupRefused(problems)
    with transaction.atomic():
        Organisation.objects.select_for_update(of=("self",)).get(pk=body.pk)
        if Term.objects.filter(body=body, number=number).exists():
            raise _base.refuse("number", f"届次：{body.name}已有第 {number} 届。", "exists")
        term = Term.objects.create(body=body, number=number, start=start, end=end)
        record(
            "sessions.term_created",
            term,
            actor=actor,
            data={"body": body.pk, "number": number, "start": start.isoformat()},
        )
    return term
