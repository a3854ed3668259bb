"""Request validation, result round-trip and the strict parsing of child messages (no torch)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from gradtutor.sandbox import RunRequest, RunResult
from gradtutor.sandbox.config import plan_hiding
from gradtutor.sandbox.protocol import (
    MAX_RESULT_BYTES,
    ProtocolError,
    parse_child_result,
    validate_value,
)


def tensor(**over: Any) -> dict[str, Any]:
    t = {"kind": "tensor", "dtype": "float32", "shape": [2], "values": [1.0, "nan"],
         "requires_grad": True, "is_leaf": True, "grad_fn": None, "grad_is_none": True,
         "retains_grad": False, "is_parameter": False, "truncated": False}
    t.update(over)
    return t


def child_msg(**over: Any) -> dict[str, Any]:
    msg = {"status": "ok", "reason": "completed", "prints": [{"line": 1, "text": "hi\n"}],
           "warnings": [{"category": "UserWarning", "message": "m", "line": 2, "expr": None}],
           "exception": None, "values": {"x": {"kind": "int", "value": 1}}}
    msg.update(over)
    return msg


def parse(msg: Any, exprs: tuple[str, ...] = ("x",)) -> dict[str, Any]:
    return parse_child_result(json.dumps(msg).encode(), exprs)


def test_controller_import_does_not_import_torch() -> None:
    code = "import sys, gradtutor.sandbox; print('torch' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_request_defaults_and_normalisation() -> None:
    req = RunRequest(code="x = 1", expressions=["x", "x + 1"])
    assert req.filename == "submission.py"
    assert req.expressions == ("x", "x + 1")
    assert (req.seed, req.inputs, req.timeout_s, req.memory_mb) == (0, {}, 5.0, 1024)


@pytest.mark.parametrize("kwargs", [
    {"code": b"x = 1"},
    {"code": "", "expressions": "x"},
    {"code": "", "inputs": {"t": object()}},
    {"code": "", "inputs": {"f": float("nan")}},
    {"code": "", "timeout_s": 0},
    {"code": "", "memory_mb": 1},
    {"code": "", "seed": 1.5},
    {"code": "", "filename": ""},
])
def test_request_rejects_bad_fields(kwargs: dict[str, Any]) -> None:
    with pytest.raises((TypeError, ValueError)):
        RunRequest(**kwargs)


def test_result_json_round_trip() -> None:
    res = RunResult(status="exception", reason="RuntimeError: boom", stdout="a\n",
                    prints=[{"line": 3, "text": "a\n"}],
                    exception={"type": "RuntimeError", "message": "boom", "line": 3,
                               "traceback": "..."},
                    values={"x": tensor()}, duration_ms=12.5)
    data = res.to_json()
    assert json.loads(json.dumps(data)) == data  # plain JSON data
    assert RunResult.from_json(data) == res
    assert RunResult.from_json(json.dumps(data)) == res
    with pytest.raises(ValueError):
        RunResult.from_json({"status": "passed"})


def test_well_formed_child_message_is_accepted() -> None:
    msg = child_msg(values={"x": tensor(), "y": {"kind": "list", "tuple": True, "items": [
        {"kind": "float", "value": "-inf"}, {"kind": "dict", "items": [
            [{"kind": "str", "value": "k"}, {"kind": "complex", "real": 1.0, "imag": "nan"}]]}]}})
    assert parse(msg, ("x", "y"))["values"]["x"]["values"] == [1.0, "nan"]


@pytest.mark.parametrize("bad", [
    b"",
    b"garbage",
    b'{"status": "ok"}',                                       # missing fields
    json.dumps(child_msg()).encode() * 2,                      # two messages
    json.dumps(child_msg()).encode().replace(b'"value": 1', b'"value": NaN'),
    json.dumps(child_msg(status="timeout")).encode(),           # a controller-only status
    json.dumps(child_msg(status="passed")).encode(),
    json.dumps(child_msg(extra=1)).encode(),                    # unknown field
    json.dumps(child_msg(stdout="forged")).encode(),            # controller's field
    json.dumps(child_msg(values={})).encode(),                  # ok without the values asked for
    json.dumps(child_msg(values={"x": {"kind": "int", "value": 1},
                                 "y": {"kind": "int", "value": 2}})).encode(),
    json.dumps(child_msg(exception={"type": "E", "message": "", "line": 1,
                                    "traceback": ""})).encode(),  # ok with an exception
    json.dumps(child_msg(status="exception")).encode(),         # exception without one
    json.dumps(child_msg(prints=[{"line": "1", "text": "x"}])).encode(),
    json.dumps(child_msg(warnings=[{"category": "W", "message": "m"}])).encode(),
    b"\xff\xfe",
])
def test_malformed_child_messages_are_rejected(bad: bytes) -> None:
    with pytest.raises(ProtocolError):
        parse_child_result(bad, ("x",))


def test_oversized_message_is_rejected() -> None:
    with pytest.raises(ProtocolError):
        parse_child_result(b" " * (MAX_RESULT_BYTES + 1), ("x",))


@pytest.mark.parametrize("bad", [
    {"kind": "weird"},
    {"kind": "int", "value": True},
    {"kind": "int", "value": 1.5},
    {"kind": "float", "value": "NaN"},
    {"kind": "bool", "value": 1},
    {"kind": "none", "value": None},
    {"kind": "list", "items": [1], "tuple": False},
    {"kind": "dict", "items": [[{"kind": "none"}]]},
    {"kind": "other", "type": "X", "repr": "r" * 5000},
    tensor(values=[1.0]),                         # shape says 2
    tensor(values=[[1.0], [2.0]]),
    tensor(shape=[20000], values=[0.0] * 20000),  # over the element cap
    tensor(requires_grad="yes"),
    tensor(truncated=True),                       # truncated tensors carry no values
    tensor(dtype="complex64", values=[1.0, 2.0]),
])
def test_malformed_values_are_rejected(bad: dict[str, Any]) -> None:
    with pytest.raises(ProtocolError):
        validate_value(bad)


def test_deeply_nested_value_is_rejected() -> None:
    v: dict[str, Any] = {"kind": "none"}
    for _ in range(100):
        v = {"kind": "list", "items": [v], "tuple": False}
    with pytest.raises(ProtocolError):
        validate_value(v)


def test_hiding_plan_keeps_the_runtime_visible(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    for d in ("solutions", "exercises", ".venv/lib/site-packages/torch"):
        (repo / d).mkdir(parents=True)
    (repo / "README.md").write_text("x")
    venv = repo / ".venv"
    # A venv inside the checkout (as in CI): hide everything else, entry by entry.
    assert plan_hiding([str(repo)], [venv]) == [
        str(repo / "README.md"), str(repo / "exercises"), str(repo / "solutions")]
    # A runtime deeper inside: only its ancestors are expanded.
    deep = [venv / "lib" / "site-packages" / "torch"]
    planned = plan_hiding([str(repo)], deep)
    assert str(venv / "lib" / "site-packages" / "torch") not in planned
    assert str(venv) not in planned and str(repo / "solutions") in planned
    # Elsewhere: the whole directory; never system directories.
    assert plan_hiding([str(repo)], [tmp_path / "other"]) == [str(repo)]
    assert plan_hiding(["/", "/usr", "/proc"], []) == []
