"""Exercises and verdicts as notebook output, from hand-made verdicts (no sandbox)."""

from __future__ import annotations

from pathlib import Path

import pytest

from gradtutor.course.loader import load_course
from gradtutor.course.model import Course
from gradtutor.facts import Fact
from gradtutor.grading.verdict import Outcome, Verdict
from gradtutor.notebook import content
from gradtutor.notebook.bridge import Recorded
from gradtutor.progress import ExerciseProgress

MINI = Path(__file__).resolve().parents[1] / "fixtures" / "mini" / "exercises"


@pytest.fixture(scope="module")
def course() -> Course:
    loaded = load_course(MINI)
    assert loaded.course is not None
    return loaded.course


def _explanation() -> dict[str, object]:
    return {"key": "numpy_requires_grad", "title": "needs detach", "text": ["the reason"],
            "fix": ["call pred.detach().numpy()"], "line": 4, "variable": "pred",
            "kind": "error", "category": "RuntimeError", "message": "m", "count": 1,
            "expr": None}


def test_a_fix_exercise_does_not_hand_out_the_fix(course: Course) -> None:
    ex = course.get("mini-fix")
    v = Verdict(ex.id, ex.kind, "fail", outcomes=[Outcome(0, "arr.tolist()", False)],
                explanations=[_explanation()])
    text = content.verdict(ex, v, "en").text()
    assert "needs detach on line 4" in text and "The reason." in text
    assert "detach().numpy()" not in text


def test_a_code_exercise_shows_the_fix_and_reference(course: Course) -> None:
    ex = course.get("mini-code")
    o = Outcome(0, "gradient of w", False, expected={"kind": "none"},
                got={"kind": "int", "value": 3}, differences=["the values differ"])
    v = Verdict(ex.id, ex.kind, "fail", outcomes=[o], explanations=[_explanation()])
    done = Recorded(ExerciseProgress(ex.id, "attempted", 1, 1))
    text = content.verdict(ex, v, "en", done).text()
    assert "Fix: call pred.detach().numpy()" in text
    assert "the values differ" in text
    assert "reference: None" in text and "yours    : 3" in text
    assert "Progress saved: mini-code is attempted." in text
    assert "%gradtutor show mini-code --hint 1" in text


def test_a_wrong_prediction_is_not_explained(course: Course) -> None:
    ex = course.get("mini-predict")
    v = Verdict(ex.id, ex.kind, "fail", outcomes=[Outcome(0, "What is x.grad?", False)],
                explanations=[_explanation()])
    text = content.verdict(ex, v, "en").text()
    assert "The reason" not in text and "Q1. What is x.grad?" in text


def test_a_note_beside_an_outcome_is_said(course: Course) -> None:
    ex = course.get("mini-predict")
    note = Fact("grading.recorded_answer_differs")
    v = Verdict(ex.id, ex.kind, "pass", outcomes=[Outcome(0, "What is x.grad?", True, note=note)])
    assert "you are graded on what this torch does" in content.verdict(ex, v, "en").text()


def test_show_in_chinese_says_how_to_answer_in_the_notebook(course: Course) -> None:
    ex = course.get("mini-predict")
    out = content.exercise(ex, "Basics", "zh", hints=1)
    text = out.text()
    assert "%gradtutor answer mini-predict <1> <2> <3>" in text
    assert "提示 1：看第 3 行。" in text
    assert "预测题" in text
