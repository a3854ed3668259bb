"""What the shell prints: exercises, run results and values, as ANSI (or plain) text.

Built on the presentation floor: `gradtutor.views` (styles, highlighting, marks, and the verdict
renderer the CLI uses too), words from `gradtutor.text`, prose wrapped by
`gradtutor.text.wrapping` (Chinese included).
"""

from __future__ import annotations

from typing import Any

from gradtutor.compare import format_value
from gradtutor.course.model import Course, Exercise, Text
from gradtutor.env import Environment
from gradtutor.progress import ExerciseProgress
from gradtutor.sandbox import RunResult
from gradtutor.text import render
from gradtutor.text.wrapping import line_width, width_of, wrap
from gradtutor.views.style import code_block, indent, python, python_traceback, style
from gradtutor.views.words import kind_name


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
        render("position", lang, number=number, total=len(course)),
    ) if p)
    return style(env, ex.title.get(lang), "bold") + "\n" + style(env, where, "dim")


def question(env: Environment, ex: Exercise, index: int, lang: str) -> str:
    q = ex.questions[index]
    text = render("question", lang, number=index + 1, total=len(ex.questions), ask=q.ask.get(lang))
    return style(env, text, "bold", "cyan")


def predict_view(env: Environment, course: Course, ex: Exercise, lang: str) -> str:
    assert ex.snippet is not None
    return "\n".join([header(env, course, ex, lang), "", code_block(env, ex.snippet), ""])


def code_view(env: Environment, course: Course, ex: Exercise, lang: str, path: str,
              source: str, starter: bool, editor: str) -> str:
    assert ex.task is not None
    lines = [header(env, course, ex, lang), "", wrap(ex.task.get(lang)), "",
             style(env, render("your_file", lang, path=path), "bold")
             + (style(env, " " + render("starter_note", lang), "dim") if starter else ""),
             code_block(env, source), "",
             style(env, render("code_how", lang, editor=editor), "dim")]
    return "\n".join(lines)


def hint(env: Environment, texts: tuple[Text, ...], level: int, lang: str) -> str:
    head = render("hint", lang, level=level, n=len(texts), text="")
    wrapped = wrap(head + texts[level - 1].get(lang).strip(), prefix="  ", first="")
    return style(env, head, "yellow") + wrapped[len(head):]


def traceback(env: Environment, text: str) -> str:
    """A traceback, highlighted; its last line (torch's message, often long) wrapped."""
    lines = text.rstrip("\n").split("\n")
    if lines and width_of(lines[-1]) > line_width():
        lines[-1:] = wrap(lines[-1], prefix="    ").split("\n")
    return python_traceback(env, "\n".join(lines))


def _first_sentence(text: str) -> str:
    head, dot, rest = text.partition(". ")
    return head + "." + " …" if dot and rest.strip() else text


def warning(env: Environment, w: dict[str, Any], lang: str, brief: bool = False) -> str:
    """torch's warning, highlighted; `brief` keeps its first sentence when an explanation
    in the learner's terms follows anyway."""
    where = ""
    if w.get("expr"):
        where = render("warning_expr", lang, expr=w["expr"])
    elif w.get("line"):
        where = render("warning_line", lang, line=w["line"])
    message = w.get("message", "")
    text = render("warning", lang, category=w.get("category", "Warning"), where=where,
             message=_first_sentence(message) if brief else message)
    return style(env, wrap(text, prefix="  ", first=""), "yellow")  # hangs past the ⚠


def run_result(env: Environment, result: RunResult, lang: str,
               explanations: list[str] | None = None, show_empty: bool = True) -> str:
    """stdout, stderr, warnings, the exception, then explanations of the warnings and errors."""
    lines: list[str] = []
    if result.stdout.strip():
        lines.append(indent(python(env, result.stdout), "  "))
    elif show_empty and not result.exception:
        lines.append(style(env, "  " + render("no_output", lang), "dim"))
    if result.output_truncated:
        lines.append(style(env, "  […]", "dim"))
    if result.stderr.strip():
        lines.append(indent(style(env, result.stderr.rstrip("\n"), "red"), "  "))
    if result.status in ("timeout", "memory", "output_limit", "crashed", "exit", "internal"):
        lines.append(style(env, "  " + render("timeout", lang, reason=result.reason), "red"))
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
