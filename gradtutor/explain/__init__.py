"""Explain autograd warnings and errors in terms of the learner's own variables.

Public API (the core never imports the CLI or any UI module):

    explain_observations(source, result, lang="en") -> list[Explanation]
    explain_one(program, category, message, line, lang) -> Explanation | None
    match(message, category=None) -> Entry | None          (the catalogue)
    PROBE_EXPRESSION, graph_from_values(values), render_tree(graph, ...), render_dot(graph)
    explain_run(sandbox, source, filename, lang, memory=False) -> Report

See docs/explain.md.
"""

from gradtutor.explain.catalogue import BY_KEY, ENTRIES, Entry, match, strip_torch_suffix
from gradtutor.explain.graph import (
    PROBE_EXPRESSION,
    Graph,
    graph_from_values,
    render_dot,
    render_tree,
)
from gradtutor.explain.names import Program
from gradtutor.explain.observations import Explanation, explain_observations, explain_one
from gradtutor.explain.run import Report, explain_run

__all__ = [
    "BY_KEY", "ENTRIES", "PROBE_EXPRESSION", "Entry", "Explanation", "Graph", "Program",
    "Report", "explain_observations", "explain_one", "explain_run", "graph_from_values", "match",
    "render_dot", "render_tree", "strip_torch_suffix",
]
