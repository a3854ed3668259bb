"""parse_prediction: every accepted form, whitespace variants, and learner-friendly errors."""

from __future__ import annotations

import math
from typing import Any

import pytest

import gradtutor.text  # noqa: F401  (str() of a fact is English once the catalogue is loaded)
from gradtutor.compare import PredictionError, parse_prediction


def _tensor(values: Any, shape: list[int], dtype: str = "float32", **extra: Any) -> dict:
    return {"kind": "tensor", "values": values, "shape": shape, "dtype": dtype, **extra}


def _subset(actual: Any, expected: Any) -> bool:
    """Every key of `expected` is in `actual` with an equal value (recursively)."""
    if isinstance(expected, dict):
        return isinstance(actual, dict) and all(
            k in actual and _subset(actual[k], v) for k, v in expected.items()
        )
    if isinstance(expected, list):
        return (isinstance(actual, list) and len(actual) == len(expected)
                and all(_subset(a, e) for a, e in zip(actual, expected, strict=True)))
    if isinstance(expected, float) and math.isnan(expected):
        return isinstance(actual, float) and math.isnan(actual)
    return actual == expected and type(actual) is type(expected)


ACCEPTED = [
    ("tensor([2., 2.])", _tensor([2.0, 2.0], [2], written=[])),
    ("[2, 2]", {"kind": "list", "tuple": False,
                "items": [{"kind": "int", "value": 2}, {"kind": "int", "value": 2}]}),
    ("2.0", {"kind": "float", "value": 2.0}),
    ("2.", {"kind": "float", "value": 2.0}),
    (".5", {"kind": "float", "value": 0.5}),
    ("2", {"kind": "int", "value": 2}),
    ("-3", {"kind": "int", "value": -3}),
    ("+3", {"kind": "int", "value": 3}),
    ("-1e-3", {"kind": "float", "value": -0.001}),
    ("1E5", {"kind": "float", "value": 100000.0}),
    ("nan", {"kind": "float", "value": "nan"}),
    ("-inf", {"kind": "float", "value": "-inf"}),
    ("1+2j", {"kind": "complex", "real": 1.0, "imag": 2.0}),
    ("(1-2.5j)", {"kind": "complex", "real": 1.0, "imag": -2.5}),
    ("3j", {"kind": "complex", "real": 0.0, "imag": 3.0}),
    ("None", {"kind": "none"}),
    ("none", {"kind": "none"}),
    ("True", {"kind": "bool", "value": True}),
    ("False", {"kind": "bool", "value": False}),
    ("true", {"kind": "bool", "value": True}),
    ("false", {"kind": "bool", "value": False}),
    ("RuntimeError", {"kind": "type", "name": "RuntimeError"}),
    ("torch.OutOfMemoryError", {"kind": "type", "name": "torch.OutOfMemoryError"}),
    ("<class 'float'>", {"kind": "type", "name": "float"}),
    ("float", {"kind": "type", "name": "float"}),
    ("RuntimeError: element 0 of tensors does not require grad",
     {"kind": "error", "type": "RuntimeError",
      "message": "element 0 of tensors does not require grad"}),
    ("tensor([ 8., 12.], grad_fn=<AddBackward0>)",
     _tensor([8.0, 12.0], [2], grad_fn="AddBackward0", requires_grad=True, is_leaf=False,
             written=["grad_fn"])),
    ("tensor([1., 2.], requires_grad=True)",
     _tensor([1.0, 2.0], [2], requires_grad=True, grad_fn=None, is_leaf=True,
             written=["requires_grad"])),
    ("tensor(3.)", _tensor(3.0, [])),
    ("tensor(-3)", _tensor(-3, [], "int64")),
    ("tensor(True)", _tensor(True, [], "bool")),
    ("tensor([[1., 2.], [3., 4.]])", _tensor([[1.0, 2.0], [3.0, 4.0]], [2, 2])),
    ("tensor([[1., 2.],\n        [3., 4.]])", _tensor([[1.0, 2.0], [3.0, 4.0]], [2, 2])),
    ("tensor([1, 2])", _tensor([1, 2], [2], "int64", written=[])),
    ("tensor([1, 2.5])", _tensor([1.0, 2.5], [2])),
    ("tensor([1., 2.], dtype=torch.float64)",
     _tensor([1.0, 2.0], [2], "float64", written=["dtype"])),
    ("tensor([1, 2], dtype=torch.float32)",
     _tensor([1.0, 2.0], [2], "float32", written=["dtype"])),
    ("tensor([1., 2.], dtype=torch.double)", _tensor([1.0, 2.0], [2], "float64")),
    ("tensor([0, 1], dtype=torch.bool)", _tensor([False, True], [2], "bool")),
    ("tensor([True, False])", _tensor([True, False], [2], "bool")),
    ("tensor([nan, inf, -inf])", _tensor(["nan", "inf", "-inf"], [3])),
    ("tensor([1.+2.0000j, 3.-1.5000j])",
     _tensor([[1.0, 2.0], [3.0, -1.5]], [2], "complex64")),
    ("Parameter containing:\ntensor([1., 2.], requires_grad=True)",
     _tensor([1.0, 2.0], [2], is_parameter=True, requires_grad=True,
             written=["is_parameter", "requires_grad"])),
    ("Parameter containing: tensor([1., 2.])",
     _tensor([1.0, 2.0], [2], is_parameter=True, requires_grad=False,
             written=["is_parameter"])),
    ("<AddBackward0 object at 0x7f...>", {"kind": "grad_fn", "name": "AddBackward0"}),
    ("<AddBackward0 object at 0x7f3a2c1b9d30>", {"kind": "grad_fn", "name": "AddBackward0"}),
    ("<MulBackward0>", {"kind": "grad_fn", "name": "MulBackward0"}),
    ("AddBackward0", {"kind": "grad_fn", "name": "AddBackward0"}),
    ("AccumulateGrad", {"kind": "grad_fn", "name": "AccumulateGrad"}),
    ("torch.float32", {"kind": "dtype", "value": "torch.float32"}),
    ("torch.long", {"kind": "dtype", "value": "torch.int64"}),
    ("torch.bool", {"kind": "dtype", "value": "torch.bool"}),
    ("float64", {"kind": "dtype", "value": "torch.float64"}),
    ("'abc'", {"kind": "str", "value": "abc"}),
    ('"a\'b"', {"kind": "str", "value": "a'b"}),
    (r"'tab\there \x41\u00e9'", {"kind": "str", "value": "tab\there A\u00e9"}),
    ("''", {"kind": "str", "value": ""}),
    ("(tensor([2., 4.]), None)",
     {"kind": "list", "tuple": True,
      "items": [_tensor([2.0, 4.0], [2]), {"kind": "none"}]}),
    ("(1,)", {"kind": "list", "tuple": True, "items": [{"kind": "int", "value": 1}]}),
    ("()", {"kind": "list", "tuple": True, "items": []}),
    ("(2)", {"kind": "int", "value": 2}),
    ("2, 3", {"kind": "list", "tuple": True,
              "items": [{"kind": "int", "value": 2}, {"kind": "int", "value": 3}]}),
    ("[]", {"kind": "list", "tuple": False, "items": []}),
    ("[[1], [2, 3]]", {"kind": "list", "items": [
        {"kind": "list", "items": [{"kind": "int", "value": 1}]},
        {"kind": "list", "items": [{"kind": "int", "value": 2}, {"kind": "int", "value": 3}]},
    ]}),
    ("['2.weight', '2.bias']",
     {"kind": "list", "items": [{"kind": "str", "value": "2.weight"},
                                {"kind": "str", "value": "2.bias"}]}),
    ("tensor([], size=(0, 3))", _tensor([], [0, 3], written=["size"])),
    ("tensor([], size=(0, 3), dtype=torch.int64)", _tensor([], [0, 3], "int64")),
    ("tensor([])", _tensor([], [0])),
    ("tensor([1., 2.], size=(2,))", _tensor([1.0, 2.0], [2])),
    ("tensor(3., size=())", _tensor(3.0, [])),
    ("tensor([[], []])", _tensor([[], []], [2, 0])),
    ("tensor([], size=(2, 0))", _tensor([[], []], [2, 0])),
    ("tensor([1., 2.], device='cpu')", _tensor([1.0, 2.0], [2], written=[])),
    ("torch.tensor([1., 2.])", _tensor([1.0, 2.0], [2])),
    ("torch.Size([2, 3])", {"kind": "list", "tuple": True,
                            "items": [{"kind": "int", "value": 2}, {"kind": "int", "value": 3}]}),
    ("torch.Size([])", {"kind": "list", "tuple": True, "items": []}),
    ("{'a': 1}", {"kind": "dict", "items": [[{"kind": "str", "value": "a"},
                                              {"kind": "int", "value": 1}]]}),
    ("{}", {"kind": "dict", "items": []}),
    ("OrderedDict([('w', tensor([1.]))])",
     {"kind": "dict", "items": [[{"kind": "str", "value": "w"}, _tensor([1.0], [1])]]}),
    ("OrderedDict({'w': 2})", {"kind": "dict", "items": [[{"kind": "str", "value": "w"},
                                                          {"kind": "int", "value": 2}]]}),
    ("OrderedDict()", {"kind": "dict", "items": []}),
    ("Linear(in_features=2, out_features=3, bias=True)",
     {"kind": "other", "type": "Linear",
      "repr": "Linear(in_features=2, out_features=3, bias=True)"}),
    ("`None`", {"kind": "none"}),
    ("None.", {"kind": "none"}),
    ("RuntimeError.", {"kind": "type", "name": "RuntimeError"}),
]


@pytest.mark.parametrize(("text", "expected"), ACCEPTED, ids=[t for t, _ in ACCEPTED])
def test_accepted_forms(text: str, expected: dict) -> None:
    value = parse_prediction(text)
    assert _subset(value, expected), value


SAME_AS_TENSOR_2_2 = [
    "tensor([2., 2.])",
    "tensor([2.0, 2.0])",
    "tensor([2.0000, 2.0000])",
    "tensor( [ 2. ,2. ] )",
    "tensor([2., 2.],)",
    "tensor([2., 2.,])",
    "  \ttensor([2.,\n 2.])\n\n",
    "tensor([2e0, 20e-1])",
    "tensor([2., 2.]).",
    "`tensor([2., 2.])`",
]


@pytest.mark.parametrize("text", SAME_AS_TENSOR_2_2)
def test_whitespace_and_spelling_do_not_matter(text: str) -> None:
    assert parse_prediction(text) == parse_prediction("tensor([2., 2.])")


def test_prediction_tensor_is_a_complete_wire_value() -> None:
    """Unwritten attributes hold what torch's repr implies, so every consumer can read it."""
    v = parse_prediction("tensor([1., 2.])")
    assert v == {
        "kind": "tensor", "dtype": "float32", "shape": [2], "values": [1.0, 2.0],
        "requires_grad": False, "is_leaf": True, "grad_fn": None, "grad_is_none": True,
        "retains_grad": False, "is_parameter": False, "truncated": False, "written": [],
    }


@pytest.mark.parametrize(("text", "written"), [
    ("tensor([1.])", []),
    ("tensor([1.], requires_grad=True)", ["requires_grad"]),
    ("tensor([1.], requires_grad=False)", ["requires_grad"]),
    ("tensor([1.], grad_fn=<MulBackward0>)", ["grad_fn"]),
    ("tensor([1.], grad_fn=None)", ["grad_fn"]),
    ("tensor([1.], dtype=torch.float64, requires_grad=True)", ["dtype", "requires_grad"]),
    ("tensor([], size=(0, 2))", ["size"]),
    ("Parameter containing:\ntensor([1.], requires_grad=True)",
     ["is_parameter", "requires_grad"]),
    ("tensor([1.], device='cuda:0')", []),
])
def test_written_flags_are_recorded(text: str, written: list[str]) -> None:
    assert parse_prediction(text)["written"] == written


def test_grad_fn_keyword_forms() -> None:
    for text in ("tensor([1.], grad_fn=<MulBackward0>)", "tensor([1.], grad_fn=MulBackward0)",
                 "tensor([1.], grad_fn=<MulBackward0 object at 0x7f00>)"):
        v = parse_prediction(text)
        assert v["grad_fn"] == "MulBackward0" and v["requires_grad"] and not v["is_leaf"]


def test_parsed_values_are_json_able() -> None:
    import json

    v = parse_prediction("(tensor([nan, inf]), nan, {'a': [1+2j]})")
    assert json.loads(json.dumps(v, allow_nan=False)) == v


def test_large_ints_stay_exact() -> None:
    assert parse_prediction("12345678901234567890")["value"] == 12345678901234567890


# ----------------------------------------------------------------------------- errors

REJECTED = [
    # text, message fragment, line, column
    ("", "the answer is empty", 1, 1),
    ("   ", "the answer is empty", 1, 4),
    ("tensor([1., 2.)", "expected ',' or ']', found ')'", 1, 15),
    ("[1, 2", "expected ',' or ']', found the end of the answer", 1, 6),
    ("[1 2]", "expected ',' or ']', found '2'", 1, 4),
    ("(1, 2", "expected ',' or ')'", 1, 6),
    ("{'a' 1}", "expected ':' between key and value", 1, 6),
    ("tensor([[1., 2.], [3.]])", "different length than the first one", 1, 19),
    ("tensor([[1., 2.], 3.])", "different length than the first one", 1, 19),
    ("tensor([1., 2.], foo=1)", "unknown setting 'foo'", 1, 18),
    ("tensor([1., 2.], dtype=torch.flot64)", "unknown dtype 'torch.flot64'", 1, 24),
    ("tensor([1.], requires_grad=maybe)", "expected True or False, found 'maybe'", 1, 28),
    ("tensor([1.], dtype=torch.float64, dtype=torch.float32)", "written twice", 1, 35),
    ("tensor([1.], 2)", "expected a setting like dtype=", 1, 14),
    ("tensor()", "tensor() needs its values", 1, 8),
    ("tensor", "expected '(' after tensor", 1, 7),
    ("tensor([a, b])", "expected a number, found 'a'", 1, 9),
    ("tensor(['a'])", "expected a number", 1, 9),
    ("tensor([1., ..., 3.])", "'...' stands for values torch left out", 1, 13),
    ("[1, …]", "'...' stands for values", 1, 5),
    ("tensor([], size=(2, 3))", "needs values", 1, 8),
    ("tensor([1, 2], size=(3,))", "does not match", 1, 8),
    ("tensor(3., size=(2,))", "does not match", 1, 8),
    ("tensor([nan], dtype=torch.int64)", "cannot hold nan", 1, 8),
    ("tesnor([1.])", "did you mean tensor(...)?", 1, 1),
    ("1 2", "unexpected '2' after the answer", 1, 3),
    ("None None", "unexpected 'None' after the answer", 1, 6),
    ("2 @ 3", "unexpected character '@'", 1, 3),
    ("'abc", "this string is never closed with '", 1, 1),
    ("'ab\ncd'", "never closed", 1, 1),
    ("<AddBackward0", "'<' is never closed by '>'", 1, 1),
    ("<>", "could not read <>", 1, 1),
    ("torch.[1]", "expected a name after '.', found '['", 1, 7),
    ("1 + 2", "expected an imaginary part", 1, 1),
    ("Parameter containing: [1., 2.]", "expected tensor(...) after 'Parameter containing:'",
     1, 23),
    ("Parameter containing:\ntensor([1., 2.)", "expected ',' or ']'", 2, 15),
    ("[\n  1,\n  2\n  3]", "expected ',' or ']', found '3'", 4, 3),
    ("Linear(in_features=2", "this '(' is never closed", 1, 7),
    ("Foo(a=[1)", "expected ']', found ')'", 1, 9),
    ("OrderedDict(5)", "expected a dict or a list of (key, value) pairs", 1, 13),
    ("torch.Size([2.5])", "expected a whole number", 1, 13),
    ("tensor([1.], size=3)", "expected a list of sizes for size", 1, 19),
    ("[" * 100, "nested too deeply", 1, 65),
    (")", "expected a value, found ')'", 1, 1),
    ("-", "expected a number, found the end of the answer", 1, 2),
]


@pytest.mark.parametrize(("text", "fragment", "line", "column"), REJECTED,
                         ids=[repr(t[0])[:40] for t in REJECTED])
def test_rejected_inputs_say_what_and_where(text: str, fragment: str, line: int,
                                            column: int) -> None:
    with pytest.raises(PredictionError) as info:
        parse_prediction(text)
    err = info.value
    assert fragment in str(err.message)
    assert (err.line, err.column) == (line, column), str(err)
    where = f"line {line}, column {column}" if line > 1 else f"column {column}"
    assert str(err) == f"{err.message} at {where}"


def test_error_message_reads_like_a_sentence() -> None:
    with pytest.raises(PredictionError) as info:
        parse_prediction("tensor([1., 2.)")
    assert str(info.value) == "expected ',' or ']', found ')' at column 15"


def test_caret_points_at_the_column() -> None:
    text = "Parameter containing:\ntensor([1., 2.)"
    with pytest.raises(PredictionError) as info:
        parse_prediction(text)
    assert info.value.caret(text) == "tensor([1., 2.)\n              ^"


def test_prediction_error_is_a_value_error() -> None:
    with pytest.raises(ValueError):
        parse_prediction("[")


def test_too_long_answers_are_refused() -> None:
    with pytest.raises(PredictionError, match="too long"):
        parse_prediction("[" + "1, " * 500_000 + "1]")


def test_never_evaluates_the_text() -> None:
    """Python code is not an answer: it is refused or kept as text, never run."""
    for text in ("__import__('os').system('true')", "exec('x=1')", "(lambda: 1)()"):
        try:
            v = parse_prediction(text)
        except PredictionError:
            continue
        assert v["kind"] == "other"
