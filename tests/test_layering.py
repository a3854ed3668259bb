"""The house's rules, checked on the whole package: who may import whom, where sentences live,
and how big a module, class or function may grow (docs/architecture.md)."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

import gradtutor

PACKAGE = Path(gradtutor.__file__).resolve().parent
CORE = ("course", "sandbox", "compare", "grading", "explain", "values")
PRESENTATION = ("cli", "shell", "views", "text", "reports", "notebook", "pytest_plugin")


def _modules() -> list[Path]:
    return sorted(p for p in PACKAGE.rglob("*.py") if "_course" not in p.parts)


def _name(path: Path) -> str:
    rel = path.relative_to(PACKAGE.parent).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _imports(path: Path) -> set[str]:
    """Every gradtutor module this file imports, at any depth of the file (lazy imports too)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            if node.level:
                base = _name(path).split(".")
                if path.name != "__init__.py":
                    base.pop()
                base = base[: len(base) - node.level + 1]
                found.add(".".join([*base, node.module]))
            else:
                found.add(node.module)
                found.update(f"{node.module}.{a.name}" for a in node.names)
        elif isinstance(node, ast.Call) and getattr(node.func, "attr", "") == "import_module":
            for arg in node.args:
                if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                    found.add(arg.value)
    return {m for m in found if m == "gradtutor" or m.startswith("gradtutor.")}


def _area(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else ""


def _violations(sources: tuple[str, ...], forbidden: tuple[str, ...]) -> list[str]:
    out = []
    for path in _modules():
        here = _name(path)
        if _area(here) not in sources:
            continue
        for imported in sorted(_imports(path)):
            if _area(imported) in forbidden:
                out.append(f"{here} imports {imported}")
    return out


def test_cli_and_shell_never_import_each_other() -> None:
    assert _violations(("cli",), ("shell",)) == []
    assert _violations(("shell",), ("cli",)) == []


def test_the_core_imports_no_presentation_module() -> None:
    assert _violations(CORE, PRESENTATION) == []


# Two or more CJK ideographs in a row: a Chinese word or sentence. Single characters (是, 否 as
# answers, full-width punctuation in normalisation tables) are data, not sentences.
_CJK_WORD = re.compile(r"[\u4e00-\u9fff]{2,}")


def _string_constants(path: Path) -> list[tuple[int, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef))
        and node.body and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
    }
    return [(node.lineno, node.value) for node in ast.walk(tree)
            if isinstance(node, ast.Constant) and isinstance(node.value, str)
            and id(node) not in docstrings]


# Chinese that is not a sentence shown to the learner but words the learner types, which the
# module must recognise, or an example in the format's own documentation.
INPUT_VOCABULARY = {
    "gradtutor/compare/reading.py": "answers learners type: yes/no, no error",
    "gradtutor/shell/commands.py": "the Chinese command words learners type",
    "gradtutor/shell/app.py": "answers to a yes/no prompt",
    "gradtutor/course/fields.py": "an example of a bilingual YAML field in the format's docs",
}


def test_no_module_outside_text_holds_translated_sentences() -> None:
    offenders = []
    for path in _modules():
        rel = str(path.relative_to(PACKAGE.parent))
        if _area(_name(path)) == "text" or rel in INPUT_VOCABULARY:
            continue
        for line, value in _string_constants(path):
            if _CJK_WORD.search(value):
                offenders.append(f"{path.relative_to(PACKAGE.parent)}:{line}: {value[:40]!r}")
    assert offenders == []


# Data tables: long because they list data, not because they hold logic. Each names its reason.
DATA_MODULES = {
    "gradtutor/explain/catalogue.py": "the table of torch warnings and errors gradtutor explains",
    "gradtutor/course/fields.py": "the exercise format's field tables, shared by loader and schema",
}
MAX_MODULE, MAX_CLASS, MAX_FUNCTION = 500, 300, 60


def _sizes() -> list[str]:
    out = []
    for path in _modules():
        rel = str(path.relative_to(PACKAGE.parent))
        if rel.startswith("gradtutor/text/tables/") or rel in DATA_MODULES:
            continue
        source = path.read_text(encoding="utf-8")
        lines = len(source.splitlines())
        if lines > MAX_MODULE:
            out.append(f"{rel}: module of {lines} lines")
        for node in ast.walk(ast.parse(source)):
            if isinstance(node, (ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
                size = (node.end_lineno or node.lineno) - node.lineno + 1
                limit = MAX_CLASS if isinstance(node, ast.ClassDef) else MAX_FUNCTION
                if size > limit:
                    out.append(f"{rel}:{node.lineno}: {node.name} has {size} lines")
    return out


def test_modules_classes_and_functions_stay_small() -> None:
    assert _sizes() == []


@pytest.mark.parametrize("source, imported, expected", [
    ("gradtutor.cli.cmd_start", "gradtutor.shell.app", True),
    ("gradtutor.grading.code", "gradtutor.text", True),
])
def test_the_checker_sees_a_planted_violation(tmp_path: Path, source: str, imported: str,
                                              expected: bool) -> None:
    # The rule is only as good as its import finder: a planted import must be found.
    planted = tmp_path / "planted.py"
    planted.write_text(f"def later():\n    import {imported}\n", encoding="utf-8")
    assert (imported in _imports(planted)) is expected
