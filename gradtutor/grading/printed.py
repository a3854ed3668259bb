"""Compare a learner's guess of printed text with what the program really printed.

Numbers are compared as numbers (so `2.` matches `2.0000`), None/True/False in any case,
everything else token by token with whitespace ignored, so `tensor([ 8., 12.])` matches
`tensor([8., 12.])`; a final full stop the line did not print is ignored. The printed text is
also read as the value it shows (`printed_value`), so the leniencies of expression questions
hold for printed lines too (a list for a tensor's values).
"""

from __future__ import annotations

import functools
import math
import re
from typing import Any

from gradtutor.compare import PredictionError, parse_prediction
from gradtutor.compare.values import WRITABLE
from gradtutor.facts import Fact

_NUMBER = re.compile(r"[-+]?(?:\d+\.\d*|\.\d+|\d+)(?:[eE][-+]?\d+)?")
_TOKEN = re.compile(rf"{_NUMBER.pattern}|\w+|\S")

REL_TOL = 1e-3  # torch prints four decimals; learners copy what they would see
ABS_TOL = 1e-4


_CONSTANTS = {"none": "None", "true": "True", "false": "False"}


def _tokens(text: str) -> list[str]:
    return [_CONSTANTS.get(t.lower(), t) for t in _TOKEN.findall(text)]


def _guess_tokens(expected: str, guess: str) -> list[str]:
    got = _tokens(guess)
    if got and got[-1] == "." and not expected.rstrip().endswith("."):
        got.pop()  # a sentence's full stop
    return got


@functools.lru_cache(maxsize=256)
def _printed_value(text: str) -> dict[str, Any] | None:
    try:
        value = parse_prediction(text)
    except PredictionError:
        return None
    return as_printed(value)


def printed_value(text: str) -> dict[str, Any] | None:
    """The value a line of torch/Python output shows, or None when it reads as none.

    A tensor torch printed states all its flags: what its repr leaves out is the default
    (no `requires_grad=True` means False), so a guess that writes a flag is checked against it.
    """
    if len(text) > 10_000:
        return None
    value = _printed_value(text)
    return None if value is None else dict(value)


def as_printed(value: dict[str, Any]) -> dict[str, Any]:
    """The value with every tensor in it stating all its flags, as torch's print does."""
    kind = value["kind"]
    if kind == "tensor":
        return {**value, "written": [w for w in WRITABLE if w != "size"]}
    if kind == "list":
        return {**value, "items": [as_printed(i) for i in value["items"]]}
    if kind == "dict":
        return {**value, "items": [[k, as_printed(v)] for k, v in value["items"]]}
    return value


def _is_number(token: str) -> bool:
    return _NUMBER.fullmatch(token) is not None


def same_printed_text(expected: str, guess: str) -> bool:
    exp, got = _tokens(expected), _guess_tokens(expected, guess)
    if len(exp) != len(got):
        return False
    for a, b in zip(exp, got, strict=True):
        if _is_number(a) and _is_number(b):
            if not math.isclose(float(a), float(b), rel_tol=REL_TOL, abs_tol=ABS_TOL):
                return False
        elif a != b:
            return False
    return True


def describe_printed_difference(expected: str, guess: str, *, reveal: bool = True) -> Fact:
    """Where the guess goes wrong; with reveal=False it never quotes the real output."""
    exp, got = _tokens(expected), _guess_tokens(expected, guess)
    for i, (a, b) in enumerate(zip(exp, got, strict=False)):
        same = (
            math.isclose(float(a), float(b), rel_tol=REL_TOL, abs_tol=ABS_TOL)
            if _is_number(a) and _is_number(b)
            else a == b
        )
        if not same:
            if not reveal:
                return Fact.of("grading.printed_at", token=repr(b), index=i + 1)
            return Fact.of("grading.printed_revealed", index=i + 1, shows=repr(a), wrote=repr(b))
    if len(exp) > len(got):
        if not reveal:
            return Fact("grading.printed_longer")
        return Fact.of("grading.printed_longer_revealed", rest=repr(" ".join(exp[len(got):])))
    return Fact.of("grading.printed_extra", extra=repr(" ".join(got[len(exp):])))
