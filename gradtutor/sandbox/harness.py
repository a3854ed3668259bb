"""Child side: run one job's code and observe it (prints, warnings, exception, values).

`run_job` is pure Python over a job dict and is also the zygote's warm-up. `child_main` is the
forked child's entry: it reads the job from its pipe, applies the limits, runs the job and writes
one JSON result. Nothing here is trusted by the controller; it only reports observations.
"""

from __future__ import annotations

import builtins
import contextlib
import errno
import gc
import io
import json
import linecache
import os
import random
import sys
import traceback
import warnings
from typing import TYPE_CHECKING, Any

import numpy as np
import torch

from gradtutor.sandbox import limits
from gradtutor.sandbox.encode import encode, safe_repr, safe_str
from gradtutor.sandbox.protocol import (
    MAX_MESSAGE_CHARS,
    MAX_OUTPUT_BYTES,
    MAX_REPR_CHARS,
    MAX_RESULT_BYTES,
    MAX_TRACEBACK_CHARS,
    MAX_WARNINGS,
    strip_torch_suffix,
)

if TYPE_CHECKING:
    from gradtutor.sandbox.lockdown import Lockdown

# Bound early so learner monkeypatching of os/json cannot stop the child from exiting.
_exit = os._exit
_write = os.write
_close = os.close
_getpid = os.getpid
_dumps = json.dumps

WRITE_SLICE = 1 << 16
MAX_WARNING_CHARS = 2 << 20
MAX_VALUES_BYTES = 16 << 20
def _first_line(text: str, limit: int = 200) -> str:
    line = text.strip().splitlines()[0] if text.strip() else ""
    return line if len(line) <= limit else line[: limit - 3] + "..."


class Recorder:
    """Collects prints and warnings, attributing each to the learner line running it."""

    def __init__(self, filename: str) -> None:
        self.filename = filename
        self.prints: list[dict[str, Any]] = []
        self.warnings: list[dict[str, Any]] = []
        self.expr: str | None = None
        self._print_chars = 0
        self._warning_chars = 0

    def learner_line(self, frame: Any) -> int | None:
        """Line of the innermost frame of the learner's file on the stack, if any."""
        while frame is not None:
            if frame.f_code.co_filename == self.filename:
                return frame.f_lineno
            frame = frame.f_back
        return None

    def add_print(self, line: int | None, text: str) -> None:
        if self._print_chars >= MAX_OUTPUT_BYTES:
            return  # the controller kills the run at this size anyway
        text = text[: MAX_OUTPUT_BYTES - self._print_chars]
        self._print_chars += len(text)
        last = self.prints[-1] if self.prints else None
        if last is not None and last["line"] == line and not last["text"].endswith("\n"):
            last["text"] += text
        else:
            self.prints.append({"line": line, "text": text})

    def showwarning(self, message: Any, category: type, filename: str, lineno: int,
                    file: Any = None, line: Any = None) -> None:
        if len(self.warnings) >= MAX_WARNINGS or self._warning_chars >= MAX_WARNING_CHARS:
            return
        where = lineno if filename == self.filename else self.learner_line(sys._getframe(1))
        text = strip_torch_suffix(safe_str(message))[:MAX_MESSAGE_CHARS]
        if text.startswith(ENVIRONMENT_WARNING):
            return  # the sandbox hid the GPU: torch's complaint about it is not the program's
        self._warning_chars += len(text)
        self.warnings.append({"category": getattr(category, "__name__", "Warning"),
                              "message": text, "line": where, "expr": self.expr})


# On a CUDA build the first backward() (or torch.cuda.is_available()) asks the driver for its
# devices; inside the sandbox, where the GPU is hidden, torch warns about the failed query (seen
# under torch 2.11+cu130 on an H200: "CUDA initialization: Unexpected error from
# cudaGetDeviceCount() ... Error 304"). Programs run on the CPU here by design, so that warning
# describes the machine, not the program, and would turn into a wrong answer about warnings.
ENVIRONMENT_WARNING = "CUDA initialization:"


def _write_all(fd: int, data: bytes) -> None:
    while data:
        data = data[_write(fd, data):]


class _RawStdout(io.RawIOBase):
    """sys.stdout.buffer: bytes straight to fd 1 (they show in stdout, not in prints)."""

    def __init__(self, fd: int) -> None:
        self._fd = fd

    def writable(self) -> bool:
        return True

    def write(self, b: Any) -> int:
        data = bytes(b)
        _write_all(self._fd, data)
        return len(data)

    def fileno(self) -> int:
        return self._fd


class LearnerStdout(io.TextIOBase):
    """sys.stdout for the learner: records prints per line and writes them through to fd 1."""

    def __init__(self, recorder: Recorder, fd: int) -> None:
        self._recorder = recorder
        self._fd = fd
        self.buffer = _RawStdout(fd)

    def write(self, s: str) -> int:
        if not isinstance(s, str):
            raise TypeError(f"write() argument must be str, not {type(s).__name__}")
        self._recorder.add_print(self._recorder.learner_line(sys._getframe(1)), s)
        # In slices: a 1 GB string must not need another GB to be encoded; the controller
        # stops the run after the first MiB anyway.
        for start in range(0, len(s), WRITE_SLICE):
            _write_all(self._fd, s[start:start + WRITE_SLICE].encode("utf-8", "backslashreplace"))
        return len(s)

    def writable(self) -> bool:
        return True

    def fileno(self) -> int:
        return self._fd

    def isatty(self) -> bool:
        return False

    @property
    def encoding(self) -> str:
        return "utf-8"


def _is_memory_error(exc: BaseException) -> bool:
    if isinstance(exc, MemoryError):
        return True
    if isinstance(exc, OSError) and exc.errno == errno.ENOMEM:
        return True
    return isinstance(exc, RuntimeError) and "can't allocate memory" in safe_str(exc)


def describe_exception(exc: BaseException, filename: str) -> dict[str, Any]:
    """type, message, learner line and a traceback trimmed to the learner's own frames."""
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if f.filename == filename]
    line = frames[-1].lineno if frames else None
    if isinstance(exc, SyntaxError):
        message = safe_str(exc.msg)
        if line is None and exc.filename == filename:
            line = exc.lineno
    else:
        message = safe_str(exc)
    text = "".join(traceback.format_exception_only(type(exc), exc))
    if frames:
        text = ("Traceback (most recent call last):\n"
                + "".join(traceback.StackSummary.from_list(frames).format()) + text)
    return {"type": type(exc).__name__, "message": message[:MAX_MESSAGE_CHARS],
            "line": line, "traceback": text[:MAX_TRACEBACK_CHARS]}


def seed_everything(seed: int) -> None:
    random.seed(seed)
    np.random.seed(seed % (1 << 32))
    torch.manual_seed(seed)


def _evaluate(expressions: list[str], ns: dict[str, Any], rec: Recorder) -> dict[str, Any]:
    values: dict[str, Any] = {}
    budget = MAX_VALUES_BYTES
    for expr in expressions:
        rec.expr = expr
        try:
            value = encode(eval(compile(expr, "<expression>", "eval"), ns))
        except BaseException as e:  # the expression's own error is an observation too
            value = {"kind": "error", "type": type(e).__name__,
                     "message": safe_str(e)[:MAX_REPR_CHARS]}
        size = len(_dumps(value))
        if size > budget:
            value = {"kind": "error", "type": "ValueTooLarge",
                     "message": f"the value needs {size} bytes; the limit is {budget}"}
        budget -= min(size, budget)
        values[expr] = value
    rec.expr = None
    return values


def run_job(job: dict[str, Any], stdout_fd: int = 1) -> dict[str, Any]:
    """Run job["code"] in a fresh namespace and return the child's result message."""
    filename = job["filename"]
    code = job["code"]
    rec = Recorder(filename)
    me = _getpid()
    seed_everything(job["seed"])
    linecache.cache[filename] = (len(code), None, code.splitlines(True), filename)
    ns: dict[str, Any] = {"__name__": "__main__", "__file__": filename,
                          "__builtins__": builtins, **job["inputs"]}
    status, reason, exception = "ok", "completed", None
    saved_stdout = sys.stdout
    with warnings.catch_warnings():
        warnings.simplefilter("always")
        warnings.showwarning = rec.showwarning
        torch.set_warn_always(True)
        sys.stdout = LearnerStdout(rec, stdout_fd)
        try:
            try:
                exec(compile(code, filename, "exec"), ns)
            except SystemExit as e:
                status, reason = "exit", f"sys.exit({safe_repr(e.code)}) was called"
                line = describe_exception(e, filename)["line"]
                if line is not None:
                    reason += f" at line {line}"
            except BaseException as e:
                if _is_memory_error(e):
                    ns.clear()  # free the learner's data so the result can still be built
                    gc.collect()
                    status = "memory"
                exception = describe_exception(e, filename)
                e.__traceback__ = None
                summary = f"{exception['type']}: {_first_line(exception['message'])}"
                if status == "memory":
                    reason = f"memory limit of {job['memory_mb']} MiB exceeded ({summary})"
                else:
                    status, reason = "exception", summary
                del e
            if _getpid() != me:
                _exit(0)  # a process the learner forked: only the original child reports
            values = {} if status == "memory" else _evaluate(job["expressions"], ns, rec)
            if _getpid() != me:
                _exit(0)
        finally:
            sys.stdout = saved_stdout
    return {"status": status, "reason": reason, "prints": rec.prints,
            "warnings": rec.warnings, "exception": exception, "values": values}


def dump_result(result: dict[str, Any]) -> bytes:
    """JSON bytes within MAX_RESULT_BYTES (values are dropped first if it is too large)."""
    data = _dumps(result, allow_nan=False).encode()
    if len(data) <= MAX_RESULT_BYTES - 4096:
        return data
    result = dict(result, prints=result["prints"][:1000], warnings=result["warnings"][:100])
    result["values"] = {k: {"kind": "error", "type": "ResultTooLarge", "message": ""}
                        for k in result["values"]}
    return _dumps(result, allow_nan=False).encode()


def _read_all(fd: int) -> bytes:
    chunks = []
    while chunk := os.read(fd, 1 << 16):
        chunks.append(chunk)
    return b"".join(chunks)


def child_main(job_fd: int, result_fd: int, lock: Lockdown | None = None) -> None:
    """Entry of the forked child after `limits.enter_child`; never returns normally.
    If a lockdown layer cannot be applied this raises: the job never runs."""
    job = json.loads(_read_all(job_fd))
    _close(job_fd)
    limits.apply_rlimits(job["limits"], job["memory_mb"], job["timeout_s"])
    limits.reset_environment()
    if lock is not None:
        lock.apply(os.getcwd())
    try:
        result = run_job(job)
    except MemoryError:  # out of memory while observing: report that much, nothing else
        gc.collect()
        result = {"status": "memory", "prints": [], "warnings": [], "exception": None,
                  "values": {}, "reason": f"memory limit of {job['memory_mb']} MiB exceeded"}
    for stream in (sys.stderr, sys.__stdout__):
        with contextlib.suppress(Exception):
            stream.flush()
    data = dump_result(result)
    # Close stdout/stderr first so the controller sees them end before the result does.
    for fd in (1, 2):
        with contextlib.suppress(OSError):
            _close(fd)
    while data:
        data = data[_write(result_fd, data):]
    _close(result_fd)
    _exit(0)
