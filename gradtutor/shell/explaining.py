"""The bridge to gradtutor.explain (written in parallel): plain-language explanations of
warnings and errors, and the autograd graph view. Everything here degrades to "nothing to add"
when that package is missing, older or failing: the shell still shows torch's own words."""

from __future__ import annotations

import importlib
import unicodedata
from typing import Any

from gradtutor.sandbox import RunRequest, RunResult, Sandbox
from gradtutor.views import explanation as explanation_view


def _explain() -> Any | None:
    try:
        return importlib.import_module("gradtutor.explain")
    except Exception:  # missing or half-written: degrade, never break the shell
        return None


def _join(parts: list[str], lang: str) -> str:
    """Sentences in a row: a space between English ones, none after a Chinese full stop."""
    out = ""
    for part in parts:
        if out and not (lang == "zh" and unicodedata.east_asian_width(out[-1]) in "WF"):
            out += " "
        out += part
    return out


def _format(item: Any, lang: str, with_fix: bool = True) -> str:
    """An Explanation (title, text, fix) as one short paragraph; other shapes as their text."""
    if isinstance(item, str):
        return item
    words = explanation_view.parts(item, lang)
    title, text = words.title.strip(), words.text.strip()
    fix = words.fix.strip() if with_fix else ""
    if getattr(item, "key", None) == "unknown" and not text:
        return ""  # torch's own message, already shown with the warning or traceback
    if title:
        title = title.rstrip(".。") + ("。" if lang == "zh" else ".")
    parts = [p for p in (title, text, fix) if p]
    return _join(parts, lang) if parts else str(item)


def explain_texts(source: str, result: RunResult, lang: str, with_fix: bool = True) -> list[str]:
    """Explanations of the run's warnings and errors ([] when there is nothing to add).
    `with_fix=False` leaves out the suggested fix: in a fix exercise it is the answer."""
    if not (result.warnings or result.exception):
        return []
    module = _explain()
    fn = getattr(module, "explain_observations", None) if module else None
    if fn is None:
        return []
    try:
        items = fn(source, result)
        texts = (_format(i, lang, with_fix).strip() for i in items or [])
        return list(dict.fromkeys(text for text in texts if text))  # each paragraph once
    except Exception:
        return []


def graph_view(sandbox: Sandbox, source: str, filename: str, inputs: dict[str, Any],
               timeout_s: float, lang: str, color: bool) -> str | None:
    """Run `source` with the graph probe and draw its tensors and autograd graph as a tree.
    None when the explain package has no graph view; a one-line reason when the probe failed."""
    module = _explain()
    probe = getattr(module, "PROBE_EXPRESSION", None) if module else None
    from_values = getattr(module, "graph_from_values", None) if module else None
    render = explanation_view.render_tree
    program_cls = getattr(module, "Program", None) if module else None
    if not (probe and from_values and render):
        return None
    result = sandbox.run(RunRequest(code=source, filename=filename, expressions=(probe,),
                                    inputs=inputs, timeout_s=timeout_s))
    try:
        graph, problem = from_values(result.values)
        if graph is None:
            return f"({problem or result.reason or result.status})"
        program = program_cls(source) if program_cls else None
        return str(render(graph, program, color=color, lang=lang))
    except Exception as exc:
        return f"(the graph view failed: {type(exc).__name__}: {exc})"
