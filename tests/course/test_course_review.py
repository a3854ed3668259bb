"""review_course: the advice validate gives on a course that loads."""

from __future__ import annotations

import shutil
from pathlib import Path

from gradtutor.course import load_course
from gradtutor.course.review import review_course

MINI = Path(__file__).parents[1] / "fixtures" / "mini"


def _review(root: Path, about: str) -> list[tuple[str, int | None, int | None, str]]:
    loaded = load_course(root / "exercises")
    assert loaded.course is not None and loaded.ok, loaded.problems
    return [
        (p.path.name, p.line, p.column, p.message)
        for p in review_course(loaded.course)
        if about in p.message and p.severity == "warning"
    ]


def test_code_and_fix_exercises_without_a_hidden_check_are_warned_about(tmp_path: Path) -> None:
    shutil.copytree(MINI, tmp_path / "mini")
    assert [w[:2] for w in _review(tmp_path / "mini", "hidden check")] == [
        ("mini-code.yaml", 12),
        ("mini-fix.yaml", 12),
    ]
    path = tmp_path / "mini" / "exercises" / "basics" / "mini-code.yaml"
    text = path.read_text(encoding="utf-8")
    hidden = text.replace("  - expr: w.is_leaf\n", "  - expr: w.is_leaf\n    hidden: true\n")
    assert hidden != text
    path.write_text(hidden, encoding="utf-8")
    assert [w[:2] for w in _review(tmp_path / "mini", "hidden check")] == [("mini-fix.yaml", 12)]


def test_half_width_punctuation_next_to_chinese_is_flagged_at_its_line(tmp_path: Path) -> None:
    shutil.copytree(MINI, tmp_path / "mini")
    path = tmp_path / "mini" / "exercises" / "basics" / "mini-predict.yaml"
    text = path.read_text(encoding="utf-8")
    # Code keeps its ASCII punctuation: in backticks, and a call written in the prose.
    text = text.replace(
        "zh: 只有叶子张量才有 .grad。}",
        "zh: '先看 `f(a, b)`,y.sum()再看 grad (梯度)'}",
    )
    path.write_text(text, encoding="utf-8")
    found = sorted(_review(tmp_path / "mini", "half-width"))
    prefix = "half-width punctuation next to Chinese in the zh text of "
    assert found == [
        ("mini-fix.yaml", 6, 66, prefix + "task: '换,'"),
        ("mini-predict.yaml", 15, 63, prefix + "questions[0].ask: '么?'"),
        ("mini-predict.yaml", 20, 94, prefix + "questions[0].misconceptions[0].message: '值,'"),
        ("mini-predict.yaml", 21, 56, prefix + "questions[1].ask: '么?'"),
        ("mini-predict.yaml", 24, 69, prefix + "questions[2].ask: '误?'"),
        ("mini-predict.yaml", 30, 67, prefix + "hints[1]: '(梯' and 1 more"),
    ]


def test_full_width_chinese_is_not_flagged(tmp_path: Path) -> None:
    shutil.copytree(MINI, tmp_path / "mini")
    path = tmp_path / "mini" / "exercises" / "basics" / "mini-predict.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace("么?", "么？").replace("误?", "误？").replace("值,", "值，"), encoding="utf-8"
    )
    fix = tmp_path / "mini" / "exercises" / "basics" / "mini-fix.yaml"
    fix.write_text(fix.read_text(encoding="utf-8").replace("换,", "换，"), encoding="utf-8")
    assert _review(tmp_path / "mini", "half-width") == []
