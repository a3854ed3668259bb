"""Every call the notebook extension makes into the rest of gradtutor, in one place.

The core is being reshaped (explain returning keyed facts, one answer path, a views layer), so
the magics and renderers talk only to `Session`; adapting to a new core API means editing this
module alone. Nothing here imports IPython.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from gradtutor.cli.errors import UsageError
from gradtutor.cli.loading import load_for_reading
from gradtutor.course.model import Course, Exercise
from gradtutor.env import Environment
from gradtutor.explain.catalogue import strip_torch_suffix
from gradtutor.explain.context import Explanation
from gradtutor.explain.limits import SourceTooLarge
from gradtutor.explain.run import Report, explain_run
from gradtutor.grading.code import grade_code
from gradtutor.grading.predict import grade_predict
from gradtutor.grading.verdict import Outcome, Verdict
from gradtutor.progress import ExerciseProgress, ProgressStore, StoreError, open_store
from gradtutor.sandbox import Sandbox
from gradtutor.text import render, say
from gradtutor.views.escape import inert
from gradtutor.views.explanation import Parts, parts, render_tree
from gradtutor.views.verdict import outcome_details
from gradtutor.views.words import kind_name

__all__ = ["Exercise", "Explanation", "NotebookError", "Outcome", "Parts", "Recorded", "Report",
           "Session", "Verdict", "details", "graph_text", "inert", "kind_name", "say",
           "strip_torch_suffix", "tr", "words"]

# A notebook's history can do more work than one exercise: give it longer than `explain`'s 5 s.
HISTORY_TIMEOUT_S = 15.0


class NotebookError(Exception):
    """A learner-facing one-line error (bad id, no course, wrong magic use)."""


def tr(key: str, lang: str, **fields: object) -> str:
    """A notebook sentence from the message catalogue (keys under `notebook.`)."""
    return render(f"notebook.{key}", lang, **fields)


def words(explanation: Explanation | Mapping[str, Any], lang: str) -> Parts:
    """An explanation's title, text and fix as sentences in `lang` (the explain core returns
    keyed facts; a verdict stores them as JSON)."""
    return parts(explanation, lang)


def details(outcome: Outcome, kind: str, lang: str) -> list[tuple[str, str]]:
    """What to say about a failed question or check, as (role, text) lines: the shared verdict
    view decides (differences, reference/yours values, misconception); roles are "difference",
    "more", "values" and "misconception"."""
    return outcome_details(outcome, kind, lang)


def graph_text(report: Report, lang: str) -> str | None:
    """The autograd graph the run left behind, as plain text (None when there is none)."""
    if report.graph is None:
        return None
    return render_tree(report.graph, report.program, color=False, lang=lang)


@dataclass(frozen=True)
class Recorded:
    """What a grading magic saved to the progress store, or why it saved nothing."""

    progress: ExerciseProgress | None
    problem: str | None = None


class Session:
    """The extension's state for one kernel: course, a warm sandbox, the progress store.

    The sandbox starts on first use and is kept warm between cells (starting one costs a torch
    import); the store is the same SQLite file `gradtutor start` uses, so the shell and the
    notebook see each other's progress.
    """

    def __init__(self, env: Environment | None = None) -> None:
        self.env = env or Environment(colors=False)
        self._course: Course | None = None
        self._sandbox: Sandbox | None = None
        self._store: ProgressStore | None = None
        self._lock = threading.Lock()

    @property
    def lang(self) -> str:
        return self.env.lang

    # -- course ------------------------------------------------------------------------------

    def course(self) -> Course:
        if self._course is None:
            try:
                self._course = load_for_reading(self.env, None)
            except UsageError as exc:
                raise NotebookError(str(exc)) from None
        return self._course

    def exercise(self, exercise_id: str) -> Exercise:
        course = self.course()
        ex = course.get(exercise_id)
        if ex is None:
            raise NotebookError(tr("no_exercise", self.lang, id=exercise_id))
        return ex

    def chapter_title(self, ex: Exercise) -> str:
        chapter = self.course().chapter_of(ex.id)
        return chapter.title.get(self.lang) if chapter else ex.chapter

    # -- running -----------------------------------------------------------------------------

    def sandbox(self) -> Sandbox:
        with self._lock:
            if self._sandbox is None:
                self._sandbox = Sandbox(workers=2)
            return self._sandbox

    def explain(self, source: str, filename: str, *, timeout_s: float = 5.0) -> Report:
        try:
            return explain_run(self.sandbox(), source, filename, timeout_s=timeout_s)
        except SourceTooLarge as exc:
            raise NotebookError(say(exc.fact, self.lang)) from None

    def check(self, ex: Exercise, source: str) -> Verdict:
        return grade_code(ex, source, self.sandbox(), lang=self.lang, filename=f"{ex.id}.py")

    def answer(self, ex: Exercise, answers: Sequence[str]) -> Verdict:
        return grade_predict(ex, list(answers), self.sandbox(), lang=self.lang)

    # -- progress ----------------------------------------------------------------------------

    def store(self) -> ProgressStore:
        if self._store is None:
            self._store = open_store(self.env.data_dir)
        return self._store

    def record_check(self, ex: Exercise, verdict: Verdict) -> Recorded:
        if verdict.status == "internal":  # gradtutor's failure, not the learner's: not counted
            return Recorded(None)
        try:
            return Recorded(self.store().record_check(ex.id, verdict.passed))
        except StoreError as exc:
            return Recorded(None, str(exc))

    def record_answers(self, ex: Exercise, answers: Sequence[str],
                       verdict: Verdict) -> Recorded:
        """Each answered question as the shell records it; the exercise is finished when every
        question is right now or was already done in the store (by the shell or this notebook).
        """
        if verdict.status not in ("pass", "fail"):
            return Recorded(None)
        try:
            store = self.store()
            done = {q for q, a in store.answers(ex.id).items() if a.done}
            right = {o.index for o in verdict.outcomes if o.ok}
            # As in the shell: an unreadable or missing answer is not a try.
            given = [o for o in verdict.outcomes if o.status in ("right", "wrong")
                     and o.index < len(answers)]
            if not given:
                return Recorded(None)
            finished = done | right >= set(range(len(ex.questions)))
            final: Any = None
            if finished:
                final = "revealed" if store.get(ex.id).status == "revealed" else "solved"
            progress = None
            for i, o in enumerate(given):
                last = i == len(given) - 1
                progress = store.record_answer(ex.id, o.index, answers[o.index], o.ok,
                                               final if last else None)
            return Recorded(progress)
        except StoreError as exc:
            return Recorded(None, str(exc))

    def close(self) -> None:
        with self._lock:
            if self._sandbox is not None:
                self._sandbox.close()
                self._sandbox = None
        if self._store is not None:
            self._store.close()
            self._store = None
