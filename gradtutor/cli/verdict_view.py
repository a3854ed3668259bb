"""A verdict, rendered for a person at a terminal, in the learner's language."""

from __future__ import annotations

import re
from typing import Any

from gradtutor.cli.render import indent, mark, style
from gradtutor.compare import format_value
from gradtutor.course.model import Exercise
from gradtutor.env import Environment
from gradtutor.grading.verdict import Verdict
from gradtutor.messages import t
from gradtutor.text import say
from gradtutor.wrapping import pad, width_of, wrap

MAX_DIFFERENCES = 2  # per failed check; the reference/yours lines show the rest


def _head(env: Environment, ex: Exercise, verdict: Verdict) -> str:
    lang, n = env.lang, len(verdict.outcomes)
    failed = sum(not o.ok for o in verdict.outcomes)
    if verdict.status == "pass":
        unit = t("cli_unit_answers" if ex.kind == "predict" else "cli_unit_checks", lang)
        return style(env, f"{mark(env, True)} " + t("cli_passed", lang, id=ex.id, n=n,
                                                       unit=unit), "bold")
    if verdict.status == "fail" and ex.kind == "predict":
        if any(o.status in ("missing", "unreadable") for o in verdict.outcomes):  # not wrong
            return style(env, f"{mark(env, False)} {ex.id}: {say(verdict.reason, lang)}",
                         "bold")
        return style(env, f"{mark(env, False)} " + t("cli_answers_wrong", lang, id=ex.id,
                                                        failed=failed, n=n), "bold")
    if verdict.status == "fail":
        head = style(env, t("check_fail", lang, id=ex.id, failed=failed, n=n), "bold")
        raised = next((r["exception"] for r in verdict.observations if r.get("exception")),
                      None)
        if raised:  # the failed checks are mostly its consequences: say so first
            where = t("cli_where_line", lang, line=raised["line"]) if raised.get("line") else ""
            head += "\n" + wrap(t("cli_raised", lang, type=raised["type"], where=where,
                                   message=raised.get("message", "")), prefix="    ",
                                 first="  ")
        return head
    reason = say(verdict.reason, lang)
    if verdict.status == "error":
        return style(env, f"{mark(env, False)} " + t("cli_error", lang, id=ex.id,
                                                        reason=reason), "bold")
    return style(env, t("check_internal", lang, id=ex.id, reason=reason), "bold", "red")


def render_verdict(env: Environment, ex: Exercise, verdict: Verdict) -> str:
    lang = env.lang
    lines = [_head(env, ex, verdict)]
    # Warnings explained: for code they lead to the bug. For a wrong prediction they would
    # mostly state the answer (".grad stays None"), so, as in the shell, they wait until solved.
    explanations = verdict.explanations if ex.kind != "predict" else []
    for e in explanations:
        where = t("cli_where_line", lang, line=e["line"]) if e.get("line") else ""
        lines.append(style(env, f"  ⚠ {e['title']}{where}", "yellow"))
        lines.append(wrap(e["text"].strip(), prefix="    "))
        if e.get("fix") and ex.kind != "fix":  # in a fix exercise, the fix is the answer
            lines.append(wrap(t("cli_fix", lang, text=e["fix"].strip()), prefix="    "))
    for o in verdict.outcomes:
        label = o.label
        if ex.kind == "predict":
            label = t("cli_question", lang, number=o.index + 1, ask=o.label)
        lines.append(f"  {mark(env, o.ok)} {label}")
        if o.ok:
            continue
        for d in o.differences[:MAX_DIFFERENCES]:
            lines.append(indent(say(d, lang), "      "))
        if len(o.differences) > MAX_DIFFERENCES:
            more = t("more_differences", lang, n=len(o.differences) - MAX_DIFFERENCES)
            lines.append(style(env, "      " + more, "dim"))
        if (ex.kind != "predict" and o.expected is not None and o.got is not None
                and not said([str(d) for d in o.differences], o.expected, o.got)):
            variant = t("variant", lang, n=o.variant + 1) if o.variant else ""
            ref, mine = t("reference", lang) + variant, t("yours", lang) + variant
            width = max(width_of(ref), width_of(mine))
            lines.append(style(env, f"      {pad(ref, width)}: {format_value(o.expected)}",
                               "dim"))
            if o.got.get("kind") != "error":  # the difference line already names the error
                lines.append(style(env, f"      {pad(mine, width)}: {format_value(o.got)}",
                                   "dim"))
        if o.misconception:
            text = wrap(o.misconception, prefix="        ", first="      → ")
            lines.append(style(env, text, "yellow"))
    if verdict.hidden_checks:
        key = "cli_hidden_pass" if verdict.passed else "cli_hidden_fail"
        lines.append(style(env, "  " + t(key, lang, n=verdict.hidden_checks), "dim"))
    if verdict.status == "pass":
        lines.append("")
        lines.append(style(env, t("explanation", lang), "bold"))
        lines.append(wrap(ex.explanation.get(lang)))
    elif verdict.status in ("fail", "error"):
        command = f"gradtutor show {ex.id} --hint 1" + (" --lang zh" if lang == "zh" else "")
        lines.append(style(env, "  " + t("cli_stuck_short", lang, command=command), "dim"))
    return "\n".join(lines)


def said(differences: list[str], expected: dict[str, Any], got: dict[str, Any]) -> bool:
    """A difference line already quotes both values (`expected torch.float32, got
    torch.float64`): reference/yours lines would only repeat it."""
    a, b = format_value(expected), format_value(got)
    if "\n" in a + b:
        return False

    def quotes(value: str, line: str) -> bool:  # as a whole token: "1" is not in "1.5"
        return re.search(rf"(?<![\w.]){re.escape(value)}(?![\w.])", line) is not None

    return any(quotes(a, d) and quotes(b, d) for d in differences)
