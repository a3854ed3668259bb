"""The one answer path: read once, judged by one set of rules for every kind of question."""

from __future__ import annotations

import pytest

import gradtutor.text  # noqa: F401  (str() of a fact is English)
from gradtutor.course.model import Misconception, Question, Text
from gradtutor.grading.answer import judge_answer, read_answer

EXPR = Question(Text("x.requires_grad?"), expr="x.requires_grad")
TENSOR = Question(Text("y?"), expr="y")
PRINT = Question(Text("line 3 prints?"), print_line=3)
ERROR = Question(Text("which error?"), error=True)
TRUE = {"kind": "bool", "value": True}
FALSE = {"kind": "bool", "value": False}
Y = {"kind": "tensor", "dtype": "float32", "shape": [2], "values": [5.0, 5.0],
     "requires_grad": False, "is_leaf": True, "grad_fn": None, "grad_is_none": True,
     "retains_grad": False, "is_parameter": False, "truncated": False}
RUNTIME = {"kind": "type", "name": "RuntimeError"}


@pytest.mark.parametrize("text", ["True", "true", "TRUE", "True.", "`True`", "Ｔｒｕｅ",
                                  "True。", " true "])
def test_constants_in_any_case_and_form(text: str) -> None:
    assert judge_answer(EXPR, text, truth=TRUE).status == "right"
    assert judge_answer(EXPR, text, truth=FALSE).status == "wrong"


@pytest.mark.parametrize("text", ["False", "false.", "FALSE", "False。", "Ｆａｌｓｅ"])
def test_printed_line_constants(text: str) -> None:
    assert judge_answer(PRINT, text, truth="False").status == "right"
    assert judge_answer(PRINT, text, truth="True").status == "wrong"


@pytest.mark.parametrize("text", ["[5, 5]", "[5，5]", "［５，５］", "tensor([5., 5.])",
                                  "tensor([5., 5.]).", "[5.0, 5.0]"])
def test_a_list_for_a_tensors_values_everywhere(text: str) -> None:
    assert judge_answer(TENSOR, text, truth=Y).status == "right"
    assert judge_answer(PRINT, text, truth="tensor([5., 5.])").status == "right"


def test_printed_tensor_states_its_flags() -> None:
    # torch prints requires_grad=True when it is: a guess that claims it is wrong otherwise.
    assert judge_answer(PRINT, "tensor([5., 5.], requires_grad=True)",
                        truth="tensor([5., 5.])").status == "wrong"
    assert judge_answer(PRINT, "[5, 6]", truth="tensor([5., 5.])").status == "wrong"
    assert judge_answer(PRINT, "tensor([5., 5.], dtype=torch.float64)",
                        truth="tensor([5., 5.])").status == "wrong"


@pytest.mark.parametrize("text", [
    "RuntimeError", "runtimeerror", "RuntimeError.", "RuntimeError: boom",
    "RuntimeError: element 0 of tensors does not require grad and does not have a grad_fn",
    "RuntimeError：…", "torch.RuntimeError", "ＲｕｎｔｉｍｅＥｒｒｏｒ",
])
def test_error_questions_compare_the_type_only(text: str) -> None:
    assert judge_answer(ERROR, text, truth=RUNTIME).status == "right", text
    assert judge_answer(ERROR, text, truth={"kind": "type", "name": "TypeError"}).status \
        == "wrong"


@pytest.mark.parametrize("text", ["None", "no error", "none.", "没有错误"])
def test_no_error(text: str) -> None:
    assert judge_answer(ERROR, text, truth={"kind": "none"}).status == "right"
    assert judge_answer(ERROR, text, truth=RUNTIME).status == "wrong"


def test_misspelt_exception_is_unreadable_with_did_you_mean() -> None:
    out = judge_answer(ERROR, "RuntimError", truth=RUNTIME)
    assert out.status == "unreadable" and not out.counts_as_try
    assert "did you mean RuntimeError?" in str(out.differences[0])


@pytest.mark.parametrize("text", ["yes", "No", "是", "否", "yes."])
def test_yes_no_asks_for_true_or_false(text: str) -> None:
    out = judge_answer(EXPR, text, truth=TRUE)
    assert out.status == "unreadable" and "answer True or False" in str(out.differences[0])
    assert judge_answer(PRINT, text, truth="True").status == "unreadable"


def test_unreadable_missing_and_blank() -> None:
    assert read_answer(TENSOR, "[1, )").unreadable
    assert judge_answer(TENSOR, "[1, )", truth=Y).status == "unreadable"
    assert judge_answer(TENSOR, None, truth=Y).status == "missing"
    assert judge_answer(TENSOR, "  ", truth=Y).status == "missing"
    assert judge_answer(PRINT, "", truth="").status == "right"  # the line prints nothing


def test_misconception_is_matched_on_the_one_reading() -> None:
    m = Misconception("FALSE", Text({"en": "it is a leaf", "zh": "它是叶子"}), 0)
    q = Question(Text("?"), expr="x.requires_grad", misconceptions=(m,))
    out = judge_answer(q, "false。", truth=TRUE)
    assert out.status == "wrong" and out.misconception is m


def test_reading_reused_parses_once() -> None:
    reading = read_answer(TENSOR, "[5, 5]")
    assert judge_answer(TENSOR, reading, truth=Y).reading is reading


def test_whole_answer_problems_have_no_column() -> None:
    from gradtutor.text import say

    said = say(judge_answer(EXPR, "yes", truth=TRUE).differences[0], "en")
    assert said == "could not read your answer: answer True or False"
    said = say(judge_answer(ERROR, "RuntimError", truth=RUNTIME).differences[0], "zh")
    assert said == "无法读取你的答案：未知的异常 'RuntimError'；你是想写 RuntimeError 吗？"
