"""localise(): the grader's English sentences about what differs, in Chinese.

Every sentence shape of compare.py, predict.py (conceal and the error questions), printed.py,
code.py and parse.py is produced for real here, then translated: nothing English may be left
but the values, names and code quoted in it.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from gradtutor.compare import PredictionError, compare, localise, parse_prediction, wording
from gradtutor.compare.values import tensor_from_literal
from gradtutor.course.loader import load_course
from gradtutor.course.model import Course
from gradtutor.grading.code import code_verdict, missing_reference, run_failure
from gradtutor.grading.predict import conceal, judge, predict_verdict
from gradtutor.grading.printed import describe_printed_difference
from gradtutor.sandbox import RunResult

MINI = Path(__file__).parents[1] / "fixtures" / "mini" / "exercises"

# Code, names and values that stay as they are inside a Chinese sentence.
_CODE_WORDS = {
    "None", "True", "False", "requires_grad", "grad_fn", "is_leaf", "grad", "dtype", "torch",
    "tensor", "Python", "Parameter", "containing", "size", "device", "sum", "key", "value",
    "OrderedDict", "Size", "Linear", "Conv2d", "in_features", "nan", "int64", "mini", "code",
    "predict", "j", "e", "slow",
}
# Python's own exception messages, quoted as they are.
_QUOTED = ("name 'price' is not defined", "unexpected indent", "invalid syntax", "boom",
           "expected: malformed tensor value", "compared: malformed float value: not a number",
           "only Tensors of floating point dtype can requ")


def english_left(text: str) -> list[str]:
    for quoted in _QUOTED:
        text = text.replace(quoted, "")
    text = re.sub(r"'[^']*'|<[^>]*>|torch\.\w+|\w+(Error|Backward\d*|Exception)\b", "", text)
    return [w for w in re.findall(r"[A-Za-z_]\w*", text) if w not in _CODE_WORDS]


def assert_chinese(english: str) -> str:
    zh = localise(english, "zh")
    assert zh != english, english
    assert re.search(r"[\u4e00-\u9fff]", zh), zh
    assert not english_left(zh), (english, zh, english_left(zh))
    return zh


def P(text: str) -> dict[str, Any]:
    return parse_prediction(text)


def tensor(data: Any, **flags: Any) -> dict[str, Any]:
    """An observed tensor, as the sandbox reports it."""
    value = tensor_from_literal(data, flags.pop("dtype", None), written=[])
    value.pop("written", None)
    return {**value, **flags}


@pytest.fixture(scope="module")
def course() -> Course:
    loaded = load_course(MINI)
    assert loaded.course is not None, loaded.problems
    return loaded.course


# ----------------------------------------------------------------------------- compare.py

OBSERVED = [  # (expected, actual): observation mode, as code checks compare
    (tensor([8.0, 12.0, 3.0]), tensor([8.0, 8.0, 4.0])),
    (tensor([1.0, 2.0]), tensor([[1.0], [2.0]])),
    (tensor(3.0), tensor(4.0)),
    (tensor([1.0]), tensor([1.0], dtype="float64")),
    (tensor([1.0], requires_grad=True), tensor([1.0])),
    (tensor([1.0], requires_grad=True, grad_fn="MulBackward0", is_leaf=False),
     tensor([1.0], requires_grad=True)),
    (tensor([1.0], is_leaf=False), tensor([1.0])),
    (tensor([1.0], grad_is_none=False), tensor([1.0])),
    (tensor([1.0]), tensor([1.0], grad_is_none=False)),
    ({**tensor([1.0]), "truncated": True}, {**tensor([1.0]), "truncated": True}),
    ({"kind": "none"}, tensor([1.0])),
    (tensor([1.0]), {"kind": "error", "type": "NameError",
                     "message": "name 'price' is not defined"}),
    ({"kind": "error", "type": "RuntimeError", "message": "boom"}, P("3")),
    ({"kind": "error", "type": "RuntimeError", "message": "boom"},
     {"kind": "error", "type": "IndexError", "message": "boom"}),
    (P("[True, False]"), P("[True, True]")),
    (P("[1, 2, 3]"), P("[1, 2, 5, 6]")),
    (P("[1, 2, 3]"), P("[1]")),
    (P("[1, 2]"), P("[2, 1]")),
    (P("(1, 2)"), P("[1, 2]")),
    (P("[1, 2, 3, 4, 5, 6, 7]"), P("[2, 3, 4, 5, 6, 7, 8]")),
    (P("{'a': 1, 'c': 2}"), P("{'b': 1, 'd': 2}")),
    (P("{'a': 1}"), P("{'b': 1}")),
    (P("3"), P("4")), (P("2.5"), P("3.5")), (P("1+2j"), P("1+3j")), (P("True"), P("False")),
    (P("'abc'"), P("'abd'")), (P("torch.float32"), P("torch.float64")),
    (P("<AddBackward0>"), P("<MulBackward0>")), (P("RuntimeError"), P("ValueError")),
    (P("Linear(in_features=2)"), P("Linear(in_features=3)")),
    ({"kind": "other", "type": "Linear", "repr": "Linear()"},
     {"kind": "other", "type": "Conv2d", "repr": "Conv2d()"}),
    (P("3"), P("tensor([3.])")),
    ({"kind": "tensor"}, P("3")),
    (P("3"), {"kind": "float", "value": "x"}),
]
PREDICTED = [  # (truth, learner's parsed prediction): prediction mode, as predict compares
    (tensor([1.0, 2.0], requires_grad=True, grad_fn="MulBackward0", is_leaf=False),
     P("tensor([1., 2.], requires_grad=True)")),
    (tensor([2.0, 2.0]), P("tensor([2, 2])")),
    (tensor([2, 2]), P("tensor([2.5, 2.])")),
    (tensor([1.0]), P("Parameter containing:\ntensor([1.], requires_grad=True)")),
    (P("(1, 2)"), P("[1, 3]")),
    (tensor([1.0, 2.0]), P("RuntimeError: only Tensors of floating point dtype can require "
                            "gradients")),
    (P("[1, 2, 3]"), P("[1, 2, 5, 6]")),
]


def observed_sentences() -> list[str]:
    out = []
    for expected, actual in OBSERVED:
        result = compare(expected, actual)
        assert not result.ok, (expected, actual)
        out += result.differences
    return out


def predicted_sentences() -> list[str]:
    out = []
    for truth, guess in PREDICTED:
        result = compare(truth, guess, prediction=True)
        assert result.differences or result.notes, (truth, guess)
        out += result.differences + result.notes
    return out


@pytest.mark.parametrize("sentence", observed_sentences() + predicted_sentences())
def test_differences_read_as_chinese(sentence: str) -> None:
    assert_chinese(sentence)


@pytest.mark.parametrize("sentence", observed_sentences() + predicted_sentences())
def test_concealed_differences_read_as_chinese(sentence: str) -> None:
    assert_chinese(conceal(sentence))


def test_examples_read_naturally() -> None:
    assert localise("expected None, got a tensor", "zh") == "应为 None,实际是张量"
    assert localise("requires_grad differs: not True", "zh") == "requires_grad 不对:不是 True"
    assert localise("the values differ at index [1]: expected 12.0, got 8.0", "zh") == (
        "索引 [1] 处的值不同:应为 12.0,实际是 8.0")
    assert localise("shape differs: expected (2,), got (2, 1)", "zh") == (
        "形状不同:应为 (2,),实际是 (2, 1)")
    assert localise("at [0]: expected True, got False", "zh") == (
        "在 [0] 处:应为 True,实际是 False")
    assert localise("your answer is wrong: the value is not a tensor", "zh") == (
        "你的答案不对:值不是张量")
    zh = localise("expected a tensor, but evaluating it raised NameError: name 'price' is not "
                  "defined", "zh")
    assert zh == "应为张量,但求值时抛出了 NameError: name 'price' is not defined"
    assert localise("expected a Parameter, got a plain tensor", "zh") == (
        "应为 Parameter,实际是普通张量")
    assert localise("…and 3 more", "zh") == "……另有 3 处不同"


def test_values_and_code_are_kept() -> None:
    zh = localise("the values differ at index [0, 1]: expected 1e-05, got nan "
                  "(3 of 4 values differ)", "zh")
    assert "[0, 1]" in zh and "1e-05" in zh and "nan" in zh and "4" in zh and "3" in zh
    zh = localise("at ['a'][2]: dtype differs: expected torch.float32, got torch.int64", "zh")
    assert "['a'][2]" in zh and "torch.float32" in zh and "torch.int64" in zh


# ----------------------------------------------------------------------------- predict.py

def test_predict_feedback_reads_as_chinese(course: Course) -> None:
    ex = course.get("mini-predict")
    value_q, printed_q, error_q = ex.questions
    grad = tensor([3.0, 3.0])
    sentences = []
    for question, truth, answer in [
        (value_q, grad, "tensor([1., "),
        (value_q, grad, "None"),
        (value_q, grad, "tensor([3., 3.], requires_grad=True)"),
        (value_q, {"kind": "error", "type": "RuntimeError", "message": "boom"}, "3"),
        (value_q, P("[False, True]"), "[True, False]"),
        (value_q, P("{'a': 1, 'b': 2}"), "{'c': 1}"),
        (value_q, P("[1, 2, 3]"), "[1, 2, 5, 6]"),
        (error_q, {"kind": "type", "name": "RuntimeError"}, "3"),
        (error_q, {"kind": "none"}, "RuntimeError"),
        (error_q, {"kind": "type", "name": "RuntimeError"}, "None"),
        (error_q, {"kind": "type", "name": "RuntimeError"}, "TypeError"),
        (printed_q, "True", "False"),
        (printed_q, "tensor([1., 2.])", "tensor([1.,"),
        (printed_q, "True", "True False"),
    ]:
        ok, diffs = judge(question, truth, answer)
        assert not ok and diffs, (truth, answer)
        sentences += diffs
    for sentence in sentences:
        assert_chinese(sentence)
    assert "TypeError" in localise(sentences[-4], "zh")


def test_predict_reasons_read_as_chinese(course: Course) -> None:
    ex = course.get("mini-predict")
    result = RunResult("exception", prints=[{"line": 6, "text": "True\n"}],
                       exception={"type": "RuntimeError", "message": "boom", "line": 7},
                       values={"x.grad": {"kind": "none"}})
    verdict = predict_verdict(ex, ["tensor([1.])"], result)
    assert verdict.status == "fail"
    assert_chinese(verdict.reason)
    assert [assert_chinese(d) for o in verdict.outcomes[1:] for d in o.differences]
    too_many = predict_verdict(ex, ["1"] * 4, result)
    assert_chinese(too_many.reason)
    broken = predict_verdict(ex, ["None"], RunResult("timeout", reason="slow"))
    assert "slow" in assert_chinese(broken.reason)


def test_printed_differences_revealed_read_as_chinese() -> None:
    for expected, guess in [("True", "False"), ("a b", "a"), ("a", "a b")]:
        assert_chinese(describe_printed_difference(expected, guess, reveal=True))


# ----------------------------------------------------------------------------- code.py

def test_code_reasons_read_as_chinese(course: Course) -> None:
    ex = course.get("mini-code")
    for kind in ("SyntaxError", "IndentationError"):
        why = run_failure(RunResult("exception", exception={
            "type": kind, "line": 2, "message": "unexpected indent"}))
        assert why is not None
        zh = assert_chinese(why)
        assert "第 2 行" in zh and kind in zh
    assert run_failure(RunResult("exception", exception={
        "type": "IndentationError", "message": "unexpected indent"})) == (
        "your code has an IndentationError: unexpected indent")
    assert_chinese(missing_reference(ex).reason)

    good = {"w.grad": tensor([2.0, 2.0, 2.0]), "w.is_leaf": P("True")}
    ref = RunResult("ok", values=good)
    mine = RunResult("exception", values={"w.grad": {"kind": "none"}, "w.is_leaf": P("True")},
                     exception={"type": "NameError", "line": 4,
                                "message": "name 'price' is not defined"})
    verdict = code_verdict(ex, [mine, mine], [ref, ref])
    assert verdict.reason.startswith("2 of 2 checks failed; your code raised NameError")
    zh = assert_chinese(verdict.reason)
    assert "第 4 行" in zh and "name 'price' is not defined" in zh
    no_line = RunResult("exception", values=mine.values,
                        exception={"type": "NameError", "message": "boom"})
    assert_chinese(code_verdict(ex, [no_line, no_line], [ref, ref]).reason)
    assert_chinese(code_verdict(ex, [ref, ref], [ref, RunResult("timeout", reason="slow")]).reason)
    bad_ref = RunResult("ok", values={**good, "w.is_leaf": {
        "kind": "error", "type": "RuntimeError", "message": "boom"}})
    assert_chinese(code_verdict(ex, [ref, ref], [bad_ref, bad_ref]).reason)
    wrong = RunResult("ok", values={**good, "w.grad": tensor([1.0, 2.0, 2.0])})
    two = code_verdict(ex, [wrong, wrong], [ref, ref])
    assert_chinese(two.reason)
    assert [assert_chinese(d) for o in two.outcomes for d in o.differences]


# ----------------------------------------------------------------------------- parse.py

UNREADABLE = [
    "tensor([1.], dtype torch.float32)", "tensor([1.], dtype=torch.float32", "[1, 2", "[",
    "[1, )", "torch.(", "Parameter containing: 3", "Parameter containing 3", "tensor [1.]",
    "tensor([], size=3)", "torch.Size([1.5])", "torch.Size([1]", "OrderedDict(3)",
    "OrderedDict([(1, 2)]", "1+2", "tensor([a])", "tensor([1.], 3)", "tensor([1.], foo=1)",
    "tensor([1.], dtype=torch.float32, dtype=torch.float32)", "tensor([1.], dtype=3)",
    "tensor([1.], dtype=torch.foo)", "tensor([1.], requires_grad=3)",
    "tensor([1.], grad_fn=3)", "<AddBackward0", "$", "'abc", "1" * 1_000_001, "", "1 2",
    "[" * 70, "tensor([1., ..., 3.])", "tensr([1.])", "Linear(in_features=2", "Linear(a]",
    "<foo bar baz>", "tensor([[1., 2.], [3.]])", "tensor([[1., 2.], 3.])", "tensor()",
    "tensor([], size=(2,))", "tensor([1., 2.], size=(3,))",
    "tensor([nan], dtype=torch.int64)", "x\n[1, )", "{1 2}", "(1, 2", "torch.Size(1",
]


def parse_errors() -> list[PredictionError]:
    errors = []
    for text in UNREADABLE:
        with pytest.raises(PredictionError) as exc:
            parse_prediction(text)
        errors.append(exc.value)
    # Messages of tensor_from_literal, which parse.py passes on as its own.
    for data in ([[1.0], [2.0, 3.0]], ["a"]):
        with pytest.raises(ValueError) as raised:
            tensor_from_literal(data, written=[])
        errors.append(PredictionError(str(raised.value), 3))
    errors.append(PredictionError("tensor values do not match its shape", 3))
    errors.append(PredictionError("unexpected end of the answer after the answer", 3))
    return errors


@pytest.mark.parametrize("error", parse_errors(), ids=lambda e: e.message[:40])
def test_parse_errors_read_as_chinese(error: PredictionError) -> None:
    zh = assert_chinese(str(error))
    assert f"{error.column} 列" in zh
    assert_chinese(f"could not read your answer: {error}")


def test_parse_error_on_a_later_line() -> None:
    with pytest.raises(PredictionError) as exc:
        parse_prediction("x\n[1, )")
    assert localise(str(exc.value), "zh").endswith("(第 2 行第 1 列)")


# ----------------------------------------------------------------------------- coverage

def _rule_of(text: str) -> int | None:
    for i, (pattern, handler) in enumerate(wording._RULES):
        m = pattern.fullmatch(text)
        if m is not None and handler(m) is not None:
            return i
    return None


def _parse_rule_of(error: PredictionError) -> int | None:
    found = wording._FOUND.fullmatch(error.message)
    head = found.group(1) if found else error.message
    return next((i for i, (p, _) in enumerate(wording._PARSE) if p.fullmatch(head)), None)


def test_every_rule_is_exercised(course: Course) -> None:
    """A new sentence shape in wording.py needs a real sentence in these tests."""
    sentences = observed_sentences() + predicted_sentences()
    sentences += [conceal(s) for s in sentences]
    sentences += [str(e) for e in parse_errors()]
    sentences += [describe_printed_difference(e, g, reveal=r)
                  for e, g in [("True", "False"), ("a b", "a"), ("a", "a b")]
                  for r in (True, False)]
    ex, code = course.get("mini-predict"), course.get("mini-code")
    error_q = ex.questions[2]
    sentences += [d for truth, answer in [
        ({"kind": "type", "name": "RuntimeError"}, "3"), ({"kind": "none"}, "RuntimeError"),
        ({"kind": "type", "name": "RuntimeError"}, "None"),
        ({"kind": "type", "name": "RuntimeError"}, "TypeError"),
    ] for d in judge(error_q, truth, answer)[1]]
    result = RunResult("ok", prints=[{"line": 6, "text": "True\n"}],
                       values={"x.grad": {"kind": "none"}})
    sentences += [predict_verdict(ex, ["1"], result).reason, "no answer given",
                  predict_verdict(ex, ["1", "1", "1"], result).reason,
                  predict_verdict(ex, [], result).reason,
                  f"could not read your answer: {parse_errors()[0]}",
                  predict_verdict(ex, ["1"] * 4, result).reason,
                  predict_verdict(ex, ["1"], RunResult("timeout", reason="slow")).reason,
                  missing_reference(code).reason,
                  "could not compare the values (KeyError)"]
    ok = RunResult("ok", values={"w.grad": tensor([2.0, 2.0, 2.0]), "w.is_leaf": P("True")})
    raised = RunResult("exception", values={"w.grad": {"kind": "none"}},
                       exception={"type": "NameError", "line": 1, "message": "boom"})
    bad = RunResult("ok", values={**ok.values, "w.is_leaf": {
        "kind": "error", "type": "RuntimeError", "message": "boom"}})
    sentences += [code_verdict(code, mine, refs).reason for mine, refs in [
        ([raised] * 2, [ok] * 2), ([ok] * 2, [bad] * 2),
        ([ok] * 2, [RunResult("timeout", reason="slow")] * 2),
    ]]
    finished = RunResult("exception", values=ok.values,
                         exception={"type": "NameError", "line": 1, "message": "boom"})
    sentences += code_verdict(code, [finished] * 2, [ok] * 2).outcomes[0].differences

    for e_text, a_text in [("tensor(3.)", "tensor([3.])"), ("2", "2.0"),
                           ("tensor([1.], grad_fn=<MulBackward0>)", "tensor([1.])"),
                           ("tensor([1.])", "tensor([1.], dtype=torch.float64)"),
                           ("tensor([1.], requires_grad=True)", "tensor([1.])")]:
        sentences += compare(parse_prediction(e_text), parse_prediction(a_text)).hints
    sentences.append(run_failure(RunResult("exception", exception={
        "type": "SyntaxError", "line": 1, "message": "invalid syntax"})) or "")
    hit = {_rule_of(s) for s in sentences}
    missing = [wording._RULES[i][0].pattern for i in range(len(wording._RULES)) if i not in hit]
    assert not missing, missing
    parse_hit = {_parse_rule_of(e) for e in parse_errors()}
    missing = [wording._PARSE[i][0].pattern for i in range(len(wording._PARSE))
               if i not in parse_hit]
    assert not missing, missing


# ----------------------------------------------------------------------------- unchanged

@pytest.mark.parametrize("sentence", [
    *observed_sentences()[:8], "the snippet raises no error",
    "your code has an IndentationError on line 2: x",
    "expected ',' or ']', found ')' at column 15"])
def test_english_is_unchanged(sentence: str) -> None:
    assert localise(sentence, "en") is sentence


@pytest.mark.parametrize("text", [
    "", "something the grader never says", "the worker crashed (signal 9)",
    "cannot convert float infinity to integer at column 8", "tensor([2., 2.])",
    "at column 3 the answer goes wrong",
])
def test_unknown_text_is_unchanged(text: str) -> None:
    assert localise(text, "zh") == text
