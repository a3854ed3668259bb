"""docs/exercise-format.md stays the true reference: its examples load, its tables are fresh."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from gradtutor.course import load_course
from gradtutor.course.schema import DOCS_PATH, docs_with_reference, reference_markdown

DOC = Path(__file__).resolve().parents[2] / "docs" / "exercise-format.md"
# A complete example is a code block whose first line names its file.
EXAMPLE = re.compile(r"```(?:yaml|python)\n# ((?:exercises|solutions)/\S+)\n(.*?)```", re.S)


def _examples() -> dict[str, str]:
    return {path: body for path, body in EXAMPLE.findall(DOC.read_text(encoding="utf-8"))}


def test_docs_path_is_this_checkout() -> None:
    assert DOCS_PATH.resolve() == DOC


def test_doc_has_a_complete_example_of_each_kind() -> None:
    examples = _examples()
    assert "exercises/course.yaml" in examples
    kinds = {
        m.group(1)
        for path, body in examples.items()
        if path.endswith(".yaml")
        for m in re.finditer(r"^kind: (\w+)", body, re.M)
    }
    assert kinds == {"predict", "code", "fix"}


def test_doc_examples_load_without_any_problem(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for rel, body in _examples().items():
        path = tmp_path / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(body, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = load_course(tmp_path / "exercises")
    assert [str(p) for p in result.problems] == []
    assert result.course is not None
    assert result.course.ids == (
        "detach-cuts-gradient",
        "freeze-before-optimizer",
        "zero-grad-accumulates",
    )
    predict = result.course.get("detach-cuts-gradient")
    assert [q.mode for q in predict.questions] == ["expr", "print_line", "error"]
    code = result.course.get("freeze-before-optimizer")
    assert code.checks[2].tolerance.rtol == 1e-4


def test_doc_field_reference_is_generated_from_the_tables() -> None:
    text = DOC.read_text(encoding="utf-8")
    assert docs_with_reference(text) == text, "run: python -m gradtutor.course.schema"
    assert reference_markdown() in text


def test_brief_error_example_in_doc_matches_problem_format() -> None:
    text = DOC.read_text(encoding="utf-8")
    assert (
        "exercises/detach/foo.yaml:12:5: error: 'hints' needs at least 2 entries; found 1. "
        "Fix: add another hint, from nudge to near-answer." in text
    )
