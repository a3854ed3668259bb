"""The grammar of numbers and tensor(...) literals, as torch prints them.

A mixin of the parser (`parse._Parser`): it uses `value()` and `angle()` from there.
"""

from __future__ import annotations

from typing import Any

from gradtutor.compare.lexer import Scanner, _Token
from gradtutor.compare.values import (
    DTYPES,
    Value,
    dtype_class,
    dtype_name,
    list_value,
    nested_shape,
    numel,
    scalar,
    tensor_from_literal,
)
from gradtutor.facts import Fact

SPECIAL_FLOATS = {"nan": float("nan"), "inf": float("inf"), "NaN": float("nan"),
                  "NAN": float("nan"), "Inf": float("inf"), "INF": float("inf")}
NUMBER_NAMES = (*SPECIAL_FLOATS, "nanj", "infj")
_TENSOR_KEYWORDS = ("dtype", "requires_grad", "grad_fn", "size", "device")


class TensorRules(Scanner):
    """Numbers (real and complex), shapes, and tensor(...) with its settings."""

    def number(self) -> bool | int | float | complex:
        """A real number, or a complex one written `1+2j` / `1.-2.0000j`."""
        start = self.peek()
        real = self.signed()
        tok = self.peek()
        if isinstance(real, complex) or not (tok.kind == "punct" and tok.text in "+-"):
            return real
        imag = self.signed()
        if not isinstance(imag, complex):
            raise self.error(Fact("compare.parse.imaginary"),
                             start.start)
        try:
            return complex(real, imag.imag)
        except OverflowError:  # an int real part past what a float holds
            raise self.error(Fact("compare.parse.complex_too_large"), start.start) from None

    def signed(self) -> int | float | complex:
        sign = 1
        tok = self.peek()
        if tok.kind == "punct" and tok.text in "+-":
            sign = -1 if tok.text == "-" else 1
            self.next()
            tok = self.peek()
        if tok.kind == "num":
            self.next()
            text = tok.text
            if text[-1] in "jJ":
                return complex(0, sign * float(text[:-1]))
            if any(c in text for c in ".eE"):
                return sign * float(text)
            return sign * int(text)
        if tok.kind == "name" and tok.text in SPECIAL_FLOATS:
            self.next()
            return sign * SPECIAL_FLOATS[tok.text]
        if tok.kind == "name" and tok.text in ("nanj", "infj"):
            self.next()
            return complex(0, sign * float(tok.text[:-1]))
        raise self.error(Fact("compare.parse.number"), tok.start, tok)

    def tensor_data(self) -> Any:
        """Numbers, bools or nested lists of them; rows must have equal lengths."""
        tok = self.peek()
        if tok.kind == "punct" and tok.text == "[":
            self.enter(self.next())
            starts: list[_Token] = []

            def item() -> Any:
                starts.append(self.peek())
                return self.tensor_data()

            rows = self.sequence("]", item)
            self.depth -= 1
            shapes = [nested_shape(r) for r in rows]
            for row_tok, shape in zip(starts[1:], shapes[1:], strict=True):
                if shape != shapes[0]:
                    raise self.error(Fact.of("compare.parse.row", row=_length(shape),
                                             first=_length(shapes[0])), row_tok.start)
            return rows
        if tok.kind == "name" and (tok.text.lower() == "true" or tok.text.lower() == "false"):
            self.next()
            return tok.text.lower() == "true"
        if tok.kind == "ellipsis":
            raise self.error(Fact("compare.parse.ellipsis"), tok.start)
        if tok.kind in ("num", "punct") or tok.text in NUMBER_NAMES:
            return self.number()
        raise self.error(Fact("compare.parse.number"), tok.start, tok)

    def tensor(self, first: _Token, *, parameter: bool = False) -> Value:
        open_ = self.peek()
        self.expect("(", "after", "tensor")
        if self.at(")"):
            raise self.error(Fact("compare.parse.no_values"), open_.end)
        data_tok = self.peek()
        data = self.tensor_data()
        kwargs: dict[str, Any] = {}
        while self.at(","):
            self.next()
            if self.at(")"):
                break
            key_tok = self.peek()
            if key_tok.kind != "name":
                raise self.error(Fact("compare.parse.setting"), key_tok.start, key_tok)
            if key_tok.text not in _TENSOR_KEYWORDS:
                raise self.error(Fact.of("compare.parse.setting_unknown", name=key_tok.text,
                                         known=", ".join(_TENSOR_KEYWORDS)), key_tok.start)
            if key_tok.text in kwargs:
                raise self.error(Fact.of("compare.parse.twice", name=key_tok.text), key_tok.start)
            self.next()
            self.expect("=", "after", key_tok.text)
            kwargs[key_tok.text] = self.keyword(key_tok.text)
        self.expect(")", "to_close", "tensor(")
        return self.build_tensor(data, data_tok, kwargs, parameter)

    def keyword(self, key: str) -> Any:
        tok = self.peek()
        if key == "dtype":
            if tok.kind != "name":
                raise self.error(Fact("compare.parse.dtype"), tok.start, tok)
            name, _ = self.dotted_name()
            if dtype_name(name) not in DTYPES:
                raise self.error(Fact.of("compare.parse.dtype_unknown", name=name), tok.start)
            return dtype_name(name)
        if key == "requires_grad":
            if tok.kind == "name" and (tok.text.lower() == "true" or tok.text.lower() == "false"):
                self.next()
                return tok.text.lower() == "true"
            raise self.error(Fact("compare.parse.true_false"), tok.start, tok)
        if key == "grad_fn":
            if tok.kind == "angle":
                self.next()
                return self.angle(tok)["name"]
            if tok.kind == "name":
                name, _ = self.dotted_name()
                return None if name.lower() == "none" else name.rsplit(".", 1)[-1]
            raise self.error(Fact("compare.parse.grad_fn"), tok.start, tok)
        if key == "size":
            if tok.kind == "name" and tok.text in ("torch", "Size"):
                self.dotted_name()
                self.expect("(")
                sizes = self.int_list("size")
                self.expect(")")
                return sizes
            return self.int_list("size")
        # device: accepted and ignored, the grader runs on one device.
        self.value()
        return None

    def build_tensor(self, data: Any, data_tok: _Token, kwargs: dict[str, Any],
                     parameter: bool) -> Value:
        written = [k for k in kwargs if k != "device"]
        if parameter:
            written.append("is_parameter")
        shape = nested_shape(data)
        size = kwargs.get("size")
        if size is not None:
            written_count = numel(shape or [])  # shape is never None: rows were checked
            if written_count == 0 and numel(size) != 0:
                raise self.error(Fact.of("compare.parse.size_empty", size=str(tuple(size))),
                                 data_tok.start)
            if written_count != 0 and shape != size:
                raise self.error(Fact.of("compare.parse.size_mismatch", size=str(tuple(size))),
                                 data_tok.start)
        dtype = kwargs.get("dtype")
        if dtype is not None and dtype_class(dtype) == "int" and any(
            isinstance(n, float | complex) and n != n  # nan has no integer form
            for n in _flat(data)
        ):
            raise self.error(Fact.of("compare.parse.int_nan", dtype=dtype), data_tok.start)
        try:
            return tensor_from_literal(
                data, dtype, shape=size, written=written,
                requires_grad=bool(kwargs.get("requires_grad", False)),
                grad_fn=kwargs.get("grad_fn"), is_parameter=parameter,
            )
        except (ValueError, OverflowError) as exc:
            raise self.error(Fact.of("compare.parse.literal", detail=str(exc)), data_tok.start) \
                from None

    def size_call(self) -> Value:
        self.expect("(")
        sizes = self.int_list("torch.Size")
        self.expect(")", "to_close", "torch.Size(")
        return list_value([scalar(s) for s in sizes], tuple_=True)

    def int_list(self, what: str) -> list[int]:
        """`[2, 3]` or `(2, 3)`: a shape."""
        tok = self.peek()
        if not (tok.kind == "punct" and tok.text in "[("):
            raise self.error(Fact.of("compare.parse.sizes", what=what), tok.start, tok)
        self.next()

        def one() -> int:
            t = self.peek()
            if t.kind != "num" or not t.text.isdigit():
                raise self.error(Fact("compare.parse.whole_number"), t.start, t)
            self.next()
            return int(t.text)

        return self.sequence("]" if tok.text == "[" else ")", one)


def _flat(data: Any) -> list[Any]:
    if isinstance(data, list):
        return [x for d in data for x in _flat(d)]
    return [data]


def _length(shape: list[int] | None) -> Fact:
    if not shape:
        return Fact("compare.parse.single")
    return Fact.of("compare.parse.values", n=shape[0])
