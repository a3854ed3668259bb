"""Typed-value encoding (in-process; the child runs the same code)."""

from __future__ import annotations

import warnings
from typing import Any

import numpy as np
import pytest
import torch

from gradtutor.sandbox.encode import encode
from gradtutor.sandbox.protocol import MAX_TENSOR_ELEMENTS, validate_value


def enc(obj: Any) -> dict[str, Any]:
    v = encode(obj)
    validate_value(v)  # everything the encoder emits passes the controller's strict check
    return v


@pytest.mark.parametrize(("obj", "expected"), [
    (None, {"kind": "none"}),
    (True, {"kind": "bool", "value": True}),
    (np.bool_(False), {"kind": "bool", "value": False}),
    (3, {"kind": "int", "value": 3}),
    (np.int64(7), {"kind": "int", "value": 7}),
    (2.5, {"kind": "float", "value": 2.5}),
    (float("nan"), {"kind": "float", "value": "nan"}),
    (float("-inf"), {"kind": "float", "value": "-inf"}),
    (np.float32(0.5), {"kind": "float", "value": 0.5}),
    (1 + 2j, {"kind": "complex", "real": 1.0, "imag": 2.0}),
    ("hi", {"kind": "str", "value": "hi"}),
    (torch.float64, {"kind": "dtype", "value": "torch.float64"}),
    (RuntimeError, {"kind": "type", "name": "RuntimeError"}),
])
def test_scalars(obj: Any, expected: dict[str, Any]) -> None:
    assert enc(obj) == expected


def test_containers() -> None:
    assert enc([1, (None,)]) == {"kind": "list", "tuple": False, "items": [
        {"kind": "int", "value": 1},
        {"kind": "list", "tuple": True, "items": [{"kind": "none"}]}]}
    assert enc({"a": 1.0}) == {"kind": "dict", "items": [
        [{"kind": "str", "value": "a"}, {"kind": "float", "value": 1.0}]]}
    assert enc(torch.Size([2, 3]))["tuple"] is True


def test_cyclic_and_huge_containers_do_not_explode() -> None:
    cyc: list[Any] = []
    cyc.append(cyc)
    v = enc(cyc)
    depth = 0
    while v["kind"] == "list":
        v = v["items"][0]
        depth += 1
    assert v["kind"] == "other" and depth > 10
    assert enc(list(range(20_000)))["kind"] == "other"
    assert enc(10 ** 5000)["kind"] == "other"


def test_leaf_tensor() -> None:
    x = torch.tensor([1.0, 2.0], requires_grad=True)
    (x * x).sum().backward()
    assert enc(x) == {
        "kind": "tensor", "dtype": "float32", "shape": [2], "values": [1.0, 2.0],
        "requires_grad": True, "is_leaf": True, "grad_fn": None, "grad_is_none": False,
        "retains_grad": False, "is_parameter": False, "truncated": False}
    assert enc(x.grad)["values"] == [2.0, 4.0]


def test_non_leaf_tensor_and_grad_fn_without_warning() -> None:
    x = torch.tensor([1.0, 2.0], requires_grad=True)
    y = x * 2
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        v = enc(y)
    assert caught == []  # reading .grad of a non-leaf must not warn into the learner's list
    assert (v["is_leaf"], v["grad_fn"], v["grad_is_none"]) == (False, "MulBackward0", True)
    assert enc(y.grad_fn) == {"kind": "grad_fn", "name": "MulBackward0"}
    y.retain_grad()
    y.sum().backward()
    v = enc(y)
    assert (v["retains_grad"], v["grad_is_none"]) == (True, False)


def test_parameter_and_dtypes() -> None:
    p = torch.nn.Parameter(torch.zeros(1, 2))
    v = enc(p)
    assert (v["is_parameter"], v["shape"], v["values"]) == (True, [1, 2], [[0.0, 0.0]])
    assert enc(torch.tensor([1, 2]))["values"] == [1, 2]
    assert enc(torch.tensor([True]))["values"] == [True]
    assert enc(torch.tensor(3.5))["values"] == 3.5  # 0-dim: a scalar, like tolist()
    assert enc(torch.tensor([1 + 2j]))["values"] == [[1.0, 2.0]]
    assert enc(torch.tensor([1.0], dtype=torch.float64))["dtype"] == "float64"


def test_non_finite_tensor_values_are_strings() -> None:
    v = enc(torch.tensor([float("nan"), float("inf"), -float("inf"), 1.0]))
    assert v["values"] == ["nan", "inf", "-inf", 1.0]


def test_large_tensor_is_truncated() -> None:
    v = enc(torch.zeros(MAX_TENSOR_ELEMENTS + 1))
    assert v["truncated"] is True and "values" not in v
    assert v["shape"] == [MAX_TENSOR_ELEMENTS + 1]
    assert enc(torch.zeros(MAX_TENSOR_ELEMENTS))["truncated"] is False


def test_other_objects_and_hostile_repr() -> None:
    lin = torch.nn.Linear(2, 1)
    v = enc(lin)
    assert v["kind"] == "other" and v["type"] == "Linear" and v["repr"].startswith("Linear(")

    class Loud:
        def __repr__(self) -> str:
            return "x" * 10_000

    class Broken:
        def __repr__(self) -> str:
            raise ValueError("no")

    assert len(enc(Loud())["repr"]) == 2000
    assert enc(Broken())["repr"] == "<repr failed: ValueError>"
    assert enc(np.arange(3))["kind"] == "other"
