"""Property-based tests (hypothesis) of the parser and the comparison.

parse_prediction(format_value(v)) reads back v for random typed values: NaN, -0.0, infinities,
complex numbers, empty and 0-dim tensors, huge numbers and strings, deeply nested containers.
The comparison is reflexive on every valid value, and the answer-reading rules keep the value
through full-width input and a final full stop.
"""

from __future__ import annotations

import math
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gradtutor.compare import compare, format_value, parse_prediction
from gradtutor.compare.reading import EXCEPTION_NAMES, read_prediction
from gradtutor.compare.values import number_to_wire, tensor_value, validate_value
from gradtutor.values import validate_value as validate_wire

SETTINGS = settings(max_examples=60, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])

floats = st.floats(allow_nan=True, allow_infinity=True) | st.sampled_from(
    [-0.0, 0.0, 1e-300, -1e308, 5e-324])
ints = st.integers(min_value=-(10**40), max_value=10**40)
names = st.sampled_from(sorted(EXCEPTION_NAMES)) | st.from_regex(r"[A-Z][a-z]{0,8}Module",
                                                                    fullmatch=True)
texts = st.text(max_size=100) | st.text(min_size=3000, max_size=5000, alphabet="ab'\"\\\n中")


def scalar(kind: str, x: Any) -> dict[str, Any]:
    if kind == "float":
        return {"kind": "float", "value": number_to_wire(x, "float")}
    if kind == "complex":
        return {"kind": "complex", "real": number_to_wire(x.real, "float"),
                "imag": number_to_wire(x.imag, "float")}
    return {"kind": kind, "value": x}


scalars = st.one_of(
    st.just({"kind": "none"}),
    st.booleans().map(lambda b: scalar("bool", b)),
    ints.map(lambda n: scalar("int", n)),
    floats.map(lambda x: scalar("float", x)),
    st.complex_numbers(allow_nan=True, allow_infinity=True).map(
        lambda c: scalar("complex", c)),
    texts.map(lambda s: scalar("str", s)),
    st.sampled_from(["torch.float32", "torch.float64", "torch.int64", "torch.bool",
                     "torch.bfloat16", "torch.complex64"]).map(
        lambda d: {"kind": "dtype", "value": d}),
    st.sampled_from(["AddBackward0", "MulBackward0", "SumBackward1", "AccumulateGrad"]).map(
        lambda n: {"kind": "grad_fn", "name": n}),
    names.map(lambda n: {"kind": "type", "name": n}),
)

DTYPES = {"float32": "float", "float64": "float", "int64": "int", "bool": "bool",
          "complex64": "complex"}


@st.composite
def tensors(draw: st.DrawFn) -> dict[str, Any]:
    dtype = draw(st.sampled_from(sorted(DTYPES)))
    dclass = DTYPES[dtype]
    shape = draw(st.lists(st.integers(0, 4), max_size=3))
    element = {
        "float": st.floats(min_value=-1e6, max_value=1e6) | st.sampled_from(
            [math.nan, math.inf, -math.inf, -0.0]),
        "int": st.integers(-(2**62), 2**62),
        "bool": st.booleans(),
        "complex": st.complex_numbers(max_magnitude=1e6),
    }[dclass]

    def build(dims: list[int]) -> Any:
        if not dims:
            return number_to_wire(draw(element), dclass)
        return [build(dims[1:]) for _ in range(dims[0])]

    flags: dict[str, Any] = {}
    if dclass in ("float", "complex"):
        mode = draw(st.sampled_from(["plain", "leaf", "grad_fn", "parameter"]))
        if mode == "leaf":
            flags = {"requires_grad": True}
        elif mode == "grad_fn":
            flags = {"grad_fn": draw(st.sampled_from(["AddBackward0", "MulBackward0"]))}
        elif mode == "parameter":
            flags = {"requires_grad": True, "is_parameter": True}
    return tensor_value(build(shape), shape, dtype, **flags)


values = st.recursive(
    scalars | tensors(),
    lambda inner: st.one_of(
        st.lists(inner, max_size=4).map(lambda xs: {"kind": "list", "items": xs,
                                                     "tuple": False}),
        st.lists(inner, max_size=4).map(lambda xs: {"kind": "list", "items": xs,
                                                     "tuple": True}),
        st.lists(st.tuples(st.one_of(ints.map(lambda n: scalar("int", n)),
                                     st.text(max_size=8).map(lambda s: scalar("str", s))),
                           inner), max_size=3).map(
            lambda kv: {"kind": "dict", "items": [list(p) for p in dict(
                (format_value(k), (k, v)) for k, v in kv).values()]}),
    ),
    max_leaves=12,
)


def same(a: dict[str, Any], b: dict[str, Any]) -> bool:
    """v read back: equal in prediction mode, and exactly equal as scalars (NaN, -0.0)."""
    if not compare(a, b, prediction=True).ok:
        return False
    if a["kind"] == "float" and b["kind"] == "float":
        x, y = float(a["value"]), float(b["value"])
        return (math.isnan(x) and math.isnan(y)) or (x == y and math.copysign(1, x)
                                                      == math.copysign(1, y))
    return True


@SETTINGS
@given(values)
def test_parse_reads_back_what_format_prints(v: dict[str, Any]) -> None:
    validate_value(v)
    text = format_value(v)
    parsed = parse_prediction(text)
    validate_value(parsed)
    assert same(v, parsed), (text, compare(v, parsed, prediction=True).differences)


@SETTINGS
@given(values)
def test_comparison_is_reflexive(v: dict[str, Any]) -> None:
    assert compare(v, v).ok
    assert compare(v, v, prediction=True).ok


@SETTINGS
@given(scalars | tensors())
def test_reading_rules_keep_the_value(v: dict[str, Any]) -> None:
    text = format_value(v)
    if "\n" in text or v["kind"] == "str":
        return  # a string's content is the learner's own; full-width there is meant
    wide = "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in text)
    for form in (text + ".", wide, " " + text + " 。"):
        read = read_prediction(form)
        assert compare(v, read, prediction=True).ok or (
            v["kind"] == "int" and form.endswith(".") and read["kind"] == "float"), form


@SETTINGS
@given(st.integers(1, 60))
def test_deep_nesting_reads_back(depth: int) -> None:
    text = "[" * depth + "1" + "]" * depth
    v = parse_prediction(text)
    assert format_value(v) == text


@SETTINGS
@given(st.text(max_size=200))
def test_any_text_is_read_or_refused_never_crashes(text: str) -> None:
    try:
        v = read_prediction(text)
    except ValueError:
        return
    validate_wire(v, annotations=True)
