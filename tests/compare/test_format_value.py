"""format_value: typed values shown as torch and Python print them."""

from __future__ import annotations

import pytest

from gradtutor.compare import format_value, parse_prediction, thing
from gradtutor.compare.values import tensor_value, value_from_python
from gradtutor.text import say


def _t(values: object, shape: list[int], dtype: str = "float32", **flags: object) -> dict:
    return tensor_value(values, shape, dtype, **flags)  # type: ignore[arg-type]


TENSORS = [
    (_t([8.0, 12.0], [2], grad_fn="AddBackward0"), "tensor([ 8., 12.], grad_fn=<AddBackward0>)"),
    (_t([1.0, 2.0], [2], requires_grad=True), "tensor([1., 2.], requires_grad=True)"),
    (_t(3.0, []), "tensor(3.)"),
    (_t(-0.5, []), "tensor(-0.5000)"),
    (_t([[1.0, 2.0], [3.0, 4.0]], [2, 2]), "tensor([[1., 2.],\n        [3., 4.]])"),
    (_t([1, 2], [2], "int64"), "tensor([1, 2])"),
    (_t([-1, 10, -100], [3], "int64"), "tensor([  -1,   10, -100])"),
    (_t([0, 0], [2], "int32"), "tensor([0, 0], dtype=torch.int32)"),
    (_t([1.0, 2.0], [2], "float64"), "tensor([1., 2.], dtype=torch.float64)"),
    (_t([True, False], [2], "bool"), "tensor([ True, False])"),
    (_t(True, [], "bool"), "tensor(True)"),
    (_t(["nan", "inf", "-inf"], [3]), "tensor([nan, inf, -inf])"),
    (_t(["nan", 1.5], [2]), "tensor([   nan, 1.5000])"),
    # float32's 0.00015 is 0.000150000007..., which rounds up
    (_t([0.00015000000712461770, 0.1], [2]), "tensor([0.0002, 0.1000])"),
    (_t([1e10, 1.0], [2]), "tensor([1.0000e+10, 1.0000e+00])"),
    (_t([1e-10, 1.0], [2]), "tensor([1.0000e-10, 1.0000e+00])"),
    (_t([0.0, -0.0], [2]), "tensor([0., -0.])"),
    (_t([[1.0, 2.0], [3.0, -1.5]], [2], "complex64"), "tensor([1.+2.0000j, 3.-1.5000j])"),
    (_t([2.0, 0.0], [], "complex64"), "tensor(2.+0.j)"),
    (_t([], [0]), "tensor([])"),
    (_t([], [0], "int64"), "tensor([], dtype=torch.int64)"),
    (_t([], [0, 3]), "tensor([], size=(0, 3))"),
    (_t([[], []], [2, 0]), "tensor([], size=(2, 0))"),
    (_t([1.0, 1.0], [2], requires_grad=True, is_parameter=True),
     "Parameter containing:\ntensor([1., 1.], requires_grad=True)"),
    (_t([[[1.0]]], [1, 1, 1], "float64", requires_grad=True),
     "tensor([[[1.]]], dtype=torch.float64, requires_grad=True)"),
]


@pytest.mark.parametrize(("value", "text"), TENSORS, ids=[t for _, t in TENSORS])
def test_tensors_print_like_torch(value: dict, text: str) -> None:
    assert format_value(value) == text


def test_long_vectors_wrap_at_80_columns() -> None:
    text = format_value(_t([float(i) + 0.5 for i in range(20)], [20]))
    assert text == (
        "tensor([ 0.5000,  1.5000,  2.5000,  3.5000,  4.5000,  5.5000,  6.5000,  7.5000,\n"
        "         8.5000,  9.5000, 10.5000, 11.5000, 12.5000, 13.5000, 14.5000, 15.5000,\n"
        "        16.5000, 17.5000, 18.5000, 19.5000])"
    )


def test_big_tensors_are_summarised_like_torch() -> None:
    text = format_value(_t([float(i) for i in range(2000)], [2000]))
    assert text == ("tensor([0.0000e+00, 1.0000e+00, 2.0000e+00,  ..., 1.9970e+03, 1.9980e+03,\n"
                    "        1.9990e+03])")
    grid = format_value(_t([[r * 50 + c for c in range(50)] for r in range(40)], [40, 50],
                           "int64"))
    assert grid.splitlines()[3] == "        ...,"
    assert grid.splitlines()[0] == "tensor([[   0,    1,    2,  ...,   47,   48,   49],"


def test_truncated_tensor_shows_its_size() -> None:
    value = {**_t([1.0], [1]), "shape": [100, 200], "values": None, "truncated": True}
    assert format_value(value) == "tensor([...], size=(100, 200))"


@pytest.mark.parametrize(("value", "text"), [
    ({"kind": "none"}, "None"),
    ({"kind": "bool", "value": True}, "True"),
    ({"kind": "int", "value": 5}, "5"),
    ({"kind": "float", "value": 2.0}, "2.0"),
    ({"kind": "float", "value": 1e-05}, "1e-05"),
    ({"kind": "float", "value": "nan"}, "nan"),
    ({"kind": "float", "value": "-inf"}, "-inf"),
    ({"kind": "complex", "real": 1.0, "imag": -2.0}, "(1-2j)"),
    ({"kind": "str", "value": "it's"}, '"it\'s"'),
    (value_from_python([2, 2]), "[2, 2]"),
    (value_from_python((1,)), "(1,)"),
    (value_from_python(()), "()"),
    (value_from_python((None, [1.5, "a"])), "(None, [1.5, 'a'])"),
    (value_from_python({"a": 1, 2: None}), "{'a': 1, 2: None}"),
    ({"kind": "dtype", "value": "torch.float32"}, "torch.float32"),
    ({"kind": "dtype", "value": "float64"}, "torch.float64"),
    ({"kind": "grad_fn", "name": "AddBackward0"}, "<AddBackward0 object at 0x...>"),
    ({"kind": "type", "name": "RuntimeError"}, "RuntimeError"),
    ({"kind": "error", "type": "RuntimeError", "message": "boom"}, "RuntimeError: boom"),
    ({"kind": "error", "type": "StopIteration", "message": ""}, "StopIteration"),
    ({"kind": "other", "type": "Linear", "repr": "Linear(in_features=2)"},
     "Linear(in_features=2)"),
])
def test_python_values_print_like_python(value: dict, text: str) -> None:
    assert format_value(value) == text


def test_tensor_inside_a_tuple() -> None:
    v = parse_prediction("(tensor([2., 4.], requires_grad=True), None)")
    assert format_value(v) == "(tensor([2., 4.], requires_grad=True), None)"


@pytest.mark.parametrize(("text", "kind"), [
    ("None", "None"), ("True", "a bool"), ("2", "an int"), ("2.", "a float"),
    ("1j", "a complex number"), ("'a'", "a string"), ("[1]", "a list"), ("(1,)", "a tuple"),
    ("{}", "a dict"), ("tensor(1.)", "a tensor"), ("torch.int64", "a dtype"),
    ("AddBackward0", "a grad_fn"), ("RuntimeError", "a class"),
    ("RuntimeError: x", "an error"), ("Linear()", "a Linear object"),
    ("Embedding()", "an Embedding object"),
])
def test_thing(text: str, kind: str) -> None:
    assert say(thing(parse_prediction(text)), "en") == kind
