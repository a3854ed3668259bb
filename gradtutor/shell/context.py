"""What every part of the tutor shares: the learner's place, the sandbox runs, the screen.

The tutor is split by concern (`tutor` navigation and the rest, `learner` state and progress,
`background` runs, `predict_flow`, `code_flow`, `watch`); each part gets this context instead
of a reference to the whole tutor.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from typing import Protocol

from gradtutor.course.model import Course
from gradtutor.env import Environment
from gradtutor.progress import ProgressStore
from gradtutor.shell.background import Runs
from gradtutor.shell.learner import REVEAL_AFTER, Learner
from gradtutor.text import render
from gradtutor.text.wrapping import wrap
from gradtutor.views.style import style
from gradtutor.workspace import Workspace


class UI(Protocol):
    interactive: bool  # a terminal: $EDITOR, the inline editor and watch can be used

    def show(self, text: str) -> None: ...  # any thread
    def confirm(self, question: str) -> bool: ...
    def edit_inline(self, text: str, filename: str) -> str | None: ...  # None: cancelled
    def refresh(self) -> None: ...  # redraw the toolbar (any thread)
    def busy(self) -> contextlib.AbstractContextManager[None]: ...  # while a run goes on


@dataclass
class ShellContext:
    env: Environment
    course: Course
    store: ProgressStore
    workspace: Workspace
    ui: UI
    learner: Learner
    runs: Runs

    @property
    def lang(self) -> str:
        return self.env.lang

    def say(self, key: str, *styles: str, **fields: object) -> None:
        """One message of the catalogue, wrapped and styled, on screen."""
        self.ui.show(style(self.env, wrap(render(key, self.lang, **fields)), *styles))

    def refresh(self) -> None:
        """Re-read the progress (another shell may have written it) and redraw the toolbar."""
        self.learner.refresh()
        self.ui.refresh()

    def offer_help(self) -> None:
        """After a wrong answer or a failed check: the next hint, and reveal once it unlocks."""
        ex = self.learner.exercise
        prog = self.learner.progress_of(ex)
        if ex.hints and prog.hints_used < len(ex.hints):
            self.say("hint_offer", "dim", used=prog.hints_used, n=len(ex.hints))
        # Said once, when reveal unlocks; after that the toolbar keeps offering it.
        if self.learner.tries() == REVEAL_AFTER and not prog.finished:
            self.say("reveal_offer", "dim", tries=self.learner.tries())

    def offer_next(self) -> None:
        if self.learner.exercise.id == self.course.ids[-1]:
            self.say("course_done", "dim")
        else:
            self.say("next_offer", "dim")
