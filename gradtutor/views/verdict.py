"""The one verdict renderer: what a verdict says, for a terminal (cli `check`, the shell) and as
plain text (the reports' per-item message).

What is said is decided once, in `outcome_details`: which differences (at most
`MAX_DIFFERENCES` on a terminal), whether the reference/yours lines add anything, and the
misconception. The front ends differ only in the parameters: the next step to suggest after a
failure (`gradtutor show ID --hint 1` from the CLI; the shell offers its own hints), and whether
the verdict itself tells what the run raised and warned (the shell shows the run instead).
"""

from __future__ import annotations

import re
from typing import Any

from gradtutor.compare import format_value
from gradtutor.course.model import Exercise
from gradtutor.env import Environment
from gradtutor.grading.verdict import Outcome, Verdict
from gradtutor.text import render, say
from gradtutor.text.wrapping import pad, width_of, wrap
from gradtutor.views.explanation import parts as explanation_parts
from gradtutor.views.style import indent, mark, style

MAX_DIFFERENCES = 2  # per failed item on a terminal; the reference/yours lines show the rest

# The roles of the lines `outcome_details` returns; a terminal styles each role its own way.
DIFFERENCE, MORE, VALUES, MISCONCEPTION = "difference", "more", "values", "misconception"


def said(differences: list[Any], expected: dict[str, Any], got: dict[str, Any]) -> bool:
    """A difference line already quotes both values (`expected torch.float32, got
    torch.float64`): reference/yours lines would only repeat it."""
    differences = [say(d, "en") for d in differences]
    a, b = format_value(expected), format_value(got)
    if "\n" in a + b:
        return False

    def quotes(value: str, line: str) -> bool:  # as a whole token: "1" is not in "1.5"
        return re.search(rf"(?<![\w.]){re.escape(value)}(?![\w.])", line) is not None

    return any(quotes(a, d) and quotes(b, d) for d in differences)


def outcome_details(o: Outcome, kind: str, lang: str,
                    limit: int | None = MAX_DIFFERENCES) -> list[tuple[str, str]]:
    """What to say about a failed question or check: (role, text) lines, in order.
    `limit` caps the differences listed (None: all of them)."""
    lines: list[tuple[str, str]] = []
    shown = o.differences if limit is None else o.differences[:limit]
    lines += [(DIFFERENCE, say(d, lang)) for d in shown]
    if limit is not None and len(o.differences) > limit:
        lines.append((MORE, render("more_differences", lang, n=len(o.differences) - limit)))
    if (kind != "predict" and o.expected is not None and o.got is not None
            and not said(o.differences, o.expected, o.got)):
        variant = render("variant", lang, n=o.variant + 1) if o.variant else ""
        ref, mine = render("reference", lang) + variant, render("yours", lang) + variant
        width = max(width_of(ref), width_of(mine))
        lines.append((VALUES, f"{pad(ref, width)}: {format_value(o.expected)}"))
        if o.got.get("kind") != "error":  # the difference line already names the error
            lines.append((VALUES, f"{pad(mine, width)}: {format_value(o.got)}"))
    if o.misconception:
        lines.append((MISCONCEPTION, o.misconception.strip()))
    return lines


def plain_details(o: Outcome, kind: str, lang: str = "en") -> str:
    """Every detail of a failed item as plain lines (reports: no colour, no limit, no wrap)."""
    return "\n".join(text for _role, text in outcome_details(o, kind, lang, limit=None))


def _head(env: Environment, ex: Exercise, verdict: Verdict, lang: str) -> str:
    n, predict = len(verdict.outcomes), ex.kind == "predict"
    failed = sum(not o.ok for o in verdict.outcomes)
    if verdict.status == "pass":
        if predict:
            return style(env, f"{mark(env, True)} " + render("answers_pass", lang, id=ex.id, n=n),
                         "bold")
        return style(env, render("check_pass", lang, id=ex.id, n=n), "bold", "green")
    if verdict.status == "fail":
        if predict and any(o.status == "missing" for o in verdict.outcomes):
            # Not answered is not wrong: the reason says how many are missing.
            text = render("answers_missing", lang, id=ex.id, reason=say(verdict.reason, lang))
            return style(env, f"{mark(env, False)} {text}", "bold")
        if predict:
            text = f"{mark(env, False)} " + render("answers_fail", lang, id=ex.id,
                                                     failed=failed, n=n)
            return style(env, text, "bold")
        return style(env, render("check_fail", lang, id=ex.id, failed=failed, n=n), "bold", "red")
    reason = say(verdict.reason, lang)
    if verdict.status == "error":
        key = "answers_error" if predict else "check_error"
        return style(env, render(key, lang, id=ex.id, reason=reason), "bold", "red")
    return style(env, render("check_internal", lang, id=ex.id, reason=reason), "bold", "red")


def _run_lines(env: Environment, ex: Exercise, verdict: Verdict, lang: str) -> list[str]:
    """What the learner's run raised and warned, explained, for a verdict shown without it.
    Only for code: for a wrong prediction the explanations would mostly state the answer
    (".grad stays None"), so, as in the shell, they wait until it is solved."""
    if ex.kind == "predict":
        return []
    lines: list[str] = []
    raised = next((r["exception"] for r in verdict.observations if r.get("exception")), None)
    if verdict.status == "fail" and raised:  # the failed checks are mostly its consequences
        where = render("where_line", lang, line=raised["line"]) if raised.get("line") else ""
        lines.append(wrap(render("raised", lang, type=raised["type"], where=where,
                                 message=raised.get("message", "")), prefix="    ", first="  "))
    for e in verdict.explanations:
        words = explanation_parts(e, lang)  # facts (Explanation.to_json) in `lang`
        where = render("where_line", lang, line=e["line"]) if e.get("line") else ""
        lines.append(style(env, f"  ⚠ {words.title}{where}", "yellow"))
        lines.append(wrap(words.text.strip(), prefix="    "))
        if words.fix and ex.kind != "fix":  # in a fix exercise, the fix is the answer
            lines.append(wrap(render("fix", lang, text=words.fix.strip()), prefix="    "))
    return lines


def _outcome_lines(env: Environment, ex: Exercise, o: Outcome, lang: str) -> list[str]:
    label = o.label
    if ex.kind == "predict":
        label = render("question_label", lang, number=o.index + 1, ask=o.label)
    lines = [f"  {mark(env, o.ok)} {label}"]
    if o.note is not None:
        lines.append(style(env, wrap(say(o.note, lang), prefix="      "), "dim"))
    if o.ok:
        return lines
    for role, text in outcome_details(o, ex.kind, lang):
        if role == DIFFERENCE:
            lines.append(indent(text, "      "))
        elif role == MISCONCEPTION:
            lines.append(style(env, wrap(text, prefix="        ", first="      → "), "yellow"))
        else:
            lines.append(style(env, "      " + text, "dim"))
    return lines


def render_verdict(env: Environment, ex: Exercise, verdict: Verdict, *,
                   lang: str | None = None, next_step: str | None = None,
                   with_run: bool = True) -> str:
    """A verdict for a person at a terminal. `next_step` (one line) is suggested after a fail
    or an error; `with_run` adds what the run raised and warned, explained."""
    lang = lang or env.lang
    lines = [_head(env, ex, verdict, lang)]
    if with_run:
        lines += _run_lines(env, ex, verdict, lang)
    for o in verdict.outcomes:
        lines += _outcome_lines(env, ex, o, lang)
    if verdict.hidden_checks and verdict.status in ("pass", "fail"):
        key = "hidden_pass" if verdict.passed else "hidden_fail"
        lines.append(style(env, "  " + render(key, lang, n=verdict.hidden_checks), "dim"))
    if next_step and verdict.status in ("fail", "error"):
        lines.append(style(env, "  " + next_step, "dim"))
    return "\n".join(lines)


def explanation(env: Environment, ex: Exercise, lang: str | None = None) -> str:
    """Why the answer is what it is: shown once the exercise is solved."""
    lang = lang or env.lang
    return style(env, render("explanation", lang), "bold") + "\n" + wrap(ex.explanation.get(lang))
