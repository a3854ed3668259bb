"""The shell's use of gradtutor.explain: plain-language explanations of a run's warnings and
errors, one short paragraph each, and the autograd graph view."""

from __future__ import annotations

import unicodedata
from typing import Any

from gradtutor.explain import (
    PROBE_EXPRESSION,
    Explanation,
    Program,
    explain_observations,
    graph_from_values,
)
from gradtutor.sandbox import RunRequest, RunResult, Sandbox
from gradtutor.text import render
from gradtutor.views.explanation import parts, render_tree


def _join(parts: list[str], lang: str) -> str:
    """Sentences in a row: a space between English ones, none after a Chinese full stop."""
    out = ""
    for part in parts:
        if out and not (lang == "zh" and unicodedata.east_asian_width(out[-1]) in "WF"):
            out += " "
        out += part
    return out


def paragraph(item: Explanation, lang: str, with_fix: bool = True) -> str:
    """An explanation (title, text, fix) as one short paragraph; "" for a message the catalogue
    does not know (torch's own words are already shown with the warning or traceback)."""
    words = parts(item, lang)
    title, text = words.title.strip(), words.text.strip()
    fix = words.fix.strip() if with_fix else ""
    if item.key == "unknown" and not text:
        return ""
    if title:
        title = title.rstrip(".。") + ("。" if lang == "zh" else ".")
    return _join([p for p in (title, text, fix) if p], lang)


def explain_texts(source: str, result: RunResult, lang: str, with_fix: bool = True) -> list[str]:
    """Explanations of the run's warnings and errors ([] when there is nothing to add).
    `with_fix=False` leaves out the suggested fix: in a fix exercise it is the answer."""
    if not (result.warnings or result.exception):
        return []
    try:
        items = explain_observations(source, result)
    except Exception:  # an explanation is extra: torch's own words are shown regardless
        return []
    texts = (paragraph(i, lang, with_fix) for i in items)
    return list(dict.fromkeys(text for text in texts if text))  # each paragraph once


def graph_view(sandbox: Sandbox, source: str, filename: str, inputs: dict[str, Any],
               timeout_s: float, lang: str, color: bool) -> str:
    """Run `source` with the graph probe and draw its tensors and autograd graph as a tree,
    or say in one line why there is none."""
    result = sandbox.run(RunRequest(code=source, filename=filename,
                                    expressions=(PROBE_EXPRESSION,), inputs=inputs,
                                    timeout_s=timeout_s))
    try:
        graph, problem = graph_from_values(result.values)
        if graph is None:
            return f"({problem or result.reason or result.status})"
        return render_tree(graph, Program(source), color=color, lang=lang)
    except Exception as exc:  # a drawing bug must not hide the learner's run
        return render("graph_failed", lang, error=f"{type(exc).__name__}: {exc}")
