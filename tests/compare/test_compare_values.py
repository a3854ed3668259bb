"""compare: both modes, every kind of difference and its sentence, tolerances, leniencies."""

from __future__ import annotations

from typing import Any

import pytest

from gradtutor.compare import (
    OBSERVATION_TOLERANCE,
    PREDICTION_TOLERANCE,
    Comparison,
    Tolerance,
    parse_prediction,
)
from gradtutor.compare import compare as compare_facts
from gradtutor.compare.compare import MAX_DIFFERENCES, close, number_text
from gradtutor.text import say


def compare(*args: Any, **kwargs: Any) -> Comparison:
    """compare(), its keyed facts said in English (the sentences these tests were written in)."""
    c = compare_facts(*args, **kwargs)
    return Comparison(c.ok, [say(d, "en") for d in c.differences],
                      [say(n, "en") for n in c.notes], [say(h, "en") for h in c.hints])


def truth(text: str, **overrides: Any) -> dict:
    """An observed value as the sandbox would send it: all attributes, no `written`."""
    v = parse_prediction(text)
    v.pop("written", None)
    v.update(overrides)
    return v


def predict(expected: dict, text: str, tolerance: Tolerance | None = None) -> Comparison:
    return compare(expected, parse_prediction(text), tolerance, prediction=True)


def observe(expected: str | dict, actual: str | dict,
            tolerance: Tolerance | None = None) -> Comparison:
    e = truth(expected) if isinstance(expected, str) else expected
    a = truth(actual) if isinstance(actual, str) else actual
    return compare(e, a, tolerance)


ERROR = {"kind": "error", "type": "RuntimeError",
         "message": "element 0 of tensors does not require grad"}

# ----------------------------------------------------------------------------- prediction mode

PREDICTION_OK = [
    # truth (as observed), prediction
    ("tensor([2., 2.])", "tensor([2., 2.])"),
    ("tensor([2., 2.])", "tensor([2.0000, 2.0000])"),
    ("tensor([2., 2.])", "[2, 2]"),
    ("tensor([2., 2.])", "[2., 2.]"),
    ("tensor(3.)", "3"),
    ("tensor(3.)", "3.0"),
    ("tensor(3.)", "tensor(3)"),
    ("tensor([[1., 2.], [3., 4.]])", "[[1, 2], [3, 4]]"),
    ("tensor([1, 2])", "[1, 2]"),
    ("tensor([1, 2])", "tensor([1, 2])"),
    ("tensor([True, False])", "[True, False]"),
    ("tensor([True, False])", "tensor([true, false])"),
    ("tensor([ 8., 12.], grad_fn=<AddBackward0>)", "tensor([ 8., 12.], grad_fn=<AddBackward0>)"),
    # flags the learner did not write are not checked
    ("tensor([ 8., 12.], grad_fn=<AddBackward0>)", "tensor([8., 12.])"),
    ("tensor([ 8., 12.], grad_fn=<AddBackward0>)", "[8, 12]"),
    ("tensor([1., 2.], requires_grad=True)", "tensor([1., 2.])"),
    ("tensor([1., 2.], dtype=torch.float64)", "tensor([1., 2.])"),
    ("Parameter containing:\ntensor([1., 2.], requires_grad=True)",
     "tensor([1., 2.], requires_grad=True)"),
    ("Parameter containing:\ntensor([1., 2.], requires_grad=True)",
     "Parameter containing:\ntensor([1., 2.], requires_grad=True)"),
    ("tensor([1., 2.], requires_grad=True)", "tensor([1., 2.], requires_grad=True)"),
    ("tensor([1., 2.], dtype=torch.float64)", "tensor([1., 2.], dtype=torch.float64)"),
    ("tensor([1., 2.], dtype=torch.float64)", "tensor([1, 2], dtype=torch.double)"),
    ("tensor([nan, inf, -inf])", "tensor([nan, inf, -inf])"),
    ("tensor([], size=(0, 3))", "tensor([], size=(0, 3))"),
    ("tensor([])", "[]"),
    ("tensor([0.3333, 0.6667])", "tensor([0.333, 0.667])"),
    ("tensor([1.+2.j])", "[1+2j]"),
    ("tensor([1.+0.j])", "[1]"),
    ("2.0", "2"),
    ("2.0", "2.0000"),
    ("0.30000001192092896", "0.3"),
    ("(1+2j)", "1+2j"),
    ("2", "2"),
    ("None", "None"),
    ("True", "true"),
    ("'cpu'", "'cpu'"),
    ("'cpu'", "cpu"),
    ("torch.float32", "torch.float32"),
    ("torch.float32", "torch.float"),
    ("torch.float32", "float32"),
    ("AddBackward0", "<AddBackward0 object at 0x7f...>"),
    ("AddBackward0", "AddBackward0"),
    ("RuntimeError", "RuntimeError"),
    ("torch.OutOfMemoryError", "OutOfMemoryError"),
    ("(tensor([2., 4.]), None)", "(tensor([2., 4.]), None)"),
    ("(tensor([2., 4.]), None)", "([2, 4], None)"),
    ("(2, 3)", "[2, 3]"),
    ("['2.weight', '2.bias']", "['2.weight', '2.bias']"),
    ("{'a': 1, 'b': 2}", "{'b': 2, 'a': 1}"),
    ("[[1, 2], [3]]", "[[1, 2], [3]]"),
]


@pytest.mark.parametrize(("expected", "text"), PREDICTION_OK)
def test_prediction_accepted(expected: str, text: str) -> None:
    result = predict(truth(expected), text)
    assert result.ok, result.differences
    assert result.differences == []


def test_error_value_matches_its_type_name() -> None:
    assert predict(ERROR, "RuntimeError").ok
    assert predict(ERROR, "RuntimeError: anything at all").ok


def test_other_value_matches_its_repr() -> None:
    linear = {"kind": "other", "type": "Linear",
              "repr": "Linear(in_features=2, out_features=3, bias=True)"}
    assert predict(linear, "Linear(in_features=2,  out_features=3, bias=True)").ok
    assert not predict(linear, "Linear(in_features=2, out_features=4, bias=True)").ok
    size = {"kind": "other", "type": "Size", "repr": "torch.Size([2, 3])"}
    assert predict(size, "torch.Size([2, 3])").ok
    assert predict(size, "(2, 3)").ok
    assert predict(size, "[2, 3]").ok
    assert predict(size, "(2, 4)").differences == ["at [1]: expected int 3, got 4"]


PREDICTION_WRONG = [
    # truth, prediction, differences
    ("None", "tensor([2., 2.])", ["expected None, got a tensor"]),
    ("tensor([2., 2.])", "None", ["expected a tensor, got None"]),
    ("tensor([ 8., 12.], grad_fn=<AddBackward0>)", "tensor([8., 8.])",
     ["the values differ at index [1]: expected 12.0, got 8.0"]),
    ("tensor([1., 2., 3., 4.])", "[1, 0, 0, 0]",
     ["the values differ at index [1]: expected 2.0, got 0 (3 of 4 values differ)"]),
    ("tensor([[1., 2.], [3., 4.]])", "[[1, 2], [3, 5]]",
     ["the values differ at index [1, 1]: expected 4.0, got 5"]),
    ("tensor(3.)", "2.", ["the value differs: expected 3.0, got 2.0"]),
    ("tensor(3.)", "[3.]", ["shape differs: expected () (0-dim), got (1,)"]),
    ("tensor([3.])", "3.", ["shape differs: expected (1,), got () (0-dim)"]),
    ("tensor([1., 2.])", "[[1., 2.]]", ["shape differs: expected (2,), got (1, 2)"]),
    ("tensor([[1., 2.]])", "[[1], [2]]", ["shape differs: expected (1, 2), got (2, 1)"]),
    ("tensor([1., 2.])", "tensor([1., 2.], requires_grad=True)",
     ["requires_grad differs: expected False, got True"]),
    ("tensor([1., 2.], requires_grad=True)", "tensor([1., 2.], requires_grad=False)",
     ["requires_grad differs: expected True, got False"]),
    ("tensor([1., 2.], requires_grad=True)", "tensor([1., 2.], grad_fn=<AddBackward0>)",
     ["grad_fn differs: expected None (a leaf), got AddBackward0"]),
    ("tensor([8., 12.], grad_fn=<AddBackward0>)", "tensor([8., 12.], grad_fn=<MulBackward0>)",
     ["grad_fn differs: expected AddBackward0, got MulBackward0"]),
    ("tensor([8., 12.], grad_fn=<AddBackward0>)", "tensor([8., 12.], grad_fn=None)",
     ["grad_fn differs: expected AddBackward0, got None (a leaf)"]),
    ("tensor([1., 2.])", "tensor([1., 2.], dtype=torch.float64)",
     ["dtype differs: expected torch.float32, got torch.float64"]),
    ("tensor([1., 2.], dtype=torch.float64)", "tensor([1., 2.], dtype=torch.float32)",
     ["dtype differs: expected torch.float64, got torch.float32"]),
    ("tensor([1, 2])", "tensor([1., 2.])",
     ["dtype differs: expected integers (torch.int64), got floating-point values"]),
    ("tensor([1, 2])", "[1., 2.]",
     ["dtype differs: expected integers (torch.int64), got floating-point values"]),
    ("tensor([True, False])", "tensor([1, 0])",
     ["dtype differs: expected True/False values (torch.bool), got integers"]),
    ("tensor([1, 0])", "[True, False]",
     ["dtype differs: expected integers (torch.int64), got True/False values"]),
    ("tensor([2., 2.])", "tensor([2., 2.], dtype=torch.int64)",
     ["dtype differs: expected torch.float32, got torch.int64"]),
    ("tensor([1., 2.])", "Parameter containing:\ntensor([1., 2.])",
     ["expected a plain tensor, got a Parameter"]),
    ("tensor([nan, 1.])", "tensor([0., 1.])",
     ["the values differ at index [0]: expected nan, got 0.0"]),
    ("tensor([inf, 1.])", "tensor([-inf, 1.])",
     ["the values differ at index [0]: expected inf, got -inf"]),
    ("tensor([0.3333])", "[0.33]", ["the values differ at index [0]: expected 0.3333, got 0.33"]),
    ("tensor([2., 2.])", "[2, 2, 2]", ["shape differs: expected (2,), got (3,)"]),
    ("tensor([2., 2.])", "[[1], [2, 3]]", ["expected a tensor, got a list"]),
    ("tensor([2., 2.])", "(2, 2)", ["expected a tensor, got a tuple"]),
    ("tensor([2., 2.])", "'2, 2'", ["expected a tensor, got a string ('2, 2')"]),
    ("5", "4", ["expected int 5, got 4"]),
    ("2", "2.0", ["expected an int (2), got a float (2.0)"]),
    ("2", "True", ["expected an int (2), got True"]),
    ("True", "1", ["expected True, got an int (1)"]),
    ("True", "False", ["expected True, got False"]),
    ("2.5", "2.0", ["expected float 2.5, got 2.0"]),
    ("2.5", "2", ["expected float 2.5, got 2"]),
    ("2.5", "(2.5+1j)", ["expected a float (2.5), got a complex number ((2.5+1j))"]),
    ("(1+2j)", "1+3j", ["expected complex (1+2j), got (1+3j)"]),
    ("'cpu'", "'cuda'", ["expected 'cpu', got 'cuda'"]),
    ("None", "'None'", ["expected None, got a string ('None')"]),
    ("torch.float32", "torch.float64", ["expected torch.float32, got torch.float64"]),
    ("AddBackward0", "MulBackward0", ["expected grad_fn AddBackward0, got MulBackward0"]),
    ("AddBackward0", "None", ["expected grad_fn AddBackward0, got None"]),
    ("None", "AddBackward0", ["expected None, got grad_fn AddBackward0"]),
    ("RuntimeError", "TypeError", ["expected a RuntimeError, got TypeError"]),
    ("AttributeError", "TypeError", ["expected an AttributeError, got TypeError"]),
    ("torch.OutOfMemoryError", "torch.cuda.OutOfMemoryError",
     ["expected a torch.OutOfMemoryError, got torch.cuda.OutOfMemoryError"]),
    ("(tensor([2., 4.]), None)", "(tensor([2., 4.]), tensor([1.]))",
     ["at [1]: expected None, got a tensor"]),
    ("(tensor([2., 4.]), None)", "(tensor([2., 5.]), None)",
     ["at [0]: the values differ at index [1]: expected 4.0, got 5.0"]),
    ("(tensor([2., 4.]), None)", "(tensor([2., 4.]),)", ["expected 2 items, got 1"]),
    ("['2.weight', '2.bias']", "['2.weight']", ["expected 2 items, got 1 (missing '2.bias')"]),
    ("['a']", "['a', 'b', 'c']", ["expected 1 item, got 3 (unexpected 'b', 'c')"]),
    ("['a', 'b']", "['a', 'c', 'd']", ["expected 2 items, got 3 (missing 'b'; unexpected "
                                       "'c', 'd')"]),
    ("['2.weight', '2.bias']", "['2.bias', '2.weight']",
     ["same items in a different order: expected ['2.weight', '2.bias']"]),
    ("['a', 'b']", "['a', 'c']", ["at [1]: expected 'b', got 'c'"]),
    ("[[1, 2], [3, 4]]", "[[1, 2], [3, 5]]", ["at [1][1]: expected int 4, got 5"]),
    ("{'a': 1, 'b': 2}", "{'a': 1, 'c': 2}", ["missing key 'b'", "unexpected key 'c'"]),
    ("{'a': 1, 'b': 2}", "{'a': 1}", ["missing key 'b'"]),
    ("{'a': 1, 'b': 2, 'c': 3}", "{'a': 1}", ["missing keys 'b', 'c'"]),
    ("{'w': tensor([1., 2.])}", "{'w': tensor([1., 3.])}",
     ["at ['w']: the values differ at index [1]: expected 2.0, got 3.0"]),
    ("{'a': 1}", "[1]", ["expected a dict, got a list"]),
]


@pytest.mark.parametrize(("expected", "text", "differences"), PREDICTION_WRONG)
def test_prediction_rejected_with_a_sentence(expected: str, text: str,
                                             differences: list[str]) -> None:
    result = predict(truth(expected), text)
    assert not result.ok
    assert result.differences == differences


def test_error_truth_against_a_value() -> None:
    result = predict(ERROR, "tensor([1.])")
    assert result.differences == ["expected evaluating it to raise RuntimeError, got a tensor"]
    assert predict(ERROR, "TypeError").differences == ["expected a RuntimeError, got TypeError"]


def test_int_literal_for_float_tensor_passes_with_a_note() -> None:
    result = predict(truth("tensor([2., 2.])"), "tensor([2, 2])")
    assert result.ok
    assert result.notes == ["torch prints these values as floats, e.g. 2. rather than 2"]
    # A bare list is shorthand for the values: nothing to remark on.
    assert predict(truth("tensor([2., 2.])"), "[2, 2]").notes == []


def test_int_literal_with_explicit_dtype_is_checked() -> None:
    result = predict(truth("tensor([2., 2.])"), "tensor([2, 2], dtype=torch.int64)")
    assert result.differences == ["dtype differs: expected torch.float32, got torch.int64"]


def test_tuple_written_as_list_passes_with_a_note() -> None:
    result = predict(truth("(2, 3)"), "[2, 3]")
    assert result.ok
    assert result.notes == ["it is a tuple, which Python prints with ( )"]


def test_missing_grad_fn_noted_when_requires_grad_written() -> None:
    result = predict(truth("tensor([8., 12.], grad_fn=<AddBackward0>)"),
                     "tensor([8., 12.], requires_grad=True)")
    assert result.ok
    assert result.notes == ["torch prints grad_fn=<AddBackward0> for it: it is not a leaf"]


def test_unwritten_flags_are_not_checked_but_written_ones_are() -> None:
    observed = truth("tensor([8., 12.], grad_fn=<AddBackward0>)", dtype="float64")
    assert predict(observed, "tensor([8., 12.])").ok
    assert predict(observed, "tensor([8., 12.], dtype=torch.float64)").ok
    assert not predict(observed, "tensor([8., 12.], dtype=torch.float32)").ok
    assert not predict(observed, "tensor([8., 12.], requires_grad=False)").ok
    assert predict(observed, "tensor([8., 12.], requires_grad=True)").ok


def test_observed_value_used_as_prediction_is_fully_checked() -> None:
    """Without `written`, everything torch's repr shows counts (e.g. a learner's observation
    matched against a misconception)."""
    observed = truth("tensor([1., 2.])")
    wrong = truth("tensor([1., 2.], requires_grad=True)")
    assert not compare(observed, wrong, prediction=True).ok


def test_prediction_against_prediction_checks_only_what_both_wrote() -> None:
    """Misconception answers are predictions too: their unwritten flags match anything."""
    misconception = parse_prediction("tensor([2., 2.])")
    assert compare(misconception, parse_prediction("tensor([2., 2.], requires_grad=True)"),
                   prediction=True).ok
    assert compare(misconception, parse_prediction("tensor([2, 2])"), prediction=True).ok
    assert compare(parse_prediction("tensor([2, 2])"), parse_prediction("[2., 2.]"),
                   prediction=True).ok
    assert not compare(parse_prediction("tensor([2.], requires_grad=False)"),
                       parse_prediction("tensor([2.], requires_grad=True)"),
                       prediction=True).ok


def test_error_truth_is_never_matched_by_a_value_of_the_same_name() -> None:
    assert not predict(ERROR, "'RuntimeError'").ok


# ----------------------------------------------------------------------------- observation

OBSERVATION_OK = [
    ("tensor([8., 12.], grad_fn=<AddBackward0>)", "tensor([8., 12.], grad_fn=<AddBackward0>)"),
    ("tensor([1., 2.])", "tensor([1.000001, 2.00001])"),
    ("tensor([0.])", "tensor([1e-7])"),
    ("tensor([nan])", "tensor([nan])"),
    ("tensor([1, 2])", "tensor([1, 2])"),
    ("[tensor([1.]), None]", "[tensor([1.]), None]"),
    ("None", "None"),
    ("RuntimeError", "RuntimeError"),
    ("torch.float32", "torch.float32"),
]


@pytest.mark.parametrize(("expected", "actual"), OBSERVATION_OK)
def test_observation_accepted(expected: str, actual: str) -> None:
    result = observe(expected, actual)
    assert result.ok, result.differences


OBSERVATION_WRONG = [
    ("tensor([8., 12.], grad_fn=<AddBackward0>)", "tensor([8., 12.])",
     ["requires_grad differs: expected True, got False",
      "grad_fn differs: expected AddBackward0, got None (a leaf)"]),
    ("tensor([8., 12.])", "tensor([8, 12])",
     ["dtype differs: expected torch.float32, got torch.int64"]),
    ("tensor([8., 12.])", "tensor([8., 12.], dtype=torch.float64)",
     ["dtype differs: expected torch.float32, got torch.float64"]),
    ("tensor([1., 2.])", "tensor([[1., 2.]])", ["shape differs: expected (2,), got (1, 2)"]),
    ("tensor([1., 2.])", "tensor([1.0001, 2.])",
     ["the values differ at index [0]: expected 1.0, got 1.0001"]),
    ("tensor([0.])", "tensor([1e-5])", ["the values differ at index [0]: expected 0.0, got 1e-05"]),
    ("tensor([1, 2])", "[1, 2]", ["expected a tensor, got a list"]),
    ("tensor(2.)", "2.", ["expected a tensor, got a float (2.0)"]),
    ("2.0", "2", ["expected a float (2.0), got an int (2)"]),
    ("(2, 3)", "[2, 3]", ["expected a tuple, got a list"]),
    ("(2, 3)", "[2, 4]", ["expected a tuple, got a list", "at [1]: expected int 3, got 4"]),
    ("RuntimeError", "TypeError", ["expected a RuntimeError, got TypeError"]),
]


@pytest.mark.parametrize(("expected", "actual", "differences"), OBSERVATION_WRONG)
def test_observation_rejected_with_a_sentence(expected: str, actual: str,
                                              differences: list[str]) -> None:
    result = observe(expected, actual)
    assert not result.ok
    assert result.differences == differences


def test_observation_compares_is_leaf_and_grad() -> None:
    e = truth("tensor([1., 2.], requires_grad=True)", grad_is_none=False)
    assert observe(e, truth("tensor([1., 2.], requires_grad=True)")).differences == [
        ".grad differs: expected a tensor, got None"]
    assert observe(truth("tensor([1.])"), {**truth("tensor([1.])"), "grad_is_none": False}
                   ).differences == [".grad differs: expected None, got a tensor"]
    odd = {**truth("tensor([1.])"), "is_leaf": False}  # grad_fn agrees, is_leaf does not
    assert observe(truth("tensor([1.])"), odd).differences == [
        "is_leaf differs: expected True, got False"]


def test_observation_ignores_parameter_and_retains_grad() -> None:
    e = truth("Parameter containing:\ntensor([1.], requires_grad=True)")
    a = truth("tensor([1.], requires_grad=True)", retains_grad=True)
    assert observe(e, a).ok


def test_observation_error_values() -> None:
    raised = {"kind": "error", "type": "AttributeError",
              "message": "'NoneType' object has no attribute 'sum'"}
    assert observe(raised, dict(raised, message="other words")).ok
    assert observe(raised, ERROR).differences == ["expected an AttributeError, got RuntimeError"]
    assert observe("tensor([1.])", raised).differences == [
        "expected a tensor, but evaluating it raised AttributeError: 'NoneType' object has "
        "no attribute 'sum'"]
    assert observe(raised, "tensor([1.])").differences == [
        "expected evaluating it to raise AttributeError, got a tensor"]
    # A class object is not the same as an expression that raised.
    assert not observe(ERROR, "RuntimeError").ok


def test_observation_other_values() -> None:
    def other(kind: str, text: str) -> dict:
        return {"kind": "other", "type": kind, "repr": text}

    a = other("Linear", "Linear(in_features=2, out_features=3, bias=True)")
    assert observe(a, dict(a)).ok
    assert observe(a, other("Conv2d", "Conv2d(...)")).differences == [
        "expected a Linear object, got a Conv2d object"]
    assert observe(a, other("Linear", "Linear(in_features=2, out_features=4, bias=True)")
                   ).differences == [
        "expected Linear(in_features=2, out_features=3, bias=True), "
        "got Linear(in_features=2, out_features=4, bias=True)"]
    # Addresses vary between runs.
    f1, f2 = other("function", "<function f at 0x7f01>"), other("function", "<function f at 0x9a>")
    assert observe(f1, f2).ok


def test_truncated_tensors_cannot_pass_on_values() -> None:
    big = {**truth("tensor([1.])"), "shape": [20000], "truncated": True}
    del big["values"]  # a truncated tensor arrives without its values (the wire format)
    result = observe(big, dict(big))
    assert not result.ok
    assert "more than 10 000 elements" in result.differences[0]
    assert observe(big, {**big, "shape": [3]}).differences == [
        "shape differs: expected (20000,), got (3,)"]


def test_number_of_differences_is_capped() -> None:
    e = truth(str([[i] for i in range(10)]))
    a = truth(str([[i + 100] for i in range(10)]))
    result = observe(e, a)
    assert len(result.differences) == MAX_DIFFERENCES + 1
    assert result.differences[-1] == f"…and {10 - MAX_DIFFERENCES} more"


# ----------------------------------------------------------------------------- tolerance

def test_default_tolerances_are_documented_values() -> None:
    assert Tolerance(rtol=1e-3, atol=1e-4) == PREDICTION_TOLERANCE
    assert Tolerance(rtol=1e-5, atol=1e-6) == OBSERVATION_TOLERANCE


@pytest.mark.parametrize(("e", "a", "tol", "ok"), [
    (1.0, 1.0, Tolerance(0, 0), True),
    (1.0, 1.0 + 1e-12, Tolerance(0, 0), False),
    (1.0, 1.001, Tolerance(1e-3, 0), True),          # |a - e| <= rtol * |e| exactly
    (1.0, 1.0011, Tolerance(1e-3, 0), False),
    (0.0, 1e-4, Tolerance(1e-3, 1e-4), True),        # atol alone near zero
    (0.0, 1.1e-4, Tolerance(1e-3, 1e-4), False),
    (100.0, 100.1, Tolerance(1e-3, 1e-4), True),     # relative to the expected value
    (100.0, 100.2, Tolerance(1e-3, 1e-4), False),
    (0.1, 0.2, Tolerance(1.0, 0), True),             # rtol scales with |expected| ...
    (0.2, 0.1, Tolerance(1.0, 0), True),
    (0.1, 0.25, Tolerance(1.0, 0), False),           # ... not with |actual|
    (float("nan"), float("nan"), Tolerance(0, 0), True),
    (float("nan"), 0.0, Tolerance(1, 1), False),
    (0.0, float("nan"), Tolerance(1, 1), False),
    (float("inf"), float("inf"), Tolerance(0, 0), True),
    (float("inf"), 1e308, Tolerance(1, 1), False),
    (float("-inf"), float("inf"), Tolerance(1, 1), False),
    (1e308, float("inf"), Tolerance(1, 1), False),
    (complex(1, 1), complex(1, 1.0005), Tolerance(1e-3, 0), True),
    (complex(1, 1), complex(1, 1.01), Tolerance(1e-3, 0), False),
    (complex(float("nan"), 1), complex(float("nan"), 1), Tolerance(0, 0), True),
    (2, 2.0, Tolerance(0, 0), True),
])
def test_close(e: Any, a: Any, tol: Tolerance, ok: bool) -> None:
    assert close(e, a, tol) is ok


def test_tolerance_applies_only_to_floats() -> None:
    loose = Tolerance(rtol=0.5, atol=10)
    assert observe("tensor([1., 2.])", "tensor([1.5, 2.5])", loose).ok
    assert not observe("tensor([1, 2])", "tensor([2, 3])", loose).ok
    assert not observe("5", "6", loose).ok
    assert observe("5.0", "6.0", loose).ok
    assert not observe("tensor([True])", "tensor([False])", loose).ok


def test_tolerance_override_per_check() -> None:
    e, a = "tensor([1.])", "tensor([1.01])"
    assert not observe(e, a).ok
    assert observe(e, a, Tolerance(rtol=0.02, atol=0)).ok
    assert not predict(truth("tensor([1.])"), "[1.01]").ok
    assert predict(truth("tensor([1.])"), "[1.01]", Tolerance(rtol=0.02, atol=0)).ok
    assert not predict(truth("2.5"), "2.5001", Tolerance(rtol=0, atol=0)).ok


def test_half_precision_is_never_compared_tighter_than_it_resolves() -> None:
    e = truth("tensor([0.3333])", dtype="float16")
    a = truth("tensor([0.3330])", dtype="float16")
    assert observe(e, a).ok  # 1e-3 relative is one float16 step
    b16 = truth("tensor([0.3340])", dtype="bfloat16")
    assert observe(b16, truth("tensor([0.3320])", dtype="bfloat16"), Tolerance(0, 0)).ok
    assert not observe(truth("tensor([0.3340])"), truth("tensor([0.3320])")).ok


def test_prediction_tolerance_covers_four_printed_decimals() -> None:
    e = truth("tensor([0.00015, 0.1, 0.123456, 12345.678])")
    assert predict(e, "tensor([0.0002, 0.1000, 0.1235, 12345.6777])").ok
    assert predict(truth("tensor([1.23456e-05, 1.])"), "tensor([1.2346e-05, 1.0000e+00])").ok


@pytest.mark.parametrize(("rtol", "atol"), [(-1, 0), (0, -1), (float("nan"), 0),
                                            (0, float("inf"))])
def test_tolerance_rejects_nonsense(rtol: float, atol: float) -> None:
    with pytest.raises(ValueError):
        Tolerance(rtol, atol)


# ----------------------------------------------------------------------------- robustness

@pytest.mark.parametrize("bad", [
    {},
    {"kind": "nonsense"},
    {"kind": "int", "value": "3"},
    {"kind": "int", "value": True},
    {"kind": "float", "value": "three"},
    {"kind": "list", "items": [{"kind": "int"}]},
    {"kind": "tensor", "dtype": "float32", "shape": [2], "values": [1.0]},
    {"kind": "tensor", "dtype": "float32", "shape": [-1], "values": []},
    {"kind": "tensor", "dtype": "int64", "shape": [1], "values": [1.5],
     "requires_grad": False, "is_leaf": True, "grad_fn": None, "grad_is_none": True},
    "not a dict",
])
def test_malformed_values_never_pass(bad: Any) -> None:
    good = truth("tensor([1.])")
    for e, a in ((bad, good), (good, bad), (bad, bad)):
        for prediction in (False, True):
            result = compare(e, a, prediction=prediction)
            assert not result.ok
            assert result.differences[0].startswith("could not read the")


def test_missing_tensor_flags_are_malformed() -> None:
    bare = {"kind": "tensor", "dtype": "float32", "shape": [1], "values": [1.0]}
    result = compare(bare, truth("tensor([1.])"))
    assert not result.ok
    assert result.differences == [
        "could not read the expected value (expected: wrong fields for a tensor value)"]


def test_deep_nesting_does_not_crash() -> None:
    deep: dict = {"kind": "none"}
    for _ in range(5000):
        deep = {"kind": "list", "items": [deep], "tuple": False}
    result = compare(deep, deep)
    assert not result.ok
    assert result.differences == ["could not read the expected value (expected: nested too "
                                  "deeply)"]


@pytest.mark.parametrize(("x", "text"), [
    (12.0, "12.0"), (0.30000001192092896, "0.3"), (1e-5, "1e-05"), (2, "2"), (True, "True"),
    (float("nan"), "nan"), (float("-inf"), "-inf"), (complex(1, -2), "(1-2j)"),
    (123456789.0, "1.23457e+08"),
])
def test_number_text(x: Any, text: str) -> None:
    assert number_text(x) == text
