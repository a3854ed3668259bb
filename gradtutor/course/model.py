"""The course model: what the loader builds from YAML and what grading reads.

Plain frozen dataclasses, no torch, no I/O. Line numbers are 1-based lines of the exercise's
YAML file (0 when an object was not written in a file, e.g. the implicit variant).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

# Problem lives in problems.py (the loader and validate both make them); re-exported here so
# `from gradtutor.course.model import Problem` works as well.
from gradtutor.course.problems import Problem, Severity

__all__ = [
    "DEFAULT_LANGUAGE",
    "DEFAULT_POINTS",
    "DEFAULT_TIMEOUT",
    "KINDS",
    "LANGUAGES",
    "Chapter",
    "Check",
    "Claim",
    "Course",
    "Exercise",
    "Kind",
    "Misconception",
    "Problem",
    "Question",
    "QuestionMode",
    "Severity",
    "Text",
    "Tolerance",
    "Variant",
]
Kind = Literal["predict", "code", "fix"]
KINDS: tuple[str, ...] = ("predict", "code", "fix")
QuestionMode = Literal["expr", "print_line", "error"]

#: Languages learners can choose. Text in other languages is kept but never shown.
LANGUAGES: tuple[str, ...] = ("en", "zh")
DEFAULT_LANGUAGE = "en"
DEFAULT_TIMEOUT = 5.0
DEFAULT_POINTS = 1.0


class Text:
    """A localised string: English always, other languages optionally.

    `Text("hi")` is English only; `Text({"en": "hi", "zh": "你好"})` has both. `get(lang)`
    returns the text in `lang`, falling back to English (`"zh-CN"` and `"zh_Hans"` find `"zh"`).
    Immutable and hashable.
    """

    __slots__ = ("_items",)
    _items: tuple[tuple[str, str], ...]

    def __init__(self, value: str | Mapping[str, str] | Text) -> None:
        if isinstance(value, Text):
            items = value._items
        elif isinstance(value, str):
            items = ((DEFAULT_LANGUAGE, value),)
        elif isinstance(value, Mapping):
            items = tuple((str(k), str(v)) for k, v in value.items())
        else:
            raise TypeError(f"Text needs a str or a mapping of language to str, not {value!r}")
        object.__setattr__(self, "_items", items)

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError("Text is immutable")

    @property
    def langs(self) -> tuple[str, ...]:
        """Languages present, in the order written."""
        return tuple(lang for lang, _ in self._items)

    def as_dict(self) -> dict[str, str]:
        return dict(self._items)

    def get(self, lang: str = DEFAULT_LANGUAGE) -> str:
        values = dict(self._items)
        if lang in values:
            return values[lang]
        base = lang.replace("_", "-").split("-", 1)[0].lower()
        if base in values:
            return values[base]
        if DEFAULT_LANGUAGE in values:
            return values[DEFAULT_LANGUAGE]
        return self._items[0][1] if self._items else ""

    def __str__(self) -> str:
        return self.get(DEFAULT_LANGUAGE)

    def __repr__(self) -> str:
        if self.langs == (DEFAULT_LANGUAGE,):
            return f"Text({self.get()!r})"
        return f"Text({self.as_dict()!r})"

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Text):
            return dict(self._items) == dict(other._items)
        return NotImplemented

    def __hash__(self) -> int:
        return hash(frozenset(self._items))


@dataclass(frozen=True)
class Tolerance:
    """Float tolerance for comparing numbers and tensors; None means the grader's default."""

    rtol: float | None = None
    atol: float | None = None


@dataclass(frozen=True)
class Misconception:
    """A known wrong answer and the message that explains it.

    `target` is the question index (predict) or the check index (code, fix), both 0-based.
    """

    answer: str
    message: Text
    target: int
    line: int = 0


@dataclass(frozen=True)
class Question:
    """One question of a predict exercise. Exactly one of `expr`, `print_line`, `error`."""

    ask: Text
    expr: str | None = None
    print_line: int | None = None
    error: bool = False
    answer: str | None = None
    message: str | None = None
    tolerance: Tolerance | None = None
    misconceptions: tuple[Misconception, ...] = ()
    points: float = DEFAULT_POINTS
    line: int = 0
    #: YAML line of each key written in this question, e.g. lines["answer"].
    lines: dict[str, int] = field(default_factory=dict, compare=False)

    @property
    def mode(self) -> QuestionMode:
        if self.error:
            return "error"
        if self.print_line is not None:
            return "print_line"
        return "expr"


@dataclass(frozen=True)
class Check:
    """An expression evaluated after learner and reference code ran; values are compared."""

    expr: str
    label: Text | None = None
    tolerance: Tolerance | None = None
    hidden: bool = False
    points: float = DEFAULT_POINTS
    line: int = 0
    #: YAML line of each key written in this check, e.g. lines["expr"].
    lines: dict[str, int] = field(default_factory=dict, compare=False)


@dataclass(frozen=True)
class Variant:
    """Global names injected before the code runs. Values are JSON-able (None, bool, int,
    finite float, str, lists and str-keyed dicts of those)."""

    inputs: dict[str, Any]
    line: int = 0


@dataclass(frozen=True)
class Claim:
    """A statement of the exercise's text backed by code: it holds when `code` runs to its end
    without raising. `about` names the text: "explanation", "task", "hint 2", ... (from 1)."""

    about: str
    says: str
    code: str
    line: int = 0
    #: File line of the code's line 1, and the columns the code is indented by in the file.
    code_line: int = 0
    code_indent: int = 0

    def file_line(self, code_line: int | None) -> int:
        """The YAML file line of line `code_line` (1-based) of the code; the claim's own
        line when the line is unknown."""
        if not code_line or not self.code_line:
            return self.line
        return self.code_line + code_line - 1


@dataclass(frozen=True)
class Exercise:
    """One exercise. Fields not used by a kind hold their empty value (None or ())."""

    id: str
    kind: Kind
    topic: str
    title: Text
    chapter: str
    path: Path
    hints: tuple[Text, ...]
    explanation: Text
    source: tuple[str, ...] = ()
    claims: tuple[Claim, ...] = ()
    timeout: float = DEFAULT_TIMEOUT
    # predict
    snippet: str | None = None
    questions: tuple[Question, ...] = ()
    # code and fix
    task: Text | None = None
    starter: str | None = None
    checks: tuple[Check, ...] = ()
    variants: tuple[Variant, ...] = ()
    random_seed: bool = True
    misconceptions: tuple[Misconception, ...] = ()
    solution_path: Path | None = None
    #: YAML line of each top-level key (e.g. "snippet", "starter", "hints"); plus
    #: "snippet:body"/"starter:body" = file line of the code's line 1 and
    #: "snippet:indent"/"starter:indent" = columns the code is indented by in the file.
    lines: dict[str, int] = field(default_factory=dict, compare=False)

    @property
    def code(self) -> str | None:
        """The program that runs: the snippet (predict) or the starter (code, fix)."""
        return self.snippet if self.kind == "predict" else self.starter

    @property
    def code_field(self) -> str:
        return "snippet" if self.kind == "predict" else "starter"

    @property
    def snippet_line_offset(self) -> int | None:
        """Add to a snippet line number to get the YAML file line (None: no snippet)."""
        return self._offset("snippet")

    @property
    def starter_line_offset(self) -> int | None:
        """Add to a starter line number to get the YAML file line (None: no starter)."""
        return self._offset("starter")

    def _offset(self, name: str) -> int | None:
        body = self.lines.get(f"{name}:body")
        return None if body is None else body - 1

    def file_position(
        self, name: str, line: int, column: int | None = None
    ) -> tuple[int | None, int | None]:
        """Map (line, column) inside the `snippet` or `starter` to the YAML file's (line, column).

        Both are 1-based. Returns (None, None) when the field is absent.
        """
        offset = self._offset(name)
        if offset is None:
            return None, None
        indent = self.lines.get(f"{name}:indent", 0)
        return line + offset, None if column is None else column + indent

    @property
    def effective_variants(self) -> tuple[Variant, ...]:
        """The variants to run: those written, or one variant without inputs."""
        return self.variants or (Variant(inputs={}, line=0),)

    @property
    def total_points(self) -> float:
        parts = self.questions if self.kind == "predict" else self.checks
        return float(sum(p.points for p in parts))


@dataclass(frozen=True)
class Chapter:
    id: str
    title: Text
    exercise_ids: tuple[str, ...]


@dataclass(frozen=True)
class Course:
    """The loaded course: exercises in course order (chapter by chapter)."""

    title: Text
    chapters: tuple[Chapter, ...]
    exercises: tuple[Exercise, ...]
    exercises_dir: Path
    solutions_dir: Path
    _by_id: dict[str, Exercise] = field(init=False, repr=False, compare=False)
    _chapter_by_id: dict[str, Chapter] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_id", {e.id: e for e in self.exercises})
        object.__setattr__(
            self, "_chapter_by_id", {i: c for c in self.chapters for i in c.exercise_ids}
        )

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(e.id for e in self.exercises)

    def get(self, exercise_id: str) -> Exercise | None:
        return self._by_id.get(exercise_id)

    def chapter_of(self, exercise_id: str) -> Chapter | None:
        return self._chapter_by_id.get(exercise_id)

    def chapter(self, chapter_id: str) -> Chapter | None:
        return next((c for c in self.chapters if c.id == chapter_id), None)

    def __len__(self) -> int:
        return len(self.exercises)

    def __iter__(self) -> Iterator[Exercise]:
        return iter(self.exercises)

    def __contains__(self, exercise_id: object) -> bool:
        return exercise_id in self._by_id
