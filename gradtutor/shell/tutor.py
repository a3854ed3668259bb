"""The tutoring logic behind the shell: where the learner is, and what each action does.

Independent of prompt_toolkit: it talks to a `UI` (print, confirm, inline editor), so the same
logic serves the interactive shell, the plain line mode for pipes, and the tests. Every state
change goes to the progress store at once, so nothing but the line being typed is ever lost.
"""

from __future__ import annotations

import contextlib
import os
import shlex
import signal
import subprocess
import threading
import time
import traceback as tb
from collections.abc import Callable
from concurrent.futures import Future
from concurrent.futures import TimeoutError as FutureTimeout
from pathlib import Path
from typing import Any, Protocol, TypeVar

from gradtutor.cli.render import code_block, mark, style
from gradtutor.compare import PredictionError, format_value
from gradtutor.course.model import Course, Exercise
from gradtutor.env import SUPPORTED_LANGS, Environment
from gradtutor.grading.code import grade_code
from gradtutor.grading.predict import (
    RAN,
    judge,
    matching_misconception,
    parse_answer,
    snippet_request,
    truth_of,
)
from gradtutor.messages import lang_name, t
from gradtutor.progress import ExerciseProgress, ProgressStore
from gradtutor.sandbox import RunRequest, RunResult, Sandbox
from gradtutor.shell import explaining, views
from gradtutor.shell.watch import FileWatcher
from gradtutor.text import say as render_fact
from gradtutor.workspace import Workspace

REVEAL_AFTER = 3  # wrong tries before `reveal` is offered
SLOW_S = 0.4  # say "running…" when a run takes longer than this
START_GRACE_S = 2.0  # a run waits this long for the shell to start the sandbox itself
T = TypeVar("T")


class UI(Protocol):
    interactive: bool  # a terminal: $EDITOR, the inline editor and watch can be used

    def show(self, text: str) -> None: ...  # any thread
    def confirm(self, question: str) -> bool: ...
    def edit_inline(self, text: str, filename: str) -> str | None: ...  # None: cancelled
    def refresh(self) -> None: ...  # redraw the toolbar (any thread)
    def busy(self) -> contextlib.AbstractContextManager[None]: ...  # while a run goes on


class SandboxHolder:
    """Starts the torch sandbox in the background so the first screen never waits for it."""

    def __init__(self, factory: Callable[[], Sandbox] | None = None,
                 sandbox: Sandbox | None = None, on_ready: Callable[[], None] | None = None):
        # One worker: runs take ~30 ms once warm, and on a small machine a second zygote
        # importing torch at the same time delays the first answer by seconds.
        self._factory = factory or (lambda: Sandbox(workers=1))
        self._sandbox = sandbox
        self._owned = sandbox is None
        self._created = threading.Event()
        self.state = "ready" if sandbox else "idle"
        self.error = ""
        self.on_ready = on_ready
        if sandbox:
            self._created.set()

    def start(self) -> None:
        if self.state != "idle":
            return
        self.state = "starting"
        threading.Thread(target=self._start, name="gradtutor-sandbox-start", daemon=True).start()

    def _start(self) -> None:
        try:
            self._sandbox = self._factory()
        except Exception as exc:
            self.state, self.error = "failed", f"{type(exc).__name__}: {exc}"
            self._created.set()
            return
        self._created.set()
        self._sandbox.wait_ready()
        self.state = "ready"
        if self.on_ready:
            self.on_ready()

    def get(self) -> Sandbox:
        # The shell starts it once the first prompt is drawn; a run asked for before that
        # (the snippet prefetch) waits a moment for it rather than competing with the drawing.
        if not self._created.wait(START_GRACE_S):
            self.start()
        self._created.wait()
        if self._sandbox is None:
            raise RuntimeError(f"the sandbox could not start: {self.error}")
        return self._sandbox

    def close(self, wait_s: float = 1.0) -> None:
        """Leave promptly: a zygote still importing torch, or a learner's endless loop, would
        hold Sandbox.close() for seconds. Past `wait_s` the process exits anyway and the
        zygote dies with it (parent-death signal)."""
        if self._owned and self._sandbox is not None:
            closer = threading.Thread(target=self._sandbox.close, daemon=True)
            closer.start()
            closer.join(wait_s if self.state == "ready" else 0.1)


def background(fn: Callable[[], T]) -> Future[T]:
    """Run `fn` in a daemon thread. Not a ThreadPoolExecutor: its workers are joined at
    interpreter exit, so a run still going on would keep `quit` waiting."""
    fut: Future[T] = Future()

    def work() -> None:
        if not fut.set_running_or_notify_cancel():
            return
        try:
            fut.set_result(fn())
        except BaseException as exc:
            fut.set_exception(exc)

    threading.Thread(target=work, name="gradtutor-run", daemon=True).start()
    return fut


class Tutor:
    def __init__(self, env: Environment, course: Course, store: ProgressStore,
                 workspace: Workspace, sandbox: SandboxHolder, ui: UI) -> None:
        self.env = env
        self.course = course
        self.store = store
        self.workspace = workspace
        self.sandbox = sandbox
        self.ui = ui
        self.exercise: Exercise = course.exercises[0]
        self.done = False
        self.watcher: FileWatcher | None = None
        self._snippets: dict[str, Future[RunResult]] = {}
        self._lock = threading.RLock()
        self.progress: dict[str, ExerciseProgress] = {}
        self.answers: dict[int, Any] = {}
        self.log_path = env.data_dir / "errors.log"

    @property
    def lang(self) -> str:
        return self.env.lang

    def say(self, key: str, *styles: str, **fields: object) -> None:
        self.ui.show(style(self.env, views.wrap(t(key, self.lang, **fields)), *styles))

    # -- state -----------------------------------------------------------------------------

    def refresh(self) -> None:
        """Re-read the progress (another shell may have written it) and redraw the toolbar."""
        with self._lock:
            self.progress = self.store.all()
            self.answers = self.store.answers(self.exercise.id)
        self.ui.refresh()

    def progress_of(self, ex: Exercise) -> ExerciseProgress:
        return self.progress.get(ex.id) or ExerciseProgress(ex.id)

    def current_question(self) -> int | None:
        """The first predict question not yet answered (or revealed); None when all are."""
        ex = self.exercise
        if ex.kind != "predict":
            return None
        for i in range(len(ex.questions)):
            state = self.answers.get(i)
            if state is None or state.done is None:
                return i
        return None

    def tries(self) -> int:
        """Wrong tries that count towards `reveal` for where the learner is now."""
        if self.exercise.kind == "predict":
            q = self.current_question()
            state = self.answers.get(q) if q is not None else None
            return state.tries if state else 0
        return self.progress_of(self.exercise).wrong

    def can_reveal(self) -> bool:
        prog = self.progress_of(self.exercise)
        if self.exercise.kind == "predict":
            return self.current_question() is not None and self.tries() >= REVEAL_AFTER
        return prog.finished or prog.wrong >= REVEAL_AFTER

    def done_count(self) -> int:
        return sum(1 for p in self.progress.values() if p.finished and p.exercise_id in
                   self.course)

    # -- start, move -----------------------------------------------------------------------

    def start(self) -> None:
        """The first screen: a welcome on first run, else where the learner left off."""
        saved = self.store.get_state("current")
        if saved and saved in self.course:
            self.exercise = self.course.get(saved) or self.exercise
            self.refresh()
            self.say("welcome_back", "bold", id=self.exercise.id, done=self.done_count(),
                     n=len(self.course))
            self.ui.show("")
        else:
            self.refresh()
            self.say("welcome", "bold", course=self.course.title.get(self.lang))
            k = len(self.course.chapters)
            chapters = t("chapters_1", self.lang) if k == 1 else t("chapters_n", self.lang, n=k)
            self.ui.show(views.wrap(t("welcome_body", self.lang, n=len(self.course),
                                      chapters=chapters)))
            self.ui.show("")
        self.goto(self.exercise, remember=saved != self.exercise.id)

    def goto(self, ex: Exercise, remember: bool = True) -> None:
        self.stop_watch(quiet=False)
        self.exercise = ex
        if remember:
            self.store.visit(ex.id)
        self.refresh()
        self.show()
        if ex.kind == "predict":
            self._prefetch(ex)

    def move(self, step: int) -> None:
        ids = self.course.ids
        i = ids.index(self.exercise.id) + step
        if i < 0:
            self.say("first_exercise")
        elif i >= len(ids):
            self.say("last_exercise")
        else:
            self.goto(self.course.exercises[i])

    def find(self, ref: str) -> Exercise | None:
        ref = ref.strip()
        if ref.isdigit() and 1 <= int(ref) <= len(self.course):
            return self.course.exercises[int(ref) - 1]
        return self.course.get(ref)

    # -- showing ---------------------------------------------------------------------------

    def show(self) -> None:
        ex, env, lang = self.exercise, self.env, self.lang
        if ex.kind == "predict":
            self.ui.show(views.predict_view(env, self.course, ex, lang))
            for i, q in enumerate(ex.questions):
                state = self.answers.get(i)
                if state is None or state.done is None:
                    break
                shown = state.answer if state.done == "correct" else t("status_revealed", lang)
                self.ui.show(f"{mark(env, state.done == 'correct')} "
                             f"{style(env, q.ask.get(lang), 'dim')} {shown}")
            q_index = self.current_question()
            if q_index is None:
                self.say("already_finished", "dim", id=ex.id,
                         status=views.status_word(self.progress_of(ex), lang))
            else:
                self.ui.show(views.question(env, ex, q_index, lang))
                if q_index == 0 and self.progress_of(ex).status is None:
                    self.say("answer_how", "dim")
        else:
            path = self.workspace.ensure(ex)
            source = self.workspace.read(ex)
            editor = self._editor() or t("editor_inline", lang)
            self.ui.show(views.code_view(env, self.course, ex, lang, str(path), source,
                                         source == (ex.starter or ""), editor))
            if self.progress_of(ex).finished:
                self.say("already_finished", "dim", id=ex.id,
                         status=views.status_word(self.progress_of(ex), lang))

    # -- running things in the sandbox ------------------------------------------------------

    def _wait(self, fut: Future[T]) -> T:
        """Wait for a sandbox job; Ctrl-C abandons it (the run ends by its own time limit)."""
        with self.ui.busy():
            try:
                return fut.result(timeout=SLOW_S)
            except FutureTimeout:
                key = "torch_wait" if self.sandbox.state != "ready" else "running"
                self.say(key, "dim")
            return fut.result()

    def _prefetch(self, ex: Exercise) -> Future[RunResult]:
        """Run the snippet as soon as it is shown: the truth is ready when the answer comes."""
        with self._lock:
            fut = self._snippets.get(ex.id)
            if fut is None:
                req = snippet_request(ex)
                fut = background(lambda: self.sandbox.get().run(req))
                self._snippets[ex.id] = fut
        return fut

    def _snippet_result(self, ex: Exercise) -> RunResult | None:
        result = self._wait(self._prefetch(ex))
        if result.status not in RAN:
            with self._lock:
                self._snippets.pop(ex.id, None)  # the sandbox may recover: try again next time
            self.say("snippet_failed", "red", reason=result.reason)
            return None
        return result

    # -- predict ---------------------------------------------------------------------------

    def answer(self, text: str) -> None:
        ex = self.exercise
        q_index = self.current_question()
        if q_index is None:
            self.say("already_finished", id=ex.id,
                     status=views.status_word(self.progress_of(ex), self.lang))
            return
        q = ex.questions[q_index]
        if q.print_line is None:
            try:
                parse_answer(q, text)
            except PredictionError as exc:
                self.say("unreadable", "yellow", error=render_fact(exc.located(), self.lang))
                return
        result = self._snippet_result(ex)
        if result is None:
            return
        ok, _differences = judge(q, truth_of(q, result), text)
        # The differences would give the truth away; the issue asks for a plain "not quite".
        if ok:
            others = [i for i in range(len(ex.questions))
                      if i != q_index and (self.answers.get(i) is None
                                           or self.answers[i].done is None)]
            revealed = self.progress_of(ex).status == "revealed"
            finish = None if others else ("revealed" if revealed else "solved")
            self.store.record_answer(ex.id, q_index, text, True, finish)
            self.refresh()
            truth = truth_of(q, result)
            if q.expr and not isinstance(truth, str):
                self.say("right_value", "green", expr=q.expr, value=format_value(truth))
            else:
                self.say("right", "green")
            self._after_question(ex, result)
            return
        self.store.record_answer(ex.id, q_index, text, False)
        self.refresh()
        self.say("not_quite", "red")
        message = matching_misconception(q, text, self.lang)
        if message:
            self.ui.show(style(self.env, views.wrap(message, prefix="  ", first="→ "), "yellow"))
        self._offer_help()

    def _offer_help(self) -> None:
        ex, prog = self.exercise, self.progress_of(self.exercise)
        if ex.hints and prog.hints_used < len(ex.hints):
            self.say("hint_offer", "dim", used=prog.hints_used, n=len(ex.hints))
        # Said once, when reveal unlocks; after that the toolbar keeps offering it.
        if self.tries() == REVEAL_AFTER and not prog.finished:
            self.say("reveal_offer", "dim", tries=self.tries())

    def _after_question(self, ex: Exercise, result: RunResult) -> None:
        nxt = self.current_question()
        if nxt is not None:
            self.ui.show(views.question(self.env, ex, nxt, self.lang))
            return
        prog = self.progress_of(ex)
        self.ui.show("")
        if prog.status == "solved":
            self.say("solved", "bold", "green", id=ex.id)
        else:
            self.say("finished_revealed", "bold", "yellow", id=ex.id)
        self._show_truth(ex, result)
        self.ui.show(views.explanation(self.env, ex, self.lang))
        self._offer_next()

    def _show_truth(self, ex: Exercise, result: RunResult) -> None:
        assert ex.snippet is not None
        self.say("real_output", "bold")
        explanations = explaining.explain_texts(ex.snippet, result, self.lang)
        self.ui.show(views.run_result(self.env, result, self.lang, explanations))
        pairs = [(q.expr, result.values[q.expr]) for q in ex.questions
                 if q.expr and q.expr in result.values]
        if pairs:
            self.ui.show(views.values(self.env, pairs))

    def _offer_next(self) -> None:
        if self.exercise.id == self.course.ids[-1]:
            self.say("course_done", "dim")
        else:
            self.say("next_offer", "dim")

    def reveal(self) -> None:
        ex = self.exercise
        if not self.can_reveal():
            self.say("reveal_locked", "dim", n=REVEAL_AFTER, tries=self.tries())
            return
        if ex.kind != "predict":
            if not self.progress_of(ex).finished:
                self.store.reveal(ex.id)
                self.refresh()
                self.say("finished_revealed", "bold", "yellow", id=ex.id)
            self.solution()
            return
        q_index = self.current_question()
        assert q_index is not None
        result = self._snippet_result(ex)
        if result is None:
            return
        truth = truth_of(ex.questions[q_index], result)
        self.store.reveal_question(ex.id, q_index)
        self.refresh()
        shown = truth if isinstance(truth, str) else format_value(truth)
        self.say("revealed_answer", "yellow", number=q_index + 1, value=shown)
        self._after_question(ex, result)

    # -- hints, solution, reset -------------------------------------------------------------

    def hint(self) -> None:
        ex = self.exercise
        if not ex.hints:
            self.say("no_hints")
            return
        used = self.progress_of(ex).hints_used
        if used >= len(ex.hints):
            self.say("all_hints", "dim")
            for level in range(1, len(ex.hints) + 1):
                self.ui.show(views.hint(self.env, ex.hints, level, self.lang))
            return
        self.store.use_hint(ex.id, used + 1)
        self.refresh()
        self.ui.show(views.hint(self.env, ex.hints, used + 1, self.lang))

    def solution(self) -> None:
        ex = self.exercise
        if not self.progress_of(ex).finished:
            self.say("solution_locked", "dim", n=REVEAL_AFTER)
            return
        if ex.kind == "predict":
            result = self._snippet_result(ex)
            if result is None:
                return
            self.say("solution_answers", "bold")
            for i, q in enumerate(ex.questions, 1):
                truth = truth_of(q, result)
                shown = truth if isinstance(truth, str) else format_value(truth)
                ask = t("cli_question", self.lang, number=i, ask=q.ask.get(self.lang))
                self.ui.show(f"  {ask} {style(self.env, shown, 'green')}")
            self._show_truth(ex, result)
        else:
            self.say("solution_code", "bold")
            path = ex.solution_path
            if path is None or not path.is_file():
                self.ui.show(style(self.env, f"  ({ex.id}: no reference solution)", "red"))
                return
            self.ui.show(code_block(self.env, path.read_text(encoding="utf-8")))
        self.ui.show(views.explanation(self.env, ex, self.lang))

    def reset(self) -> None:
        ex = self.exercise
        has_file = ex.kind != "predict"
        question = t("reset_confirm", self.lang, id=ex.id,
                     file=t("reset_file", self.lang) if has_file else "")
        if not self.ui.confirm(question):
            self.say("reset_kept", "dim")
            return
        self.stop_watch(quiet=True)
        backup = self.workspace.reset(ex) if has_file else None
        self.store.reset(ex.id)
        self.refresh()
        self.say("reset_done", "bold", id=ex.id)
        if backup:
            self.say("reset_backup", "dim", path=str(backup))
        self.show()

    # -- code and fix ------------------------------------------------------------------------

    def _code_only(self, command: str) -> bool:
        if self.exercise.kind == "predict":
            self.say("code_only", command=command, id=self.exercise.id)
            return False
        return True

    def run(self) -> None:
        if not self._code_only("run"):
            return
        ex = self.exercise
        source = self.workspace.read(ex)
        inputs = dict(ex.effective_variants[0].inputs)
        exprs = tuple(c.expr for c in ex.checks if not c.hidden)
        req = RunRequest(code=source, filename=self.workspace.path_for(ex).name,
                         expressions=exprs, inputs=inputs, timeout_s=ex.timeout)
        result = self._wait(background(lambda: self.sandbox.get().run(req)))
        shown = ", ".join(f"{k} = {v!r}" for k, v in inputs.items())
        self.say("ran", "bold", file=req.filename,
                 inputs=t("with_inputs", self.lang, inputs=shown) if inputs else "")
        explanations = explaining.explain_texts(source, result, self.lang,
                                                with_fix=ex.kind != "fix")
        self.ui.show(views.run_result(self.env, result, self.lang, explanations))
        # Checks are shown by their label when they have one: shorter, and in the learner's
        # language; the expression itself is in the exercise file for the curious.
        pairs = [(c.label.get(self.lang) if c.label else c.expr, result.values[c.expr])
                 for c in ex.checks if not c.hidden and c.expr in result.values]
        if pairs and result.status in RAN:
            self.say("after_run", "bold")
            self.ui.show(views.values(self.env, pairs))

    def check(self, ex: Exercise | None = None) -> bool:
        """Grade the learner's file; True when it passes. Safe to call from the watch thread."""
        ex = ex or self.exercise
        if ex.kind == "predict":
            self.say("predict_only_answers", id=ex.id)
            return False
        source = self.workspace.read(ex)
        name = self.workspace.path_for(ex).name

        def grade() -> Any:
            return grade_code(ex, source, self.sandbox.get(), lang=self.lang,
                              include_hidden=True, filename=name)

        verdict = self._wait(background(grade))
        run_view = ""
        if verdict.observations:
            first = RunResult.from_json(verdict.observations[0])
            if verdict.status == "error" or first.exception or first.warnings:
                explanations = explaining.explain_texts(source, first, self.lang,
                                                        with_fix=ex.kind != "fix")
                run_view = views.run_result(self.env, first, self.lang, explanations,
                                            show_empty=False)
        if run_view and (verdict.status == "error" or first.exception):
            # The error comes first: the failed checks after it are mostly its consequences.
            self.say("your_code_raised", "bold", "red")
            self.ui.show(run_view)
            self.ui.show(views.verdict(self.env, ex, verdict, self.lang))
        else:
            self.ui.show(views.verdict(self.env, ex, verdict, self.lang))
            if run_view:
                self.ui.show(run_view)
        if verdict.status == "internal":
            return False  # gradtutor's fault, not the learner's: not counted
        prog = self.store.record_check(ex.id, verdict.passed)
        self.refresh()
        if verdict.passed:
            self.ui.show("")
            if prog.status == "solved":
                self.say("solved", "bold", "green", id=ex.id)
            self.ui.show(views.explanation(self.env, ex, self.lang))
            self._offer_next()
        elif ex.id == self.exercise.id:
            self._offer_help()
        return verdict.passed

    def _editor(self) -> str | None:
        return os.environ.get("VISUAL") or os.environ.get("EDITOR") or None

    def edit(self, arg: str = "") -> None:
        if not self._code_only("edit"):
            return
        ex = self.exercise
        path = self.workspace.ensure(ex)
        if not self.ui.interactive:
            self.say("needs_terminal", command="edit", path=str(path))
            return
        before = self.workspace.read(ex)
        editor = self._editor()
        if arg.strip() == "inline" or not editor:
            text = self.ui.edit_inline(before, path.name)
            if text is None:
                self.say("cancelled", "dim")
                return
            if text != before:
                self.workspace.write(ex, text)
                self.say("saved", "dim", path=str(path))
            self.check()
            return
        if not self._run_editor(editor, path):
            return
        if self.workspace.read(ex) == before:
            self.say("unchanged", "dim")
            return
        self.say("saved", "dim", path=str(path))
        self.check()

    def _run_editor(self, editor: str, path: Path) -> bool:
        # The editor owns Ctrl-C while it runs; our SIGINT would otherwise kill it.
        previous = signal.signal(signal.SIGINT, signal.SIG_IGN) \
            if threading.current_thread() is threading.main_thread() else None
        try:
            subprocess.run([*shlex.split(editor), str(path)], check=False)
        except (OSError, ValueError) as exc:
            self.say("editor_failed", "red", editor=editor, error=str(exc))
            return False
        finally:
            if previous is not None:
                signal.signal(signal.SIGINT, previous)
        return True

    # -- watch -----------------------------------------------------------------------------

    def watch(self) -> None:
        if not self._code_only("watch"):
            return
        if self.watcher is not None:
            self.stop_watch(quiet=False)
            return
        ex = self.exercise
        path = self.workspace.ensure(ex)
        if not self.ui.interactive:
            self.say("needs_terminal", command="watch", path=str(path))
            return

        def on_save() -> None:
            try:
                self.say("watch_changed", "dim", file=path.name)
                if self.check(ex):
                    self.stop_watch(quiet=True)
                    self.say("watch_solved", "dim")
            except Exception as exc:
                self.report(exc)

        self.watcher = FileWatcher(path, on_save,
                                   force_polling=bool(os.environ.get("GRADTUTOR_WATCH_POLL")))
        how = (t("watch_inotify", self.lang) if self.watcher.mechanism == "inotify"
               else t("watch_polling", self.lang, interval=0.5))
        self.watcher.start()
        self.say("watching", "bold", file=str(path), how=how)
        self.ui.refresh()

    def stop_watch(self, quiet: bool) -> None:
        watcher, self.watcher = self.watcher, None
        if watcher is None:
            return
        watcher.stop()
        if not quiet:
            self.say("watch_stopped", "dim", file=watcher.path.name)
        self.ui.refresh()

    # -- the rest ----------------------------------------------------------------------------

    def explain(self) -> None:
        """The autograd graph after the program ran: tensors, flags, and what feeds what."""
        ex = self.exercise
        if ex.kind == "predict":
            if not self.progress_of(ex).finished:
                self.say("explain_locked", "dim")  # the graph would give the answers away
                return
            source, inputs = ex.snippet or "", {}
        else:
            source, inputs = self.workspace.read(ex), dict(ex.effective_variants[0].inputs)
        filename = f"{ex.id}.py"

        def draw() -> str | None:
            return explaining.graph_view(self.sandbox.get(), source, filename, inputs,
                                         ex.timeout, self.lang, self.env.colors)

        text = self._wait(background(draw))
        if text is None:
            self.say("explain_missing", "dim")
            return
        self.ui.show(text.rstrip("\n"))

    def set_lang(self, value: str) -> None:
        value = value.strip().lower()
        if not value:
            self.say("lang_now", name=lang_name(self.lang, self.lang))
            return
        code = value.replace("_", "-").split("-")[0]
        if code not in SUPPORTED_LANGS:
            self.say("lang_unknown", value=value)
            return
        self.env.lang = code
        self.store.set_state("lang", code)
        self.say("lang_set", name=lang_name(code, code))
        q_index = self.current_question()
        if q_index is not None:
            self.ui.show(views.question(self.env, self.exercise, q_index, self.lang))
        self.ui.refresh()

    def quit(self) -> None:
        self.done = True
        self.stop_watch(quiet=True)
        self.say("bye", "dim", path=str(self.store.path))

    def close(self) -> None:
        self.stop_watch(quiet=True)

    def report(self, exc: BaseException) -> None:
        """An internal error: a short report on screen, the traceback in errors.log."""
        where = str(self.log_path)
        try:
            self.log_path.parent.mkdir(parents=True, exist_ok=True)
            with self.log_path.open("a", encoding="utf-8") as f:
                f.write(f"--- {time.strftime('%Y-%m-%d %H:%M:%S')}\n")
                f.write("".join(tb.format_exception(exc)))
        except OSError:
            where = "(errors.log not writable)"
        with contextlib.suppress(Exception):
            self.say("internal", "red", error=f"{type(exc).__name__}: {exc}", log=where)
