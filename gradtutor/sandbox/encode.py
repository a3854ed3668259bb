"""Encode Python/torch objects as typed values (wire format in docs/architecture.md).

Runs in the child (and in the zygote's warm-up). Never raises: anything that cannot be encoded
becomes an `other` or `error` value.
"""

from __future__ import annotations

import math
import warnings
from typing import Any

import numpy as np
import torch

from gradtutor.sandbox.protocol import MAX_REPR_CHARS, MAX_TENSOR_ELEMENTS

MAX_ITEMS = 10_000      # per list/tuple/dict; larger containers become `other`
MAX_NEST = 32           # deeper containers become `other`
MAX_STR_CHARS = 1 << 20
MAX_INT_BITS = 10_000   # json.dumps refuses ints with more than 4300 digits

Value = dict[str, Any]


def wire_float(x: float) -> float | str:
    if math.isnan(x):
        return "nan"
    if math.isinf(x):
        return "inf" if x > 0 else "-inf"
    return x


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


def encode(obj: Any, depth: int = 0) -> Value:
    """The typed value of `obj`."""
    try:
        return _encode(obj, depth)
    except Exception as e:  # a hostile __len__/__iter__ or an odd tensor
        return {"kind": "error", "type": type(e).__name__,
                "message": safe_str(e)[:MAX_REPR_CHARS]}


def _encode(obj: Any, depth: int) -> Value:
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
            return other(obj)
        return {"kind": "str", "value": str(obj)}
    if isinstance(obj, torch.Tensor):
        return encode_tensor(obj)
    if isinstance(obj, torch.dtype):
        return {"kind": "dtype", "value": str(obj)}
    if isinstance(obj, torch.autograd.graph.Node):
        return {"kind": "grad_fn", "name": type(obj).__name__}
    if isinstance(obj, type):
        return {"kind": "type", "name": obj.__name__}
    if isinstance(obj, list | tuple):
        if depth >= MAX_NEST or len(obj) > MAX_ITEMS:
            return other(obj)
        return {"kind": "list", "tuple": isinstance(obj, tuple),
                "items": [encode(x, depth + 1) for x in obj]}
    if isinstance(obj, dict):
        if depth >= MAX_NEST or len(obj) > MAX_ITEMS:
            return other(obj)
        return {"kind": "dict",
                "items": [[encode(k, depth + 1), encode(v, depth + 1)] for k, v in obj.items()]}
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
