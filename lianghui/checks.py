"""Start-up checks of a production configuration (Django's system check framework).

Tagged `security` and deploy-only: `manage.py check --deploy` reports them, and
`lianghui serve` runs them and refuses to start on any Error unless DEBUG is set. The demo
and the tests never run them. docs/configuration.md lists the production settings that pass.
"""

from django.conf import settings
from django.core.checks import Error, Tags, Warning, register

SHORTEST_SECRET_KEY = 50  # Django's own deploy check asks for as many


@register(Tags.security, deploy=True)
def secret_key(app_configs, **kwargs):
    key = settings.SECRET_KEY
    if key == settings.DEMO_SECRET_KEY:
        return [
            Error(
                "SECRET_KEY 是公开的演示密钥：任何人都能伪造大屏令牌、表决回执和登录消息。",
                hint="设置 SECRET_KEY 为 50 个字符以上的随机值，例如 "
                "python -c 'import secrets; print(secrets.token_urlsafe(50))'。",
                id="lianghui.E001",
            )
        ]
    if len(key) < SHORTEST_SECRET_KEY or len(set(key)) < 5:
        return [
            Error(
                f"SECRET_KEY 太短或太简单（{len(key)} 个字符）。",
                hint=f"至少 {SHORTEST_SECRET_KEY} 个字符的随机值。",
                id="lianghui.E002",
            )
        ]
    return []


@register(Tags.security, deploy=True)
def allowed_hosts(app_configs, **kwargs):
    if "*" in settings.ALLOWED_HOSTS:
        return [
            Error(
                "ALLOWED_HOSTS 含有 '*'：任何主机名都会被接受（可用于伪造链接中的域名）。",
                hint="只列出本系统的域名，例如 ALLOWED_HOSTS=hall.example.org。",
                id="lianghui.E003",
            )
        ]
    return []


def behind_https() -> bool:
    """Whatever in the configuration says the site is reached over HTTPS."""
    return bool(
        settings.SECURE_PROXY_SSL_HEADER
        or settings.SECURE_SSL_REDIRECT
        or settings.SECURE_HSTS_SECONDS
        or any(o.startswith("https://") for o in settings.CSRF_TRUSTED_ORIGINS)
    )


@register(Tags.security, deploy=True)
def secure_cookies(app_configs, **kwargs):
    if behind_https() and not (settings.SESSION_COOKIE_SECURE and settings.CSRF_COOKIE_SECURE):
        return [
            Error(
                "站点经 HTTPS 访问，但登录和 CSRF cookie 没有 Secure 标记，会经明文 HTTP 泄露。",
                hint="设置 SECURE_COOKIES=true。",
                id="lianghui.E004",
            )
        ]
    return []


@register(Tags.security, deploy=True)
def audit_key(app_configs, **kwargs):
    from lianghui.audit import keys
    from lianghui.audit.signing import KeyProblem

    if not keys.configured():
        return [
            Error(
                "没有配置审计签名密钥：审计日志将用数据目录里自动生成的演示密钥签名。",
                hint="用 lianghui audit keygen /etc/lianghui/audit.key 生成密钥，"
                "并设置 LIANGHUI_AUDIT_KEY_FILE（见 docs/audit.md）。",
                id="lianghui.E005",
            )
        ]
    try:
        ring = keys.keyring()
    except KeyProblem as e:
        return [Error(f"审计签名密钥不可用：{e}", id="lianghui.E006")]
    if ring.signing is None:
        return [Error("只配置了审计公钥，没有签名私钥。", id="lianghui.E006")]
    path = settings.AUDIT_SIGNING_KEY_FILE
    if path:
        import os
        import stat

        if stat.S_IMODE(os.stat(path).st_mode) & 0o077:
            return [
                Warning(
                    f"审计签名密钥文件 {path} 可被属主以外的用户读取。",
                    hint=f"chmod 600 {path}",
                    id="lianghui.W001",
                )
            ]
    return []


@register(Tags.security, deploy=True)
def second_factor(app_configs, **kwargs):
    # A warning, not a refusal: a body may decide to run without it, knowingly.
    if not settings.SIGNIN_SECOND_FACTOR:
        return [
            Warning(
                "会务组和监票人的账号登录时不要求两步验证：只凭密码即可修改会务记录。",
                hint="设置 SIGNIN_SECOND_FACTOR=true（见 docs/accounts.md）。",
                id="lianghui.W002",
            )
        ]
    return []
