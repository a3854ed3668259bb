"""format_value: show a typed value the way torch and Python print it.

The tensor layout follows torch/_tensor_str.py with default print options (4 decimals,
linewidth 80, summarised above 1000 elements with 3 edge items), so feedback looks like what
learners see in their own terminal.
"""

from __future__ import annotations

import math
from typing import Any

from gradtutor.compare.values import (
    REPR_DEFAULT_DTYPES,
    Value,
    dtype_class,
    dtype_name,
    float_from_wire,
    number_from_wire,
    numel,
)

PRECISION = 4
LINEWIDTH = 80
THRESHOLD = 1000
EDGEITEMS = 3


def format_value(value: Value) -> str:
    """Render a typed value as torch/Python would print it (close, not byte-exact)."""
    kind = value.get("kind")
    if kind == "none":
        return "None"
    if kind in ("bool", "int"):
        return repr(value["value"])
    if kind == "float":
        return repr(float_from_wire(value["value"]))
    if kind == "complex":
        return repr(complex(float_from_wire(value["real"]), float_from_wire(value["imag"])))
    if kind == "str":
        return repr(value["value"])
    if kind == "list":
        items = [format_value(i) for i in value["items"]]
        if value.get("tuple"):
            return "(" + items[0] + ",)" if len(items) == 1 else "(" + ", ".join(items) + ")"
        return "[" + ", ".join(items) + "]"
    if kind == "dict":
        pairs = [f"{format_value(k)}: {format_value(v)}" for k, v in value["items"]]
        return "{" + ", ".join(pairs) + "}"
    if kind == "tensor":
        return format_tensor(value)
    if kind == "dtype":
        return "torch." + dtype_name(value["value"])
    if kind == "grad_fn":
        # The address differs from run to run; "0x..." says so without inventing one.
        return f"<{value['name']} object at 0x...>"
    if kind == "type":
        return str(value["name"])
    if kind == "error":
        message = str(value.get("message") or "")
        return f"{value['type']}: {message}" if message else str(value["type"])
    if kind == "other":
        return str(value.get("repr") or f"<{value.get('type', 'object')} object>")
    return repr(value)


# ----------------------------------------------------------------------------- tensors

class _Formatter:
    """Port of torch's _Formatter: one width and one style for all elements shown."""

    def __init__(self, xs: list[Any], floating: bool) -> None:
        self.floating = floating
        self.int_mode = True
        self.sci_mode = False
        self.max_width = 1
        if not floating:
            for x in xs:
                self.max_width = max(self.max_width, len(str(x)))
            return
        finite = [x for x in xs if math.isfinite(x) and x != 0]
        if not finite:
            return
        absolute = [abs(x) for x in finite]
        lo, hi = min(absolute), max(absolute)
        self.int_mode = all(x == math.ceil(x) for x in finite)
        if self.int_mode:
            if hi / lo > 1000.0 or hi > 1.0e8:
                self.sci_mode = True
                widths = [len(f"{x:.{PRECISION}e}") for x in finite]
            else:
                widths = [len(f"{x:.0f}") + 1 for x in finite]
        elif hi / lo > 1000.0 or hi > 1.0e8 or lo < 1.0e-4:
            self.sci_mode = True
            widths = [len(f"{x:.{PRECISION}e}") for x in finite]
        else:
            widths = [len(f"{x:.{PRECISION}f}") for x in finite]
        self.max_width = max(self.max_width, *widths)

    def format(self, x: Any) -> str:
        if not self.floating:
            text = str(x)
        elif self.sci_mode:
            text = f"{x:{self.max_width}.{PRECISION}e}"
        elif self.int_mode:
            text = f"{x:.0f}" + ("." if math.isfinite(x) else "")
        else:
            text = f"{x:.{PRECISION}f}"
        return text.rjust(self.max_width)


def _summarized(data: Any, dim: int, summarize: bool) -> list[Any]:
    """The elements torch will show (the edges when summarising), flattened."""
    if dim == 0:
        return [data]
    rows = data
    if summarize and len(data) > 2 * EDGEITEMS:
        rows = data[:EDGEITEMS] + data[-EDGEITEMS:]
    return [x for row in rows for x in _summarized(row, dim - 1, summarize)]


class _Layout:
    def __init__(self, real: _Formatter, imag: _Formatter | None) -> None:
        self.real, self.imag = real, imag

    def element(self, x: Any) -> str:
        if self.imag is None:
            return self.real.format(x)
        real = self.real.format(x.real)
        imag = (self.imag.format(x.imag) + "j").lstrip()
        return real + imag if imag[0] in "+-" else real + "+" + imag

    def width(self) -> int:
        width = self.real.max_width + 2
        if self.imag is not None:
            width += self.imag.max_width + 1
        return width

    def vector(self, data: list[Any], indent: int, summarize: bool) -> str:
        per_line = max(1, (LINEWIDTH - indent) // self.width())
        if summarize and len(data) > 2 * EDGEITEMS:
            cells = ([self.element(x) for x in data[:EDGEITEMS]] + [" ..."]
                     + [self.element(x) for x in data[-EDGEITEMS:]])
        else:
            cells = [self.element(x) for x in data]
        lines = [", ".join(cells[i:i + per_line]) for i in range(0, len(cells), per_line)]
        return "[" + (",\n" + " " * (indent + 1)).join(lines) + "]"

    def tensor(self, data: Any, dim: int, indent: int, summarize: bool) -> str:
        if dim == 0:
            return self.element(data)
        if dim == 1:
            return self.vector(data, indent, summarize)
        if summarize and len(data) > 2 * EDGEITEMS:
            slices = ([self.tensor(d, dim - 1, indent + 1, summarize) for d in data[:EDGEITEMS]]
                      + ["..."]
                      + [self.tensor(d, dim - 1, indent + 1, summarize)
                         for d in data[-EDGEITEMS:]])
        else:
            slices = [self.tensor(d, dim - 1, indent + 1, summarize) for d in data]
        return "[" + ("," + "\n" * (dim - 1) + " " * (indent + 1)).join(slices) + "]"


def _body(value: Value, indent: int) -> str:
    shape = [int(s) for s in value["shape"]]
    count = numel(shape)
    if count == 0:
        return "[]"
    if value.get("truncated"):
        return "[...]"
    dclass = dtype_class(value["dtype"])
    data = _nest_wire(value["values"], len(shape), dclass)
    summarize = count > THRESHOLD
    shown = _summarized(data, len(shape), summarize)
    if dclass == "complex":
        layout = _Layout(_Formatter([x.real for x in shown], True),
                         _Formatter([x.imag for x in shown], True))
    else:
        layout = _Layout(_Formatter(shown, dclass not in ("int", "bool")), None)
    return layout.tensor(data, len(shape), indent, summarize)


def _nest_wire(data: Any, dim: int, dclass: str | None) -> Any:
    if dim == 0:
        return number_from_wire(data, dclass)
    return [_nest_wire(d, dim - 1, dclass) for d in data]


def _add_suffixes(text: str, suffixes: list[str], indent: int) -> str:
    parts = [text]
    last_line = len(text) - text.rfind("\n") + 1
    for suffix in suffixes:
        if last_line + len(suffix) + 2 > LINEWIDTH:
            parts.append(",\n" + " " * indent + suffix)
            last_line = indent + len(suffix)
        else:
            parts.append(", " + suffix)
            last_line += len(suffix) + 2
    return "".join(parts) + ")"


def format_tensor(value: Value) -> str:
    prefix = "tensor("
    indent = len(prefix)
    shape = [int(s) for s in value["shape"]]
    dtype = dtype_name(value["dtype"])
    suffixes: list[str] = []
    if numel(shape) == 0:
        if len(shape) != 1:
            suffixes.append(f"size={_shape_tuple(shape)}")
        if dtype != "float32":
            suffixes.append(f"dtype=torch.{dtype}")
    else:
        if value.get("truncated"):
            suffixes.append(f"size={_shape_tuple(shape)}")
        if dtype not in REPR_DEFAULT_DTYPES:
            suffixes.append(f"dtype=torch.{dtype}")
    if value.get("grad_fn"):
        suffixes.append(f"grad_fn=<{value['grad_fn']}>")
    elif value.get("requires_grad"):
        suffixes.append("requires_grad=True")
    text = _add_suffixes(prefix + _body(value, indent), suffixes, indent)
    return "Parameter containing:\n" + text if value.get("is_parameter") else text


def _shape_tuple(shape: list[int]) -> str:
    """Python's tuple spelling, which torch uses for size=: (2,), (0, 3), ()."""
    if len(shape) == 1:
        return f"({shape[0]},)"
    return "(" + ", ".join(str(s) for s in shape) + ")"


def shape_text(shape: list[int]) -> str:
    return _shape_tuple([int(s) for s in shape])


__all__ = ["format_tensor", "format_value", "shape_text"]
