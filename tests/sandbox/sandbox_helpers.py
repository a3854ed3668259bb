"""Helpers for the sandbox tests (a unique module name: tests/ has no __init__.py files)."""

from __future__ import annotations

import os
import textwrap
import time
from collections.abc import Callable
from typing import Any

import pytest

from gradtutor.sandbox import RunRequest, RunResult, Sandbox

STARTUP_S = 180.0  # a torch import on a loaded 2-core machine

# Set on import (by conftest, before any zygote starts): no zygote or child may see it.
SECRET = "gradtutor-test-secret-4f1c"
os.environ["GRADTUTOR_TEST_SECRET"] = SECRET

root_only = pytest.mark.skipif(os.geteuid() != 0, reason="needs root (per-slot uid, cgroups)")


def run(sb: Sandbox, code: str, *expressions: str, **kw: Any) -> RunResult:
    return sb.run(RunRequest(code=textwrap.dedent(code), expressions=expressions, **kw))


def slot_processes(uid: int) -> list[int]:
    """Live (non-zombie) processes of a slot uid."""
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


def wait_until(cond: Callable[[], bool], timeout: float = 5.0) -> bool:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if cond():
            return True
        time.sleep(0.02)
    return bool(cond())


def value(res: RunResult, expr: str) -> Any:
    """The plain Python content of a scalar/str typed value, or tensor values."""
    v = res.values[expr]
    if v["kind"] == "tensor":
        return v["values"]
    if v["kind"] in ("none",):
        return None
    return v["value"]
