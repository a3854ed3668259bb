"""Helpers over typed values: the JSON-able wire format shared by sandbox and compare.

A value is a plain dict with a "kind" key; see docs/architecture.md, "Typed values". This
module builds, checks and describes such dicts. It never imports torch: it runs in the grader.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from typing import Any

from gradtutor.values.floats import float_from_wire as float_from_wire
from gradtutor.values.floats import float_to_wire as float_to_wire
from gradtutor.values.validate import KINDS as KINDS
from gradtutor.values.validate import validate_value as _validate_value

Value = dict[str, Any]


# Tensor attributes a prediction can state; a parsed prediction lists the ones the learner
# actually wrote under "written" (the others hold torch's defaults for such a repr).
WRITABLE = ("dtype", "requires_grad", "grad_fn", "is_parameter", "size")

FLOATING_DTYPES = frozenset({
    "float16", "float32", "float64", "bfloat16",
    "float8_e4m3fn", "float8_e4m3fnuz", "float8_e5m2", "float8_e5m2fnuz", "float8_e8m0fnu",
})
COMPLEX_DTYPES = frozenset({"complex32", "complex64", "complex128"})
INTEGER_DTYPES = frozenset({
    "uint8", "uint16", "uint32", "uint64", "int8", "int16", "int32", "int64",
})
DTYPES = FLOATING_DTYPES | COMPLEX_DTYPES | INTEGER_DTYPES | {"bool"}
DTYPE_ALIASES = {
    "float": "float32", "double": "float64", "half": "float16", "cfloat": "complex64",
    "cdouble": "complex128", "chalf": "complex32", "long": "int64", "int": "int32",
    "short": "int16",
}
# The dtypes torch's repr leaves unsaid (`has_default_dtype` in torch/_tensor_str.py).
REPR_DEFAULT_DTYPES = frozenset({"float32", "complex64", "int64", "bool"})
# The dtype torch.tensor() infers from a literal of each class.
LITERAL_DTYPES = {"bool": "bool", "int": "int64", "float": "float32", "complex": "complex64"}


# ----------------------------------------------------------------------------- dtypes

def dtype_name(name: str) -> str:
    """Canonical short dtype name: 'torch.float' -> 'float32', 'float64' -> 'float64'."""
    short = name.removeprefix("torch.")
    return DTYPE_ALIASES.get(short, short)


def dtype_class(name: str) -> str | None:
    """'bool', 'int', 'float' or 'complex' for a dtype name; None if unknown."""
    short = dtype_name(name)
    if short == "bool":
        return "bool"
    if short in INTEGER_DTYPES:
        return "int"
    if short in FLOATING_DTYPES:
        return "float"
    if short in COMPLEX_DTYPES:
        return "complex"
    return None


def is_dtype_name(name: str) -> bool:
    """True for 'torch.float32', 'torch.long', 'float64' (not for bare Python 'float', 'int')."""
    if name.startswith("torch."):
        return dtype_name(name) in DTYPES
    return name in DTYPES and name != "bool"


# ----------------------------------------------------------------------------- numbers

def number_from_wire(x: Any, dclass: str | None) -> bool | int | float | complex:
    """One tensor element as a Python number, given its dtype class."""
    if dclass == "complex":
        re_, im = x
        return complex(float_from_wire(re_), float_from_wire(im))
    if dclass == "bool":
        if not isinstance(x, bool):
            raise ValueError(f"not a bool: {x!r}")
        return x
    if dclass == "int":
        if isinstance(x, bool) or not isinstance(x, int):
            raise ValueError(f"not an int: {x!r}")
        return x
    return float_from_wire(x)


def number_to_wire(x: bool | int | float | complex, dclass: str) -> Any:
    """A Python number as one element of a tensor of dtype class `dclass`."""
    if dclass == "complex":
        c = complex(x)
        return [float_to_wire(c.real), float_to_wire(c.imag)]
    if dclass == "bool":
        return bool(x)
    if dclass == "int":
        return int(x.real) if isinstance(x, complex) else int(x)
    return float_to_wire(float(x.real if isinstance(x, complex) else x))


# ----------------------------------------------------------------------------- constructors

def none() -> Value:
    return {"kind": "none"}


def scalar(x: bool | int | float | complex | str | None) -> Value:
    """The typed value of a Python scalar."""
    if x is None:
        return none()
    if isinstance(x, bool):
        return {"kind": "bool", "value": x}
    if isinstance(x, int):
        return {"kind": "int", "value": x}
    if isinstance(x, float):
        return {"kind": "float", "value": float_to_wire(x)}
    if isinstance(x, complex):
        return {"kind": "complex", "real": float_to_wire(x.real), "imag": float_to_wire(x.imag)}
    return {"kind": "str", "value": x}


def list_value(items: list[Value], *, tuple_: bool = False) -> Value:
    return {"kind": "list", "items": items, "tuple": tuple_}


def tensor_value(
    values: Any, shape: list[int], dtype: str, *,
    requires_grad: bool = False, grad_fn: str | None = None, is_parameter: bool = False,
    grad_is_none: bool = True, retains_grad: bool = False, written: list[str] | None = None,
) -> Value:
    """A tensor value; `written` marks a parsed prediction (see docs/comparison.md)."""
    v: Value = {
        "kind": "tensor", "dtype": dtype_name(dtype), "shape": list(shape), "values": values,
        "requires_grad": requires_grad or grad_fn is not None, "is_leaf": grad_fn is None,
        "grad_fn": grad_fn, "grad_is_none": grad_is_none, "retains_grad": retains_grad,
        "is_parameter": is_parameter, "truncated": False,
    }
    if written is not None:
        v["written"] = sorted(set(written))
    return v


def literal_class(numbers: list[bool | int | float | complex]) -> str | None:
    """The dtype class torch.tensor() infers from these Python numbers (None if empty)."""
    if not numbers:
        return None
    if all(isinstance(n, bool) for n in numbers):
        return "bool"
    if any(isinstance(n, complex) for n in numbers):
        return "complex"
    if any(isinstance(n, float) for n in numbers):
        return "float"
    return "int"


def nested_shape(data: Any) -> list[int] | None:
    """Shape of a nested list of numbers, or None if it is ragged."""
    if not isinstance(data, list):
        return []
    if not data:
        return [0]
    shapes = [nested_shape(d) for d in data]
    first = shapes[0]
    if first is None or any(s != first for s in shapes):
        return None
    return [len(data), *first]


def flat_numbers(data: Any) -> list[Any]:
    if isinstance(data, list):
        return [x for d in data for x in flat_numbers(d)]
    return [data]


def map_nested(data: Any, fn: Any) -> Any:
    if isinstance(data, list):
        return [map_nested(d, fn) for d in data]
    return fn(data)


def tensor_from_literal(
    data: Any, dtype: str | None = None, *, shape: list[int] | None = None,
    written: list[str] | None = None, **flags: Any,
) -> Value:
    """Build a tensor value from Python numbers nested in lists, as torch.tensor() would.

    Raises ValueError if the data is ragged or not numeric.
    """
    found = nested_shape(data)
    if found is None:
        raise ValueError("the rows have different lengths")
    numbers = flat_numbers(data)
    for n in numbers:
        if not isinstance(n, bool | int | float | complex):
            raise ValueError(f"{n!r} is not a number")
    if dtype is None:
        dtype = LITERAL_DTYPES[literal_class(numbers) or "float"]
    dclass = dtype_class(dtype) or "float"
    values = map_nested(data, lambda n: number_to_wire(n, dclass))
    if shape is not None and not numbers:
        values = empty_values(shape)  # tolist() of a (2, 0) tensor is [[], []]
    return tensor_value(values, shape if shape is not None else found, dtype,
                        written=written, **flags)


def empty_values(shape: list[int]) -> Any:
    """Nested lists as tolist() gives them for an empty tensor of this shape."""
    if len(shape) <= 1:
        return []
    return [empty_values(shape[1:]) for _ in range(shape[0])]


def value_from_python(x: Any) -> Value:
    """Typed value of nested Python lists/tuples/dicts of scalars (handy in tests and tools)."""
    if isinstance(x, list | tuple):
        return list_value([value_from_python(i) for i in x], tuple_=isinstance(x, tuple))
    if isinstance(x, dict):
        return {"kind": "dict",
                "items": [[value_from_python(k), value_from_python(v)] for k, v in x.items()]}
    return scalar(x)


# ----------------------------------------------------------------------------- reading values

_Element = tuple[tuple[int, ...], Any]


def tensor_elements(value: Value) -> Iterator[_Element]:
    """(index, Python number) for every element of a (not truncated) tensor value."""
    shape = [int(s) for s in value["shape"]]
    dclass = dtype_class(value["dtype"])

    def walk(data: Any, depth: int, index: tuple[int, ...]) -> Iterator[_Element]:
        if depth == len(shape):
            yield index, number_from_wire(data, dclass)
            return
        if not isinstance(data, list) or len(data) != shape[depth]:
            raise ValueError("tensor values do not match its shape")
        for i, d in enumerate(data):
            yield from walk(d, depth + 1, (*index, i))

    yield from walk(value["values"], 0, ())


def numel(shape: list[int]) -> int:
    return math.prod(shape)


def validate_value(value: Any, path: str = "value") -> None:
    """Raise ValueError naming the first thing wrong with a wire-format value: the one check
    (gradtutor.values), allowing a parsed prediction's annotations."""
    _validate_value(value, path, annotations=True)


# ----------------------------------------------------------------------------- describing

def article(word: str) -> str:
    """'a' or 'an' for a following word (by spelling, good enough for type names)."""
    return "an" if word[:1].lower() in "aeiou" else "a"
