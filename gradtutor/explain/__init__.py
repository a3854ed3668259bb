"""Explain autograd warnings and errors in terms of the learner's own variables.

Public API (the core never imports the CLI, the shell or the presentation floor; it returns
keyed facts, and gradtutor.views.explanation renders them in English or Chinese):

    explain_observations(source, result) -> list[Explanation]
    explain_one(program, category, message, line) -> Explanation | None
    match(message, category=None) -> Entry | None          (the catalogue)
    PROBE_EXPRESSION, graph_from_values(values) -> (Graph | None, why)
    explain_run(sandbox, source, filename, memory=False) -> Report
    check_source_size(source, filename), MAX_SOURCE_BYTES, MAX_SOURCE_LINES  (limits.py)

See docs/explain.md.
"""

from gradtutor.explain.catalogue import BY_KEY, ENTRIES, Entry, match, strip_torch_suffix
from gradtutor.explain.context import Explanation
from gradtutor.explain.graph import PROBE_EXPRESSION, Graph, graph_from_values
from gradtutor.explain.limits import (
    MAX_SOURCE_BYTES,
    MAX_SOURCE_LINES,
    SourceTooLarge,
    check_source_size,
)
from gradtutor.explain.names import Program
from gradtutor.explain.observations import explain_observations, explain_one
from gradtutor.explain.run import Report, explain_run

__all__ = [
    "BY_KEY", "ENTRIES", "MAX_SOURCE_BYTES", "MAX_SOURCE_LINES", "PROBE_EXPRESSION", "Entry",
    "Explanation", "Graph", "Program", "Report", "SourceTooLarge", "check_source_size",
    "explain_observations", "explain_one", "explain_run", "graph_from_values", "match",
    "strip_torch_suffix",
]
