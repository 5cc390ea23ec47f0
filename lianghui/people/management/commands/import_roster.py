"""manage.py import_roster <file> --body <id or name>: the roster import from a shell."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db.models import Q
from tqdm import tqdm

from lianghui.people import importer
from lianghui.people.models import BODY_KINDS, Organisation


class Command(BaseCommand):
    help = "导入人大代表或政协委员名单（.xlsx 或 .csv，第 1 行为表头）。"

    def add_arguments(self, parser):
        parser.add_argument("file", help="名单文件（.xlsx 或 .csv）")
        parser.add_argument("--body", required=True, help="人大或政协机关：编号（id）、名称或简称")

    def handle(self, *args, file, body, **options):
        path = Path(file)
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise CommandError(f"无法读取文件 {path}：{exc.strerror}") from exc
        organisation = find_body(body)

        bars = []

        def progress(done, total):
            # The bar appears only once writing starts: a rejected file shows just its errors.
            if not bars:
                bars.append(
                    tqdm(
                        total=total,
                        desc="导入",
                        unit="人",
                        disable=options["verbosity"] == 0,
                        file=self.stderr._out,  # tqdm redraws with \r; OutputWrapper adds newlines
                    )
                )
            bars[0].update(done - bars[0].n)

        try:
            result = importer.import_roster(
                data, path.name, organisation, actor=None, progress=progress
            )
        except importer.RosterRejected as exc:
            for row in exc.details["rows"]:
                for reason in row["errors"]:
                    self.stderr.write(reason)
            raise CommandError(exc.message) from None
        finally:
            for bar in bars:
                bar.close()
        self.stdout.write(
            self.style.SUCCESS(
                f"已导入 {organisation.name} 名单：新建 {result.created} 人，"
                f"更新 {result.updated} 人，新增任职 {result.memberships} 条。"
            )
        )


def find_body(text: str) -> Organisation:
    bodies = Organisation.objects.filter(kind__in=BODY_KINDS)
    if text.isdigit():
        found = list(bodies.filter(pk=int(text)))
    else:
        found = list(bodies.filter(Q(name=text) | Q(short_name=text)))
    if not found:
        raise CommandError(f"未找到人大或政协机关“{text}”。")
    if len(found) > 1:
        listed = "；".join(f"{o.pk}：{o.name}" for o in found)
        raise CommandError(f"“{text}”对应多个机关，请改用编号：{listed}")
    return found[0]
