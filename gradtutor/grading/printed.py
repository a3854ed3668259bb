"""Compare a learner's guess of printed text with what the program really printed.

Numbers are compared as numbers (so `2.` matches `2.0000`), everything else token by token
with whitespace ignored, so `tensor([ 8., 12.])` matches `tensor([8., 12.])`.
"""

from __future__ import annotations

import math
import re

_NUMBER = re.compile(r"[-+]?(?:\d+\.\d*|\.\d+|\d+)(?:[eE][-+]?\d+)?")
_TOKEN = re.compile(rf"{_NUMBER.pattern}|\w+|\S")

REL_TOL = 1e-3  # torch prints four decimals; learners copy what they would see
ABS_TOL = 1e-4


def _tokens(text: str) -> list[str]:
    return _TOKEN.findall(text)


def _is_number(token: str) -> bool:
    return _NUMBER.fullmatch(token) is not None


def same_printed_text(expected: str, guess: str) -> bool:
    exp, got = _tokens(expected), _tokens(guess)
    if len(exp) != len(got):
        return False
    for a, b in zip(exp, got, strict=True):
        if _is_number(a) and _is_number(b):
            if not math.isclose(float(a), float(b), rel_tol=REL_TOL, abs_tol=ABS_TOL):
                return False
        elif a != b:
            return False
    return True


def describe_printed_difference(expected: str, guess: str, *, reveal: bool = True) -> str:
    """Where the guess goes wrong; with reveal=False it never quotes the real output."""
    exp, got = _tokens(expected), _tokens(guess)
    for i, (a, b) in enumerate(zip(exp, got, strict=False)):
        same = (
            math.isclose(float(a), float(b), rel_tol=REL_TOL, abs_tol=ABS_TOL)
            if _is_number(a) and _is_number(b)
            else a == b
        )
        if not same:
            if not reveal:
                return f"the printed text differs from yours at {b!r} (token {i + 1})"
            return f"the printed text differs at token {i + 1}: it shows {a!r}, you wrote {b!r}"
    if len(exp) > len(got):
        if not reveal:
            return "the printed text goes on after your answer ends"
        return f"the printed text goes on after your answer ends: {' '.join(exp[len(got):])!r}"
    return f"your answer has extra text: {' '.join(got[len(exp):])!r}"
