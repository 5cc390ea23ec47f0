"""`lianghui serve` refuses to start unsafe; docs/configuration.md's production block passes
`check --deploy` with nothing to report."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import override_settings

from lianghui import cli
from lianghui.audit.signing import new_private_key

REPO = Path(__file__).resolve().parents[3]
GOOD_SECRET = "k3y-" + "x7Qp9Lm2" * 8
SAFE = {
    "DEBUG": False,
    "SECRET_KEY": GOOD_SECRET,
    "ALLOWED_HOSTS": ["hall.example.org"],
    "CSRF_TRUSTED_ORIGINS": ["https://hall.example.org"],
    "SESSION_COOKIE_SECURE": True,
    "CSRF_COOKIE_SECURE": True,
    "SECURE_PROXY_SSL_HEADER": ("HTTP_X_FORWARDED_PROTO", "https"),
    "SECURE_SSL_REDIRECT": True,
    "SECURE_HSTS_SECONDS": 31536000,
    "AUDIT_SIGNING_KEY": new_private_key(),
    "AUDIT_SIGNING_KEY_FILE": None,
    "SIGNIN_SECOND_FACTOR": True,
}


@pytest.fixture
def started(monkeypatch):
    """Calls of uvicorn.run: a start-up that got past the checks."""
    import uvicorn

    calls = []
    # Set for the whole run by the browser tests (Playwright's sync API); a production
    # environment has no such variable, and Django's deploy checks refuse it (async.E001).
    monkeypatch.delenv("DJANGO_ALLOW_ASYNC_UNSAFE", raising=False)
    monkeypatch.setattr(uvicorn, "run", lambda *a, **kw: calls.append(kw))
    monkeypatch.setattr(cli, "_setup", lambda: None)  # pytest-django has set Django up
    return calls


def _serve():
    return cli.main(["serve", "--workers", "1"])


def test_safe_settings_start(started):
    with override_settings(**SAFE):
        assert _serve() == 0
    assert len(started) == 1
    # The hall's websockets go uncompressed: compressing each state per screen costs CPU.
    assert started[0]["ws_per_message_deflate"] is False


@pytest.mark.parametrize(
    ("unsafe", "check_id"),
    [
        ({"SECRET_KEY": "insecure-lianghui-demo-key-set-SECRET_KEY-in-production"}, "E001"),
        ({"SECRET_KEY": "short-but-random-Zq81"}, "E002"),
        ({"SECRET_KEY": "ab" * 40}, "E002"),
        ({"ALLOWED_HOSTS": ["hall.example.org", "*"]}, "E003"),
        ({"SESSION_COOKIE_SECURE": False}, "E004"),
        ({"CSRF_COOKIE_SECURE": False}, "E004"),
        (
            {
                "SESSION_COOKIE_SECURE": False,
                "CSRF_COOKIE_SECURE": False,
                "SECURE_PROXY_SSL_HEADER": None,
                "SECURE_SSL_REDIRECT": False,
                "SECURE_HSTS_SECONDS": 0,
            },
            "E004",  # an https:// trusted origin alone says the site is reached over HTTPS
        ),
        ({"AUDIT_SIGNING_KEY": None}, "E005"),
        ({"AUDIT_SIGNING_KEY": "not-a-key"}, "E006"),
    ],
)
def test_each_unsafe_setting_refuses_start_up(started, capsys, unsafe, check_id):
    with override_settings(**{**SAFE, **unsafe}):
        assert _serve() == 2
    assert started == []
    err = capsys.readouterr().err
    assert f"lianghui.{check_id}" in err and "拒绝启动" in err


def test_a_missing_key_file_refuses_start_up(started, capsys, tmp_path):
    missing = tmp_path / "audit.key"
    with override_settings(
        **{**SAFE, "AUDIT_SIGNING_KEY": None, "AUDIT_SIGNING_KEY_FILE": missing}
    ):
        assert _serve() == 2
    assert "lianghui.E006" in capsys.readouterr().err and started == []


def test_no_second_factor_warns_but_starts(started, capsys):
    with override_settings(**{**SAFE, "SIGNIN_SECOND_FACTOR": False}):
        assert _serve() == 0
    assert "lianghui.W002" in capsys.readouterr().err and len(started) == 1


def test_debug_reports_but_starts(started, capsys):
    with override_settings(**{**SAFE, "DEBUG": True, "ALLOWED_HOSTS": ["*"]}):
        assert _serve() == 0
    assert "lianghui.E003" in capsys.readouterr().err and len(started) == 1


def _production_block() -> dict[str, str]:
    text = (REPO / "docs" / "configuration.md").read_text(encoding="utf-8")
    block = re.search(r"```sh\n# /etc/lianghui.env — production\n(.*?)```", text, re.S)
    assert block, "docs/configuration.md has no production block"
    pairs = [line.split("=", 1) for line in block.group(1).splitlines() if "=" in line]
    return dict(pairs)


def _check_deploy(env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_the_documented_production_settings_pass_check_deploy_cleanly(tmp_path):
    documented = _production_block()
    key_file = tmp_path / "audit.key"
    key_file.write_text(new_private_key() + "\n")
    key_file.chmod(0o600)
    base = {k: v for k, v in os.environ.items() if k in {"PATH", "HOME", "LANG", "VIRTUAL_ENV"}}
    env = {
        **base,
        **documented,
        # The only values a reader must replace: a real secret and a real key file.
        "SECRET_KEY": GOOD_SECRET,
        "LIANGHUI_AUDIT_KEY_FILE": str(key_file),
        "LIANGHUI_DATA_DIR": str(tmp_path / "data"),
    }
    result = _check_deploy(env)
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout
    # The same block with the public demo key is refused by the same command.
    del env["SECRET_KEY"]
    result = _check_deploy(env)
    assert result.returncode != 0 and "lianghui.E001" in result.stderr


def test_a_worker_freezes_what_it_loaded_and_collects_young_objects_rarely():
    """In a fresh interpreter, as a server worker loads the app: no collection pause of
    20-55 ms several times a second in a burst (see lianghui/asgi.py)."""
    probe = "import gc, lianghui.asgi;print(gc.get_threshold(), gc.get_freeze_count() > 10_000)"
    out = subprocess.run(
        [sys.executable, "-c", probe],
        capture_output=True,
        text=True,
        check=True,
        cwd=Path(__file__).resolve().parents[3],
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "lianghui.settings"},
    ).stdout.split("\n")[-2]
    assert out == "(50000, 20, 1000) True"
