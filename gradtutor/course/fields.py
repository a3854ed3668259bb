"""The field tables of the exercise format: the single source of truth.

`loader.py` validates YAML against these tables and `schema.py` turns them into JSON Schema
(draft 2020-12) for editors, so the two cannot drift apart. After changing a table, regenerate
the shipped schema files with `python -m gradtutor.course.schema`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from gradtutor.course.model import DEFAULT_TIMEOUT, KINDS

FORMAT_VERSION = 1
ID_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
TOPIC_PATTERN = r"^[a-z0-9][a-z0-9_.-]*$"
IDENTIFIER_PATTERN = r"^[A-Za-z_][A-Za-z0-9_]*$"
EXCEPTION_PATTERN = r"^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$"
#: What a claim backs: the explanation, the task, or hint/misconception/question N (from 1).
CLAIM_ABOUT_PATTERN = r"^(explanation|task|(hint|misconception|question) [1-9][0-9]*)$"
MAX_TIMEOUT = 60.0
MAX_ID_LENGTH = 64


# --------------------------------------------------------------------------------------------
# Field types. Each carries the constraints that both the loader and the schema enforce.


class FieldType:
    """Base of the field types; `describe()` names the expected value in error messages."""

    def describe(self) -> str:  # pragma: no cover - overridden
        raise NotImplementedError


@dataclass(frozen=True)
class Const(FieldType):
    value: int

    def describe(self) -> str:
        return f"the number {self.value}"


@dataclass(frozen=True)
class Enum(FieldType):
    values: tuple[str, ...]

    def describe(self) -> str:
        return "one of " + ", ".join(self.values)


@dataclass(frozen=True)
class Str(FieldType):
    """A YAML string. `pattern` is a full-match regex; `pattern_doc` explains it to humans.
    `code=True` marks Python source (snippet, starter): a literal block `|` is expected."""

    pattern: str | None = None
    pattern_doc: str = ""
    label: str = "string"  # the type's name in the docs
    max_length: int | None = None
    code: bool = False
    expression: bool = False

    def describe(self) -> str:
        if self.code:
            return "Python code (a literal block: `|` then the code indented below)"
        if self.expression:
            return "a Python expression (a string)"
        return self.pattern_doc or "a string"


@dataclass(frozen=True)
class Scalar(FieldType):
    """Any scalar, kept as the text written (`answer: True` is the string "True")."""

    def describe(self) -> str:
        return "a value written as text (a string, number or True/False)"


@dataclass(frozen=True)
class Int(FieldType):
    minimum: int | None = None

    def describe(self) -> str:
        if self.minimum is not None:
            return f"a whole number >= {self.minimum}"
        return "a whole number"


@dataclass(frozen=True)
class Num(FieldType):
    minimum: float | None = None
    exclusive_minimum: float | None = None
    maximum: float | None = None

    def describe(self) -> str:
        parts = []
        if self.exclusive_minimum is not None:
            parts.append(f"> {_num(self.exclusive_minimum)}")
        if self.minimum is not None:
            parts.append(f">= {_num(self.minimum)}")
        if self.maximum is not None:
            parts.append(f"<= {_num(self.maximum)}")
        return "a number" + (" " + " and ".join(parts) if parts else "")


@dataclass(frozen=True)
class Bool(FieldType):
    def describe(self) -> str:
        return "true or false"


@dataclass(frozen=True)
class TextType(FieldType):
    """Learner-facing text: a string (English) or a mapping {en: ..., zh: ...}."""

    def describe(self) -> str:
        return "text: a string, or a mapping like {en: ..., zh: ...}"


@dataclass(frozen=True)
class JsonMap(FieldType):
    """A mapping of Python identifiers to JSON-able values (variant inputs)."""

    def describe(self) -> str:
        return "a mapping of names to values, e.g. {lr: 0.1, steps: 3}"


@dataclass(frozen=True)
class ListOf(FieldType):
    """A YAML list. `fix` is the advice given when it has fewer than `min_items` entries."""

    item: FieldType
    min_items: int = 0
    fix: str = ""

    def describe(self) -> str:
        return f"a list of {_plural(self.item)}"


@dataclass(frozen=True)
class FieldSpec:
    """One key of a YAML mapping.

    `kinds` restricts an exercise field to some kinds (it is required only for those, and an
    error elsewhere). `example` is a YAML line used in fix messages and the docs.
    """

    name: str
    type: FieldType
    required: bool
    doc: str
    example: str = ""
    kinds: tuple[str, ...] = KINDS
    default: Any = None


@dataclass(frozen=True)
class Obj(FieldType):
    """A mapping with known keys. `exactly_one`: exactly one of these keys must be present
    (a Bool key counts only when true). `min_keys`: at least this many keys."""

    name: str
    fields: tuple[FieldSpec, ...]
    doc: str = ""
    exactly_one: tuple[str, ...] = ()
    min_keys: int = 0

    def describe(self) -> str:
        return f"a mapping ({self.name})"

    def field(self, name: str) -> FieldSpec | None:
        return next((f for f in self.fields if f.name == name), None)

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(f.name for f in self.fields)


def _num(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else repr(x)


def _plural(t: FieldType) -> str:
    if isinstance(t, Obj):
        return f"mappings ({t.name})"
    if isinstance(t, TextType):
        return "texts"
    if isinstance(t, Str):
        return "strings"
    return "values"


# --------------------------------------------------------------------------------------------
# The tables.

TEXT = TextType()

TOLERANCE = Obj(
    "tolerance",
    (
        FieldSpec("rtol", Num(minimum=0), False, "Relative tolerance.", "rtol: 1e-4"),
        FieldSpec("atol", Num(minimum=0), False, "Absolute tolerance.", "atol: 1e-6"),
    ),
    doc="Float tolerance overriding the grader's default; give rtol, atol or both.",
    min_keys=1,
)

QUESTION_MISCONCEPTION = Obj(
    "misconception",
    (
        FieldSpec(
            "answer",
            Scalar(),
            True,
            "A wrong answer learners often give, written like a prediction.",
            'answer: "tensor([2., 2.])"',
        ),
        FieldSpec(
            "message",
            TEXT,
            True,
            "Shown when the learner gives this answer: explain the misconception.",
            "message: {en: ..., zh: ...}",
        ),
    ),
    doc="A known wrong answer to this question and the explanation shown for it.",
)

QUESTION = Obj(
    "question",
    (
        FieldSpec("ask", TEXT, True, "The question shown to the learner.", "ask: What is x.grad?"),
        FieldSpec(
            "expr",
            Str(expression=True),
            False,
            "A Python expression evaluated after the snippet ran; the learner predicts its value.",
            "expr: x.grad",
        ),
        FieldSpec(
            "print_line",
            Int(minimum=1),
            False,
            "A snippet line number (1 = first line of the snippet); the learner predicts the "
            "text printed while that line ran.",
            "print_line: 9",
        ),
        FieldSpec(
            "error",
            Bool(),
            False,
            "true: the learner predicts the type of exception the snippet raises.",
            "error: true",
        ),
        FieldSpec(
            "answer",
            Scalar(),
            False,
            "The recorded correct answer (for error questions: the exception type, e.g. "
            "RuntimeError). Optional: the grader always uses the real outcome, and validate "
            "reports drift between the two.",
            'answer: "True"',
        ),
        FieldSpec(
            "message",
            Str(),
            False,
            "Error questions only: the expected start of the exception message "
            "(drift-checked by validate).",
            "message: element 0 of tensors does not require grad",
        ),
        FieldSpec(
            "tolerance",
            TOLERANCE,
            False,
            "Float tolerance for this question, overriding the default.",
            "tolerance: {rtol: 1e-4, atol: 1e-6}",
        ),
        FieldSpec(
            "misconceptions",
            ListOf(QUESTION_MISCONCEPTION),
            False,
            "Known wrong answers and their explanations.",
            "misconceptions: [{answer: ..., message: ...}]",
        ),
        FieldSpec(
            "points",
            Num(minimum=0),
            False,
            "Weight of the question in the score (default 1).",
            "points: 1",
            default=1.0,
        ),
    ),
    doc="One question about the snippet: exactly one of expr, print_line or error: true.",
    exactly_one=("expr", "print_line", "error"),
)

CHECK = Obj(
    "check",
    (
        FieldSpec(
            "expr",
            Str(expression=True),
            True,
            "A Python expression evaluated after the program ran; learner and reference "
            "values are compared.",
            'expr: "[n for n, p in model.named_parameters() if p.requires_grad]"',
        ),
        FieldSpec(
            "label",
            TEXT,
            False,
            "What the check looks at, shown instead of the expression.",
            "label: {en: trainable parameters, zh: 可训练参数}",
        ),
        FieldSpec(
            "tolerance",
            TOLERANCE,
            False,
            "Float tolerance for this check, overriding the default.",
            "tolerance: {rtol: 1e-4, atol: 1e-6}",
        ),
        FieldSpec(
            "hidden",
            Bool(),
            False,
            "true: the check's expression and values are not shown to the learner.",
            "hidden: true",
            default=False,
        ),
        FieldSpec(
            "points",
            Num(minimum=0),
            False,
            "Weight of the check in the score (default 1).",
            "points: 1",
            default=1.0,
        ),
    ),
    doc="An expression compared between the learner's program and the reference solution.",
)

VARIANT = Obj(
    "variant",
    (
        FieldSpec(
            "inputs",
            JsonMap(),
            True,
            "Global names injected before the program runs. Values: null, true/false, "
            "numbers, strings, lists and mappings of those.",
            "inputs: {lr: 0.1, steps: 3}",
        ),
    ),
    doc="One run of learner and reference code with these inputs.",
)

CHECK_MISCONCEPTION = Obj(
    "check misconception",
    (
        FieldSpec(
            "check",
            Int(minimum=0),
            True,
            "Index of the check this wrong value belongs to (0 = first check).",
            "check: 0",
        ),
        QUESTION_MISCONCEPTION.fields[0],
        QUESTION_MISCONCEPTION.fields[1],
    ),
    doc="A known wrong value of a check and the explanation shown for it.",
)

CLAIM = Obj(
    "claim",
    (
        FieldSpec(
            "about",
            Str(
                pattern=CLAIM_ABOUT_PATTERN,
                pattern_doc="explanation, task, or hint, misconception or question followed "
                "by its number from 1 (e.g. hint 2)",
                label="text name",
            ),
            True,
            "The text the claim backs: explanation, task, hint N, misconception N or question "
            "N (numbered from 1 in the order written; misconceptions across the whole file).",
            "about: explanation",
        ),
        FieldSpec(
            "says",
            Str(),
            True,
            "The statement of that text the code backs, in short English.",
            'says: "A second backward() through out raises."',
        ),
        FieldSpec(
            "code",
            Str(code=True),
            True,
            "A Python program, run by validate against live torch: the claim holds when it "
            "runs to its end without raising (state the claim with assert).",
            "code: | (then the code on the next lines, indented)",
        ),
    ),
    doc="A statement of the exercise's text, backed by code that validate runs against live torch.",
)

PREDICT: tuple[str, ...] = ("predict",)
CODE_FIX: tuple[str, ...] = ("code", "fix")

EXERCISE = Obj(
    "exercise",
    (
        FieldSpec("format", Const(FORMAT_VERSION), True, "Format version: 1.", "format: 1"),
        FieldSpec(
            "id",
            Str(
                pattern=ID_PATTERN,
                pattern_doc="lowercase letters and digits in words joined by single '-'",
                max_length=MAX_ID_LENGTH,
                label="id",
            ),
            True,
            "Exercise id: lowercase letters and digits joined by single '-'; equals the file "
            "name without .yaml.",
            "id: detach-cuts-gradient",
        ),
        FieldSpec(
            "kind",
            Enum(KINDS),
            True,
            "predict: read a snippet and predict what happens. code: write code from a "
            "starter. fix: repair the buggy starter.",
            "kind: predict",
        ),
        FieldSpec(
            "topic",
            Str(
                pattern=TOPIC_PATTERN,
                pattern_doc="a short lowercase tag (letters, digits, '_', '.' and '-')",
                label="tag",
            ),
            True,
            "Short lowercase tag, e.g. detach, no_grad, freezing, autograd.grad.",
            "topic: detach",
        ),
        FieldSpec("title", TEXT, True, "Title of the exercise.", "title: {en: ..., zh: ...}"),
        FieldSpec(
            "source",
            ListOf(Str()),
            False,
            "Source-text items this exercise covers.",
            "source: [E6, C9]",
        ),
        FieldSpec(
            "hints",
            ListOf(TEXT, min_items=2, fix="add another hint, from nudge to near-answer"),
            True,
            "At least two hints, from a gentle nudge to the nearly-full answer.",
            "hints: [first nudge, nearly the answer]",
        ),
        FieldSpec(
            "explanation",
            TEXT,
            True,
            "Shown once the exercise is solved or revealed.",
            "explanation: {en: ..., zh: ...}",
        ),
        FieldSpec(
            "claims",
            ListOf(CLAIM),
            False,
            "Statements of the text (explanation, hints, ...), each backed by code that "
            "validate runs against live torch.",
            "claims: [{about: explanation, says: ..., code: ...}]",
        ),
        FieldSpec(
            "timeout",
            Num(exclusive_minimum=0, maximum=MAX_TIMEOUT),
            False,
            f"Seconds per run (default {_num(DEFAULT_TIMEOUT)}, at most {_num(MAX_TIMEOUT)}).",
            "timeout: 5",
            default=DEFAULT_TIMEOUT,
        ),
        FieldSpec(
            "snippet",
            Str(code=True),
            True,
            "predict: the program the learner reads; it runs once, then the questions are "
            "answered from what happened.",
            "snippet: | (then the code on the next lines, indented)",
            kinds=PREDICT,
        ),
        FieldSpec(
            "questions",
            ListOf(
                QUESTION,
                min_items=1,
                fix="add a question: - ask: ... with expr, print_line or error",
            ),
            True,
            "predict: the questions about the snippet.",
            "questions: [{ask: ..., expr: ...}]",
            kinds=PREDICT,
        ),
        FieldSpec(
            "task",
            TEXT,
            True,
            "code/fix: what the learner must do.",
            "task: {en: ..., zh: ...}",
            kinds=CODE_FIX,
        ),
        FieldSpec(
            "starter",
            Str(code=True),
            True,
            "code/fix: the code the learner starts from (for fix: the buggy program).",
            "starter: | (then the code on the next lines, indented)",
            kinds=CODE_FIX,
        ),
        FieldSpec(
            "checks",
            ListOf(CHECK, min_items=1, fix="add a check: - expr: <an expression to compare>"),
            True,
            "code/fix: expressions compared between learner and reference solution.",
            "checks: [{expr: ...}]",
            kinds=CODE_FIX,
        ),
        FieldSpec(
            "variants",
            ListOf(
                VARIANT, min_items=1, fix="add a variant: - inputs: {...}, or remove 'variants'"
            ),
            False,
            "code/fix: inputs to run with; every variant is run, learner and reference alike.",
            "variants: [{inputs: {lr: 0.1}}]",
            kinds=CODE_FIX,
        ),
        FieldSpec(
            "random_seed",
            Bool(),
            False,
            "code/fix: true (default): the grader draws a fresh torch seed per variant.",
            "random_seed: true",
            kinds=CODE_FIX,
            default=True,
        ),
        FieldSpec(
            "misconceptions",
            ListOf(CHECK_MISCONCEPTION),
            False,
            "code/fix: known wrong check values and their explanations.",
            "misconceptions: [{check: 0, answer: ..., message: ...}]",
            kinds=CODE_FIX,
        ),
    ),
    doc="One gradtutor exercise (exercise format version 1).",
)

CHAPTER = Obj(
    "chapter",
    (
        FieldSpec(
            "id",
            Str(
                pattern=ID_PATTERN,
                pattern_doc="lowercase letters and digits in words joined by single '-'",
                max_length=MAX_ID_LENGTH,
                label="id",
            ),
            True,
            "Chapter id, equal to its folder name under exercises/.",
            "id: requires-grad",
        ),
        FieldSpec("title", TEXT, True, "Chapter title.", "title: {en: ..., zh: ...}"),
        FieldSpec(
            "exercises",
            ListOf(
                Str(
                    pattern=ID_PATTERN,
                    pattern_doc="an exercise id (lowercase letters and digits joined by '-')",
                    label="id",
                    max_length=MAX_ID_LENGTH,
                )
            ),
            True,
            "Exercise ids in order; each is the file `exercises/<chapter id>/<exercise id>.yaml`.",
            "exercises: [rg-default-false, rg-mixed-inputs]",
        ),
    ),
    doc="A chapter: a folder of exercises, in order.",
)

COURSE = Obj(
    "course",
    (
        FieldSpec("format", Const(FORMAT_VERSION), True, "Format version: 1.", "format: 1"),
        FieldSpec("title", TEXT, True, "Course title.", "title: {en: ..., zh: ...}"),
        FieldSpec(
            "chapters",
            ListOf(CHAPTER, min_items=1),
            True,
            "Chapters in order.",
            "chapters: [{id: ..., title: ..., exercises: [...]}]",
        ),
    ),
    doc="The course index exercises/course.yaml: chapters and their exercises, in order.",
)


def kinds_text(kinds: tuple[str, ...]) -> str:
    return " and ".join(kinds) if len(kinds) <= 2 else ", ".join(kinds)
