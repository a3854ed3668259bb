"""Where the course lives: --course, then GRADTUTOR_COURSE, then ./exercises, then the copy
beside the package (a source checkout or an editable install), then the course bundled in the
installed wheel."""

from __future__ import annotations

from pathlib import Path

import gradtutor
from gradtutor.bundled_course import bundled_course_root
from gradtutor.env import Environment

INDEX = "course.yaml"


def find_exercises_dir(env: Environment, explicit: str | None = None) -> Path | None:
    candidates: list[Path] = []
    if explicit:
        return Path(explicit)
    if env.course_dir:
        return env.course_dir
    candidates.append(Path.cwd() / "exercises")
    candidates.append(Path(gradtutor.__file__).resolve().parent.parent / "exercises")
    if (bundled := bundled_course_root()) is not None:
        candidates.append(bundled / "exercises")
    for c in candidates:
        if (c / INDEX).is_file():
            return c
    return None
