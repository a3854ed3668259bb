"""Where the learner is and how far along: the current exercise, its progress and answers.

Every state change goes to the progress store at once; this is the copy read back from it
(`refresh`), so another shell on the same store is seen too.
"""

from __future__ import annotations

import threading
from typing import Any

from gradtutor.course.model import Course, Exercise
from gradtutor.progress import ExerciseProgress, ProgressStore

REVEAL_AFTER = 3  # wrong tries before `reveal` is offered


class Learner:
    def __init__(self, course: Course, store: ProgressStore) -> None:
        self.course = course
        self.store = store
        self.exercise: Exercise = course.exercises[0]
        self.progress: dict[str, ExerciseProgress] = {}
        self.answers: dict[int, Any] = {}  # question index -> AnswerState, current exercise
        self._lock = threading.Lock()  # the watch thread refreshes too

    def refresh(self) -> None:
        with self._lock:
            self.progress = self.store.all()
            self.answers = self.store.answers(self.exercise.id)

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

    def open_questions(self, besides: int) -> list[int]:
        """The questions of the current exercise still to answer, other than `besides`."""
        return [i for i in range(len(self.exercise.questions))
                if i != besides and (self.answers.get(i) is None
                                     or self.answers[i].done is None)]

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

    def find(self, ref: str) -> Exercise | None:
        """An exercise by id, or by its number in the course (1-based)."""
        ref = ref.strip()
        if ref.isdigit() and 1 <= int(ref) <= len(self.course):
            return self.course.exercises[int(ref) - 1]
        return self.course.get(ref)
