"""The facts compare() says: what a value is, and what differs, as keys and values.

Never sentences: `gradtutor.text` renders them (tables in `gradtutor/text/tables/compare.py`).
`conceal` turns a difference into one that does not quote the truth, for predict feedback.
"""

from __future__ import annotations

from typing import Any

from gradtutor.compare.render import format_value
from gradtutor.compare.values import Value, article
from gradtutor.facts import Fact

_PLAIN_THINGS = {
    "bool": "bool", "int": "int", "float": "float", "complex": "complex", "str": "str",
    "dict": "dict", "tensor": "tensor", "dtype": "dtype", "grad_fn": "grad_fn", "type": "type",
}


def short(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[:limit - 1] + "…"


def named(name: str) -> Fact:
    """'a RuntimeError' / 'an IndexError'."""
    return Fact.of(f"compare.thing.named_{article(name)}", name=name)


def thing(value: Value) -> Fact:
    """What sort of thing a value is: a tensor, None, an int."""
    kind = value.get("kind")
    if kind == "none":
        return Fact("compare.thing.none")
    if kind == "list":
        return Fact("compare.thing.tuple" if value.get("tuple") else "compare.thing.list")
    if kind == "other":
        name = str(value.get("type", "object"))
        return Fact.of(f"compare.thing.object_{article(name)}", type=name)
    if kind == "error":
        return Fact("compare.thing.error")
    return Fact("compare.thing." + _PLAIN_THINGS.get(str(kind), "unknown"))


def brief(value: Value) -> Fact | str:
    """A value in a few words, for "expected X, got Y"."""
    kind = value["kind"]
    if kind in ("none", "bool", "dtype"):
        return format_value(value)
    if kind in ("int", "float", "complex", "str"):
        return Fact.of(f"compare.thing.{kind}_value", value=short(format_value(value), 30))
    if kind == "grad_fn":
        return Fact.of("compare.thing.grad_fn_name", name=value["name"])
    if kind == "type":
        return str(value["name"])
    if kind == "error":
        return Fact.of("compare.thing.error_value", type=value["type"])
    return thing(value)


def items(n: int) -> Fact:
    return Fact("compare.thing.one_item") if n == 1 else Fact.of("compare.thing.items", n=n)


# ----------------------------------------------------------------------------- concealing

# Differences that say "expected <truth>, got <yours>", and what each says without the truth.
_EXPECTED_GOT = ("compare.expected_got", "compare.expected_int", "compare.expected_float",
                 "compare.expected_complex", "compare.expected_raise", "compare.expected_grad_fn")
_CONCEALED = {
    "compare.attr_differs": "compare.attr_not",
    "compare.shape_differs": "compare.shape_not",
    "compare.value_differs": "compare.value_not",
    "compare.values_differ": "compare.values_not",
}


def conceal(fact: Any, *, inside: bool = False) -> Any:
    """Say what differs without quoting the truth: predicting it is the exercise."""
    if not isinstance(fact, Fact):
        return fact
    key, f = fact.key, fact.fields
    if key == "compare.at":
        return Fact.of(key, path=f["path"], what=conceal(f["what"], inside=True))
    if key in _CONCEALED:
        return Fact(_CONCEALED[key], {k: v for k, v in f.items() if k != "expected"})
    if key == "compare.raised_instead":
        return Fact("compare.no_error")
    if key == "compare.order":
        return Fact("compare.same_items")
    if key in ("compare.missing_key", "compare.missing_keys"):
        return Fact("compare.keys_missing")
    if key == "compare.length":
        detail = f["detail"]
        if isinstance(detail, Fact) and detail.key in ("compare.count_unexpected",
                                                       "compare.count_both"):
            detail = Fact.of("compare.count_unexpected", unexpected=detail.fields["unexpected"])
        else:
            detail = ""
        return Fact.of("compare.not" if inside else "compare.not_value",
                       got=Fact.of("compare.length_got", got=f["got"], detail=detail))
    if key == "compare.dtype_class":
        return Fact.of("compare.attr_not", attribute="dtype", got=f["got"])
    if key in _EXPECTED_GOT:
        return Fact.of("compare.not" if inside else "compare.not_value", got=f["got"])
    return fact
