"""Helpers and constants of the security suite (a unique module name: tests/ has no
__init__.py, so `import conftest` would be ambiguous)."""

from __future__ import annotations

import os
import random
import textwrap
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from gradtutor.course.model import Exercise
from gradtutor.grading.code import Run, grade_code
from gradtutor.grading.verdict import Verdict
from gradtutor.sandbox import RunRequest, RunResult, Sandbox

STARTUP_S = 180.0
MINI = Path(__file__).resolve().parents[1] / "fixtures" / "mini"
SOLUTION = MINI / "solutions" / "mini-code.py"
RIGHT = """\
import torch
w = torch.randn(3, requires_grad=True)
(scale * w).sum().backward()
"""
WRONG = """\
import torch
w = torch.randn(3, requires_grad=True)
(2 * scale * w).sum().backward()
"""

# In the grader's environment before any zygote starts: no run may ever see it.
SECRET = "gradtutor-sectest-token-" + os.urandom(8).hex()
os.environ["GRADTUTOR_SECTEST_TOKEN"] = SECRET

root_only = pytest.mark.skipif(os.geteuid() != 0, reason="the root deployment (CI runs as root)")


def grade(ex: Exercise, source: str, sb: Sandbox) -> Verdict:
    """The real grading path; the parent picks fresh seeds each time."""
    return grade_code(ex, textwrap.dedent(source), sb,
                      runs=[Run(dict(v.inputs), random.randrange(1, 2**31)) for v in ex.variants])


def run(sb: Sandbox, code: str, *expressions: str, **kw: Any) -> RunResult:
    return sb.run(RunRequest(code=textwrap.dedent(code), expressions=expressions, **kw))


def value(res: RunResult, expr: str) -> Any:
    """Plain content of a typed value (str/int/bool/none, lists and dicts of them)."""
    return plain(res.values[expr])


def plain(v: dict[str, Any]) -> Any:
    kind = v["kind"]
    if kind == "list":
        return [plain(i) for i in v["items"]]
    if kind == "dict":
        return {plain(k): plain(x) for k, x in v["items"]}
    if kind == "tensor":
        return v.get("values")
    if kind == "none":
        return None
    if kind == "error":
        return f"<{v['type']}>"
    return v.get("value", v.get("name"))


def wait_until(cond: Callable[[], bool], timeout: float = 5.0) -> bool:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if cond():
            return True
        time.sleep(0.02)
    return bool(cond())


def slot_processes(uid: int) -> list[int]:
    """Live (non-zombie) processes of a slot uid, seen from the host."""
    found = []
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            with open(f"/proc/{name}/status") as f:
                fields = dict(line.split(":", 1) for line in f if ":" in line)
        except OSError:
            continue
        if fields["State"].split()[0] not in ("Z", "X") and int(fields["Uid"].split()[0]) == uid:
            found.append(int(name))
    return found


def slot_empty(sb: Sandbox, timeout: float = 5.0) -> bool:
    """No process of any slot is alive besides its zygote."""
    def empty() -> bool:
        return all(slot_processes(i["uid"]) == [] for i in sb.slot_info()
                   if i["uid"] is not None)
    return wait_until(empty, timeout)
