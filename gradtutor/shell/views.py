"""What the shell prints: exercises, run results and verdicts, as ANSI (or plain) text.

Built on gradtutor.cli.render (highlighting, styles, marks, off for NO_COLOR and pipes). The
shell does not print `cli.verdict_view.render_verdict` as is: its next steps are CLI commands
(`gradtutor show ID --hint 1`), where the shell offers its own. Both take their words from
gradtutor.messages and wrap prose with gradtutor.wrapping (Chinese included).
"""

from __future__ import annotations

from typing import Any

from pygments import highlight
from pygments.formatters import TerminalFormatter
from pygments.lexers import PythonLexer, PythonTracebackLexer

from gradtutor.cli.render import code_block, indent, mark, style
from gradtutor.cli.verdict_view import said
from gradtutor.compare import format_value
from gradtutor.course.model import Course, Exercise, Text
from gradtutor.env import Environment
from gradtutor.grading.verdict import Verdict
from gradtutor.messages import kind_name, t
from gradtutor.progress import ExerciseProgress
from gradtutor.sandbox import RunResult
from gradtutor.text import say
from gradtutor.wrapping import WRAP, pad, width_of, wrap

# wrap, pad and width_of live in gradtutor.wrapping (the CLI uses them too); callers in the
# shell keep importing them from here.
__all__ = ["WRAP", "pad", "width_of", "wrap"]

MAX_DIFFERENCES = 2  # per failed check; the reference/yours lines show the rest


def status_word(progress: ExerciseProgress, lang: str) -> str:
    return t(f"status_{progress.status or 'new'}", lang)


def status_mark(env: Environment, progress: ExerciseProgress) -> str:
    marks = {"solved": ("✔", "green"), "revealed": ("◑", "yellow"), "attempted": ("…", "cyan"),
             None: ("·", "dim")}
    symbol, colour = marks[progress.status]
    return style(env, symbol, colour)


def header(env: Environment, course: Course, ex: Exercise, lang: str) -> str:
    number = course.ids.index(ex.id) + 1
    chapter = course.chapter_of(ex.id)
    where = " · ".join(p for p in (
        ex.id, kind_name(ex.kind, lang), chapter.title.get(lang) if chapter else ex.chapter,
        t("position", lang, number=number, total=len(course)),
    ) if p)
    return style(env, ex.title.get(lang), "bold") + "\n" + style(env, where, "dim")


def question(env: Environment, ex: Exercise, index: int, lang: str) -> str:
    q = ex.questions[index]
    text = t("question", lang, number=index + 1, total=len(ex.questions), ask=q.ask.get(lang))
    return style(env, text, "bold", "cyan")


def predict_view(env: Environment, course: Course, ex: Exercise, lang: str) -> str:
    assert ex.snippet is not None
    return "\n".join([header(env, course, ex, lang), "", code_block(env, ex.snippet), ""])


def code_view(env: Environment, course: Course, ex: Exercise, lang: str, path: str,
              source: str, starter: bool, editor: str) -> str:
    assert ex.task is not None
    lines = [header(env, course, ex, lang), "", wrap(ex.task.get(lang)), "",
             style(env, t("your_file", lang, path=path), "bold")
             + (style(env, " " + t("starter_note", lang), "dim") if starter else ""),
             code_block(env, source), "",
             style(env, t("code_how", lang, editor=editor), "dim")]
    return "\n".join(lines)


def hint(env: Environment, texts: tuple[Text, ...], level: int, lang: str) -> str:
    head = t("hint", lang, level=level, n=len(texts), text="")
    wrapped = wrap(head + texts[level - 1].get(lang).strip(), prefix="  ", first="")
    return style(env, head, "yellow") + wrapped[len(head):]


def explanation(env: Environment, ex: Exercise, lang: str) -> str:
    return style(env, t("explanation", lang), "bold") + "\n" + wrap(ex.explanation.get(lang))


def traceback(env: Environment, text: str) -> str:
    """A traceback, highlighted; its last line (torch's message, often long) wrapped."""
    lines = text.rstrip("\n").split("\n")
    if lines and width_of(lines[-1]) > WRAP:
        lines[-1:] = wrap(lines[-1], prefix="    ").split("\n")
    body = "\n".join(lines)
    if env.colors:
        body = highlight(body, PythonTracebackLexer(), TerminalFormatter()).rstrip("\n")
    return body


def output(env: Environment, text: str) -> str:
    """Program output: torch reprs read like Python, so Python highlighting helps the eye."""
    body = text.rstrip("\n")
    if env.colors and body:
        body = highlight(body, PythonLexer(), TerminalFormatter()).rstrip("\n")
    return body


def _first_sentence(text: str) -> str:
    head, dot, rest = text.partition(". ")
    return head + "." + " …" if dot and rest.strip() else text


def warning(env: Environment, w: dict[str, Any], lang: str, brief: bool = False) -> str:
    """torch's warning, highlighted; `brief` keeps its first sentence when an explanation
    in the learner's terms follows anyway."""
    where = ""
    if w.get("expr"):
        where = t("warning_expr", lang, expr=w["expr"])
    elif w.get("line"):
        where = t("warning_line", lang, line=w["line"])
    message = w.get("message", "")
    text = t("warning", lang, category=w.get("category", "Warning"), where=where,
             message=_first_sentence(message) if brief else message)
    return style(env, wrap(text, prefix="  ", first=""), "yellow")  # hangs past the ⚠


def run_result(env: Environment, result: RunResult, lang: str,
               explanations: list[str] | None = None, show_empty: bool = True) -> str:
    """stdout, stderr, warnings, the exception, then explanations of the warnings and errors."""
    lines: list[str] = []
    if result.stdout.strip():
        lines.append(indent(output(env, result.stdout), "  "))
    elif show_empty and not result.exception:
        lines.append(style(env, "  " + t("no_output", lang), "dim"))
    if result.output_truncated:
        lines.append(style(env, "  […]", "dim"))
    if result.stderr.strip():
        lines.append(indent(style(env, result.stderr.rstrip("\n"), "red"), "  "))
    if result.status in ("timeout", "memory", "output_limit", "crashed", "exit", "internal"):
        lines.append(style(env, "  " + t("timeout", lang, reason=result.reason), "red"))
    for w in result.warnings:
        lines.append(indent(warning(env, w, lang, brief=bool(explanations)), "  "))
    if result.exception:
        tb = result.exception.get("traceback") or (
            f"{result.exception['type']}: {result.exception['message']}")
        lines.append(indent(traceback(env, tb), "  "))
    for text in explanations or []:
        lines.append(style(env, wrap(text, prefix="    ", first="  → "), "yellow"))
    return "\n".join(lines)


def values(env: Environment, pairs: list[tuple[str, dict[str, Any]]]) -> str:
    lines = []
    for expr, value in pairs:
        shown = format_value(value)
        if "\n" in shown:
            shown = "\n" + indent(shown, "      ")
        lines.append(f"  {style(env, expr, 'cyan')} = {shown}")
    return "\n".join(lines)


def verdict(env: Environment, ex: Exercise, v: Verdict, lang: str) -> str:
    n, reason = len(v.outcomes), say(v.reason, lang)
    if v.status == "pass":
        lines = [style(env, t("check_pass", lang, id=ex.id, n=n),
                       "bold", "green")]
    elif v.status == "fail":
        failed = sum(not o.ok for o in v.outcomes)
        lines = [style(env, t("check_fail", lang, id=ex.id, failed=failed, n=n), "bold", "red")]
    elif v.status == "error":
        lines = [style(env, t("check_error", lang, id=ex.id, reason=reason), "bold", "red")]
    else:
        lines = [style(env, t("check_internal", lang, id=ex.id, reason=reason), "bold", "red")]
    for o in v.outcomes:
        lines.append(f"  {mark(env, o.ok)} {o.label}")
        if o.ok:
            continue
        for d in o.differences[:MAX_DIFFERENCES]:
            lines.append(indent(say(d, lang), "      "))
        if len(o.differences) > MAX_DIFFERENCES:
            more = t("more_differences", lang, n=len(o.differences) - MAX_DIFFERENCES)
            lines.append(style(env, "      " + more, "dim"))
        shown = [str(d) for d in o.differences]
        if o.expected is not None and o.got is not None and not said(shown, o.expected, o.got):
            variant = t("variant", lang, n=o.variant + 1) if o.variant else ""
            ref, mine = t("reference", lang) + variant, t("yours", lang) + variant
            width = max(width_of(ref), width_of(mine))
            lines.append(style(env, f"      {pad(ref, width)}: {format_value(o.expected)}",
                               "dim"))
            lines.append(style(env, f"      {pad(mine, width)}: {format_value(o.got)}", "dim"))
        if o.misconception:
            text = wrap(o.misconception, prefix="        ", first="      → ")
            lines.append(style(env, text, "yellow"))
    if v.hidden_checks and v.status in ("pass", "fail"):
        lines.append(style(env, "  " + t("hidden_checks", lang, n=v.hidden_checks), "dim"))
    return "\n".join(lines)

