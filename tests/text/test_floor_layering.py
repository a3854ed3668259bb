"""The presentation floor's layering: the front ends (cli/, shell/) never import each other,
the floor (views/, text/) imports no front end, and the front ends hold no translated
sentences (those live in gradtutor/text/tables/)."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

PACKAGE = Path(__file__).parents[2] / "gradtutor"
CJK = re.compile(r"[\u4e00-\u9fff]")
# cmd_explain keeps its own table until the explain rewrite moves it into text/tables/explain.py.
NOT_YET = {PACKAGE / "cli" / "cmd_explain.py"}


def modules(*packages: str) -> list[Path]:
    return sorted(p for pkg in packages for p in (PACKAGE / pkg).rglob("*.py"))


def imported(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
            names.update(f"{node.module}.{a.name}" for a in node.names)
    return names


def imports_package(path: Path, package: str) -> list[str]:
    return sorted(n for n in imported(path) if n == package or n.startswith(package + "."))


@pytest.mark.parametrize(("front", "other"), [("cli", "shell"), ("shell", "cli")])
def test_front_ends_never_import_each_other(front: str, other: str) -> None:
    bad = {str(p.relative_to(PACKAGE)): imports_package(p, f"gradtutor.{other}")
           for p in modules(front)}
    assert not {k: v for k, v in bad.items() if v}


def test_the_floor_imports_no_front_end() -> None:
    for path in modules("views", "text"):
        for front in ("gradtutor.cli", "gradtutor.shell"):
            assert not imports_package(path, front), path


def _strings(tree: ast.AST) -> list[str]:
    """String constants, docstrings left out (they may quote a Chinese word)."""
    docstrings = {id(node.body[0].value) for node in ast.walk(tree)
                  if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef))
                  and node.body and isinstance(node.body[0], ast.Expr)
                  and isinstance(node.body[0].value, ast.Constant)}
    return [n.value for n in ast.walk(tree) if isinstance(n, ast.Constant)
            and isinstance(n.value, str) and id(n) not in docstrings]


def test_front_ends_hold_no_translated_sentences() -> None:
    """Chinese words typed as commands (提示, 退出, 是) are input, not text shown: a word of at
    most four characters is allowed, a sentence is not."""
    found = {}
    for path in modules("cli", "shell", "views"):
        if path in NOT_YET:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        sentences = [s for s in _strings(tree) if CJK.search(s) and (len(s) > 4 or " " in s)]
        if sentences:
            found[str(path.relative_to(PACKAGE))] = sentences
    assert not found
