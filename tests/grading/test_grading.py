"""Grading against the fixture course, under live torch in the sandbox."""

from __future__ import annotations

import random
import shutil
from pathlib import Path

import pytest

import gradtutor.text  # noqa: F401  (str() of a fact is English)
from gradtutor.course.loader import load_course
from gradtutor.course.model import Course
from gradtutor.grading.code import grade_code, plan_runs
from gradtutor.grading.predict import grade_predict
from gradtutor.grading.validate import validate_course
from gradtutor.sandbox import Sandbox


@pytest.fixture(scope="module")
def course(mini_course_dir: Path) -> Course:
    loaded = load_course(mini_course_dir)
    assert loaded.course is not None, loaded.problems
    return loaded.course


def test_predict_right_answers_pass(course: Course, shared_sandbox: Sandbox) -> None:
    v = grade_predict(course.get("mini-predict"), ["None", "True", "RuntimeError"],
                      shared_sandbox)
    assert v.status == "pass", v
    assert [o.ok for o in v.outcomes] == [True, True, True]
    assert v.observations, "a passed predict exercise shows the real run"


def test_predict_misconception_is_reported(course: Course, shared_sandbox: Sandbox) -> None:
    v = grade_predict(course.get("mini-predict"), ["tensor([3., 3.])", "True", "TypeError"],
                      shared_sandbox, lang="zh")
    assert v.status == "fail"
    first, _, third = v.outcomes
    assert not first.ok and "第 3 行" in (first.misconception or "")
    assert first.expected is None, "the truth is not revealed by a wrong answer"
    assert not third.ok and third.differences
    assert v.observations == []


def test_predict_unparseable_answer_is_a_fail_with_reason(
    course: Course, shared_sandbox: Sandbox
) -> None:
    v = grade_predict(course.get("mini-predict"), ["tensor([1., ", "True", "RuntimeError"],
                      shared_sandbox)
    assert v.status == "fail"
    assert "could not read your answer" in str(v.outcomes[0].differences[0])


def test_predict_missing_answers_fail(course: Course, shared_sandbox: Sandbox) -> None:
    v = grade_predict(course.get("mini-predict"), ["None"], shared_sandbox)
    assert v.status == "fail"
    assert [str(d) for d in v.outcomes[2].differences] == ["no answer given"]


SOLUTION = """
import torch
w = torch.randn(3, requires_grad=True)
(scale * w).sum().backward()
"""


def test_code_solution_passes(course: Course, shared_sandbox: Sandbox) -> None:
    v = grade_code(course.get("mini-code"), SOLUTION, shared_sandbox)
    assert v.status == "pass", v
    assert len(v.observations) == 2, "one learner run per variant"


def test_code_starter_fails_with_misconception(course: Course, shared_sandbox: Sandbox) -> None:
    ex = course.get("mini-code")
    v = grade_code(ex, ex.starter, shared_sandbox)
    assert v.status == "fail"
    grad = v.outcomes[0]
    assert not grad.ok and grad.misconception == "Call loss.backward()."
    assert v.outcomes[1].ok


def test_hard_coded_result_fails(course: Course, shared_sandbox: Sandbox) -> None:
    # Correct for the first variant only: the second variant's scale differs.
    hard = "import torch\nw = torch.zeros(3, requires_grad=True)\nw.grad = torch.full((3,), 2.0)\n"
    v = grade_code(course.get("mini-code"), hard, shared_sandbox)
    assert v.status == "fail"
    assert v.outcomes[0].variant == 1


def test_seeds_are_chosen_by_the_grader() -> None:
    from gradtutor.course.loader import load_course as load

    ex = load(Path(__file__).parents[1] / "fixtures/mini/exercises").course.get("mini-code")
    a = plan_runs(ex, random.Random(1))
    b = plan_runs(ex, random.Random(2))
    assert [r.inputs for r in a] == [{"scale": 2.0}, {"scale": -0.5}]
    assert [r.seed for r in a] != [r.seed for r in b]


def test_fake_output_does_not_pass(course: Course, shared_sandbox: Sandbox) -> None:
    fake = 'print("PASS", \'{"status": "pass"}\')\nimport torch\nw = torch.ones(3)\n'
    v = grade_code(course.get("mini-code"), fake, shared_sandbox)
    assert v.status == "fail"


@pytest.mark.parametrize(
    ("source", "needle"),
    [
        ("def broken(:\n", "SyntaxError"),
        ("while True:\n    pass\n", "timed out"),
    ],
)
def test_unrunnable_code_is_an_error(
    course: Course, shared_sandbox: Sandbox, source: str, needle: str
) -> None:
    ex = course.get("mini-fix")
    v = grade_code(ex, source, shared_sandbox) if needle != "timed out" else None
    if v is None:
        from dataclasses import replace

        v = grade_code(replace(ex, timeout=1.0), source, shared_sandbox)
    assert v.status == "error"
    assert needle in str(v.reason)


def test_fix_starter_fails_and_reports_its_exception(
    course: Course, shared_sandbox: Sandbox
) -> None:
    ex = course.get("mini-fix")
    v = grade_code(ex, ex.starter, shared_sandbox)
    assert v.status == "fail"
    assert "RuntimeError" in str(v.reason) and "line 4" in str(v.reason)


def test_validate_clean_course(mini_course_dir: Path, shared_sandbox: Sandbox) -> None:
    report = validate_course(mini_course_dir, shared_sandbox)
    assert report.errors == [], [str(p) for p in report.errors]
    assert report.exercises == 3
    assert report.torch_version.startswith("2.")


def test_validate_reports_drift_with_file_and_line(
    tmp_path: Path, mini_course_dir: Path, shared_sandbox: Sandbox
) -> None:
    root = tmp_path / "course"
    shutil.copytree(mini_course_dir.parent, root)
    path = root / "exercises/basics/mini-predict.yaml"
    path.write_text(path.read_text().replace('answer: "True"', 'answer: "False"'))
    starter_fixed = root / "exercises/basics/mini-fix.yaml"
    starter_fixed.write_text(starter_fixed.read_text().replace(
        "arr = pred.numpy()", "arr = pred.detach().numpy()"))
    report = validate_course(root / "exercises", shared_sandbox)
    messages = {(p.path.name, p.line): p.message for p in report.errors}
    drift = [(k, m) for k, m in messages.items() if "drift" in m]
    assert drift and drift[0][0] == ("mini-predict.yaml", 23), messages
    assert any("already passes" in m for m in messages.values()), messages
