"""explain_run: the program run, the probe, and what happens when the run does not finish."""

from __future__ import annotations

from gradtutor.explain import explain_run
from gradtutor.sandbox import Sandbox


def test_timeout_gives_no_graph_and_says_why(shared_sandbox: Sandbox) -> None:
    report = explain_run(shared_sandbox, "while True:\n    pass\n", "loop.py", timeout_s=1.0,
                         memory=True)
    assert report.result.status == "timeout"
    assert report.graph is None and report.graph_problem and "timed out" in report.graph_problem
    assert report.memory is None and report.memory_problem
    assert report.explanations == []


def test_program_output_and_exception_are_kept(shared_sandbox: Sandbox) -> None:
    src = "import torch\nprint('hi')\nx = torch.ones(2, requires_grad=True)\nx.numpy()\n"
    report = explain_run(shared_sandbox, src, "mine.py")
    assert report.result.status == "exception" and report.result.stdout == "hi\n"
    (ex,) = report.explanations
    assert ex.key == "numpy_requires_grad" and ex.line == 4 and ex.variable == "x"
    assert report.graph is not None and report.graph.tensor("x") is not None
