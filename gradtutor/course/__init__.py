"""The instructor's interface: the course model, the YAML loader and the JSON Schema.

Never imports torch: the trusted grader loads courses quickly and runs nothing here.

    from gradtutor.course import load_course
    result = load_course(Path("exercises"))
    for problem in result.problems:
        print(problem)
    exercise = result.course.get("detach-cuts-gradient") if result.course else None
"""

from gradtutor.course.fields import FORMAT_VERSION
from gradtutor.course.loader import COURSE_FILE, LoadResult, load_course, load_exercise
from gradtutor.course.model import (
    DEFAULT_TIMEOUT,
    KINDS,
    LANGUAGES,
    Chapter,
    Check,
    Claim,
    Course,
    Exercise,
    Misconception,
    Question,
    Text,
    Tolerance,
    Variant,
)
from gradtutor.course.problems import Problem, has_errors, sort_problems

__all__ = [
    "COURSE_FILE",
    "DEFAULT_TIMEOUT",
    "FORMAT_VERSION",
    "KINDS",
    "LANGUAGES",
    "Chapter",
    "Check",
    "Claim",
    "Course",
    "Exercise",
    "LoadResult",
    "Misconception",
    "Problem",
    "Question",
    "Text",
    "Tolerance",
    "Variant",
    "has_errors",
    "load_course",
    "load_exercise",
    "sort_problems",
]
