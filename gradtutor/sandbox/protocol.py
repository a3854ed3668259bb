"""Wire protocol of the sandbox: the request, the result, and strict checks of what children send.

Everything here runs in the trusted controller and never imports torch. The child's result is
untrusted data: `parse_child_result` accepts exactly the documented schema or raises
`ProtocolError`, so garbage or forged-but-malformed messages become `crashed`, never `ok`.
"""

from __future__ import annotations

import contextlib
import json
import math
import os
import socket
from dataclasses import asdict, dataclass, field
from typing import Any

from gradtutor.values.limits import (  # noqa: F401
    MAX_DEPTH,
    MAX_OBSERVATION_BYTES,
    MAX_REPR_CHARS,
    MAX_TENSOR_ELEMENTS,
    TOO_LARGE,
)
from gradtutor.values.validate import KINDS, NONFINITE, ValueFormatError
from gradtutor.values.validate import validate_value as _validate_value

STATUSES = ("ok", "exception", "exit", "timeout", "memory", "output_limit", "crashed", "internal")
# A child may only claim these; the others are set by the controller alone.
CHILD_STATUSES = frozenset({"ok", "exception", "exit", "memory"})
TRUSTED_VALUE_STATUSES = frozenset({"ok", "exception"})

MAX_OUTPUT_BYTES = 1 << 20        # stdout + stderr together, enforced at fd level
MAX_RESULT_BYTES = 32 << 20       # the child's JSON result
# The caps of one typed value belong to the wire format (gradtutor.values.limits).
# What the harness records at most; a child claiming more is lying (and would only make the
# parent's feedback analysis work harder), so its result is rejected.
MAX_WARNINGS = 1000
MAX_MESSAGE_CHARS = 10_000        # a warning's or exception's message
MAX_TRACEBACK_CHARS = 40_000
MAX_REASON_CHARS = 4096

VALUE_KINDS = KINDS


class ProtocolError(ValueError):
    """A message from a child or zygote does not follow the protocol."""


# ----------------------------------------------------------------------------- request


@dataclass(frozen=True)
class RunRequest:
    """One run of `code`; `expressions` are evaluated in its namespace afterwards."""

    code: str
    filename: str = "submission.py"
    expressions: tuple[str, ...] = ()
    seed: int = 0
    inputs: dict[str, Any] = field(default_factory=dict)
    timeout_s: float = 5.0
    memory_mb: int = 1024

    def __post_init__(self) -> None:
        if not isinstance(self.code, str):
            raise TypeError("RunRequest.code must be a str")
        if not isinstance(self.filename, str) or not self.filename or "\0" in self.filename:
            raise ValueError("RunRequest.filename must be a non-empty str")
        if isinstance(self.expressions, str):
            raise TypeError("RunRequest.expressions must be a sequence of str, not a str")
        exprs = tuple(self.expressions)
        if not all(isinstance(e, str) for e in exprs):
            raise TypeError("RunRequest.expressions must contain str")
        object.__setattr__(self, "expressions", exprs)
        if isinstance(self.seed, bool) or not isinstance(self.seed, int):
            raise TypeError("RunRequest.seed must be an int")
        if not isinstance(self.inputs, dict) or not all(isinstance(k, str) for k in self.inputs):
            raise TypeError("RunRequest.inputs must be a dict with str keys")
        try:
            json.dumps(self.inputs, allow_nan=False)
        except (TypeError, ValueError) as e:
            raise TypeError(f"RunRequest.inputs must be plain JSON data: {e}") from None
        if not (isinstance(self.timeout_s, int | float) and 0 < self.timeout_s <= 3600):
            raise ValueError("RunRequest.timeout_s must be in (0, 3600]")
        if not (isinstance(self.memory_mb, int) and 16 <= self.memory_mb <= 1 << 20):
            raise ValueError("RunRequest.memory_mb must be an int >= 16")


def encode_job(req: RunRequest, limits: dict[str, int]) -> bytes:
    """The job the child reads from its job pipe (the zygote never sees it)."""
    job = {
        "code": req.code, "filename": req.filename, "expressions": list(req.expressions),
        "seed": req.seed, "inputs": req.inputs, "timeout_s": float(req.timeout_s),
        "memory_mb": req.memory_mb, "limits": limits,
    }
    return json.dumps(job, allow_nan=False).encode()


# ----------------------------------------------------------------------------- result


@dataclass
class RunResult:
    """Observations of one run (see docs/architecture.md). Only `ok` and `exception` results
    carry trustworthy `values`; everything in it is data, never a verdict."""

    status: str
    reason: str = ""
    stdout: str = ""
    stderr: str = ""
    output_truncated: bool = False
    prints: list[dict[str, Any]] = field(default_factory=list)
    warnings: list[dict[str, Any]] = field(default_factory=list)
    exception: dict[str, Any] | None = None
    values: dict[str, dict[str, Any]] = field(default_factory=dict)
    duration_ms: float = 0.0

    @property
    def ok(self) -> bool:
        return self.status == "ok"

    def to_json(self) -> dict[str, Any]:
        """A JSON-able dict (embed it, or json.dumps it)."""
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any] | str | bytes) -> RunResult:
        if isinstance(data, str | bytes):
            data = json.loads(data)
        if not isinstance(data, dict) or data.get("status") not in STATUSES:
            raise ValueError("not a RunResult")
        names = cls.__dataclass_fields__
        return cls(**{k: v for k, v in data.items() if k in names})


def failure(status: str, reason: str, **extra: Any) -> RunResult:
    return RunResult(status=status, reason=reason, **extra)


# ----------------------------------------------------------------------------- strict parsing


def _reject_constant(name: str) -> Any:
    raise ProtocolError(f"non-standard JSON constant {name}")


def loads_strict(data: bytes) -> Any:
    """JSON without NaN/Infinity extensions (the harness never emits them)."""
    try:
        return json.loads(data.decode("utf-8"), parse_constant=_reject_constant)
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as e:
        raise ProtocolError(f"not valid JSON: {e}") from None


def _expect(cond: bool, what: str) -> None:
    if not cond:
        raise ProtocolError(what)


def _is_int(x: Any) -> bool:
    return isinstance(x, int) and not isinstance(x, bool)


def _is_float(x: Any) -> bool:
    return (isinstance(x, float) and math.isfinite(x)) or (isinstance(x, str) and x in NONFINITE)


def _opt_line(x: Any) -> bool:
    return x is None or (_is_int(x) and x >= 0)


def _keys(d: Any, required: set[str], what: str) -> None:
    _expect(isinstance(d, dict) and set(d) == required, f"{what}: wrong fields")


def validate_value(v: Any, depth: int = 0) -> None:
    """Raise ProtocolError unless `v` is a well-formed typed value (the one check, in
    gradtutor.values; a child's values never carry a prediction's annotations)."""
    try:
        _validate_value(v)
    except ValueFormatError as e:
        raise ProtocolError(str(e)) from None


def _validate_prints(prints: Any) -> None:
    _expect(isinstance(prints, list), "prints")
    for p in prints:
        _keys(p, {"line", "text"}, "print")
        _expect(_opt_line(p["line"]) and isinstance(p["text"], str), "print fields")


def _validate_warnings(warns: Any) -> None:
    _expect(isinstance(warns, list) and len(warns) <= MAX_WARNINGS, "warnings")
    for w in warns:
        _keys(w, {"category", "message", "line", "expr"}, "warning")
        _expect(isinstance(w["category"], str) and isinstance(w["message"], str)
                and len(w["message"]) <= MAX_MESSAGE_CHARS
                and _opt_line(w["line"]) and (w["expr"] is None or isinstance(w["expr"], str)),
                "warning fields")


def _validate_exception(exc: Any) -> None:
    if exc is None:
        return
    _keys(exc, {"type", "message", "line", "traceback"}, "exception")
    _expect(isinstance(exc["type"], str) and isinstance(exc["message"], str)
            and _opt_line(exc["line"]) and isinstance(exc["traceback"], str)
            and len(exc["message"]) <= MAX_MESSAGE_CHARS
            and len(exc["traceback"]) <= MAX_TRACEBACK_CHARS, "exception fields")


CHILD_FIELDS = frozenset({"status", "reason", "prints", "warnings", "exception", "values"})


def parse_child_result(data: bytes, expressions: tuple[str, ...]) -> dict[str, Any]:
    """Check the child's whole message against the schema; raise ProtocolError otherwise."""
    try:
        return _parse_child_result(data, expressions)
    except ProtocolError:
        raise
    except Exception as e:  # a checker tripped on data of an unexpected shape
        raise ProtocolError(f"unexpected data: {type(e).__name__}") from None


def _parse_child_result(data: bytes, expressions: tuple[str, ...]) -> dict[str, Any]:
    _expect(0 < len(data) <= MAX_RESULT_BYTES, "result missing or too large")
    msg = loads_strict(data)
    _keys(msg, set(CHILD_FIELDS), "result")
    status = msg["status"]
    _expect(status in CHILD_STATUSES, "result status")
    _expect(isinstance(msg["reason"], str) and len(msg["reason"]) <= MAX_REASON_CHARS,
            "result reason")
    _validate_prints(msg["prints"])
    _validate_warnings(msg["warnings"])
    _validate_exception(msg["exception"])
    if status == "ok":
        _expect(msg["exception"] is None, "ok result with an exception")
    elif status == "exception":
        _expect(msg["exception"] is not None, "exception result without an exception")
    values = msg["values"]
    _expect(isinstance(values, dict), "values")
    if status in TRUSTED_VALUE_STATUSES:
        _expect(set(values) == set(expressions), "values do not match the requested expressions")
    else:
        _expect(set(values) <= set(expressions), "values for unrequested expressions")
    for expr, v in values.items():
        validate_value(v)
        if len(json.dumps(v)) > MAX_OBSERVATION_BYTES + 4096:
            # The child's encoder caps each observation; one above the cap was not made by
            # it, and is not carried into verdicts and reports.
            values[expr] = {"kind": "error", "type": TOO_LARGE,
                            "message": f"the value is larger than {MAX_OBSERVATION_BYTES} bytes"}
    return msg


# ----------------------------------------------------------------------------- control channel
# Controller <-> zygote: JSON messages on a SOCK_SEQPACKET socket; file descriptors ride along
# with SCM_RIGHTS. These messages never contain learner code.

MAX_CONTROL_BYTES = 1 << 16


def send_control(sock: socket.socket, msg: dict[str, Any], fds: list[int] = ()) -> None:
    data = json.dumps(msg).encode()
    if fds:
        socket.send_fds(sock, [data], list(fds))
    else:
        sock.send(data)


def recv_control(sock: socket.socket, maxfds: int = 0) -> tuple[dict[str, Any] | None, list[int]]:
    """(message, fds); (None, []) on EOF."""
    data, fds, _flags, _addr = socket.recv_fds(sock, MAX_CONTROL_BYTES, maxfds)
    if not data:
        for fd in fds:
            _close_quietly(fd)
        return None, []
    msg = loads_strict(data)
    if not isinstance(msg, dict) or not isinstance(msg.get("op"), str):
        raise ProtocolError("control message without op")
    return msg, fds


def _close_quietly(fd: int) -> None:
    with contextlib.suppress(OSError):
        os.close(fd)


_TRIGGERED_MARKER = "(Triggered internally at "


def strip_torch_suffix(message: str) -> str:
    r"""Drop libtorch's ' (Triggered internally at <file>:<line>.)' tail.

    Shared by the child (which strips before reporting) and the parent (which cannot trust
    the child and strips again). Linear time: a regex such as r"\s*\(Triggered" is quadratic
    on long runs of whitespace, which learner code controls.
    """
    start = message.find(_TRIGGERED_MARKER)
    end = message.rstrip()
    if start == -1 or not end.endswith(")") or len(end) <= start + len(_TRIGGERED_MARKER):
        return message
    return message[:start].rstrip()
