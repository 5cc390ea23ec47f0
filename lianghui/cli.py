"""The `lianghui` command: run the demo, serve production, verify the audit chain.

lianghui demo [--port 8000] [--delegates 300]
lianghui serve [--host 127.0.0.1] [--port 8000] [--workers 2]
lianghui audit verify
lianghui verify RECORD.json
lianghui manage <django management command ...>
"""

import argparse
import os
import sys


def _setup():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lianghui.settings")
    import django

    django.setup()


def _migrate(verbosity=0):
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=verbosity)


def cmd_demo(args) -> int:
    _setup()
    from lianghui.demo import DEMO_PASSWORD, load_demo

    print("正在准备数据库…", flush=True)
    _migrate()
    accounts = load_demo(delegates=args.delegates, proposals=True)
    url = f"http://127.0.0.1:{args.port}/"
    print(
        "\n两会会务系统演示 / lianghui demo\n"
        f"  地址 / address:   {url}\n"
        f"  会务组 secretariat: {accounts.secretariat} / {DEMO_PASSWORD}\n"
        f"  人大代表 delegate:  {accounts.delegate} / {DEMO_PASSWORD}\n"
        f"  政协委员 member:    {accounts.cppcc_member} / {DEMO_PASSWORD}\n"
        f"  承办单位 handling unit: chengban / {DEMO_PASSWORD}\n"
        "  按 Ctrl+C 停止 / Ctrl+C to stop\n",
        flush=True,
    )
    import uvicorn

    uvicorn.run(
        "lianghui.asgi:application",
        host="127.0.0.1",
        port=args.port,
        lifespan="off",
        log_level="warning",
    )
    return 0


def cmd_serve(args) -> int:
    _setup()
    from django.conf import settings

    if args.workers > 1 and not settings.REDIS_URL:
        print(
            "多个 worker 需要设置 REDIS_URL（各 worker 之间通过 Redis 推送实时更新）。",
            file=sys.stderr,
        )
        return 2
    if args.migrate:
        _migrate(verbosity=1)
    import uvicorn

    uvicorn.run(
        "lianghui.asgi:application",
        host=args.host,
        port=args.port,
        workers=args.workers,
        lifespan="off",
        log_level=args.log_level,
        proxy_headers=True,
    )
    return 0


def cmd_audit(args) -> int:
    _setup()
    from lianghui.audit.log import verify_chain

    verdict = verify_chain()
    if verdict.ok:
        print(
            f"审计链完整：共 {verdict.checked} 条事件。 / audit chain intact: {verdict.checked} events."
        )
        return 0
    print(f"审计链断裂于事件 #{verdict.broken_seq}：{verdict.reason}", file=sys.stderr)
    return 1


def cmd_verify(args) -> int:
    """Re-check a secret vote's public record; no Django, no database (docs/ballot-record.md)."""
    import json

    from lianghui.ballots.record import verify

    try:
        with open(args.record, encoding="utf-8") as f:
            record = json.load(f)
    except (OSError, ValueError) as exc:
        print(f"无效 / INVALID: 无法读取记录 / cannot read the record: {exc}")
        return 2
    verdict = verify(record, jobs=args.jobs)
    if verdict.ok:
        print(verdict.message)
        return 0
    print(f"无效 / INVALID: {verdict.message}")
    return 1


def cmd_manage(args) -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lianghui.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["lianghui manage", *args.rest])
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="lianghui", description="两会会务系统 / lianghui")
    sub = parser.add_subparsers(dest="command", required=True)

    demo = sub.add_parser("demo", help="迁移数据库、载入演示数据并在 127.0.0.1 上运行")
    demo.add_argument("--port", type=int, default=8000)
    demo.add_argument("--delegates", type=int, default=300, help="演示代表人数（默认 300）")
    demo.set_defaults(func=cmd_demo)

    serve = sub.add_parser("serve", help="生产方式运行 ASGI 服务（PostgreSQL + Redis）")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument("--workers", type=int, default=2)
    serve.add_argument("--migrate", action="store_true", help="启动前执行数据库迁移")
    serve.add_argument("--log-level", default="warning")
    serve.set_defaults(func=cmd_serve)

    audit = sub.add_parser("audit", help="审计日志")
    audit_sub = audit.add_subparsers(dest="audit_command", required=True)
    verify = audit_sub.add_parser("verify", help="逐条校验哈希链，指出第一处断裂")
    verify.set_defaults(func=cmd_audit)

    verify_record = sub.add_parser(
        "verify", help="核验无记名表决或选举的公开记录（所有证明与结果） / verify a ballot record"
    )
    verify_record.add_argument("record", help="RECORD.json（GET /api/votes/{id}/record）")
    verify_record.add_argument(
        "--jobs", type=int, default=None, help="并行进程数（默认：CPU 核数）"
    )
    verify_record.set_defaults(func=cmd_verify)

    manage = sub.add_parser("manage", help="Django 管理命令")
    manage.add_argument("rest", nargs=argparse.REMAINDER)
    manage.set_defaults(func=cmd_manage)
    return parser


def main(argv=None) -> int:
    args = build_parser().parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
