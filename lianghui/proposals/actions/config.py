"""A body's settings: deadlines (never longer than the law allows) and local choices."""

from datetime import date

from django.db import transaction

from lianghui.audit.log import record
from lianghui.errors import PermissionDenied
from lianghui.people.access import is_secretariat
from lianghui.proposals import rules
from lianghui.proposals.actions._base import invalid
from lianghui.proposals.models import ProposalSettings

FIELDS = (
    "township",
    "delegations_may_file_motions",
    "reply_months",
    "difficult_reply_months",
    "cohandler_months",
    "rating_working_days",
    "rereply_months",
    "reassign_working_days",
    "remind_days",
    "holidays",
    "workdays",
)


def _dates(values, label: str) -> list[str]:
    try:
        return sorted({date.fromisoformat(str(v)).isoformat() for v in values or ()})
    except ValueError:
        raise invalid("bad_date", f"{label}须为日期，如 2025-10-01。") from None


def update_settings(body, actor, **changes) -> ProposalSettings:
    """Change a body's settings; every deadline is checked against the law (rules.check_deadlines)."""
    if not is_secretariat(actor):
        raise PermissionDenied("只有秘书处可以修改办理设置。")
    unknown = set(changes) - set(FIELDS)
    if unknown:
        raise invalid("bad_setting", f"未知的设置：{'、'.join(sorted(unknown))}。")
    with transaction.atomic():
        conf, _ = ProposalSettings.objects.select_for_update(of=("self",)).get_or_create(body=body)
        for name, value in changes.items():
            if name in ("holidays", "workdays"):
                value = _dates(value, "节假日" if name == "holidays" else "调休工作日")
            setattr(conf, name, value)
        problems = rules.check_deadlines(conf.deadlines())
        if problems:
            raise invalid("bad_setting", problems[0], problems=problems)
        conf.save()
        record(
            "proposals.settings_changed",
            conf,
            actor=actor,
            data={k: v for k, v in changes.items() if k not in ("holidays", "workdays")}
            | {k: len(changes[k] or ()) for k in ("holidays", "workdays") if k in changes},
        )
    return conf
