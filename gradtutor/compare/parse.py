"""parse_prediction: read a learner's answer into a typed value, without eval.

A small tokenizer and a recursive-descent parser over what torch and Python print: tensors
with their flags, numbers, None/True/False, strings, lists, tuples, dicts, dtypes, grad_fns
and exception or class names. Learner text is untrusted, so nothing here evaluates it.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from typing import Any

from gradtutor.compare.values import (
    DTYPES,
    Value,
    dtype_class,
    dtype_name,
    is_dtype_name,
    list_value,
    nested_shape,
    none,
    numel,
    scalar,
    tensor_from_literal,
)
from gradtutor.facts import Fact

MAX_LENGTH = 1_000_000
MAX_DEPTH = 64

_NUMBER = re.compile(r"(?:\d+\.\d*|\.\d+|\d+)(?:[eE][-+]?\d+)?[jJ]?")
_NAME = re.compile(r"[^\W\d]\w*")
_PUNCT = "()[]{},=:+-."
_GRAD_FN = re.compile(r"[A-Za-z_]\w*Backward\d*|AccumulateGrad")
_ANGLE_CLASS = re.compile(r"class\s+['\"]([\w.]+)['\"]")
_ANGLE_OBJECT = re.compile(r"([\w.]+)(?:\s+object(?:\s+at\s+\S*)?)?")
# Python's constants None/True/False are read in any case (`none`, `TRUE`): a learner's
# spelling, not a new name.
_SPECIAL_FLOATS = {"nan": float("nan"), "inf": float("inf"), "NaN": float("nan"),
                   "NAN": float("nan"), "Inf": float("inf"), "INF": float("inf")}
_NUMBER_NAMES = (*_SPECIAL_FLOATS, "nanj", "infj")
_TENSOR_KEYWORDS = ("dtype", "requires_grad", "grad_fn", "size", "device")


class PredictionError(ValueError):
    """A prediction that could not be read: `fact` says what (a key of the compare area, for
    the learner's language), `located()` also where. str() is that fact rendered, when the
    message catalogue is loaded."""

    def __init__(self, message: Fact, column: int, line: int = 1) -> None:
        self.message = message
        self.column = column
        self.line = line
        super().__init__(message.key)

    @property
    def fact(self) -> Fact:
        return self.message

    def located(self) -> Fact:
        if self.line > 1:
            return Fact.of("compare.parse.at_line", message=self.message, line=self.line,
                           column=self.column)
        return Fact.of("compare.parse.at", message=self.message, column=self.column)

    def __str__(self) -> str:
        return str(self.located())

    def caret(self, text: str) -> str:
        """The offending line of `text` with a ^ under the column, for terminals."""
        lines = text.split("\n")
        line = lines[self.line - 1] if 0 < self.line <= len(lines) else ""
        return f"{line}\n{' ' * (self.column - 1)}^"


@dataclass(frozen=True)
class _Token:
    kind: str  # num, name, str, angle, punct, ellipsis, end
    text: str
    start: int
    end: int
    value: Any = None


def parse_prediction(text: str) -> Value:
    """Parse a learner's prediction into a typed value (see docs/comparison.md).

    Raises PredictionError with a message such as "expected ']' at column 12".
    """
    return _Parser(text).parse()


class _Parser:
    def __init__(self, text: str) -> None:
        self.text = _blank_decoration(text)
        self.pos = 0
        self.depth = 0
        self._peeked: _Token | None = None

    # ------------------------------------------------------------------ errors and positions

    def error(self, message: Fact, offset: int, found: _Token | None = None) -> PredictionError:
        if found is not None:
            message = _found(message, found)
        line = self.text.count("\n", 0, offset) + 1
        column = offset - (self.text.rfind("\n", 0, offset) + 1) + 1
        return PredictionError(message, column, line)

    # ------------------------------------------------------------------ tokens

    def peek(self) -> _Token:
        if self._peeked is None:
            self._peeked = self._scan(self.pos)
        return self._peeked

    def next(self) -> _Token:
        tok = self.peek()
        self.pos = tok.end
        self._peeked = None
        return tok

    def at(self, text: str) -> bool:
        tok = self.peek()
        return tok.kind in ("punct", "name") and tok.text == text

    def expect(self, text: str, context: str = "", what: str = "") -> _Token:
        """The punctuation `text`; `context` is "after", "between", "to_close" or "or_close"
        (with `what` it follows or closes) for the message when it is missing."""
        tok = self.peek()
        if tok.kind == "punct" and tok.text == text:
            return self.next()
        key = f"compare.parse.expected_{context}" if context else "compare.parse.expected"
        raise self.error(Fact.of(key, token=text, what=what) if what else
                         Fact.of(key, token=text), tok.start, tok)

    def _scan(self, pos: int) -> _Token:
        text = self.text
        while pos < len(text) and text[pos].isspace():
            pos += 1
        if pos >= len(text):
            return _Token("end", "", pos, pos)
        ch = text[pos]
        if text.startswith("...", pos) or ch == "…":
            end = pos + (1 if ch == "…" else 3)
            return _Token("ellipsis", text[pos:end], pos, end)
        m = _NUMBER.match(text, pos)
        if m:
            return _Token("num", m.group(), pos, m.end())
        m = _NAME.match(text, pos)
        if m:
            return _Token("name", m.group(), pos, m.end())
        if ch in "'\"":
            return self._scan_string(pos)
        if ch == "<":
            end = text.find(">", pos)
            if end < 0:
                raise self.error(Fact("compare.parse.angle_open"), pos)
            return _Token("angle", text[pos:end + 1], pos, end + 1, text[pos + 1:end].strip())
        if ch in _PUNCT:
            return _Token("punct", ch, pos, pos + 1)
        raise self.error(Fact.of("compare.parse.character", char=repr(ch)), pos)

    def _scan_string(self, start: int) -> _Token:
        text, quote = self.text, self.text[start]
        out: list[str] = []
        i = start + 1
        escapes = {"n": "\n", "t": "\t", "r": "\r", "0": "\0", "\\": "\\", "'": "'", '"': '"'}
        while i < len(text):
            ch = text[i]
            if ch == quote:
                return _Token("str", text[start:i + 1], start, i + 1, "".join(out))
            if ch == "\n":
                break
            if ch == "\\" and i + 1 < len(text):
                nxt = text[i + 1]
                width = {"x": 2, "u": 4, "U": 8}.get(nxt)
                digits = text[i + 2:i + 2 + width] if width else ""
                if width and len(digits) == width and re.fullmatch(r"[0-9a-fA-F]+", digits) \
                        and int(digits, 16) <= 0x10FFFF:
                    out.append(chr(int(text[i + 2:i + 2 + width], 16)))
                    i += 2 + width
                    continue
                out.append(escapes.get(nxt, "\\" + nxt))
                i += 2
                continue
            out.append(ch)
            i += 1
        raise self.error(Fact.of("compare.parse.string_open", quote=quote), start)

    # ------------------------------------------------------------------ grammar

    def parse(self) -> Value:
        if len(self.text) > MAX_LENGTH:
            raise PredictionError(Fact.of("compare.parse.too_long", limit=MAX_LENGTH), 1)
        first = self.peek()
        if first.kind == "end":
            raise self.error(Fact("compare.parse.empty"), first.start)
        error = self.error_value()
        if error is not None:
            return error
        value = self.value()
        if self.at(","):  # `2, 3` is a tuple in Python, too
            items = [value]
            while self.at(","):
                self.next()
                if self.peek().kind == "end":
                    break
                items.append(self.value())
            value = list_value(items, tuple_=True)
        tok = self.peek()
        if tok.kind != "end":
            raise self.error(Fact.of("compare.parse.trailing", what=_describe(tok)), tok.start)
        return value

    def error_value(self) -> Value | None:
        """`RuntimeError: message` as Python prints an exception."""
        m = re.match(r"\s*([^\W\d][\w.]*)\s*:", self.text)
        if not m or m.group(1) == "Parameter":
            return None
        message = self.text[m.end():].strip()
        return {"kind": "error", "type": m.group(1), "message": message}

    def enter(self, tok: _Token) -> None:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise self.error(Fact("compare.parse.too_deep"), tok.start)

    def value(self) -> Value:
        tok = self.peek()
        if tok.kind == "num" or (tok.kind == "punct" and tok.text in "+-") or (
            tok.kind == "name" and tok.text in _NUMBER_NAMES
        ):
            return scalar(self.number())
        if tok.kind == "str":
            self.next()
            return scalar(tok.value)
        if tok.kind == "angle":
            self.next()
            return self.angle(tok)
        if tok.kind == "ellipsis":
            raise self.error(Fact("compare.parse.ellipsis"), tok.start)
        if tok.kind == "name":
            return self.name_value()
        if tok.kind == "punct" and tok.text == "[":
            return self.list_literal()
        if tok.kind == "punct" and tok.text == "(":
            return self.paren()
        if tok.kind == "punct" and tok.text == "{":
            return self.dict_literal()
        raise self.error(Fact("compare.parse.value"), tok.start, tok)

    def sequence(self, close: str, item: Any) -> list[Any]:
        """Items separated by commas up to `close` (a trailing comma is fine)."""
        items: list[Any] = []
        while not self.at(close):
            if self.peek().kind == "end":
                break
            items.append(item())
            if not self.at(","):
                break
            self.next()
        tok = self.peek()
        if not (tok.kind == "punct" and tok.text == close):
            want = Fact.of("compare.parse.expected_or" if items else "compare.parse.expected",
                           token=close)
            raise self.error(want, tok.start, tok)
        self.next()
        return items

    def list_literal(self) -> Value:
        self.enter(self.next())
        items = self.sequence("]", self.value)
        self.depth -= 1
        return list_value(items)

    def paren(self) -> Value:
        open_ = self.next()
        self.enter(open_)
        if self.at(")"):
            self.next()
            self.depth -= 1
            return list_value([], tuple_=True)
        first = self.value()
        if self.at(")"):  # (x) is x, as in Python; (1+2j) lands here too
            self.next()
            self.depth -= 1
            return first
        self.expect(",", "or_close")
        items = [first, *self.sequence(")", self.value)]
        self.depth -= 1
        return list_value(items, tuple_=True)

    def dict_literal(self) -> Value:
        self.enter(self.next())

        def pair() -> list[Value]:
            key = self.value()
            self.expect(":", "between")
            return [key, self.value()]

        items = self.sequence("}", pair)
        self.depth -= 1
        return {"kind": "dict", "items": items}

    def dotted_name(self) -> tuple[str, _Token]:
        first = self.next()
        parts = [first.text]
        while self.at("."):
            self.next()
            tok = self.peek()
            if tok.kind != "name":
                raise self.error(Fact("compare.parse.name_after_dot"), tok.start, tok)
            parts.append(self.next().text)
        return ".".join(parts), first

    def name_value(self) -> Value:
        name, first = self.dotted_name()
        if name == "Parameter" and self.at("containing"):
            self.next()
            self.expect(":", "after", "'Parameter containing'")
            tok = self.peek()
            if tok.kind != "name" or tok.text not in ("tensor", "torch"):
                raise self.error(Fact("compare.parse.parameter"), tok.start, tok)
            self.dotted_name()
            return self.tensor(first, parameter=True)
        if self.at("("):
            return self.call(name, first)
        if name.lower() == "none":
            return none()
        if name.lower() == "true" or name.lower() == "false":
            return scalar(name.lower() == "true")
        if name in ("tensor", "torch.tensor"):
            raise self.error(Fact.of("compare.parse.expected_after", token="(", what="tensor"),
                             first.end)
        if is_dtype_name(name):
            return {"kind": "dtype", "value": "torch." + dtype_name(name)}
        if _GRAD_FN.fullmatch(name):
            return {"kind": "grad_fn", "name": name}
        return {"kind": "type", "name": name}

    def call(self, name: str, first: _Token) -> Value:
        if name in ("tensor", "torch.tensor"):
            return self.tensor(first)
        if name in ("torch.Size", "Size"):
            return self.size_call()
        if name in ("OrderedDict", "collections.OrderedDict"):
            return self.ordered_dict()
        if difflib.get_close_matches(name.lower(), ["tensor", "torch.tensor"], cutoff=0.7):
            raise self.error(Fact.of("compare.parse.not_tensor", name=name), first.start)
        # Any other call, e.g. a module's repr `Linear(in_features=2, ...)`, is kept as text.
        end = self.skip_balanced(self.peek())
        return {"kind": "other", "type": name.rsplit(".", 1)[-1],
                "repr": self.text[first.start:end]}

    def skip_balanced(self, open_: _Token) -> int:
        """Skip from an opening '(' to its match; strings may hold brackets."""
        closers = {"(": ")", "[": "]", "{": "}"}
        stack: list[str] = []
        while True:
            tok = self.next()
            if tok.kind == "end":
                raise self.error(Fact("compare.parse.paren_open"), open_.start)
            if tok.kind == "punct" and tok.text in closers:
                stack.append(closers[tok.text])
            elif tok.kind == "punct" and tok.text in ")]}":
                if tok.text != stack[-1]:
                    raise self.error(Fact.of("compare.parse.expected", token=stack[-1]), tok.start,
                                     tok)
                stack.pop()
                if not stack:
                    return tok.end

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

    def ordered_dict(self) -> Value:
        self.expect("(")
        if self.at(")"):
            self.next()
            return {"kind": "dict", "items": []}
        inner_tok = self.peek()
        inner = self.value()
        self.expect(")", "to_close", "OrderedDict(")
        if inner["kind"] == "dict":
            return inner
        if inner["kind"] == "list" and all(
            i["kind"] == "list" and len(i["items"]) == 2 for i in inner["items"]
        ):
            return {"kind": "dict", "items": [list(i["items"]) for i in inner["items"]]}
        raise self.error(Fact("compare.parse.pairs"), inner_tok.start)

    def angle(self, tok: _Token) -> Value:
        inner = tok.value
        m = _ANGLE_CLASS.fullmatch(inner)
        if m:
            return {"kind": "type", "name": m.group(1)}
        m = _ANGLE_OBJECT.fullmatch(inner)
        if m:
            return {"kind": "grad_fn", "name": m.group(1).rsplit(".", 1)[-1]}
        raise self.error(Fact.of("compare.parse.angle", text=tok.text),
                         tok.start)

    # ------------------------------------------------------------------ numbers and tensors

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
        return complex(real, imag.imag)

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
        if tok.kind == "name" and tok.text in _SPECIAL_FLOATS:
            self.next()
            return sign * _SPECIAL_FLOATS[tok.text]
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
        if tok.kind in ("num", "punct") or tok.text in _NUMBER_NAMES:
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




def _flat(data: Any) -> list[Any]:
    if isinstance(data, list):
        return [x for d in data for x in _flat(d)]
    return [data]


def _length(shape: list[int] | None) -> Fact:
    if not shape:
        return Fact("compare.parse.single")
    return Fact.of("compare.parse.values", n=shape[0])


def _describe(tok: _Token) -> Fact:
    if tok.kind == "end":
        return Fact("compare.parse.end")
    text = tok.text if len(tok.text) <= 20 else tok.text[:17] + "..."
    return Fact.of("compare.parse.token", text=text)


def _found(message: Fact, tok: _Token) -> Fact:
    if tok.kind == "end":
        return Fact.of("compare.parse.found_end", message=message)
    return Fact.of("compare.parse.found", message=message, found=_describe(tok))


def _blank_decoration(text: str) -> str:
    """Blank out `backticks` around the answer and a final sentence '.', keeping columns."""
    chars = list(text)
    stripped = text.strip()
    if len(stripped) >= 2 and stripped[0] == stripped[-1] == "`":
        chars[text.index("`")] = " "
        chars[text.rindex("`")] = " "
    body = "".join(chars).rstrip()
    if body.endswith(".") and len(body) >= 2 and body[-2] != "." and (
            not body[-2].isdigit() or _ends_with_name(body[:-1])):
        chars[len(body) - 1] = " "
    return "".join(chars)


_FLOAT_END = re.compile(r"(?:\d+\.\d*|\.\d+|\d+)(?:[eE][-+]?\d+)?[jJ]?\Z")
_NAME_END = re.compile(r"[^\W\d]\w*\Z")


def _ends_with_name(text: str) -> bool:
    """`torch.int64`, `AddBackward0`, `2.5` or `1e-05` ends with a name, or a number that
    has its point or exponent already: a full stop after it is a sentence's, while `3.` is a
    number."""
    tail = text[-64:]  # names and numbers are short; no scan of a long answer
    number = _FLOAT_END.search(tail)
    if number is not None:
        start = number.start()
        if start > 0 and (tail[start - 1].isalpha() or tail[start - 1] == "_"):
            return True  # the digits end a name: AddBackward0
        return any(c in number.group() for c in ".eEjJ")
    return _NAME_END.search(tail) is not None
