"""Encode Python/torch objects as typed values (wire format in docs/architecture.md).

Runs in the child (and in the zygote's warm-up): it imports torch, and only the caps of
`gradtutor.values.limits` besides. Never raises: anything that cannot be encoded becomes an
`other` or `error` value. One observation is at most MAX_OBSERVATION_BYTES of JSON, counted
while encoding (so a huge value is never built): beyond it, the whole value is an error
"ValueTooLarge" that says how far it got.
"""

from __future__ import annotations

import warnings
from typing import Any

import numpy as np
import torch

from gradtutor.values.floats import float_to_wire
from gradtutor.values.limits import (
    MAX_INT_BITS,
    MAX_ITEMS,
    MAX_NEST,
    MAX_OBSERVATION_BYTES,
    MAX_REPR_CHARS,
    MAX_STR_CHARS,
    MAX_TENSOR_ELEMENTS,
    TOO_LARGE,
)

Value = dict[str, Any]


wire_float = float_to_wire  # the name the harness and the encoder use


def safe_str(obj: object) -> str:
    """str() that survives hostile __str__ methods."""
    try:
        text = str(obj)
    except BaseException:
        return f"<unprintable {type(obj).__name__}>"
    return text if isinstance(text, str) else f"<unprintable {type(obj).__name__}>"


def safe_repr(obj: Any) -> str:
    try:
        text = repr(obj)
        if not isinstance(text, str):
            raise TypeError("__repr__ returned a non-string")
    except Exception as e:
        text = f"<repr failed: {type(e).__name__}>"
    return text if len(text) <= MAX_REPR_CHARS else text[: MAX_REPR_CHARS - 3] + "..."


def other(obj: Any) -> Value:
    return {"kind": "other", "type": type(obj).__name__, "repr": safe_repr(obj)}


class _TooLarge(Exception):
    pass


class _Budget:
    """Bytes of JSON an observation may still take (an upper estimate per item)."""

    def __init__(self, limit: int) -> None:
        self.left = limit

    def spend(self, n: int) -> None:
        self.left -= n
        if self.left < 0:
            raise _TooLarge


def encode(obj: Any, depth: int = 0, budget: _Budget | None = None) -> Value:
    """The typed value of `obj`, within MAX_OBSERVATION_BYTES."""
    top = budget is None
    budget = budget or _Budget(MAX_OBSERVATION_BYTES)
    try:
        return _encode(obj, depth, budget)
    except _TooLarge:
        if not top:
            raise
        return {"kind": "error", "type": TOO_LARGE,
                "message": f"the value is larger than {MAX_OBSERVATION_BYTES} bytes of JSON; "
                           "check a smaller part of it (a summary such as .sum() or .shape)"}
    except Exception as e:  # a hostile __len__/__iter__ or an odd tensor
        budget.spend(MAX_REPR_CHARS)
        return {"kind": "error", "type": type(e).__name__,
                "message": safe_str(e)[:MAX_REPR_CHARS]}


def _encode(obj: Any, depth: int, budget: _Budget) -> Value:
    budget.spend(32)  # the kind and punctuation of any value
    if obj is None:
        return {"kind": "none"}
    if isinstance(obj, bool | np.bool_):
        return {"kind": "bool", "value": bool(obj)}
    if isinstance(obj, int | np.integer):
        n = int(obj)
        if n.bit_length() > MAX_INT_BITS:
            return {"kind": "other", "type": "int", "repr": f"<int of {n.bit_length()} bits>"}
        return {"kind": "int", "value": n}
    if isinstance(obj, float | np.floating):
        return {"kind": "float", "value": wire_float(float(obj))}
    if isinstance(obj, complex | np.complexfloating):
        c = complex(obj)
        return {"kind": "complex", "real": wire_float(c.real), "imag": wire_float(c.imag)}
    if isinstance(obj, str):
        if len(obj) > MAX_STR_CHARS:
            budget.spend(MAX_REPR_CHARS)
            return other(obj)
        budget.spend(2 * len(obj))  # JSON escapes at most double most characters
        return {"kind": "str", "value": str(obj)}
    if isinstance(obj, torch.Tensor):
        value = encode_tensor(obj)
        budget.spend(256 + 24 * len(_flat(value.get("values", []))))
        return value
    if isinstance(obj, torch.dtype):
        return {"kind": "dtype", "value": str(obj)}
    if isinstance(obj, torch.autograd.graph.Node):
        return {"kind": "grad_fn", "name": type(obj).__name__}
    if isinstance(obj, type):
        return {"kind": "type", "name": obj.__name__}
    if isinstance(obj, list | tuple):
        if depth >= MAX_NEST or len(obj) > MAX_ITEMS:
            budget.spend(MAX_REPR_CHARS)
            return other(obj)
        return {"kind": "list", "tuple": isinstance(obj, tuple),
                "items": [encode(x, depth + 1, budget) for x in obj]}
    if isinstance(obj, dict):
        if depth >= MAX_NEST or len(obj) > MAX_ITEMS:
            budget.spend(MAX_REPR_CHARS)
            return other(obj)
        return {"kind": "dict",
                "items": [[encode(k, depth + 1, budget), encode(v, depth + 1, budget)]
                          for k, v in obj.items()]}
    budget.spend(MAX_REPR_CHARS)
    return other(obj)


def read_grad(t: torch.Tensor) -> torch.Tensor | None:
    """t.grad without the non-leaf UserWarning reaching the learner's warnings."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return t.grad


def encode_tensor(t: torch.Tensor) -> Value:
    grad_fn = t.grad_fn
    value: Value = {
        "kind": "tensor",
        "dtype": str(t.dtype).removeprefix("torch."),
        "shape": list(t.shape),
        "requires_grad": bool(t.requires_grad),
        "is_leaf": bool(t.is_leaf),
        "grad_fn": type(grad_fn).__name__ if grad_fn is not None else None,
        "grad_is_none": read_grad(t) is None,
        "retains_grad": bool(t.retains_grad),
        "is_parameter": isinstance(t, torch.nn.Parameter),
        "truncated": True,
    }
    if t.numel() > MAX_TENSOR_ELEMENTS:
        return value
    try:
        data = t.detach()
        if data.layout != torch.strided:
            data = data.to_dense()
        if data.is_quantized:
            data = data.dequantize()
        raw = data.cpu().tolist()
    except Exception:  # meta tensors and other exotic layouts have no values to show
        return value
    value["values"] = _wire_elements(raw, data.is_complex())
    value["truncated"] = False
    return value


def _wire_elements(x: Any, is_complex: bool) -> Any:
    if isinstance(x, list):
        return [_wire_elements(i, is_complex) for i in x]
    if is_complex:
        c = complex(x)
        return [wire_float(c.real), wire_float(c.imag)]
    if isinstance(x, float):
        return wire_float(x)
    return x


def _flat(x: Any) -> list[Any]:
    if not isinstance(x, list):
        return [x]
    return [y for item in x for y in _flat(item)]
