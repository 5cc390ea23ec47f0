"""A body's settings: deadlines (never longer than the law allows) and local choices.

- update_settings: the secretariat changes any of FIELDS. A setting given as None is left as
  it is (the API's null means "keep"); a value of the wrong type is refused with a Chinese
  message naming the setting, and nothing is changed.
"""

from datetime import date

from django.db import transaction

from lianghui.audit.log import record
from lianghui.errors import PermissionDenied
from lianghui.people.access import is_secretariat
from lianghui.proposals import rules
from lianghui.proposals.actions._base import invalid
from lianghui.proposals.models import ProposalSettings

SWITCHES = ("township", "delegations_may_file_motions")
NUMBERS = (
    "reply_months",
    "difficult_reply_months",
    "cohandler_months",
    "rating_working_days",
    "rereply_months",
    "reassign_working_days",
    "remind_days",
)
DAYS = ("holidays", "workdays")
FIELDS = (*SWITCHES, *NUMBERS, *DAYS)


def _label(name: str) -> str:
    return str(ProposalSettings._meta.get_field(name).verbose_name)


def _dates(values, label: str) -> list[str]:
    if not isinstance(values, list | tuple | set | frozenset):
        raise invalid("bad_date", f'{label}须为日期的列表，如 ["2025-10-01"]。')
    try:
        return sorted({date.fromisoformat(str(v)).isoformat() for v in values})
    except ValueError:
        raise invalid("bad_date", f"{label}须为日期，如 2025-10-01。") from None


def _checked(name: str, value):
    """The value to store, or a refusal if it is not of the setting's type."""
    if name in SWITCHES:
        if not isinstance(value, bool):
            raise invalid("bad_setting", f"“{_label(name)}”须为是或否。")
        return value
    if name in NUMBERS:
        if isinstance(value, bool) or not isinstance(value, int):
            raise invalid("bad_setting", f"“{_label(name)}”须为整数。")
        return value
    return _dates(value, "节假日" if name == "holidays" else "调休工作日")


def update_settings(body, actor, **changes) -> ProposalSettings:
    """Change a body's settings; every deadline is checked against the law (rules.check_deadlines)."""
    if not is_secretariat(actor):
        raise PermissionDenied("只有秘书处可以修改办理设置。")
    unknown = set(changes) - set(FIELDS)
    if unknown:
        raise invalid("bad_setting", f"未知的设置：{'、'.join(sorted(unknown))}。")
    changes = {name: _checked(name, v) for name, v in changes.items() if v is not None}
    with transaction.atomic():
        conf, _ = ProposalSettings.objects.select_for_update(of=("self",)).get_or_create(body=body)
        for name, value in changes.items():
            setattr(conf, name, value)
        problems = rules.check_deadlines(conf.deadlines())
        if problems:
            raise invalid("bad_setting", problems[0], problems=problems)
        conf.save()
        record(
            "proposals.settings_changed",
            conf,
            actor=actor,
            data={k: v for k, v in changes.items() if k not in DAYS}
            | {k: len(changes[k]) for k in DAYS if k in changes},
        )
    return conf
