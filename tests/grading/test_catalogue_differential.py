"""A differential test over the whole real catalogue (exercises/), under live torch.

For every predict question, the forms torch itself prints for the truth (repr and str of the
expression, as the snippet's own torch prints them; the printed line; the exception line) and
the equivalent forms docs/comparison.md lists (a final full stop, constants in another case,
full-width IME input, a list for a tensor's values, `Type: message`) must be right. Perturbed
truths (one element changed, a flag flipped, another exception type) must be wrong.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from gradtutor.compare import format_value
from gradtutor.compare.values import float_from_wire
from gradtutor.course.loader import load_course
from gradtutor.course.model import Exercise, Question
from gradtutor.grading.answer import judge_answer, truth_of
from gradtutor.grading.predict import snippet_request
from gradtutor.sandbox import RunRequest, RunResult, Sandbox

ROOT = Path(__file__).resolve().parents[2]


def full_width(text: str) -> str:
    """What a Chinese IME in full-width mode types for `text`."""
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in text)


def _request(ex: Exercise) -> RunRequest:
    base = snippet_request(ex)
    exprs = [q.expr for q in ex.questions if q.expr]
    extra = [f"{f}({e})" for e in exprs for f in ("repr", "str")]
    return RunRequest(code=base.code, filename=base.filename,
                      expressions=(*base.expressions, *extra), seed=base.seed,
                      timeout_s=base.timeout_s)


@pytest.fixture(scope="module")
def runs(shared_sandbox: Sandbox) -> list[tuple[Exercise, RunResult]]:
    loaded = load_course(ROOT / "exercises", ROOT / "solutions")
    assert loaded.course is not None, loaded.problems
    exercises = [e for e in loaded.course.exercises if e.kind == "predict"]
    assert len(exercises) >= 30
    results = shared_sandbox.run_many([_request(e) for e in exercises])
    for ex, res in zip(exercises, results, strict=True):
        assert res.status in ("ok", "exception"), (ex.id, res.reason)
    return list(zip(exercises, results, strict=True))


def _questions(runs: list[tuple[Exercise, RunResult]]) -> Iterator[tuple[str, Question,
                                                                         RunResult]]:
    for ex, res in runs:
        for i, q in enumerate(ex.questions):
            yield f"{ex.id}#q{i + 1}", q, res


# ----------------------------------------------------------------------------- right forms

def right_forms(q: Question, res: RunResult) -> list[str]:
    truth = truth_of(q, res)
    if isinstance(truth, str):
        forms = [truth, truth + ".", full_width(truth)]
        low = truth.replace("True", "true").replace("False", "FALSE").replace("None", "none")
        forms.append(low)
        return forms
    if q.error:
        if truth["kind"] == "none":
            return ["None", "none", "no error", "None."]
        exc = res.exception
        assert exc is not None
        first = f"{exc['type']}: {exc['message']}".split("\n")[0]
        return [truth["name"], truth["name"].lower(), truth["name"] + ".", first,
                f"{exc['type']}: whatever it says", full_width(truth["name"]),
                f"{exc['type']}：{exc['message'][:20]}…"]
    assert q.expr is not None
    forms = [format_value(truth)]
    for f in ("repr", "str"):
        shown = res.values.get(f"{f}({q.expr})")
        if shown and shown["kind"] == "str" and "object at 0x" not in shown["value"]:
            forms.append(shown["value"])
    forms += [forms[0] + ".", full_width(forms[0])] if "\n" not in forms[0] else []
    if truth["kind"] == "bool":
        forms += [str(truth["value"]).lower(), str(truth["value"]).upper()]
    if truth["kind"] == "none":
        forms += ["none", "NONE"]
    if truth["kind"] == "tensor" and not truth.get("truncated") and truth["shape"]:
        forms.append(format_value(_plain_list(truth)))
    return forms


def _plain_list(tensor: dict[str, Any]) -> dict[str, Any]:
    """A tensor's values as a nested Python list (tolist()), as a typed value."""
    def build(data: Any) -> dict[str, Any]:
        if isinstance(data, list):
            return {"kind": "list", "items": [build(d) for d in data], "tuple": False}
        if isinstance(data, bool):
            return {"kind": "bool", "value": data}
        if isinstance(data, int):
            return {"kind": "int", "value": data}
        return {"kind": "float", "value": data}
    return build(tensor["values"])


def test_every_printed_form_of_the_truth_is_right(
    runs: list[tuple[Exercise, RunResult]]
) -> None:
    wrong = []
    checked = 0
    for name, q, res in _questions(runs):
        for form in right_forms(q, res):
            checked += 1
            out = judge_answer(q, form, res)
            if out.status != "right":
                wrong.append((name, form, out.status, out.differences))
    assert checked > 200
    assert not wrong, "\n".join(map(repr, wrong))


# ----------------------------------------------------------------------------- perturbed

def perturbed(q: Question, res: RunResult) -> list[str]:
    truth = truth_of(q, res)
    if isinstance(truth, str):
        return _perturbed_text(truth)
    if q.error:
        if truth["kind"] == "none":
            return ["RuntimeError", "TypeError: oops"]
        other = "TypeError" if truth["name"].rsplit(".", 1)[-1] != "TypeError" else "ValueError"
        return [other, f"{other}: {(res.exception or {}).get('message', '')}", "None"]
    return [format_value(v) for v in _perturbed_values(truth)] + _flag_flips(truth)


def _perturbed_text(text: str) -> list[str]:
    flags = re.sub(r", (?:grad_fn=<\w+>|requires_grad=True)", "", text)
    if flags != text:
        return [flags]  # the flag left out: torch prints it, so leaving it out is a claim
    for old, new in (("True", "False"), ("False", "True")):
        if old in text:
            return [text.replace(old, new, 1)]
    digits = [i for i, c in enumerate(text) if c.isdigit()]
    if digits:
        i = digits[0]
        return [text[:i] + str((int(text[i]) + 3) % 10) + text[i + 1:]]
    return []


def _perturbed_values(v: dict[str, Any]) -> list[dict[str, Any]]:
    kind = v["kind"]
    if kind == "bool":
        return [{**v, "value": not v["value"]}]
    if kind == "int":
        return [{**v, "value": v["value"] + 1}]
    if kind == "float":
        x = float_from_wire(v["value"])
        return [{**v, "value": 0.5 if math.isnan(x) else x + 1.0 if math.isfinite(x) else 0.0}]
    if kind == "none":
        return [{"kind": "int", "value": 0}]
    if kind == "grad_fn":
        return [{**v, "name": "MulBackward0" if v["name"] != "MulBackward0" else "AddBackward0"}]
    if kind == "dtype":
        return [{**v, "value": "torch.float64" if v["value"] != "torch.float64"
                 else "torch.float32"}]
    if kind == "list" and v["items"]:
        return [{**v, "items": [p, *v["items"][1:]]} for p in _perturbed_values(v["items"][0])]
    if kind == "tensor" and not v.get("truncated") and _numel(v["shape"]) > 0:
        return [{**v, "values": _bump_first(v["values"], v["dtype"])}]
    return []


def _numel(shape: list[int]) -> int:
    return math.prod(shape)


def _bump_first(values: Any, dtype: str) -> Any:
    if isinstance(values, list):
        return [_bump_first(values[0], dtype), *values[1:]]
    if isinstance(values, bool):
        return not values
    if isinstance(values, int):
        return values + 1
    x = float_from_wire(values)
    return 0.5 if math.isnan(x) else x + 1.0 if math.isfinite(x) else 0.0


def _flag_flips(v: dict[str, Any]) -> list[str]:
    if v["kind"] != "tensor" or v.get("truncated") or v["dtype"] in ("int64", "bool"):
        return []
    data = format_value(_plain_list(v)) if v["shape"] else format_value(
        {"kind": "float", "value": v["values"]})
    return [f"tensor({data}, requires_grad={not v['requires_grad']})"]


def test_every_perturbed_truth_is_wrong(runs: list[tuple[Exercise, RunResult]]) -> None:
    passed = []
    checked = 0
    for name, q, res in _questions(runs):
        for form in perturbed(q, res):
            checked += 1
            out = judge_answer(q, form, res)
            if out.status != "wrong":
                passed.append((name, form, out.status, out.differences))
    assert checked > 60
    assert not passed, "\n".join(map(repr, passed))
