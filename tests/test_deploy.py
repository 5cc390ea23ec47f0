"""The deployment files hold together: the lock pins what pyproject.toml asks for, the image
installs from the lock, compose.yaml brings up what docs/deploy.md describes with settings that
docs/configuration.md names and that pass the production checks, and compose's nginx is the
documented one.

This machine cannot run containers (CI has no Docker daemon), so compose.yaml is checked here
by structure and by running `check --deploy` with its application environment; the command
that brings it up is in docs/deploy.md ("Containers").
"""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from lianghui.audit.signing import new_private_key

REPO = Path(__file__).resolve().parents[1]


def locked(name: str) -> dict[str, tuple[str, int]]:
    """{canonical name: (version, number of hashes)} from a pip-compile --generate-hashes lock."""
    text = (REPO / name).read_text(encoding="utf-8")
    pins = {}
    for block in re.split(r"\n(?=[A-Za-z0-9])", text):
        m = re.match(r"([A-Za-z0-9._-]+)==([^\s\\;]+)", block)
        if m:
            pins[canonicalize_name(m.group(1))] = (m.group(2), block.count("--hash=sha256:"))
    return pins


def project():
    import tomllib

    return tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]


@pytest.mark.parametrize(
    "lock, extra", [("requirements.lock", None), ("requirements-test.lock", "test")]
)
def test_the_lock_pins_every_dependency_within_its_range_with_hashes(lock, extra):
    pins = locked(lock)
    wanted = [Requirement(r) for r in project()["dependencies"]]
    if extra:
        wanted += [Requirement(r) for r in project()["optional-dependencies"][extra]]
    for req in wanted:
        name = canonicalize_name(req.name)
        assert name in pins, f"{req.name} is not in {lock}: regenerate it (docs/deploy.md)"
        version, hashes = pins[name]
        assert req.specifier.contains(version, prereleases=True), (
            f"{lock} pins {req.name}=={version}, outside {req.specifier}: regenerate it"
        )
    assert all(hashes for _, hashes in pins.values()), f"{lock}: a pin without a hash"
    assert "django-csp" in pins and "-e " not in (REPO / lock).read_text(encoding="utf-8")


def test_the_image_installs_from_the_lock_and_nothing_else():
    dockerfile = (REPO / "Dockerfile").read_text(encoding="utf-8")
    assert "--require-hashes -r requirements.lock" in dockerfile
    # lianghui itself without its dependencies, so none comes in unpinned.
    assert re.search(r"pip install [^\n]*--no-deps \.", dockerfile)
    assert "fonts-noto-cjk" in dockerfile  # PDFs refuse to render without a CJK font


def compose():
    return yaml.safe_load((REPO / "compose.yaml").read_text(encoding="utf-8"))


def documented_settings() -> set[str]:
    text = (REPO / "docs" / "configuration.md").read_text(encoding="utf-8")
    names = set()
    for row in re.findall(r"^\| (`[^|]+`) \|", text, re.M):
        names |= set(re.findall(r"`([A-Z_]+)`", row))
    return names


def test_compose_brings_up_the_documented_services():
    services = compose()["services"]
    assert {"postgres", "redis", "migrate", "app1", "app2", "nginx"} <= set(services)
    for name in ("app1", "app2"):
        app = services[name]
        assert app["command"][:2] == ["lianghui", "serve"], name
        assert app["depends_on"]["migrate"]["condition"] == "service_completed_successfully"
        assert app["environment"]["REDIS_URL"].startswith("redis://redis:")
        assert app["environment"]["DATABASE_URL"].startswith("postgres://")
        assert "@postgres:5432/" in app["environment"]["DATABASE_URL"]
    assert "migrate" in " ".join(services["migrate"]["command"])
    assert "collectstatic" in " ".join(services["migrate"]["command"])
    assert set(services["nginx"]["ports"]) == {"80:80", "443:443"}
    assert not any("ports" in services[s] for s in ("postgres", "redis", "app1", "app2"))
    # uvicorn trusts X-Forwarded-For from nginx's fixed address only (sign-in lock-out counts
    # the client's address, not the proxy's).
    nginx_ip = services["nginx"]["networks"]["hall"]["ipv4_address"]
    assert services["app1"]["environment"]["FORWARDED_ALLOW_IPS"] == nginx_ip


def test_the_apps_settings_are_the_documented_ones():
    names = set(compose()["services"]["app1"]["environment"])
    undocumented = names - documented_settings()
    assert not undocumented, f"not in docs/configuration.md: {sorted(undocumented)}"
    # Every setting of the documented production block is given (none left to its default).
    text = (REPO / "docs" / "configuration.md").read_text(encoding="utf-8")
    block = re.search(r"# /etc/lianghui.env — production\n(.*?)```", text, re.S).group(1)
    production = {line.split("=", 1)[0] for line in block.splitlines() if "=" in line}
    assert production <= names, sorted(production - names)


def app_environment(tmp_path) -> dict[str, str]:
    """app1's environment as compose would give it, with a .env's values filled in."""
    dotenv = {
        "SECRET_KEY": "k3y-" + "x7Qp9Lm2" * 8,
        "LIANGHUI_HOST": "hall.example.org",
        "POSTGRES_PASSWORD": "pw",
    }

    def fill(value: str) -> str:
        return re.sub(r"\$\{(\w+)(?::\?[^}]*)?\}", lambda m: dotenv[m.group(1)], str(value))

    env = {k: fill(v) for k, v in compose()["services"]["app1"]["environment"].items()}
    key_file = tmp_path / "audit.key"
    key_file.write_text(new_private_key() + "\n")
    key_file.chmod(0o600)
    env["LIANGHUI_AUDIT_KEY_FILE"] = str(key_file)  # compose mounts the secret there
    env["LIANGHUI_DATA_DIR"] = str(tmp_path / "data")
    return env


def test_the_apps_settings_pass_the_production_checks(tmp_path):
    env = app_environment(tmp_path)
    assert env["ALLOWED_HOSTS"] == "hall.example.org"
    assert env["CSRF_TRUSTED_ORIGINS"] == "https://hall.example.org"
    base = {k: v for k, v in os.environ.items() if k in {"PATH", "HOME", "LANG", "VIRTUAL_ENV"}}
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=REPO,
        env={**base, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def nginx_directives(text: str) -> list[str]:
    lines = (line.split("#", 1)[0].strip() for line in text.splitlines())
    return [line for line in lines if line]


def test_composes_nginx_is_the_documented_one():
    deploy = (REPO / "docs" / "deploy.md").read_text(encoding="utf-8")
    documented = re.search(r"```nginx\n(.*?)```", deploy, re.S).group(1)
    template = (REPO / "deploy" / "nginx" / "lianghui.conf.template").read_text(encoding="utf-8")
    # Only the host name, the certificate's place and the upstream's servers may differ.
    differ = re.compile(r"^(server_name|ssl_certificate|ssl_certificate_key|upstream) ")
    doc = [d for d in nginx_directives(documented) if not differ.match(d)]
    ours = [d for d in nginx_directives(template) if not differ.match(d)]
    assert doc == ours
    assert "upstream lianghui { server app1:8000; server app2:8000;" in template
    assert "server_name ${LIANGHUI_HOST};" in template
    # The certificate compose mounts, and the static files the migrate service collects.
    volumes = compose()["services"]["nginx"]["volumes"]
    assert "./deploy/certs:/etc/nginx/certs:ro" in volumes
    assert "data:/var/lib/lianghui:ro" in volumes
