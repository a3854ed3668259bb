"""A verdict, rendered for a person at a terminal."""

from __future__ import annotations

from gradtutor.cli.render import indent, mark, style
from gradtutor.compare import format_value
from gradtutor.course.model import Exercise
from gradtutor.env import Environment
from gradtutor.grading.verdict import Verdict


def render_verdict(env: Environment, ex: Exercise, verdict: Verdict) -> str:
    lang = env.lang
    lines: list[str] = []
    unit = "answers" if ex.kind == "predict" else "checks"
    if verdict.status == "pass":
        head = f"{mark(env, True)} {ex.id}: passed ({len(verdict.outcomes)}/" \
               f"{len(verdict.outcomes)} {unit})"
        lines.append(style(env, head, "bold"))
    elif verdict.status == "fail":
        lines.append(style(env, f"{mark(env, False)} {ex.id}: {verdict.reason}", "bold"))
    elif verdict.status == "error":
        lines.append(style(env, f"{mark(env, False)} {ex.id}: could not grade your work: "
                           f"{verdict.reason}", "bold"))
    else:
        lines.append(style(env, f"! {ex.id}: internal error: {verdict.reason}", "bold", "red"))
    for e in verdict.explanations:
        where = f" (line {e['line']})" if e.get("line") else ""
        lines.append(style(env, f"  ⚠ {e['title']}{where}", "yellow"))
        lines.append(indent(e["text"].strip(), "    "))
        if e.get("fix"):
            lines.append(indent(f"Fix: {e['fix'].strip()}", "    "))
    for o in verdict.outcomes:
        prefix = f"Q{o.index + 1}. " if ex.kind == "predict" else ""
        lines.append(f"  {mark(env, o.ok)} {prefix}{o.label}")
        if o.ok:
            continue
        for d in o.differences:
            lines.append(indent(d, "      "))
        if ex.kind != "predict" and o.expected is not None and o.got is not None:
            variant = f" (variant {o.variant + 1})" if o.variant else ""
            lines.append(style(env, f"      reference{variant}: {format_value(o.expected)}", "dim"))
            if o.got.get("kind") != "error":  # the difference line already names the error
                lines.append(style(env, f"      yours{variant}:     {format_value(o.got)}", "dim"))
        if o.misconception:
            lines.append(style(env, indent(o.misconception.strip(), "      → "), "yellow"))
    if verdict.hidden_checks:
        what = "all visible checks passed" if verdict.passed else "visible checks shown above"
        lines.append(style(env, f"  ({what}; {verdict.hidden_checks} hidden check(s) run when "
                           "graded)", "dim"))
    if verdict.status == "pass":
        lines.append("")
        lines.append(ex.explanation.get(lang).rstrip())
    elif verdict.status in ("fail", "error"):
        lines.append(style(env, f"  Stuck? gradtutor show {ex.id} --hint 1", "dim"))
    return "\n".join(lines)
