"""manage.py proposals_remind: mail reminders before deadlines and list what is overdue.

Run it once a day (cron, a systemd timer). A unit is reminded of a reply or co-handling
opinion, a filer of a rating, when the deadline is at most `remind_days` (a body setting,
default 7) away — once per deadline; the overdue list goes to the secretariat once a day
and is printed. A re-run the same day sends nothing twice.
"""

from django.core.management.base import BaseCommand
from django.utils import timezone

from lianghui.proposals import due, notify, rules
from lianghui.proposals.models import ProposalSettings, ReminderSent


def _recipients(item: due.Due) -> list[str]:
    if item.what == "rating":
        return notify.emails_of_people(due.filer_person_ids(item.filing))
    return notify.emails_of_units([item.assignment.unit_id])


def _send_once(key: str, subject: str, body: str, recipients: list[str], dry_run: bool) -> bool:
    if not recipients or ReminderSent.objects.filter(key=key).exists():
        return False
    if dry_run:
        return True
    if notify.send_now(subject, body, recipients):
        ReminderSent.objects.get_or_create(key=key)
        return True
    return False


class Command(BaseCommand):
    help = "提醒即将到期的答复、会办意见和评价，并列出逾期事项（每天运行一次）。"

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="只列出，不发送邮件")

    def handle(self, *args, dry_run=False, **options):
        today = timezone.localdate()
        remind = {c.body_id: c.remind_days for c in ProposalSettings.objects.all()}
        reminded, late, unreachable = 0, [], []
        for item in due.open_duties(today):
            left = rules.days_left(today, item.due)
            if left < 0:
                late.append(item)
                continue
            if left > remind.get(item.filing.body_id, rules.LAW.remind_days):
                continue
            recipients = _recipients(item)
            if not recipients:
                unreachable.append(item)
                continue
            subject = f"【到期提醒】{item.filing.number_label}{item.filing.kind_word}{due.WHAT[item.what]}"
            body = item.sentence(today) + "。\n请登录系统办理。"
            reminded += _send_once(f"remind:{item.key}", subject, body, recipients, dry_run)
        for item in late:
            self.stdout.write("逾期｜" + item.sentence(today))
        if late:
            body = "\n".join(item.sentence(today) for item in late)
            _send_once(
                f"overdue:{today}",
                f"【逾期清单】{today:%Y年%m月%d日} 共 {len(late)} 项",
                body,
                notify.emails_of_secretariat(),
                dry_run,
            )
        for item in unreachable:
            self.stderr.write("无邮箱，未能提醒｜" + item.sentence(today))
        verb = "应发送" if dry_run else "已发送"
        self.stdout.write(f"{verb}到期提醒 {reminded} 封；逾期 {len(late)} 项。")
