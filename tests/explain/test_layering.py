"""The explain core imports no presentation module (text, views, cli, shell) and no torch (the
probes run in the sandbox), and holds no translated sentences: those are in gradtutor/text."""

from __future__ import annotations

import ast
import re
import subprocess
import sys
from pathlib import Path

import gradtutor.explain

CORE = Path(gradtutor.explain.__file__).parent
# The child-side scripts that run inside the sandbox, not in the parent.
CHILD_SIDE = {"probe.py", "memory.py"}


def test_core_imports_no_presentation_and_no_torch() -> None:
    modules = sorted(p.stem for p in CORE.glob("*.py") if p.name not in CHILD_SIDE)
    imports = "; ".join(f"import gradtutor.explain.{m}" for m in modules)
    code = (f"import sys; {imports}; "
            "bad = sorted(m for m in sys.modules if m.split('.')[0] in "
            "('torch', 'prompt_toolkit', 'pygments') or m.startswith(('gradtutor.cli', "
            "'gradtutor.shell', 'gradtutor.text', 'gradtutor.views'))); print(bad)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    assert out.stdout.strip() == "[]"


_CJK = re.compile(r"[\u4e00-\u9fff]")


def test_core_holds_no_chinese_sentences() -> None:
    """Every sentence is a key in gradtutor/text/tables/explain.py; the core has none."""
    for path in sorted(CORE.glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                assert not _CJK.search(node.value), f"{path.name}:{node.lineno}"


def test_every_fact_key_the_core_names_is_in_the_catalogue() -> None:
    from gradtutor.text import MESSAGES

    for path in sorted(CORE.glob("*.py")):
        text = path.read_text(encoding="utf-8")
        for key in re.findall(r'Fact(?:\.of)?\(\s*"(explain\.[\w.]+)"', text):
            assert key in MESSAGES, f"{path.name}: {key}"


def test_size_limits() -> None:
    """Modules up to about 500 lines (the catalogue is a data table), classes 300, functions
    60: the renovation's limits, for the explain core and its view."""
    views = CORE.parent / "views" / "explanation.py"
    for path in [*sorted(CORE.glob("*.py")), views]:
        text = path.read_text(encoding="utf-8")
        if path.name != "catalogue.py":
            assert text.count("\n") <= 500, path.name
        for node in ast.walk(ast.parse(text)):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
                limit = 300 if isinstance(node, ast.ClassDef) else 60
                size = (node.end_lineno or node.lineno) - node.lineno + 1
                assert size <= limit, f"{path.name}: {node.name} has {size} lines"
