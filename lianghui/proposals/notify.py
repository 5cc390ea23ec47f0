"""E-mail to the people a step concerns, sent only after the transaction commits.

Nothing is sent if the action is refused or rolled back; a failed send is logged and the
action stands (the reminders command and the pages still show what is due).
"""

import functools
import logging

from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone, translation

from lianghui.people.access import SECRETARIAT_GROUP
from lianghui.people.models import Membership, Person
from lianghui.proposals.access import UNIT_ROLES
from lianghui.proposals.models import Signature

log = logging.getLogger("lianghui.proposals")


def _in_chinese(fn):
    """The notices are written in Chinese: their labels too, whoever's request sends them."""

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        with translation.override("zh-hans"):
            return fn(*args, **kwargs)

    return wrapper


def emails_of_people(person_ids) -> list[str]:
    rows = Person.objects.filter(pk__in=list(person_ids), user__isnull=False).exclude(
        user__email=""
    )
    return sorted(set(rows.values_list("user__email", flat=True)))


def emails_of_units(unit_ids) -> list[str]:
    people = (
        Membership.objects.active_on(timezone.localdate())
        .filter(organisation_id__in=list(unit_ids), role__in=UNIT_ROLES)
        .values_list("person_id", flat=True)
    )
    return emails_of_people(people)


def emails_of_secretariat() -> list[str]:
    users = get_user_model().objects.filter(groups__name=SECRETARIAT_GROUP, is_active=True)
    return sorted(set(users.exclude(email="").values_list("email", flat=True)))


def send_now(subject: str, body: str, recipients: list[str]) -> bool:
    if not recipients:
        return False
    try:
        send_mail(subject, body, None, recipients)
    except Exception:
        log.warning("mail %r to %s failed", subject, recipients, exc_info=True)
        return False
    return True


def after_commit(subject: str, body: str, recipients: list[str]) -> None:
    if recipients:
        transaction.on_commit(lambda: send_now(subject, body, recipients))


@_in_chinese
def cosigners_asked(filing, person_ids) -> None:
    after_commit(
        f"请确认联名：{filing.title}",
        f"您被列为{filing.kind_word}“{filing.title}”的联名人。请登录系统阅读全文并确认是否联名。",
        emails_of_people(person_ids),
    )


@_in_chinese
def units_assigned(filing, assignments) -> None:
    for a in assignments:
        after_commit(
            f"交办通知：{filing.number_label}{filing.kind_word}",
            f"{filing.number_label}{filing.kind_word}“{filing.title}”已交贵单位"
            f"{a.get_role_display()}，期限：{a.effective_due:%Y年%m月%d日}。请登录系统办理。",
            emails_of_units([a.unit_id]),
        )


@_in_chinese
def filers_answered(filing, reply) -> None:
    people = filing.filers.filter(signature=Signature.CONFIRMED).values_list("person_id", flat=True)
    after_commit(
        f"答复通知：{filing.number_label}{filing.kind_word}",
        f"{reply.unit}已答复您的{filing.kind_word}“{filing.title}”。请登录系统阅读答复并评价。",
        emails_of_people(people),
    )


@_in_chinese
def extension_requested(filing, assignment, request) -> None:
    wanted = f"，希望延至{request.wanted_due:%Y年%m月%d日}" if request.wanted_due else ""
    after_commit(
        f"延期申请：{filing.number_label}{filing.kind_word}",
        f"{assignment.unit}申请延长{filing.number_label}{filing.kind_word}“{filing.title}”的"
        f"答复期限（现为{assignment.effective_due:%Y年%m月%d日}{wanted}）。"
        f"理由：{request.reason}\n请登录系统在秘书处工作台处理。",
        emails_of_secretariat(),
    )
