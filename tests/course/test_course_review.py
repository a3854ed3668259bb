"""review_course: the advice validate gives on a course that loads."""

from __future__ import annotations

import shutil
from pathlib import Path

from gradtutor.course import load_course
from gradtutor.course.review import review_course

MINI = Path(__file__).parents[1] / "fixtures" / "mini"


def _review(root: Path) -> list[tuple[str, int | None, str]]:
    loaded = load_course(root / "exercises")
    assert loaded.course is not None and loaded.ok, loaded.problems
    return [(p.path.name, p.line, p.severity) for p in review_course(loaded.course)]


def test_code_and_fix_exercises_without_a_hidden_check_are_warned_about(tmp_path: Path) -> None:
    shutil.copytree(MINI, tmp_path / "mini")
    assert _review(tmp_path / "mini") == [
        ("mini-code.yaml", 12, "warning"),
        ("mini-fix.yaml", 12, "warning"),
    ]
    path = tmp_path / "mini" / "exercises" / "basics" / "mini-code.yaml"
    text = path.read_text(encoding="utf-8")
    hidden = text.replace("  - expr: w.is_leaf\n", "  - expr: w.is_leaf\n    hidden: true\n")
    assert hidden != text
    path.write_text(hidden, encoding="utf-8")
    assert _review(tmp_path / "mini") == [("mini-fix.yaml", 12, "warning")]
