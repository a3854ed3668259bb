"""Advice on a loaded course that `gradtutor validate` gives beyond the loader's checks.

The loader reports what makes a file wrong; these are warnings about a course that loads but
teaches or grades less well than it could. They run without torch and execute nothing.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from gradtutor.course.model import Course, Exercise, Problem, Text

_CJK = "[\u4e00-\u9fff]"
_HALF = ",:?!;()"
_HALF_NEXT_TO_CJK = re.compile(rf"{_CJK}[{re.escape(_HALF)}]|[{re.escape(_HALF)}]{_CJK}")
_FULL = dict(zip(_HALF, "，：？！；（）", strict=True))
# Code keeps its ASCII punctuation: in backticks, and calls written in the prose such as
# out.backward() or ValueError("...").
_CODE = re.compile(r"`[^`]*`|[A-Za-z_][A-Za-z0-9_.]*\([^()]*\)")


def review_course(course: Course) -> list[Problem]:
    """Warnings for every exercise of `course`, in course order."""
    problems: list[Problem] = []
    for ex in course.exercises:
        problems += _hidden_checks(ex)
        problems += _chinese_punctuation(ex)
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


def _zh_texts(ex: Exercise) -> Iterator[tuple[str, Text | None, int | None]]:
    """(where, text, file line of its key) of every learner-facing text of the exercise."""
    yield "title", ex.title, ex.lines.get("title")
    yield "task", ex.task, ex.lines.get("task")
    for i, hint in enumerate(ex.hints):
        yield f"hints[{i}]", hint, ex.lines.get("hints")
    yield "explanation", ex.explanation, ex.lines.get("explanation")
    for i, q in enumerate(ex.questions):
        yield f"questions[{i}].ask", q.ask, q.lines.get("ask", q.line)
        for j, m in enumerate(q.misconceptions):
            yield f"questions[{i}].misconceptions[{j}].message", m.message, m.line
    for i, c in enumerate(ex.checks):
        yield f"checks[{i}].label", c.label, c.lines.get("label", c.line)
    for i, m in enumerate(ex.misconceptions):
        yield f"misconceptions[{i}].message", m.message, m.line


def _chinese_punctuation(ex: Exercise) -> list[Problem]:
    """Half-width , : ? ! ; ( ) next to a Chinese character in a zh text: Chinese typography
    uses the full-width forms there (，：？！；（）)."""
    try:
        file_lines = ex.path.read_text(encoding="utf-8-sig").splitlines()
    except (OSError, UnicodeDecodeError):
        file_lines = []
    problems: list[Problem] = []
    for where, text, line in _zh_texts(ex):
        zh = text.as_dict().get("zh") if text is not None else None
        if not zh:
            continue
        prose = _CODE.sub(lambda m: " " * len(m.group()), zh)
        found = [m.group() for m in _HALF_NEXT_TO_CJK.finditer(prose)]
        if not found:
            continue
        at_line, column = _locate(file_lines, found[0], line)
        if column is not None and found[0][0] not in _HALF:
            column += 1  # point at the punctuation, not at the character before it
        more = f" and {len(found) - 1} more" if len(found) > 1 else ""
        marks = "".join(sorted({c for pair in found for c in pair if c in _HALF}, key=_HALF.find))
        problems.append(
            Problem(
                ex.path,
                at_line,
                column,
                f"half-width punctuation next to Chinese in the zh text of {where}: "
                f"{found[0]!r}{more}",
                f"write {' '.join(_FULL[c] for c in marks)} instead of {' '.join(marks)} "
                "next to Chinese characters",
                "warning",
            )
        )
    return problems


def _locate(lines: list[str], found: str, start: int | None) -> tuple[int | None, int | None]:
    """The file line and column of `found`, searched from the text's key line on; the key
    line when it is not written as is (an escape, a folded line)."""
    first = (start or 1) - 1
    for i in range(first, len(lines)):
        column = lines[i].find(found)
        if column >= 0:
            return i + 1, column + 1
    return start, None
