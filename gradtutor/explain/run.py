"""Run a learner's program in the sandbox and explain it: the one call behind `gradtutor explain`.

Kept in the core (no CLI imports) so the shell and grading can reuse it.
"""

from __future__ import annotations

from dataclasses import dataclass

from gradtutor.explain.graph import PROBE_EXPRESSION, Graph, graph_from_values
from gradtutor.explain.limits import check_source_size
from gradtutor.explain.memory_report import MemoryReport, memory_from_values, memory_request
from gradtutor.explain.names import Program
from gradtutor.explain.observations import Explanation, explain_observations
from gradtutor.sandbox import TRUSTED_VALUE_STATUSES, RunRequest, RunResult, Sandbox


@dataclass(frozen=True)
class Report:
    source: str
    program: Program
    result: RunResult
    explanations: list[Explanation]
    graph: Graph | None
    graph_problem: str | None  # why there is no graph
    memory: MemoryReport | None = None
    memory_problem: str | None = None


def explain_run(sandbox: Sandbox, source: str, filename: str = "submission.py", *,
                memory: bool = False, timeout_s: float = 5.0) -> Report:
    """Run `source` once with the graph probe (and once more with the memory driver).
    Raises limits.SourceTooLarge for a source over the size cap, before running anything."""
    check_source_size(source, filename)
    reqs = [RunRequest(code=source, filename=filename, expressions=(PROBE_EXPRESSION,),
                       timeout_s=timeout_s)]
    if memory:
        reqs.append(memory_request(source, filename, timeout_s=2 * timeout_s))
    results = sandbox.run_many(reqs)
    result = results[0]
    graph: Graph | None = None
    problem: str | None
    if result.status in TRUSTED_VALUE_STATUSES:
        graph, problem = graph_from_values(result.values)
    else:
        problem = result.reason or result.status
    program = Program(source)
    # Unmatched messages are kept (key "unknown") so a display shows torch's words for them.
    explanations = explain_observations(source, result, graph, include_unmatched=True)
    report = Report(source, program, result, explanations, graph, problem)
    if not memory:
        return report
    mres = results[1]
    if mres.status in TRUSTED_VALUE_STATUSES:
        mem, mproblem = memory_from_values(mres.values)
    else:
        mem, mproblem = None, mres.reason or mres.status
    return Report(source, program, result, explanations, graph, problem, mem, mproblem)
