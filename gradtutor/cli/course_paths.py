"""Where the course lives: --course, then GRADTUTOR_COURSE, then ./exercises, then the copy
beside the installed package (a source checkout or an editable install)."""

from __future__ import annotations

from pathlib import Path

import gradtutor
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
    for c in candidates:
        if (c / INDEX).is_file():
            return c
    return None
