"""The one check of a typed value (docs/architecture.md, "Typed values"), of one strictness.

Every reader of typed values uses it: the sandbox controller on what a child sends, compare
on both sides of a comparison, explain on probe results. Exactly the documented fields; a
parsed prediction may carry its two documented annotations (`written`, `bare`) when the
caller allows them. Pure Python, no torch.
"""

from __future__ import annotations

import math
from typing import Any

from gradtutor.values.limits import (
    MAX_DEPTH,
    MAX_REPR_CHARS,
    MAX_STR_CHARS,
    MAX_TENSOR_ELEMENTS,
)

KINDS = frozenset({
    "none", "bool", "int", "float", "complex", "str", "list", "dict", "tensor",
    "dtype", "grad_fn", "type", "other", "error",
})
NONFINITE = frozenset({"nan", "inf", "-inf"})
TENSOR_FLAGS = ("requires_grad", "is_leaf", "grad_is_none", "retains_grad", "is_parameter",
                "truncated")
ANNOTATIONS = frozenset({"written", "bare"})  # a parsed prediction's, docs/comparison.md


class ValueFormatError(ValueError):
    """A typed value that does not follow the wire format; str() says where and what."""


def _is_int(x: Any) -> bool:
    return isinstance(x, int) and not isinstance(x, bool)


def _is_float(x: Any) -> bool:
    return (isinstance(x, float) and math.isfinite(x)) or (isinstance(x, str) and x in NONFINITE)


def _number(x: Any) -> bool:
    return _is_float(x) or (_is_int(x) and not isinstance(x, bool))


def _text(limit: int) -> Any:
    return lambda v: isinstance(v, str) and len(v) <= limit


_FIELDS: dict[str, dict[str, Any]] = {
    "none": {},
    "bool": {"value": lambda v: isinstance(v, bool)},
    "int": {"value": _is_int},
    "float": {"value": _number},
    "complex": {"real": _number, "imag": _number},
    "str": {"value": _text(MAX_STR_CHARS)},
    "dtype": {"value": _text(MAX_REPR_CHARS)},
    "grad_fn": {"name": _text(MAX_REPR_CHARS)},
    "type": {"name": _text(MAX_REPR_CHARS)},
    "other": {"type": _text(MAX_REPR_CHARS), "repr": _text(MAX_REPR_CHARS)},
    "error": {"type": _text(MAX_REPR_CHARS), "message": _text(MAX_STR_CHARS)},
}


def validate_value(value: Any, path: str = "value", *, annotations: bool = False) -> None:
    """Raise ValueFormatError naming the first thing wrong with `value`.

    `annotations` allows a parsed prediction's `written`/`bare` keys (never from a child).
    """
    _check(value, path, 0, annotations)


def _fail(path: str, what: str) -> None:
    raise ValueFormatError(f"{path}: {what}")


def _fields(value: dict[str, Any], required: set[str], path: str, annotations: bool) -> None:
    extra = set(value) - required
    if annotations:
        extra -= ANNOTATIONS
    if extra or not required <= set(value):
        _fail(path, f"wrong fields for a {value['kind']} value")


def _check(value: Any, path: str, depth: int, annotations: bool) -> None:
    if depth > MAX_DEPTH:
        _fail(path.split("[", 1)[0].split(" ", 1)[0], "nested too deeply")
    if not isinstance(value, dict) or value.get("kind") not in KINDS:
        _fail(path, "not a typed value")
    kind = value["kind"]
    if kind in _FIELDS:
        checks = _FIELDS[kind]
        _fields(value, {"kind", *checks}, path, annotations)
        for name, ok in checks.items():
            if not ok(value[name]):
                _fail(path, f"{kind}.{name} is malformed")
    elif kind == "list":
        _fields(value, {"kind", "items", "tuple"}, path, annotations)
        if not isinstance(value["items"], list) or not isinstance(value["tuple"], bool):
            _fail(path, "malformed list")
        for i, item in enumerate(value["items"]):
            _check(item, f"{path}[{i}]", depth + 1, annotations)
    elif kind == "dict":
        _fields(value, {"kind", "items"}, path, annotations)
        if not isinstance(value["items"], list):
            _fail(path, "malformed dict")
        for i, pair in enumerate(value["items"]):
            if not isinstance(pair, list) or len(pair) != 2:
                _fail(path, f"malformed dict item {i}")
            _check(pair[0], f"{path} key {i}", depth + 1, annotations)
            _check(pair[1], f"{path} value {i}", depth + 1, annotations)
    else:
        _tensor(value, path, annotations)
    if annotations and "written" in value and not (
            isinstance(value["written"], list) and all(isinstance(w, str)
                                                       for w in value["written"])):
        _fail(path, "malformed annotation 'written'")


def _tensor(value: dict[str, Any], path: str, annotations: bool) -> None:
    base = {"kind", "dtype", "shape", "grad_fn", *TENSOR_FLAGS}
    truncated = value.get("truncated")
    _fields(value, base if truncated else base | {"values"}, path, annotations)
    if not isinstance(value["dtype"], str) or len(value["dtype"]) > 64:
        _fail(path, "tensor.dtype is malformed")
    shape = value["shape"]
    if not (isinstance(shape, list) and len(shape) <= MAX_DEPTH
            and all(_is_int(n) and n >= 0 for n in shape)):
        _fail(path, "tensor.shape is malformed")
    if value["grad_fn"] is not None and not _text(MAX_REPR_CHARS)(value["grad_fn"]):
        _fail(path, "tensor.grad_fn is malformed")
    for flag in TENSOR_FLAGS:
        if not isinstance(value[flag], bool):
            _fail(path, f"tensor.{flag} is not a bool")
    if truncated:
        return
    if math.prod(shape) > MAX_TENSOR_ELEMENTS:
        _fail(path, "tensor has too many values")
    _elements(value["values"], shape, value["dtype"].startswith("complex"), path)


def _elements(values: Any, shape: list[int], is_complex: bool, path: str) -> None:
    if not shape:
        if is_complex:
            ok = isinstance(values, list) and len(values) == 2 and all(map(_number, values))
        else:
            ok = isinstance(values, bool) or _number(values)
        if not ok:
            _fail(path, "malformed tensor element")
        return
    if not isinstance(values, list) or len(values) != shape[0]:
        _fail(path, "tensor values do not match its shape")
    for item in values:
        _elements(item, shape[1:], is_complex, path)
