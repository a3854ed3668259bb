"""The one table of fixes for YAML syntax errors, for instructors and for learners.

PyYAML and libyaml describe a syntax error by what the parser expected ("mapping values are
not allowed here"); people need to know what to change. Each row names the words of the
error that identify a usual cause, and the fix for an exercise file (`course`) and for a
learner's answers.yaml (`answers`, where answers are short values in lists). The first row
that matches wins; an empty text means the row does not apply to that reader.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Audience = Literal["course", "answers"]


@dataclass(frozen=True)
class YamlHint:
    course_causes: tuple[str, ...]
    course: str
    answers_causes: tuple[str, ...]
    answers: str


_BLOCK = (
    "check the indentation: keys of one mapping and items ('- ') of one list must start in "
    "the same column, and each line of a mapping needs 'key: value'"
)

HINTS: tuple[YamlHint, ...] = (
    YamlHint(
        ("'\\t'",),
        "indent with spaces; YAML does not allow tab characters for indentation",
        ("tab",),
        "Indent with spaces, not tabs",
    ),
    YamlHint(
        ("mapping values are not allowed",),
        "a ': ' inside an unquoted value starts a new mapping: put the whole value in quotes, "
        "or write it as a block (key: | and the text indented below)",
        ("mapping values",),
        "Quote an answer that contains ': ', like - \"RuntimeError: ...\"",
    ),
    YamlHint(
        ("escape",),
        "in double quotes a backslash starts an escape: use single quotes, or a block (key: |) "
        "for code",
        (),
        "",
    ),
    YamlHint(
        ("single document",),
        "one exercise per file: remove the '---' line and everything after it",
        ("another document",),
        "Remove the --- line: {file} is one mapping of exercise ids to answers",
    ),
    YamlHint(("block end", "could not find expected ':'", "simple key"), _BLOCK, (), ""),
    YamlHint(
        ("flow",),
        "every '[' needs its ']' and every '{' its '}', with ', ' between items; quote items "
        "that contain ',', ':', '[', ']', '{', '}' or '#'",
        ("flow", "',' or ']'"),
        "Inside [ ... ] a comma or bracket ends an answer: quote such answers, or write one "
        "'- answer' line per question",
    ),
    YamlHint(
        ("quote",),
        "close the quoted string with the same quote character it starts with",
        (),
        "",
    ),
    YamlHint(
        ("alias", "anchor"),
        "define the anchor (&name) before using it (*name), or remove the '*'",
        ("cannot start any token", "alias", "anchor"),
        "Quote an answer that starts with @, `, %, * or &",
    ),
    YamlHint(
        (),
        "",
        ("expected key", "block end"),
        "Check the indentation: each exercise id starts at the left margin and its answers are "
        "indented below it, all by the same amount",
    ),
)

DEFAULT = {
    "course": "fix the YAML syntax at this spot (indentation, quotes, brackets)",
    "answers": "Quote answers that contain brackets, commas, '#' or ': ', like "
    '- "tensor([1., 2.])"',
}


def yaml_hint(error: str, audience: Audience, *, tab: bool = False, file: str = "") -> str:
    """The fix for a YAML error whose problem and context read `error`.

    `tab`: the reader saw a tab where the error is (the first row's fix then applies).
    `file` fills `{file}` in a fix (the answers file's name).
    """
    text = error.lower()
    for row in HINTS:
        causes, fix = (
            (row.course_causes, row.course)
            if audience == "course"
            else (row.answers_causes, row.answers)
        )
        if fix and ((tab and row is HINTS[0]) or any(c in text for c in causes)):
            return fix.replace("{file}", file)
    return DEFAULT[audience]
