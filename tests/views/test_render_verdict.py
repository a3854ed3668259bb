"""The one verdict renderer: what a failed item says is decided once, the front ends choose
the next step and whether the run is shown with the verdict."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from gradtutor.course import load_course
from gradtutor.course.model import Course
from gradtutor.env import Environment
from gradtutor.grading.verdict import Outcome, Verdict
from gradtutor.views.verdict import MAX_DIFFERENCES, plain_details, render_verdict

MINI = Path(__file__).parents[1] / "fixtures" / "mini"
TENSOR = {"kind": "tensor", "dtype": "float32", "shape": [2], "values": [2.0, 2.0],
          "requires_grad": False, "is_leaf": True, "grad_fn": None, "grad_is_none": True,
          "retains_grad": False, "is_parameter": False, "truncated": False}


@pytest.fixture(scope="module")
def course() -> Course:
    loaded = load_course(MINI / "exercises", MINI / "solutions")
    assert loaded.course is not None
    return loaded.course


def env(colors: bool = False) -> Environment:
    return Environment(stdin=io.StringIO(), stdout=io.StringIO(), stderr=io.StringIO(),
                       stdout_isatty=False, stdin_isatty=False, colors=colors, lang="en",
                       data_dir=Path("/nonexistent"), course_dir=None)


def failed_check(differences: list[str], misconception: str | None = None) -> Outcome:
    return Outcome(0, "gradient of w", False, expected=TENSOR, got={"kind": "none"},
                   differences=differences, misconception=misconception)


def test_differences_are_capped_on_a_terminal_and_all_in_reports(course: Course) -> None:
    ex = course.get("mini-code")
    diffs = [f"difference {i}" for i in range(MAX_DIFFERENCES + 3)]
    outcome = failed_check(diffs, misconception="w is never used")
    text = render_verdict(env(), ex, Verdict(ex.id, ex.kind, "fail", "1 of 1 checks failed",
                                             [outcome]))
    assert "difference 1" in text and f"difference {MAX_DIFFERENCES}" not in text
    assert "… and 3 more" in text
    assert "reference: tensor([2., 2.])" in text and "yours    : None" in text
    assert "→ w is never used" in text
    plain = plain_details(outcome, ex.kind)
    assert plain.splitlines() == [*diffs, "reference: tensor([2., 2.])", "yours    : None",
                                  "w is never used"]


def test_next_step_only_after_a_failure(course: Course) -> None:
    ex = course.get("mini-code")
    fail = Verdict(ex.id, ex.kind, "fail", "1 of 1 checks failed", [failed_check(["x"])])
    passed = Verdict(ex.id, ex.kind, "pass", "", [Outcome(0, "gradient of w", True)])
    assert render_verdict(env(), ex, fail, next_step="Stuck? try a hint").endswith(
        "  Stuck? try a hint")
    assert "Stuck?" not in render_verdict(env(), ex, passed, next_step="Stuck? try a hint")
    assert "Stuck?" not in render_verdict(env(), ex, fail)
    assert render_verdict(env(), ex, passed).startswith("✔ mini-code: all 1 checks pass.")


def test_the_run_is_told_unless_the_front_end_shows_it(course: Course) -> None:
    ex = course.get("mini-fix")
    run = {"exception": {"type": "RuntimeError", "message": "boom", "line": 4}}
    fail = Verdict(ex.id, ex.kind, "fail", "1 of 2 checks failed", [failed_check(["x"])],
                   observations=[run])
    assert "Your code raised RuntimeError (line 4): boom" in render_verdict(env(), ex, fail)
    assert "RuntimeError" not in render_verdict(env(), ex, fail, with_run=False)


def test_values_already_quoted_are_not_repeated(course: Course) -> None:
    ex = course.get("mini-code")
    f32, f64 = {"kind": "dtype", "value": "float32"}, {"kind": "dtype", "value": "float64"}
    outcome = Outcome(0, "dtype", False, expected=f32, got=f64,
                      differences=["expected torch.float32, got torch.float64"])
    assert plain_details(outcome, ex.kind) == "expected torch.float32, got torch.float64"


def test_colour_only_when_asked(course: Course) -> None:
    ex = course.get("mini-code")
    fail = Verdict(ex.id, ex.kind, "fail", "1 of 1 checks failed", [failed_check(["x"])])
    assert "\x1b[" not in render_verdict(env(), ex, fail)
    assert "\x1b[" in render_verdict(env(colors=True), ex, fail)


def test_differences_given_as_facts_are_rendered_by_the_catalogue(course: Course) -> None:
    from gradtutor.facts import Fact
    from gradtutor.text import MESSAGES

    ex = course.get("mini-code")
    MESSAGES["_test.shape"] = ("shape differs: {got}", "形状不同：{got}")
    try:
        outcome = failed_check([Fact.of("_test.shape", got="(3,)")])
        fail = Verdict(ex.id, ex.kind, "fail", "1 of 1 checks failed", [outcome])
        assert "形状不同：(3,)" in render_verdict(env(), ex, fail, lang="zh")
        assert plain_details(outcome, ex.kind).startswith("shape differs: (3,)")
    finally:
        del MESSAGES["_test.shape"]
