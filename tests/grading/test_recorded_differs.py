"""When the torch running here disagrees with the course's recorded answer, the learner is
judged on what this torch does, and told so (without quoting either answer)."""

from __future__ import annotations

from pathlib import Path

import pytest

from gradtutor.course.loader import load_course
from gradtutor.course.model import Question
from gradtutor.grading.answer import judge_answer
from gradtutor.grading.predict import predict_verdict
from gradtutor.sandbox import RunResult
from gradtutor.text import say

MINI = Path(__file__).resolve().parents[1] / "fixtures" / "mini" / "exercises"
NONE = {"kind": "none"}
TENSOR = {"kind": "tensor", "dtype": "float32", "shape": [2], "values": [1.0, 1.0],
          "requires_grad": False, "is_leaf": True, "grad_fn": None, "grad_is_none": True,
          "retains_grad": False, "is_parameter": False, "truncated": False}


@pytest.fixture(scope="module")
def grad_question() -> Question:
    course = load_course(MINI).course
    assert course is not None
    q = course.get("mini-predict").questions[0]
    assert q.expr == "x.grad" and q.answer == "None"
    return q


def test_no_note_when_this_torch_agrees(grad_question: Question) -> None:
    assert not judge_answer(grad_question, "None", truth=NONE).recorded_differs
    assert not judge_answer(grad_question, "tensor([1., 1.])", truth=NONE).recorded_differs


def test_a_right_answer_under_a_torch_that_disagrees_is_right_and_says_so(
        grad_question: Question) -> None:
    right = judge_answer(grad_question, "tensor([1., 1.])", truth=TENSOR)
    assert right.ok and right.recorded_differs
    recorded = judge_answer(grad_question, "None", truth=TENSOR)
    assert not recorded.ok and recorded.recorded_differs


def test_the_verdict_carries_the_note_without_quoting_an_answer() -> None:
    course = load_course(MINI).course
    assert course is not None
    ex = course.get("mini-predict")
    result = RunResult("exception", prints=[{"line": 6, "text": "True\n"}],
                       values={"x.grad": TENSOR},
                       exception={"type": "RuntimeError", "line": 7, "message":
                                  "Only Tensors of floating point and complex dtype can "
                                  "require gradients"})
    v = predict_verdict(ex, ["tensor([1., 1.])", "True", "RuntimeError"], result)
    assert v.status == "pass"
    notes = [o.note for o in v.outcomes]
    assert notes[0] is not None and notes[1] is None and notes[2] is None
    for lang in ("en", "zh"):
        text = say(notes[0], lang)
        assert "None" not in text and "tensor" not in text
    assert "torch 2.13" in say(notes[0], "en")
