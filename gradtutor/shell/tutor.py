"""The tutor behind the shell: one method per command, each a few lines over the parts.

Independent of prompt_toolkit: it talks to a `UI` (print, confirm, inline editor), so the same
logic serves the interactive shell, the plain line mode for pipes, and the tests. The work is
split by concern:

    learner       where the learner is, progress and answers (read back from the store)
    background    the sandbox started in the background, runs waited for, snippets prefetched
    predict_flow  answering, revealing and the solution of predict exercises
    code_flow     run, check, edit and the solution of code and fix exercises
    watch         re-check on every save
    tutor         navigation, hints, reset, explain, language, leaving, error reports (here)
"""

from __future__ import annotations

import contextlib
import time
import traceback as tb
from pathlib import Path

from gradtutor.course.model import Course, Exercise
from gradtutor.env import SUPPORTED_LANGS, Environment
from gradtutor.progress import ExerciseProgress, ProgressStore
from gradtutor.shell import explaining, views
from gradtutor.shell.background import Runs, SandboxHolder
from gradtutor.shell.code_flow import CodeFlow
from gradtutor.shell.context import UI, ShellContext
from gradtutor.shell.learner import REVEAL_AFTER, Learner
from gradtutor.shell.predict_flow import PredictFlow
from gradtutor.shell.watch import FileWatcher, Watch
from gradtutor.text import render
from gradtutor.text.wrapping import wrap
from gradtutor.views.style import mark, style
from gradtutor.views.verdict import explanation
from gradtutor.views.words import lang_name, status_word
from gradtutor.workspace import Workspace


class Tutor:
    def __init__(self, env: Environment, course: Course, store: ProgressStore,
                 workspace: Workspace, sandbox: SandboxHolder, ui: UI) -> None:
        self.env = env
        self.course = course
        self.store = store
        self.workspace = workspace
        self.sandbox = sandbox
        self.ui = ui
        self.done = False
        self.log_path: Path = env.data_dir / "errors.log"
        self.learner = Learner(course, store)
        self.ctx = ShellContext(env, course, store, workspace, ui, self.learner,
                                Runs(sandbox, ui, lambda *a, **k: self.say(*a, **k)))
        self.predicting = PredictFlow(self.ctx)
        self.coding = CodeFlow(self.ctx)
        self.watching = Watch(self.ctx, self.coding.check, self.report)

    # -- what the toolbar, the prompt and the commands read ---------------------------------

    @property
    def lang(self) -> str:
        return self.env.lang

    @property
    def exercise(self) -> Exercise:
        return self.learner.exercise

    @property
    def watcher(self) -> FileWatcher | None:
        return self.watching.watcher

    def say(self, key: str, *styles: str, **fields: object) -> None:
        self.ctx.say(key, *styles, **fields)

    def progress_of(self, ex: Exercise) -> ExerciseProgress:
        return self.learner.progress_of(ex)

    def current_question(self) -> int | None:
        return self.learner.current_question()

    def can_reveal(self) -> bool:
        return self.learner.can_reveal()

    def done_count(self) -> int:
        return self.learner.done_count()

    def find(self, ref: str) -> Exercise | None:
        return self.learner.find(ref)

    # -- start, move, show -------------------------------------------------------------------

    def start(self) -> None:
        """The first screen: a welcome on first run, else where the learner left off."""
        saved = self.store.get_state("current")
        if saved and saved in self.course:
            self.learner.exercise = self.course.get(saved) or self.exercise
            self.ctx.refresh()
            self.say("welcome_back", "bold", id=self.exercise.id, done=self.done_count(),
                     n=len(self.course))
        else:
            self.ctx.refresh()
            self.say("welcome", "bold", course=self.course.title.get(self.lang))
            k = len(self.course.chapters)
            chapters = (render("chapters_1", self.lang) if k == 1
                        else render("chapters_n", self.lang, n=k))
            self.ui.show(wrap(render("welcome_body", self.lang, n=len(self.course),
                                     chapters=chapters)))
        self.ui.show("")
        self.goto(self.exercise, remember=saved != self.exercise.id)

    def goto(self, ex: Exercise, remember: bool = True) -> None:
        self.watching.stop(quiet=False)
        self.learner.exercise = ex
        if remember:
            self.store.visit(ex.id)
        self.ctx.refresh()
        self.show()
        if ex.kind == "predict":
            self.ctx.runs.prefetch(ex)

    def move(self, step: int) -> None:
        ids = self.course.ids
        i = ids.index(self.exercise.id) + step
        if i < 0:
            self.say("first_exercise")
        elif i >= len(ids):
            self.say("last_exercise")
        else:
            self.goto(self.course.exercises[i])

    def show(self) -> None:
        if self.exercise.kind == "predict":
            self._show_predict(self.exercise)
        else:
            self._show_code(self.exercise)

    def _show_predict(self, ex: Exercise) -> None:
        env, lang = self.env, self.lang
        self.ui.show(views.predict_view(env, self.course, ex, lang))
        for i, q in enumerate(ex.questions):  # the questions answered so far
            state = self.learner.answers.get(i)
            if state is None or state.done is None:
                break
            shown = state.answer if state.done == "correct" else render("status_revealed", lang)
            self.ui.show(f"{mark(env, state.done == 'correct')} "
                         f"{style(env, q.ask.get(lang), 'dim')} {shown}")
        q_index = self.current_question()
        if q_index is None:
            self.say("already_finished", "dim", id=ex.id,
                     status=status_word(self.progress_of(ex), lang))
        else:
            self.ui.show(views.question(env, ex, q_index, lang))
            if q_index == 0 and self.progress_of(ex).status is None:
                self.say("answer_how", "dim")

    def _show_code(self, ex: Exercise) -> None:
        path = self.workspace.ensure(ex)
        source = self.workspace.read(ex)
        editor = self.env.editor or render("editor_inline", self.lang)
        self.ui.show(views.code_view(self.env, self.course, ex, self.lang, str(path), source,
                                     source == (ex.starter or ""), editor))
        if self.progress_of(ex).finished:
            self.say("already_finished", "dim", id=ex.id,
                     status=status_word(self.progress_of(ex), self.lang))

    # -- predict -----------------------------------------------------------------------------

    def answer(self, text: str) -> None:
        self.predicting.answer(text)

    def reveal(self) -> None:
        ex = self.exercise
        if not self.can_reveal():
            self.say("reveal_locked", "dim", n=REVEAL_AFTER, tries=self.learner.tries())
            return
        if ex.kind == "predict":
            self.predicting.reveal()
            return
        if not self.progress_of(ex).finished:
            self.store.reveal(ex.id)
            self.ctx.refresh()
            self.say("finished_revealed", "bold", "yellow", id=ex.id)
        self.solution()

    # -- code and fix ------------------------------------------------------------------------

    def _code_only(self, command: str) -> bool:
        if self.exercise.kind == "predict":
            self.say("code_only", command=command, id=self.exercise.id)
            return False
        return True

    def run(self) -> None:
        if self._code_only("run"):
            self.coding.run()

    def check(self, ex: Exercise | None = None) -> bool:
        """Grade the learner's file; True when it passes."""
        ex = ex or self.exercise
        if ex.kind == "predict":
            self.say("predict_only_answers", id=ex.id)
            return False
        return self.coding.check(ex)

    def edit(self, arg: str = "") -> None:
        if self._code_only("edit"):
            self.coding.edit(arg)

    def watch(self) -> None:
        if self._code_only("watch"):
            self.watching.toggle()

    # -- hints, solution, reset, explain -----------------------------------------------------

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
        self.ctx.refresh()
        self.ui.show(views.hint(self.env, ex.hints, used + 1, self.lang))

    def solution(self) -> None:
        ex = self.exercise
        if not self.progress_of(ex).finished:
            self.say("solution_locked", "dim", n=REVEAL_AFTER)
            return
        flow = self.predicting if ex.kind == "predict" else self.coding
        if flow.solution(ex):
            self.ui.show(explanation(self.env, ex, self.lang))

    def reset(self) -> None:
        ex = self.exercise
        has_file = ex.kind != "predict"
        question = render("reset_confirm", self.lang, id=ex.id,
                          file=render("reset_file", self.lang) if has_file else "")
        if not self.ui.confirm(question):
            self.say("reset_kept", "dim")
            return
        self.watching.stop(quiet=True)
        backup = self.workspace.reset(ex) if has_file else None
        self.store.reset(ex.id)
        self.ctx.refresh()
        self.say("reset_done", "bold", id=ex.id)
        if backup:
            self.say("reset_backup", "dim", path=str(backup))
        self.show()

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
        text = self.ctx.runs.call(lambda sandbox: explaining.graph_view(
            sandbox, source, f"{ex.id}.py", inputs, ex.timeout, self.lang, self.env.colors))
        self.ui.show(text.rstrip("\n"))

    # -- language, leaving, errors -----------------------------------------------------------

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
        self.watching.stop(quiet=True)
        self.say("bye", "dim", path=str(self.store.path))

    def close(self) -> None:
        self.watching.stop(quiet=True)

    def report(self, exc: BaseException) -> None:
        """An internal error: a short report on screen, the traceback in errors.log."""
        where = str(self.log_path)
        try:
            self.log_path.parent.mkdir(parents=True, exist_ok=True)
            with self.log_path.open("a", encoding="utf-8") as f:
                f.write(f"--- {time.strftime('%Y-%m-%d %H:%M:%S')}\n")
                f.write("".join(tb.format_exception(exc)))
        except OSError:
            where = render("log_not_writable", self.lang)
        with contextlib.suppress(Exception):
            self.say("internal", "red", error=f"{type(exc).__name__}: {exc}", log=where)
