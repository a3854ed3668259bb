"""Loading the course for commands that only read it (list, show, check)."""

from __future__ import annotations

from gradtutor.cli.course_paths import find_exercises_dir
from gradtutor.cli.errors import UsageError
from gradtutor.course.loader import load_course
from gradtutor.course.model import Course, Exercise
from gradtutor.course_listing import save_listing
from gradtutor.env import Environment


def load_for_reading(env: Environment, explicit: str | None) -> Course:
    exercises_dir = find_exercises_dir(env, explicit)
    if exercises_dir is None:
        raise UsageError("no course found. Pass --course DIR (a folder holding course.yaml) "
                         "or set GRADTUTOR_COURSE")
    if not (exercises_dir / "course.yaml").is_file():
        raise UsageError(f"{exercises_dir} has no course.yaml. Pass --course DIR pointing at "
                         "the exercises folder")
    loaded = load_course(exercises_dir)
    errors = [p for p in loaded.problems if p.severity == "error"]
    if loaded.course is None:
        raise UsageError(f"the course in {exercises_dir} cannot be loaded "
                         f"({len(errors)} problems). Run `gradtutor validate {exercises_dir}`")
    save_listing(loaded.course, len(errors), env.data_dir)  # for `list` (course_listing.py)
    if errors:
        env.err(f"gradtutor: warning: {len(errors)} exercise file(s) have problems and were "
                f"skipped. Run `gradtutor validate {exercises_dir}` to see them.")
    return loaded.course


def get_exercise(course: Course, exercise_id: str) -> Exercise:
    exercise = course.get(exercise_id)
    if exercise is None:
        raise UsageError(f"no exercise {exercise_id!r}. Run `gradtutor list` to see the ids")
    return exercise
