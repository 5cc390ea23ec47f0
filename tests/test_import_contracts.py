"""The import contracts (pyproject.toml, [tool.importlinter]) hold, and they would catch an
up-import: the same check on a copy of the package with one rules module importing Django's
models, a pure module that is not named rules (the chronicle's wording) importing Django, one
actions module importing a router, a models module importing its own app's actions, people
(below every domain) importing votes, and a test of sessions importing the chronicle (a test
lives where its layer sees what it uses), fails naming each."""

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def lint_imports(cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache"],
        cwd=cwd,
        env={"PYTHONPATH": str(cwd), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_the_tree_keeps_its_import_contracts():
    result = lint_imports(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr


def test_an_up_import_breaks_the_contracts(tmp_path):
    shutil.copy(ROOT / "pyproject.toml", tmp_path)
    shutil.copytree(
        ROOT / "lianghui", tmp_path / "lianghui", ignore=shutil.ignore_patterns("static", "*.pyc")
    )
    rules = tmp_path / "lianghui" / "votes" / "rules.py"
    rules.write_text(rules.read_text() + "\nfrom django.db import models  # noqa\n")
    compose = tmp_path / "lianghui" / "records" / "compose.py"
    compose.write_text(compose.read_text() + "\nfrom django.utils import timezone  # noqa\n")
    actions = tmp_path / "lianghui" / "attendance" / "actions.py"
    actions.write_text(actions.read_text() + "\nfrom lianghui.votes import api  # noqa\n")
    models = tmp_path / "lianghui" / "votes" / "models.py"
    models.write_text(models.read_text() + "\nfrom lianghui.votes import actions  # noqa\n")
    people = tmp_path / "lianghui" / "people" / "access.py"
    people.write_text(people.read_text() + "\nfrom lianghui.votes.models import Poll  # noqa\n")

    test = tmp_path / "lianghui" / "sessions" / "tests" / "test_up_import.py"
    test.write_text("from lianghui.records import chronicle  # noqa\n")

    result = lint_imports(tmp_path)

    assert result.returncode != 0
    assert "lianghui.votes.rules is not allowed to import django" in result.stdout
    assert "lianghui.records.compose is not allowed to import django" in result.stdout
    assert (
        "lianghui.attendance.actions is not allowed to import lianghui.votes.api" in result.stdout
    )
    assert "lianghui.votes.models is not allowed to import lianghui.votes.actions" in result.stdout
    assert "lianghui.people is not allowed to import lianghui.votes" in result.stdout
    assert "- lianghui.people.access -> lianghui.votes.models" in result.stdout
    assert "- lianghui.sessions.tests.test_up_import -> lianghui.records.chronicle" in result.stdout
