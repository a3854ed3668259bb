"""The memory view: bytes autograd saves for backward, and what no_grad saves."""

from __future__ import annotations

from pathlib import Path

import pytest

from gradtutor.explain.memory import run_counting
from gradtutor.explain.memory_report import (
    MEMORY_EXPRESSION,
    MemoryReport,
    human_bytes,
    memory_from_plain,
    memory_from_values,
    memory_request,
)
from gradtutor.explain.names import Program
from gradtutor.sandbox import Sandbox
from gradtutor.views.explanation import render_memory

FIXTURES = Path(__file__).parent / "fixtures"

# Two Linear(64, 64) + ReLU layers on a batch of 16, float32. Saved for backward: the input
# (4 KiB, needed for the first weight's gradient), each ReLU's output (4 KiB each, new memory),
# the second weight (16 KiB, saved as a view of the parameter). The first weight is not saved:
# nothing before it requires grad. The second Linear's input is the first ReLU's output again.
TWO_LAYERS = """import torch
import torch.nn as nn
torch.manual_seed(0)
model = nn.Sequential(nn.Linear(64, 64), nn.ReLU(), nn.Linear(64, 64), nn.ReLU())
inp = torch.randn(16, 64)
out = model(inp)
with torch.no_grad():
    again = model(inp)
"""


def test_counts_in_process_are_exact() -> None:
    report = memory_from_plain(run_counting(TWO_LAYERS, "m.py"))
    a = report.actual
    assert a is not None
    assert (a.total, a.activation, a.count) == (4096 + 4096 + 16384 + 4096, 8192, 5)
    assert a.by_line == ((6, 28672, 5, 8192),)  # all on `out = model(inp)`
    assert report.blocks == ((7, 8),)
    w = report.without_no_grad
    assert w is not None
    # With grad on, line 8 saves the same five tensors; only the two ReLU outputs are new.
    assert w.on_lines(7, 8) == (8192, 5, 8192)
    assert w.total == a.total + 8192


def test_update_blocks_are_not_switched_on() -> None:
    """A with-block that updates tensors in place would fail with grad on; it is left alone."""
    src = ("import torch\nw = torch.ones(3, requires_grad=True)\n(w * w).sum().backward()\n"
           "with torch.no_grad():\n    w -= 0.1 * w.grad\n")
    report = memory_from_plain(run_counting(src, "m.py"))
    assert report.blocks == () and report.without_no_grad is None
    assert report.actual is not None and report.actual.error is None


def test_program_errors_are_reported_with_the_counts_so_far() -> None:
    src = ("import torch\nx = torch.ones(2, requires_grad=True)\ny = x.exp()\n"
           "raise ValueError('x')\n")
    report = memory_from_plain(run_counting(src, "m.py"))
    assert report.actual is not None and report.actual.error == "ValueError: x"
    assert report.actual.error_line == 4 and report.actual.total == 8


def test_syntax_error() -> None:
    report = memory_from_plain(run_counting("x = (", "m.py"))
    assert report.syntax_error and report.actual is None
    assert "syntax error" in render_memory(report)


@pytest.fixture(scope="module")
def mlp_reports(shared_sandbox: Sandbox) -> dict[str, tuple[str, MemoryReport]]:
    out = {}
    names = ("mlp_with_no_grad.py", "mlp_without_no_grad.py")
    sources = [(FIXTURES / n).read_text() for n in names]
    results = shared_sandbox.run_many([memory_request(s, n) for s, n in zip(sources, names,
                                                                             strict=True)])
    for name, src, res in zip(names, sources, results, strict=True):
        assert res.status == "ok", res.reason
        report, why = memory_from_values(res.values)
        assert report is not None, why
        out[name] = (src, report)
    return out


def test_mlp_no_grad_saves_memory(mlp_reports: dict[str, tuple[str, MemoryReport]]) -> None:
    _src, with_ng = mlp_reports["mlp_with_no_grad.py"]
    _src2, without = mlp_reports["mlp_without_no_grad.py"]
    assert with_ng.actual and without.actual and with_ng.without_no_grad
    # The evaluation under no_grad saves nothing ...
    assert with_ng.actual.on_lines(14, 15)[0] == 0
    # ... the same evaluation without it saves activations (64x256 floats per ReLU) ...
    saved, _n, act = without.actual.on_lines(14, 15)
    assert act >= 2 * 64 * 256 * 4 and saved > 0
    # ... and the counterfactual run of the no_grad version predicts exactly that.
    assert with_ng.without_no_grad.total == without.actual.total
    assert with_ng.actual.total < without.actual.total


def test_mlp_report_text(mlp_reports: dict[str, tuple[str, MemoryReport]]) -> None:
    src, report = mlp_reports["mlp_with_no_grad.py"]
    text = render_memory(report, Program(src))
    assert "Memory autograd saves for backward" in text
    assert "line 11" in text
    assert "loss = nn.functional.cross_entropy(model(inputs), targets)" in text
    assert "`with torch.no_grad():` (lines 14–15) saved 0 B." in text
    assert "saved by them" in text
    zh = render_memory(report, Program(src), lang="zh")
    assert "no_grad 块省下了" in zh


def test_memory_request_does_not_touch_the_learners_namespace() -> None:
    req = memory_request("x = 1\n", "mine.py")
    assert req.inputs["__gradtutor_source__"] == "x = 1\n"
    assert req.expressions == (MEMORY_EXPRESSION,) and req.timeout_s == 10.0


def test_malformed_memory_data() -> None:
    assert memory_from_values({})[0] is None
    bad = {MEMORY_EXPRESSION: {"kind": "dict", "items": [[{"kind": "str", "value": "version"},
                                                          {"kind": "int", "value": 1}]]}}
    report, why = memory_from_values(bad)
    assert report is None and why and "unusable" in why


def test_human_bytes() -> None:
    assert [human_bytes(n) for n in (0, 1023, 1024, 1536, 1 << 20, 3 << 30)] == \
        ["0 B", "1023 B", "1.0 KiB", "1.5 KiB", "1.0 MiB", "3.00 GiB"]
