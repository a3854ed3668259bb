"""parse_prediction: read a learner's answer into a typed value, without eval.

A small tokenizer (`lexer`) and a recursive-descent parser over what torch and Python print:
tensors with their flags (`tensor_literal`), numbers, None/True/False, strings, lists, tuples,
dicts, dtypes, grad_fns and exception or class names. Learner text is untrusted, so nothing
here evaluates it.
"""

from __future__ import annotations

import difflib
import re

from gradtutor.compare.lexer import MAX_DEPTH, MAX_LENGTH, PredictionError, _describe, _Token
from gradtutor.compare.tensor_literal import NUMBER_NAMES, TensorRules
from gradtutor.compare.values import (
    Value,
    dtype_name,
    is_dtype_name,
    list_value,
    none,
    scalar,
)
from gradtutor.facts import Fact

__all__ = ["MAX_DEPTH", "MAX_LENGTH", "PredictionError", "parse_prediction"]

_GRAD_FN = re.compile(r"[A-Za-z_]\w*Backward\d*|AccumulateGrad")
_ANGLE_CLASS = re.compile(r"class\s+['\"]([\w.]+)['\"]")
_ANGLE_OBJECT = re.compile(r"([\w.]+)(?:\s+object(?:\s+at\s+\S*)?)?")


def parse_prediction(text: str) -> Value:
    """Parse a learner's prediction into a typed value (see docs/comparison.md).

    Raises PredictionError with a message such as "expected ']' at column 12".
    """
    return _Parser(text).parse()


class _Parser(TensorRules):
    """Values of every kind; numbers and tensors come from `TensorRules`."""

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

    def value(self) -> Value:
        tok = self.peek()
        if tok.kind == "num" or (tok.kind == "punct" and tok.text in "+-") or (
            tok.kind == "name" and tok.text in NUMBER_NAMES
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
