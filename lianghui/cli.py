"""The `lianghui` command: run the demo, serve production, verify the audit chain.

lianghui demo [--port 8000] [--delegates 300]
lianghui serve [--host 127.0.0.1] [--port 8000] [--workers 2]
lianghui audit verify [--anchors FILE] [--no-seal] | keygen FILE | head | adopt
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
        "  登录签到条 sign-in slips: 会务组打开会议页的「登录签到条」 / "
        "as the secretariat, the session page's 登录签到条 link\n"
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
        ws_per_message_deflate=WS_DEFLATE,
    )
    return 0


# No per-message compression on the hall's websockets: a state is about 1 KB, the hall's
# network is local, and compressing it for each of 3,000 screens (plus a compressor set up
# per connection) cost a tenth of a worker's CPU in a 3,000-screen burst.
WS_DEFLATE = False


def production_ready(debug: bool) -> bool:
    """Run the deploy checks (lianghui.checks and Django's); an Error stops `serve` unless
    DEBUG is set. Warnings are printed and do not stop it."""
    from django.core.management import call_command
    from django.core.management.base import SystemCheckError

    try:
        call_command("check", deploy=True, fail_level="ERROR")
    except SystemCheckError as e:
        print(e, file=sys.stderr)
        if debug:
            print("DEBUG 已打开：不拒绝启动，但这不是生产配置。", file=sys.stderr)
            return True
        print(
            "配置不安全，拒绝启动（见 docs/configuration.md）。 / "
            "unsafe configuration, refusing to start.",
            file=sys.stderr,
        )
        return False
    return True


def cmd_serve(args) -> int:
    _setup()
    from django.conf import settings

    if args.workers > 1 and not settings.REDIS_URL:
        print(
            "多个 worker 需要设置 REDIS_URL（各 worker 之间通过 Redis 推送实时更新）。",
            file=sys.stderr,
        )
        return 2
    if not production_ready(settings.DEBUG):
        return 2
    if args.migrate:
        _migrate(verbosity=1)
    import uvicorn

    from lianghui import serving

    options = dict(
        host=args.host,
        port=args.port,
        workers=args.workers,
        lifespan="off",
        log_level=args.log_level,
        proxy_headers=True,
        # A tablet opens its connection when the vote page loads and presses seconds to
        # minutes later; uvicorn's default (5 s) would close it just before the press.
        timeout_keep_alive=args.keep_alive,
        ws_per_message_deflate=WS_DEFLATE,
    )
    if args.workers < 2 or not serving.supported():
        uvicorn.run("lianghui.asgi:application", **options)
        return 0
    if not serving.port_free(args.host, args.port):
        print(f"端口 {args.host}:{args.port} 已被占用 / port in use", file=sys.stderr)
        return 2
    # A listening socket per worker, so that the hall's connections are spread evenly.
    serving.run_workers(uvicorn.Config("lianghui.asgi:application", **options))
    return 0


def cmd_audit(args) -> int:
    _setup()
    from lianghui.audit.log import verify_chain
    from lianghui.audit.signing import KeyProblem, parse_anchors

    anchors = []
    if args.anchors:
        try:
            with open(args.anchors, encoding="utf-8") as f:
                anchors = parse_anchors(f.read())
            if not anchors:
                raise ValueError("没有任何链头")
        except (OSError, ValueError) as e:
            print(f"读不了锚点文件 {args.anchors}：{e}", file=sys.stderr)
            return 2
    try:
        verdict = verify_chain(seal_first=not args.no_seal, anchors=anchors)
    except KeyProblem as e:
        print(f"审计密钥有问题：{e}", file=sys.stderr)
        return 2
    if verdict.ok:
        print(
            f"审计链完整：共 {verdict.checked} 条事件，签名全部有效，"
            f"{len(anchors)} 个已发布的链头都在链中。 / audit chain intact: "
            f"{verdict.checked} events signed, {len(anchors)} anchors in place."
        )
        return 0
    where = f"于事件 #{verdict.broken_seq}" if verdict.broken_seq else ""
    print(f"审计链断裂{where}：{verdict.reason}", file=sys.stderr)
    return 1


def cmd_audit_keygen(args) -> int:
    from pathlib import Path

    _setup()
    from lianghui.audit.keys import write_key_file

    try:
        kid, public = write_key_file(Path(args.file))
    except FileExistsError:
        print(f"{args.file} 已存在：不覆盖已有的密钥。", file=sys.stderr)
        return 2
    print(
        f"已生成审计签名密钥 {args.file}（仅属主可读）。\n"
        f"  密钥编号 key id: {kid}\n"
        f"  公钥 public key: {public}\n"
        f"启用 / use it: LIANGHUI_AUDIT_KEY_FILE={args.file}\n"
        "轮换时，把旧密钥的公钥加入 LIANGHUI_AUDIT_TRUSTED_KEYS（见 docs/audit.md）。"
    )
    return 0


def cmd_audit_head(args) -> int:
    _setup()
    from lianghui.audit.log import current_head, seal

    seal()
    head = current_head()
    if head is None:
        print("审计链还没有签名的事件。", file=sys.stderr)
        return 1
    print(head.line())
    return 0


def cmd_audit_adopt(args) -> int:
    _setup()
    from lianghui.audit.log import adopt_unsigned

    try:
        signed = adopt_unsigned()
    except ValueError as e:
        print(str(e), file=sys.stderr)
        return 1
    print(f"已为 {signed} 条旧事件补签名。 / signed {signed} events sealed before signing.")
    return 0


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
    serve.add_argument(
        "--keep-alive",
        type=int,
        default=75,
        help="空闲连接保持秒数（默认 75：会场平板表决前打开的连接不被关闭）",
    )
    serve.set_defaults(func=cmd_serve)

    audit = sub.add_parser("audit", help="审计日志")
    audit_sub = audit.add_subparsers(dest="audit_command", required=True)
    verify = audit_sub.add_parser("verify", help="逐条校验哈希链和签名，指出第一处断裂")
    verify.add_argument(
        "--anchors", metavar="FILE", help="已发布的链头（开放数据导出的 JSON，或打印的链头行）"
    )
    verify.add_argument(
        "--no-seal", action="store_true", help="不先封存待封存事件（只有公钥的核查机器）"
    )
    verify.set_defaults(func=cmd_audit)
    keygen = audit_sub.add_parser("keygen", help="生成新的审计签名密钥文件")
    keygen.add_argument("file", help="密钥文件路径（不得已存在）")
    keygen.set_defaults(func=cmd_audit_keygen)
    head = audit_sub.add_parser("head", help="打印当前签名的链头（可作为锚点保存）")
    head.set_defaults(func=cmd_audit_head)
    adopt = audit_sub.add_parser("adopt", help="升级后为签名功能之前封存的事件补签名（一次性）")
    adopt.set_defaults(func=cmd_audit_adopt)

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
