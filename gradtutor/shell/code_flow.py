"""The code and fix flow: the learner edits a file, runs it, and has it checked.

`check` is safe to call from the watch thread: it names the exercise it grades, and offers
help only while that exercise is still the current one.
"""

from __future__ import annotations

import shlex
import signal
import subprocess
import threading
from pathlib import Path

from gradtutor.course.model import Exercise
from gradtutor.grading.code import grade_code
from gradtutor.grading.predict import RAN
from gradtutor.grading.verdict import Verdict
from gradtutor.sandbox import RunRequest, RunResult
from gradtutor.shell import explaining, views
from gradtutor.shell.context import ShellContext
from gradtutor.text import render
from gradtutor.views.style import code_block, style
from gradtutor.views.verdict import explanation, render_verdict


class CodeFlow:
    def __init__(self, ctx: ShellContext) -> None:
        self.ctx = ctx

    def run(self) -> None:
        """Run the learner's file on the first variant's inputs; show output and checked values."""
        ctx, ex = self.ctx, self.ctx.learner.exercise
        source = ctx.workspace.read(ex)
        inputs = dict(ex.effective_variants[0].inputs)
        exprs = tuple(c.expr for c in ex.checks if not c.hidden)
        req = RunRequest(code=source, filename=ctx.workspace.path_for(ex).name,
                         expressions=exprs, inputs=inputs, timeout_s=ex.timeout)
        result = ctx.runs.run(req)
        shown = ", ".join(f"{k} = {v!r}" for k, v in inputs.items())
        ctx.say("ran", "bold", file=req.filename,
                inputs=render("with_inputs", ctx.lang, inputs=shown) if inputs else "")
        explanations = explaining.explain_texts(source, result, ctx.lang,
                                                with_fix=ex.kind != "fix")
        ctx.ui.show(views.run_result(ctx.env, result, ctx.lang, explanations))
        # Checks are shown by their label when they have one: shorter, and in the learner's
        # language; the expression itself is in the exercise file for the curious.
        pairs = [(c.label.get(ctx.lang) if c.label else c.expr, result.values[c.expr])
                 for c in ex.checks if not c.hidden and c.expr in result.values]
        if pairs and result.status in RAN:
            ctx.say("after_run", "bold")
            ctx.ui.show(views.values(ctx.env, pairs))

    def check(self, ex: Exercise) -> bool:
        """Grade the learner's file for `ex`; True when it passes."""
        ctx = self.ctx
        source = ctx.workspace.read(ex)
        name = ctx.workspace.path_for(ex).name
        if not source.strip():  # not a try: every check would fail with a NameError
            ctx.say("file_empty", "yellow", path=str(ctx.workspace.path_for(ex)))
            return False
        verdict = ctx.runs.call(lambda sandbox: grade_code(
            ex, source, sandbox, lang=ctx.lang, include_hidden=True, filename=name))
        self._show(ex, source, verdict)
        if verdict.status == "internal":
            return False  # gradtutor's fault, not the learner's: not counted
        prog = ctx.store.record_check(ex.id, verdict.passed)
        ctx.refresh()
        if verdict.passed:
            ctx.ui.show("")
            if prog.status == "solved":
                ctx.say("solved", "bold", "green", id=ex.id)
            ctx.ui.show(explanation(ctx.env, ex, ctx.lang))
            ctx.offer_next()
        elif ex.id == ctx.learner.exercise.id:
            ctx.offer_help()
        return verdict.passed

    def _show(self, ex: Exercise, source: str, verdict: Verdict) -> None:
        """The verdict, and the first run's output when it raised or warned: before the
        verdict when it raised (the failed checks are mostly its consequences), else after."""
        ctx = self.ctx
        run_view, raised = "", False
        if verdict.observations:
            first = RunResult.from_json(verdict.observations[0])
            raised = bool(first.exception)
            if verdict.status == "error" or first.exception or first.warnings:
                explanations = explaining.explain_texts(source, first, ctx.lang,
                                                        with_fix=ex.kind != "fix")
                run_view = views.run_result(ctx.env, first, ctx.lang, explanations,
                                            show_empty=False)
        shown = render_verdict(ctx.env, ex, verdict, lang=ctx.lang, with_run=False)
        if run_view and (verdict.status == "error" or raised):
            # "the failed checks below" only when some follow (not after a timeout)
            ctx.say("your_code_raised" if verdict.status == "fail" else "your_code_stopped",
                    "bold", "red")
            ctx.ui.show(run_view)
            ctx.ui.show(shown)
        else:
            ctx.ui.show(shown)
            if run_view:
                ctx.ui.show(run_view)

    def edit(self, arg: str = "") -> None:
        """$EDITOR (or the inline editor: `edit inline`), then check what was saved."""
        ctx, ex = self.ctx, self.ctx.learner.exercise
        path = ctx.workspace.ensure(ex)
        if not ctx.ui.interactive:
            ctx.say("needs_terminal", command="edit", path=str(path))
            return
        before = ctx.workspace.read(ex)
        editor = ctx.env.editor
        if arg.strip() == "inline" or not editor:
            text = ctx.ui.edit_inline(before, path.name)
            if text is None:
                ctx.say("cancelled", "dim")
                return
            if text != before:
                ctx.workspace.write(ex, text)
                ctx.say("saved", "dim", path=str(path))
            self.check(ex)
            return
        if not self._run_editor(editor, path):
            return
        if ctx.workspace.read(ex) == before:
            ctx.say("unchanged", "dim")
            return
        ctx.say("saved", "dim", path=str(path))
        self.check(ex)

    def _run_editor(self, editor: str, path: Path) -> bool:
        # The editor owns Ctrl-C while it runs; our SIGINT would otherwise kill it.
        previous = signal.signal(signal.SIGINT, signal.SIG_IGN) \
            if threading.current_thread() is threading.main_thread() else None
        try:
            subprocess.run([*shlex.split(editor), str(path)], check=False)
        except (OSError, ValueError) as exc:
            self.ctx.say("editor_failed", "red", editor=editor, error=str(exc))
            return False
        finally:
            if previous is not None:
                signal.signal(signal.SIGINT, previous)
        return True

    def solution(self, ex: Exercise) -> bool:
        """The reference solution, highlighted."""
        ctx = self.ctx
        ctx.say("solution_code", "bold")
        path = ex.solution_path
        if path is None or not path.is_file():
            ctx.ui.show(style(ctx.env, "  " + render("no_reference", ctx.lang, id=ex.id), "red"))
            return False
        ctx.ui.show(code_block(ctx.env, path.read_text(encoding="utf-8")))
        return True
