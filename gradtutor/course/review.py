"""Advice on a loaded course that `gradtutor validate` gives beyond the loader's checks.

The loader reports what makes a file wrong; these are warnings about a course that loads but
teaches or grades less well than it could. They run without torch and execute nothing.
"""

from __future__ import annotations

from gradtutor.course.model import Course, Exercise, Problem


def review_course(course: Course) -> list[Problem]:
    """Warnings for every exercise of `course`, in course order."""
    problems: list[Problem] = []
    for ex in course.exercises:
        problems += _hidden_checks(ex)
    return problems


def _hidden_checks(ex: Exercise) -> list[Problem]:
    # Visible checks tell a learner what is wanted; without a hidden one, a program written
    # to the visible checks (hard-coded values, the wrong tensor frozen) can pass.
    if ex.kind == "predict" or not ex.checks or any(c.hidden for c in ex.checks):
        return []
    return [
        Problem(
            ex.path,
            ex.lines.get("checks"),
            None,
            f"{ex.kind} exercise without a hidden check: a program written only to pass the "
            "visible checks is graded as right",
            "add a check with hidden: true that a program gaming the visible checks fails",
            "warning",
        )
    ]
