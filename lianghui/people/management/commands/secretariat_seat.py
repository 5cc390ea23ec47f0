"""manage.py secretariat_seat grant|revoke|list: the secretariat of one body (people/seats.py)."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from lianghui.errors import ActionError
from lianghui.people import seats
from lianghui.people.management.commands.import_roster import find_body
from lianghui.people.models import SecretariatSeat


def _user(username: str):
    user = get_user_model().objects.filter(username=username).first()
    if user is None:
        raise CommandError(f"未找到账号“{username}”。")
    return user


class Command(BaseCommand):
    help = "指定或撤销某一人大或政协的会务组成员（本机构会务组），或列出全部。"

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["grant", "revoke", "list"])
        parser.add_argument("username", nargs="?", help="账号")
        parser.add_argument("--body", help="人大或政协机关：编号（id）、名称或简称")
        parser.add_argument("--by", help="操作人：全体机构会务组成员的账号（记入审计日志）")
        parser.add_argument("--reason", default="", help="原因（必填，记入审计日志）")

    def handle(self, *args, action, username, body, by, reason, **options):
        if action == "list":
            for seat in SecretariatSeat.objects.select_related("user", "body").order_by(
                "body__name", "user__username"
            ):
                self.stdout.write(f"{seat.body.pk}\t{seat.body.name}\t{seat.user.username}")
            return
        if not (username and body and by):
            raise CommandError("grant 和 revoke 需要账号、--body 和 --by。")
        act = seats.grant if action == "grant" else seats.revoke
        try:
            act(_user(username), find_body(body), _user(by), reason)
        except ActionError as exc:
            raise CommandError(exc.message) from exc
        self.stdout.write("已指定。" if action == "grant" else "已撤销。")
