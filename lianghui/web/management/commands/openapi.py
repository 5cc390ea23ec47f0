"""manage.py openapi [--write | --check]: the API's OpenAPI document (lianghui/openapi.py)."""

from django.core.management.base import BaseCommand, CommandError

from lianghui import openapi


class Command(BaseCommand):
    help = "输出 API 的 OpenAPI 文档；--write 写入 docs/openapi.json，--check 检查其是否最新。"

    def add_arguments(self, parser):
        group = parser.add_mutually_exclusive_group()
        group.add_argument("--write", action="store_true", help="写入 docs/openapi.json")
        group.add_argument("--check", action="store_true", help="与 docs/openapi.json 比较")

    def handle(self, *args, write, check, **options):
        from lianghui.api import api

        clashes = openapi.clashes(api)
        if clashes:
            raise CommandError(
                f"OpenAPI 中以下 schema 名称被不同的类使用：{', '.join(sorted(clashes))}"
            )
        generated = openapi.text(api)
        if write:
            openapi.SNAPSHOT.write_text(generated, encoding="utf-8")
            self.stdout.write(f"已写入 {openapi.SNAPSHOT}")
        elif check:
            if openapi.SNAPSHOT.read_text(encoding="utf-8") != generated:
                raise CommandError(f"docs/openapi.json 不是最新的；请运行 {openapi.REGENERATE}")
            self.stdout.write("docs/openapi.json 是最新的。")
        else:
            self.stdout.write(generated, ending="")
