"""No function of the application runs over 80 lines (tests, bench and migrations aside), so
that each reads as one step; ruff's C90 (pyproject.toml) bounds their complexity. A function
that needs more is split into named steps, as elections/count.py and proposals/stats.py are."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MAX_LINES = 80

# Modules waiting to be split by step: their functions are listed by the test below instead
# of failing it. Remove an entry once its module is split (none waits now: the elections
# actions are a package by step, and their long functions are named steps).
WAITING: tuple[str, ...] = ()


def long_functions(package: Path, limit: int = MAX_LINES) -> list[tuple[str, str, int]]:
    """(module path, function name, lines) of every function or method longer than `limit`,
    decorators left out, outside tests and migrations."""
    found = []
    for path in sorted(package.rglob("*.py")):
        if {"tests", "migrations"} & set(path.relative_to(package).parts):
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                lines = node.end_lineno - node.lineno + 1
                if lines > limit:
                    module = path.relative_to(package.parent).with_suffix("").as_posix()
                    found.append((module, node.name, lines))
    return found


def waiting(module: str, *_) -> bool:
    return module.startswith(WAITING)


def test_no_function_runs_over_80_lines():
    over = [f for f in long_functions(ROOT / "lianghui") if not waiting(*f)]
    assert over == [], "split these into named steps: " + ", ".join(
        f"{m}.{n} ({lines} lines)" for m, n, lines in over
    )


def test_a_long_function_is_found(tmp_path):
    package = tmp_path / "pkg"
    (package / "tests").mkdir(parents=True)
    body = "".join(f"    x{i} = {i}\n" for i in range(MAX_LINES))
    method = "".join("    " + line for line in body.splitlines(keepends=True))
    (package / "mod.py").write_text(
        f"def short():\n    return 1\n\n\nclass C:\n    @property\n    def long(self):\n{method}"
    )
    (package / "tests" / "test_mod.py").write_text(f"def test_long():\n{body}")
    assert long_functions(package) == [("pkg/mod", "long", MAX_LINES + 1)]
    assert long_functions(package, limit=MAX_LINES + 1) == []
