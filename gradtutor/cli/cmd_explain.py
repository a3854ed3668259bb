"""`gradtutor explain FILE [--dot] [--memory]`: run a program and explain what autograd did.

Prints the program's output, every warning and error with an explanation that names the
learner's own variables, and the autograd graph the program left behind (or, with --dot, only
the graph as Graphviz text). --memory adds what autograd saved for backward, line by line.
"""

from __future__ import annotations

import argparse
import sys
import textwrap
from contextlib import AbstractContextManager
from pathlib import Path

from gradtutor.cli.errors import UsageError
from gradtutor.cli.status import ExitStatus
from gradtutor.env import Environment
from gradtutor.explain.context import Explanation
from gradtutor.explain.limits import (
    MAX_SOURCE_BYTES,
    SourceTooLarge,
    check_source_size,
    file_too_large,
)
from gradtutor.explain.run import Report, explain_run
from gradtutor.sandbox import Sandbox
from gradtutor.text import render, say
from gradtutor.views.explanation import Parts, parts, render_dot, render_memory, render_tree
from gradtutor.views.style import indent, style

HELP = "run a program and explain its autograd warnings and errors, and show its graph"


def open_sandbox() -> AbstractContextManager[Sandbox]:
    """A fresh sandbox; tests replace this with a shared, already-warm one."""
    return Sandbox(workers=1)


_EXIT = {"ok": ExitStatus.OK, "exception": ExitStatus.FAIL, "exit": ExitStatus.FAIL,
         "timeout": ExitStatus.FAIL, "memory": ExitStatus.FAIL, "output_limit": ExitStatus.FAIL,
         "crashed": ExitStatus.INTERNAL, "internal": ExitStatus.INTERNAL}

def _t(key: str, lang: str, **kw: object) -> str:
    return render(f"explain.cli.{key}", lang, **kw)


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("file", help="your program (a .py file); - reads standard input")
    p.add_argument("--dot", action="store_true",
                   help="print only the autograd graph, as Graphviz DOT text "
                        "(render it with `dot -Tpng -o graph.png`)")
    p.add_argument("--memory", action="store_true",
                   help="also count the bytes autograd saves for backward, per line, and what "
                        "the program's no_grad blocks save")


def _read(path: str, lang: str) -> str:
    """The learner's file, never read past the size cap (the cap check then refuses it)."""
    if path == "-":
        return sys.stdin.read(MAX_SOURCE_BYTES + 1)  # characters: at least as many bytes
    try:
        file = Path(path)
        if file.is_file() and (too_large := file_too_large(path, file.stat().st_size)):
            raise UsageError(say(too_large.fact, lang))
        return Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise UsageError(_t("no_such_file", lang, path=path)) from None
    except IsADirectoryError:
        raise UsageError(_t("is_folder", lang, path=path)) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise UsageError(_t("cannot_read", lang, path=path, error=exc)) from None


def wrap(text: str, prefix: str = "  ", width: int = 92) -> str:
    """Wrap prose to `width`; lines that start with spaces (code in a fix) stay as they are.
    Chinese has no spaces to break at, so it is left to the terminal."""
    out = []
    for line in text.split("\n"):
        if line.startswith(" ") or len(prefix + line) <= width or \
                any("\u4e00" <= ch <= "\u9fff" for ch in line):
            out.append(prefix + line)
        else:
            out.append(textwrap.fill(line, width, initial_indent=prefix,
                                     subsequent_indent=prefix, break_long_words=False,
                                     break_on_hyphens=False))
    return "\n".join(out)


def _heading(env: Environment, text: str) -> str:
    return style(env, f"── {text} " + "─" * max(3, 60 - len(text)), "bold")


def render_explanation(env: Environment, report: Report, ex: Explanation,
                       same_as: int | None = None) -> str:
    """One explained warning/error: header, the learner's line, why, fix, torch's words.
    `same_as`: the line of an earlier explanation that says the same (0: one without a line);
    only the header and the line are shown, and a pointer to it."""
    lang = env.lang
    words = parts(ex, lang)
    icon = {"error": style(env, "✘", "red"), "warning": style(env, "⚠", "yellow"),
            "silent": style(env, "●", "cyan")}.get(ex.kind, "•")
    where = [_t("line", lang, line=ex.line)] if ex.line is not None else []
    if ex.expr:
        where.append(_t("expr", lang, e=ex.expr))
    if ex.category:
        where.append(ex.category)
    head = f"{icon} {style(env, words.title, 'bold')}"
    if where:
        head += style(env, _t("where", lang, where=" · ".join(where)), "dim")
    if ex.count > 1:
        head += style(env, " " + _t("times", lang, n=ex.count), "dim")
    lines = [head]
    src = report.program.lines[ex.line - 1].strip() if ex.line is not None and \
        report.program.line_text(ex.line) else ""
    if src:
        lines.append(indent(style(env, f"{ex.line} │ ", "dim") + src, "    "))
    if same_as is not None:
        key = "same_as_line" if same_as else "same_as_above"
        lines.append(indent(style(env, _t(key, lang, line=same_as), "dim"), "  "))
        return "\n".join(lines)
    if words.text:
        lines.append(wrap(words.text))
        fix_label = _t("labelled", lang, label=_t("fix", lang))
        fixed = wrap(fix_label + words.fix)
        lines.append(fixed.replace(fix_label, style(env, fix_label, "green"), 1))
    if ex.message and ex.key != "syntax_error":  # its text already quotes Python's words
        msg = ex.message if len(ex.message) <= 240 else ex.message[:237] + "..."
        label = _t("torch" if ex.key not in ("unknown", "syntax_error") else "message", lang)
        lines.append(indent(style(env, _t("labelled", lang, label=label) + msg, "dim"), "  "))
    if not words.text:
        lines.append(indent(style(env, _t("unexplained", lang), "dim"), "  "))
    return "\n".join(lines)


def run(args: argparse.Namespace, env: Environment) -> ExitStatus:
    source = _read(args.file, env.lang)
    filename = "submission.py" if args.file == "-" else Path(args.file).name
    lang = env.lang
    try:
        check_source_size(source, "<stdin>" if args.file == "-" else args.file)
    except SourceTooLarge as exc:
        raise UsageError(say(exc.fact, lang)) from None
    with open_sandbox() as sandbox:
        report = explain_run(sandbox, source, filename, memory=args.memory)
    result = report.result
    status = _EXIT.get(result.status, ExitStatus.INTERNAL)
    if args.dot:
        if report.graph is None:
            env.err(f"gradtutor: {_t('no_graph', lang, why=report.graph_problem)}")
            return ExitStatus.INTERNAL if status == ExitStatus.OK else status
        env.out(render_dot(report.graph, report.program, lang))
        if report.explanations:
            env.err(_t("dot_hint", lang, n=len(report.explanations)))
        return status

    _print_output(env, report, filename)
    finished = result.status in FINISHED
    if finished or report.explanations:  # a run cut short says so above, and nothing more
        env.out()
        _print_problems(env, report, finished)
    compiled = not any(ex.key == "syntax_error" for ex in report.explanations)
    if finished and compiled:
        env.out()
        env.out(_heading(env, _t("graph", lang)))
        if report.graph is not None:
            env.out(render_tree(report.graph, report.program, color=env.colors, lang=lang))
        else:
            env.out(_t("no_graph", lang, why=report.graph_problem))
    if args.memory and compiled and finished:
        env.out()
        env.out(_heading(env, _t("memory", lang)))
        if report.memory is not None:
            env.out(render_memory(report.memory, report.program, lang=lang, color=env.colors))
        else:
            env.out(_t("no_memory", lang, why=report.memory_problem))
    return status


# How a run may end and still have a namespace to show (a timeout, a memory or output limit,
# a crash: the program did not finish, so there is no "no warning" to claim, and no graph).
FINISHED = ("ok", "exception", "exit")


def _print_output(env: Environment, report: Report, filename: str) -> None:
    lang, result = env.lang, report.result
    env.out(_heading(env, f"{_t('output', lang)} · {filename}"))
    env.out(result.stdout.rstrip("\n") if result.stdout.strip() else
            style(env, _t("no_output", lang), "dim"))
    if result.stderr.strip():
        env.out(style(env, _t("stderr", lang), "dim"))
        env.out(result.stderr.rstrip("\n"))
    if result.status not in ("ok", "exception"):
        env.out(style(env, _t("stopped", lang, reason=result.reason or result.status), "red"))


def _print_problems(env: Environment, report: Report, finished: bool) -> None:
    """Every explanation once: a repeat of an earlier paragraph (the same read of `y.grad`
    on another line) shows its header and line, and points up."""
    lang = env.lang
    env.out(_heading(env, _t("problems", lang)))
    if not report.explanations and finished:
        env.out(style(env, _t("none", lang), "green"))
    seen: dict[Parts, int | None] = {}
    for i, ex in enumerate(report.explanations):
        if i:
            env.out()
        words = parts(ex, lang)
        if words in seen and words.text:
            first = seen[words]
            env.out(render_explanation(env, report, ex, same_as=first if first else 0))
            continue
        seen[words] = ex.line
        env.out(render_explanation(env, report, ex))
