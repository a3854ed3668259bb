"""Verdicts: the grading decision, as plain data made in the trusted parent."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Literal

Status = Literal["pass", "fail", "error", "internal"]


@dataclass
class Outcome:
    """One question (predict) or one check (code/fix), over every variant."""

    index: int
    label: str  # the question asked or the check's label/expression, in the chosen language
    ok: bool
    expected: dict[str, Any] | None = None  # typed value; None when it must not be shown
    got: dict[str, Any] | None = None
    differences: list[str] = field(default_factory=list)
    misconception: str | None = None  # targeted message for a known wrong answer
    variant: int | None = None  # the first variant that failed, for code/fix
    hidden: bool = False
    points: float = 1.0
    expr: str | None = None
    # Predict questions: "right", "wrong", "unreadable" (could not be read) or "missing" (not
    # answered, which is not wrong: reports give it the status missing). "" for checks.
    status: str = ""

    @property
    def score(self) -> float:
        return self.points if self.ok else 0.0


@dataclass
class Verdict:
    exercise_id: str
    kind: str
    status: Status
    reason: str = ""  # one line when status is error/internal, or a summary
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

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["score"] = self.score
        data["max_score"] = self.max_score
        return data
