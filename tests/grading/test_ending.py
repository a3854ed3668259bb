"""How a learner's program ended (docs/grading.md, "How the program ended"), under live torch."""

from __future__ import annotations

from pathlib import Path

import pytest

import gradtutor.text  # noqa: F401  (str() of a fact is English)
from gradtutor.course.loader import load_course
from gradtutor.course.model import Course
from gradtutor.grading.code import clean_exit, grade_code
from gradtutor.sandbox import RunResult, Sandbox

BODY = ("import torch\nimport sys\nw = torch.randn(3, requires_grad=True)\n"
        "loss = (scale * w).sum()\nloss.backward()\n")


@pytest.fixture(scope="module")
def course(mini_course_dir: Path) -> Course:
    loaded = load_course(mini_course_dir)
    assert loaded.course is not None, loaded.problems
    return loaded.course


@pytest.mark.parametrize("ending", [
    "sys.exit(0)\n",
    "sys.exit()\n",
    "raise SystemExit\n",
    "def main():\n    return None\nif __name__ == '__main__':\n    sys.exit(main())\n",
])
def test_a_clean_exit_is_a_normal_end(course: Course, shared_sandbox: Sandbox,
                                      ending: str) -> None:
    v = grade_code(course.get("mini-code"), BODY + ending, shared_sandbox)
    assert v.status == "pass", (v.status, v.reason)


def test_an_unclean_exit_is_not_graded_as_a_pass(course: Course,
                                                 shared_sandbox: Sandbox) -> None:
    v = grade_code(course.get("mini-code"), BODY + "sys.exit(3)\n", shared_sandbox)
    assert v.status == "error" and "sys.exit(3)" in str(v.reason)


def test_raising_after_the_values_are_final_never_passes(course: Course,
                                                         shared_sandbox: Sandbox) -> None:
    source = BODY + "loss.backward()\n"  # the second backward() raises RuntimeError
    v = grade_code(course.get("mini-code"), source, shared_sandbox)
    assert v.status == "fail"
    assert "RuntimeError on line 6" in str(v.reason)
    assert v.score == 0 and all(not o.ok for o in v.outcomes)
    assert all("did not finish" in str(o.differences[0]) for o in v.outcomes)


def test_clean_exit_reading() -> None:
    assert clean_exit(RunResult("exit", reason="sys.exit(0) was called at line 3"))
    assert clean_exit(RunResult("exit", reason="sys.exit(None) was called"))
    assert not clean_exit(RunResult("exit", reason="sys.exit(1) was called at line 3"))
    assert not clean_exit(RunResult("exit", reason="sys.exit('0') was called"))
    assert not clean_exit(RunResult("exit", reason="exited with code 0 before reporting a "
                                                   "result"))
