"""Verdicts: the grading decision, as plain data made in the trusted parent."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, fields, is_dataclass
from typing import Any, Literal

from gradtutor.facts import Fact

Status = Literal["pass", "fail", "error", "internal"]


@dataclass
class Outcome:
    """One question (predict) or one check (code/fix), over every variant."""

    index: int
    label: str  # the question asked or the check's label/expression, in the chosen language
    ok: bool
    expected: dict[str, Any] | None = None  # typed value; None when it must not be shown
    got: dict[str, Any] | None = None
    differences: list[Fact | str] = field(default_factory=list)  # keyed facts (gradtutor.text)
    misconception: str | None = None  # targeted message for a known wrong answer
    variant: int | None = None  # the first variant that failed, for code/fix
    hidden: bool = False
    points: float = 1.0
    expr: str | None = None
    # Predict questions: "right", "wrong", "unreadable" (could not be read) or "missing" (not
    # answered, which is not wrong: reports give it the status missing). "" for checks.
    status: str = ""
    # Said beside the verdict, never instead of it: e.g. that this torch's answer differs from
    # the one recorded with the course.
    note: Fact | None = None

    @property
    def score(self) -> float:
        return self.points if self.ok else 0.0


@dataclass
class Verdict:
    exercise_id: str
    kind: str
    status: Status
    # One line when status is error/internal, or a summary: a keyed fact, or a str that is
    # passed through as is (a sandbox's reason).
    reason: Fact | str = ""
    outcomes: list[Outcome] = field(default_factory=list)
    observations: list[dict[str, Any]] = field(default_factory=list)  # learner RunResults
    hidden_checks: int = 0  # hidden checks that ran but are not shown
    # Catalogued warnings/errors behind a failure, in the learner's terms (Explanation.to_json).
    explanations: list[dict[str, Any]] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        return self.status == "pass"

    @property
    def score(self) -> float:
        return sum(o.score for o in self.outcomes)

    @property
    def max_score(self) -> float:
        return sum(o.points for o in self.outcomes)

    def to_json(self, render: Callable[[Fact], str] = str) -> dict[str, Any]:
        """JSON-able data; facts become text by `render` (str: English, once the message
        catalogue is loaded; pass `lambda f: say(f, lang)` for another language)."""
        data = _plain(self, render)
        data["score"] = self.score
        data["max_score"] = self.max_score
        return data


def _plain(value: Any, render: Callable[[Fact], str]) -> Any:
    """asdict, with facts rendered (asdict would deep-copy a fact's read-only fields)."""
    if isinstance(value, Fact):
        return render(value)
    if is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name), render) for f in fields(value)}
    if isinstance(value, list | tuple):
        return [_plain(v, render) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v, render) for k, v in value.items()}
    return value


def cannot_run_here(exercise_id: str, kind: str, why: Fact, **extra: Any) -> Verdict:
    """The snippet or reference solution did not run here as the course says it runs (a torch
    build the sandbox cannot use, a broken install): `internal`, the grader's failure, so no
    learner is judged on what a crash produced (docs/sandbox.md)."""
    return Verdict(exercise_id, kind, "internal", Fact.of("grading.cannot_run_here", why=why),
                   **extra)
