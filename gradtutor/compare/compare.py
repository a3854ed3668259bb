"""compare: judge a typed value against the truth, saying what differs as keyed facts.

Two modes. Observation mode (the default) compares a learner's observed value with the
reference's observed value: everything counts. Prediction mode compares a learner's parsed
prediction with the observed truth: a prediction may say less than torch prints (a bare list
for a tensor, no flags), and only what it says is checked. Rules: docs/comparison.md.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from gradtutor.compare.numbers import (
    DTYPE_FLOORS,
    OBSERVATION_TOLERANCE,
    PREDICTION_TOLERANCE,
    Tolerance,
    _exact,
    close,
    number_text,
)
from gradtutor.compare.parse import PredictionError, parse_prediction
from gradtutor.compare.render import format_value, shape_text
from gradtutor.compare.saying import brief, items, named, short, thing
from gradtutor.compare.values import (
    WRITABLE,
    Value,
    dtype_class,
    dtype_name,
    float_from_wire,
    numel,
    tensor_elements,
    tensor_from_literal,
    validate_value,
)
from gradtutor.facts import Fact

MAX_DIFFERENCES = 5
# General hints on why a value is wrong when the rest of it is right.
HINT_NUMBER_TYPE = Fact("compare.hint.number_type")
HINT_DTYPE = Fact("compare.hint.dtype")
HINT_NO_GRAD_FN = Fact("compare.hint.no_grad_fn")
HINT_FLAGS = Fact("compare.hint.flags")
HINT_ZERO_DIM = Fact("compare.hint.zero_dim")


@dataclass(frozen=True)
class Comparison:
    """ok is True when nothing differs; notes are hints that do not fail the comparison."""

    ok: bool
    differences: list[Fact] = field(default_factory=list)
    notes: list[Fact] = field(default_factory=list)
    # General hints on why a wrong value is wrong (the values are right but the dtype is not,
    # ...), from the comparison itself; verdicts show them before the differences.
    hints: list[Fact] = field(default_factory=list)


def compare(
    expected: Value,
    actual: Value,
    tolerance: Tolerance | None = None,
    *,
    prediction: bool = False,
) -> Comparison:
    """Compare `actual` with the truth `expected` (see docs/comparison.md for the rules).

    `tolerance` overrides the mode's default float tolerance. A malformed value never passes.
    """
    for who, value in (("expected", expected), ("compared", actual)):
        try:
            validate_value(value, who)
        except ValueError as exc:
            return Comparison(False, [Fact.of(f"compare.bad_{who}", detail=str(exc))])
    if tolerance is None:
        tolerance = PREDICTION_TOLERANCE if prediction else OBSERVATION_TOLERANCE
    ctx = _Context(tolerance, prediction)
    try:
        ctx.compare(expected, actual, "")
    except (KeyError, TypeError, ValueError, IndexError, AttributeError, RecursionError) as exc:
        return Comparison(False, [Fact.of("compare.cannot_compare", error=type(exc).__name__)])
    diffs = ctx.differences
    if len(diffs) > MAX_DIFFERENCES:
        diffs = [*diffs[:MAX_DIFFERENCES],
                 Fact.of("compare.more", n=len(diffs) - MAX_DIFFERENCES)]
    hints: list[Fact] = []
    for h in ctx.hints if diffs else []:
        if h not in hints:
            hints.append(h)
    return Comparison(not diffs, diffs, ctx.notes[:MAX_DIFFERENCES], hints[:MAX_DIFFERENCES])


# ----------------------------------------------------------------------------- comparing

_ADDRESS = re.compile(r"0x[0-9a-fA-F]+")
_SCALAR_KINDS = ("none", "bool", "int", "float", "complex", "str")
# (truth, prediction) kinds compared as numbers: `2` may stand for 2.0, not the reverse.
_WIDENING = {("float", "int"), ("complex", "int"), ("complex", "float")}


class _Context:
    def __init__(self, tolerance: Tolerance, prediction: bool) -> None:
        self.tolerance = tolerance
        self.prediction = prediction
        self.differences: list[Fact] = []
        self.notes: list[Fact] = []
        self.hints: list[Fact] = []

    def diff(self, path: str, message: Fact) -> None:
        self.differences.append(_at(path, message))

    def hint(self, path: str, message: Fact) -> None:
        self.hints.append(_at(path, message))

    def note(self, path: str, message: Fact) -> None:
        self.notes.append(_at(path, message))

    def tolerance_for(self, *dtypes: str) -> Tolerance:
        tol = self.tolerance
        for d in dtypes:
            floor = DTYPE_FLOORS.get(dtype_name(d))
            if floor is not None:
                tol = Tolerance(max(tol.rtol, floor.rtol), max(tol.atol, floor.atol))
        return tol

    # -------------------------------------------------------------- dispatch

    def compare(self, e: Value, a: Value, path: str) -> None:
        if self.prediction:
            e, a = self.adapt(e, a)
        ek, ak = e["kind"], a["kind"]
        if ek == "error" or ak == "error":
            self.errors(e, a, path)
            return
        if ek != ak and not (self.prediction and (ek, ak) in _WIDENING):
            self.diff(path, _expected_got(brief(e), brief(a)))
            if {ek, ak} <= {"int", "float", "complex"} and close(
                    _number(e), _number(a), self.tolerance):
                self.hint(path, HINT_NUMBER_TYPE)
            return
        getattr(self, "kind_" + ek)(e, a, path)

    def adapt(self, e: Value, a: Value) -> tuple[Value, Value]:
        """Prediction leniencies: read the learner's value as the kind the truth has."""
        ek, ak = e["kind"], a["kind"]
        if ek == "tensor" and ak in ("list", "bool", "int", "float", "complex"):
            data = _python_data(a)
            if data is not None:
                try:
                    return e, {**tensor_from_literal(data, written=[]), "bare": True}
                except ValueError:
                    pass
        if ek in ("grad_fn", "type") and ak in ("grad_fn", "type") and ek != ak:
            return e, {"kind": ek, "name": a["name"]}
        if ek == "error" and ak == "type":
            return e, {"kind": "error", "type": a["name"], "message": ""}
        if ek == "type" and ak == "error":
            return e, {"kind": "type", "name": a["type"]}
        if ek == "str" and ak == "type":  # an unquoted word, as print() shows a string
            return e, {"kind": "str", "value": a["name"]}
        if ek == "other" and ak != "other":
            try:
                parsed = parse_prediction(str(e.get("repr", "")))
            except PredictionError:
                parsed = None
            if parsed is not None and parsed["kind"] not in ("other", "error"):
                return self.adapt(parsed, a)
        return e, a

    # -------------------------------------------------------------- scalars

    def kind_none(self, e: Value, a: Value, path: str) -> None:
        pass

    def kind_bool(self, e: Value, a: Value, path: str) -> None:
        if e["value"] != a["value"]:
            self.diff(path, _expected_got(str(e["value"]), str(a["value"])))

    def kind_int(self, e: Value, a: Value, path: str) -> None:
        if e["value"] != a["value"]:
            self.diff(path, Fact.of("compare.expected_int", expected=str(e["value"]),
                                    got=str(a["value"])))

    def kind_float(self, e: Value, a: Value, path: str) -> None:
        x, y = float_from_wire(e["value"]), _number(a)
        if not close(x, y, self.tolerance):
            self.diff(path, Fact.of("compare.expected_float", expected=number_text(x),
                                    got=number_text(y)))

    def kind_complex(self, e: Value, a: Value, path: str) -> None:
        x, y = _number(e), _number(a)
        if not close(x, y, self.tolerance):
            self.diff(path, Fact.of("compare.expected_complex", expected=number_text(x),
                                    got=number_text(y)))

    def kind_str(self, e: Value, a: Value, path: str) -> None:
        if e["value"] != a["value"]:
            self.diff(path, _expected_got(short(repr(e["value"])), short(repr(a["value"]))))

    def kind_dtype(self, e: Value, a: Value, path: str) -> None:
        x, y = dtype_name(e["value"]), dtype_name(a["value"])
        if x != y:
            self.diff(path, _expected_got(f"torch.{x}", f"torch.{y}"))

    def kind_grad_fn(self, e: Value, a: Value, path: str) -> None:
        if e["name"] != a["name"]:
            self.diff(path, Fact.of("compare.expected_grad_fn", expected=e["name"],
                                    got=a["name"]))

    def kind_type(self, e: Value, a: Value, path: str) -> None:
        if not same_type_name(e["name"], a["name"]):
            self.diff(path, _expected_got(named(e["name"]), str(a["name"])))

    def kind_other(self, e: Value, a: Value, path: str) -> None:
        if e["type"] != a["type"]:
            self.diff(path, _expected_got(thing(e), thing(a)))
            return
        # Addresses differ from run to run; a learner's spacing and line breaks are theirs.
        x = _ADDRESS.sub("0x", str(e.get("repr", "")))
        y = _ADDRESS.sub("0x", str(a.get("repr", "")))
        same = "".join(x.split()) == "".join(y.split()) if self.prediction else x == y
        if not same:
            self.diff(path, _expected_got(short(x), short(y)))

    def errors(self, e: Value, a: Value, path: str) -> None:
        """An expression that raised: compared by exception type only."""
        if e["kind"] == "error" and a["kind"] == "error":
            if not same_type_name(e["type"], a["type"]):
                self.diff(path, _expected_got(named(e["type"]), str(a["type"])))
        elif e["kind"] == "error":
            self.diff(path, Fact.of("compare.expected_raise", type=e["type"], got=brief(a)))
        else:
            message = f"{a['type']}: {a['message']}" if a.get("message") else a["type"]
            self.diff(path, Fact.of("compare.raised_instead", expected=brief(e),
                                    raised=short(message)))

    # -------------------------------------------------------------- containers

    def kind_list(self, e: Value, a: Value, path: str) -> None:
        if bool(e.get("tuple")) != bool(a.get("tuple")):
            if self.prediction:
                self.note(path, Fact.of("compare.note_brackets", thing=thing(e),
                                        brackets="( )" if e.get("tuple") else "[ ]"))
            else:
                self.diff(path, _expected_got(thing(e), thing(a)))
        xs, ys = e["items"], a["items"]
        scalars = all(i["kind"] in _SCALAR_KINDS for i in (*xs, *ys))
        if len(xs) != len(ys):
            detail = _multiset_difference(xs, ys) if scalars else ""
            self.diff(path, Fact.of("compare.length", expected=items(len(xs)), got=len(ys),
                                    detail=detail))
            return
        if scalars and len(xs) > 1 and _same_items(xs, ys) and not self.ok_pairwise(xs, ys):
            shown = ", ".join(format_value(i) for i in xs)
            self.diff(path, Fact.of("compare.order", items=short(shown)))
            return
        for i, (x, y) in enumerate(zip(xs, ys, strict=True)):
            self.compare(x, y, f"{path}[{i}]")

    def ok_pairwise(self, xs: list[Value], ys: list[Value]) -> bool:
        probe = _Context(self.tolerance, self.prediction)
        for x, y in zip(xs, ys, strict=True):
            probe.compare(x, y, "")
        return not probe.differences

    def kind_dict(self, e: Value, a: Value, path: str) -> None:
        ours = {_key(k): (k, v) for k, v in e["items"]}
        theirs = {_key(k): (k, v) for k, v in a["items"]}
        missing = [format_value(k) for key, (k, _) in ours.items() if key not in theirs]
        extra = [format_value(k) for key, (k, _) in theirs.items() if key not in ours]
        if missing:
            self.diff(path, Fact.of("compare.missing_key" + ("s" if len(missing) > 1 else ""),
                                    keys=short(", ".join(missing))))
        if extra:
            self.diff(path, Fact.of("compare.unexpected_key" + ("s" if len(extra) > 1 else ""),
                                    keys=short(", ".join(extra))))
        for key, (k, v) in ours.items():
            if key in theirs:
                self.compare(v, theirs[key][1], f"{path}[{format_value(k)}]")

    # -------------------------------------------------------------- tensors

    def kind_tensor(self, e: Value, a: Value, path: str) -> None:
        if self.prediction:
            e_written = set(e.get("written", WRITABLE))
            a_written = set(a.get("written", WRITABLE))
            checked = e_written & a_written
        else:
            # is_parameter is left out: a Parameter and a plain tensor hold the same data.
            checked = {"dtype", "requires_grad", "grad_fn", "is_leaf", "grad_is_none"}
            e_written = a_written = checked
        ed, ad = dtype_name(e["dtype"]), dtype_name(a["dtype"])
        start = len(self.differences)
        if "dtype" in checked:
            if ed != ad:
                self.diff(path, _attribute("dtype", f"torch.{ed}", f"torch.{ad}"))
        elif "dtype" in e_written and numel(a["shape"]) > 0:
            self.literal_class(e, a, path)
        if "is_parameter" in checked and bool(e.get("is_parameter")) != bool(
            a.get("is_parameter")
        ):
            parameter, plain = Fact("compare.thing.a_parameter"), Fact("compare.thing.plain_tensor")
            self.diff(path, _expected_got(parameter, plain) if e.get("is_parameter")
                      else _expected_got(plain, parameter))
        if "requires_grad" in checked and e["requires_grad"] != a["requires_grad"]:
            self.diff(path, _attribute("requires_grad", str(e["requires_grad"]),
                                       str(a["requires_grad"])))
        if "grad_fn" in checked and e["grad_fn"] != a["grad_fn"]:
            self.diff(path, _attribute("grad_fn", _grad_fn_text(e["grad_fn"]),
                                       _grad_fn_text(a["grad_fn"])))
        elif "is_leaf" in checked and e["is_leaf"] != a["is_leaf"]:
            self.diff(path, _attribute("is_leaf", str(e["is_leaf"]), str(a["is_leaf"])))
        if "grad_is_none" in checked and e["grad_is_none"] != a["grad_is_none"]:
            self.diff(path, Fact("compare.grad_none" if e["grad_is_none"]
                                 else "compare.grad_tensor"))
        if (self.prediction and "requires_grad" in a_written and "grad_fn" not in a_written
                and e["grad_fn"] and e["requires_grad"] == a["requires_grad"]):
            self.note(path, Fact.of("compare.note_not_leaf", grad_fn=e["grad_fn"]))
        if list(e["shape"]) != list(a["shape"]):
            self.diff(path, Fact.of("compare.shape_differs", expected=_shape(e["shape"]),
                                    got=_shape(a["shape"])))
            if self.one_same_number(e, a):
                self.hint(path, HINT_ZERO_DIM)
            return
        if e.get("truncated") or a.get("truncated"):
            self.diff(path, Fact("compare.truncated"))
            return
        flags = self.differences[start:]
        self.tensor_values(e, a, path)
        if flags and len(self.differences) == start + len(flags):
            self.hint(path, self.values_right_hint(e, a, flags))

    def values_right_hint(self, e: Value, a: Value, flags: list[Fact]) -> Fact:
        """What to make of a tensor whose values are right but whose flags or dtype are not."""
        if all(_inner(f).key in ("compare.attr_differs", "compare.dtype_class")
               and _inner(f).fields.get("attribute", "dtype") == "dtype" for f in flags):
            return HINT_DTYPE
        if e.get("grad_fn") and not a.get("grad_fn") and not a.get("requires_grad"):
            return HINT_NO_GRAD_FN
        return HINT_FLAGS

    def one_same_number(self, e: Value, a: Value) -> bool:
        """One element each (a 0-dim tensor against a one-element one), and the same number."""
        if numel(e["shape"]) != 1 or numel(a["shape"]) != 1 or len(e["shape"]) == len(
                a["shape"]) or e.get("truncated") or a.get("truncated"):
            return False
        (_, x), (_, y) = next(tensor_elements(e)), next(tensor_elements(a))
        return close(x, y, self.tolerance_for(e["dtype"], a["dtype"]))

    def literal_class(self, e: Value, a: Value, path: str) -> None:
        """Prediction without dtype=: the kind of numbers written must fit the truth's."""
        ec, ac = dtype_class(e["dtype"]), dtype_class(a["dtype"])
        if ec == ac or ec is None or ac is None:
            return
        if ac == "int" and ec in ("float", "complex"):
            if not a.get("bare"):
                self.note(path, Fact("compare.note_floats"))
            return
        self.diff(path, Fact.of("compare.dtype_class", expected=Fact(f"compare.thing.class_{ec}"),
                                dtype=f"torch.{dtype_name(e['dtype'])}",
                                got=Fact(f"compare.thing.class_{ac}")))

    def tensor_values(self, e: Value, a: Value, path: str) -> None:
        ec, ac = dtype_class(e["dtype"]), dtype_class(a["dtype"])
        exact = _exact(ec) and _exact(ac)
        tol = self.tolerance_for(e["dtype"], a["dtype"])
        first: tuple[tuple[int, ...], Any, Any] | None = None
        wrong = total = 0
        for (index, x), (_, y) in zip(tensor_elements(e), tensor_elements(a), strict=True):
            total += 1
            if (x == y) if exact else close(x, y, tol):
                continue
            wrong += 1
            if first is None:
                first = (index, x, y)
        if first is None:
            return
        index, x, y = first
        if not index:
            self.diff(path, Fact.of("compare.value_differs", expected=number_text(x),
                                    got=number_text(y)))
            return
        where = "[" + ", ".join(str(i) for i in index) + "]"
        count = Fact.of("compare.values_count", wrong=wrong, total=total) if wrong > 1 else ""
        self.diff(path, Fact.of("compare.values_differ", index=where, expected=number_text(x),
                                got=number_text(y), count=count))


# ----------------------------------------------------------------------------- helpers

def same_type_name(x: str, y: str) -> bool:
    """'torch.OutOfMemoryError' names the same class as 'OutOfMemoryError'."""
    if x == y:
        return True
    if "." in x and "." in y:
        return False
    return x.rsplit(".", 1)[-1] == y.rsplit(".", 1)[-1]


def _at(path: str, what: Fact) -> Fact:
    return Fact.of("compare.at", path=path, what=what) if path else what


def _inner(fact: Fact) -> Fact:
    while fact.key == "compare.at":
        fact = fact.fields["what"]
    return fact


def _expected_got(expected: Fact | str, got: Fact | str) -> Fact:
    return Fact.of("compare.expected_got", expected=expected, got=got)


def _attribute(name: str, expected: Fact | str, got: Fact | str) -> Fact:
    return Fact.of("compare.attr_differs", attribute=name, expected=expected, got=got)


def _number(value: Value) -> Any:
    kind = value["kind"]
    if kind == "complex":
        return complex(float_from_wire(value["real"]), float_from_wire(value["imag"]))
    if kind == "float":
        return float_from_wire(value["value"])
    return value["value"]


def _python_data(value: Value) -> Any:
    """Numbers nested in lists as Python objects, or None if something else is inside."""
    kind = value["kind"]
    if kind in ("bool", "int", "float", "complex"):
        return _number(value)
    if kind == "list" and not value.get("tuple"):
        items = [_python_data(i) for i in value["items"]]
        return None if any(i is None for i in items) else items
    return None


def _grad_fn_text(name: str | None) -> Fact | str:
    return Fact("compare.thing.leaf_grad_fn") if name is None else str(name)


def _shape(shape: list[int]) -> Fact | str:
    text = shape_text(shape)
    return Fact.of("compare.thing.zero_dim", shape=text) if not shape else text


def _key(value: Value) -> str:
    return json.dumps(value, sort_keys=True)


def _same_items(xs: list[Value], ys: list[Value]) -> bool:
    return Counter(_key(x) for x in xs) == Counter(_key(y) for y in ys)


def _multiset_difference(xs: list[Value], ys: list[Value]) -> Fact | str:
    want, got = Counter(format_value(x) for x in xs), Counter(format_value(y) for y in ys)
    missing, extra = list((want - got).elements()), list((got - want).elements())

    def listed(values: list[str]) -> str:
        return short(", ".join(values[:3]) + (", …" if len(values) > 3 else ""), 80)

    if missing and extra:
        return Fact.of("compare.count_both", missing=listed(missing), unexpected=listed(extra))
    if missing:
        return Fact.of("compare.count_missing", missing=listed(missing))
    if extra:
        return Fact.of("compare.count_unexpected", unexpected=listed(extra))
    return ""
