"""Where the roster's learners live, shared by conftest.py and the tests."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

HERE = Path(__file__).parent
REPO = HERE.parent.parent
EXERCISES = REPO / "exercises"
SOLUTIONS = REPO / "solutions"
CLASS = HERE / "class"
EXPECTED = HERE / "expected.yaml"


def program_learners(kind: str) -> list[tuple[str, str, Path]]:
    """(exercise id, name, file) of every program in gaming/ or honest/."""
    return [(f.parent.name, f.stem, f) for f in sorted((HERE / kind).glob("*/*.py"))]


def code_exercise_ids() -> list[str]:
    return sorted(p.stem for p in SOLUTIONS.glob("*.py") if not p.name.startswith("_"))


def expected_verdicts() -> dict[str, dict[str, Any]]:
    return yaml.safe_load(EXPECTED.read_text(encoding="utf-8"))


@dataclass(frozen=True)
class Graded:
    report: dict[str, Any] = field(repr=False)
    stdout: str = field(repr=False)

    def exercise(self, learner: str, exercise: str) -> dict[str, Any]:
        for entry in self.report["learners"]:
            if entry["learner"] == learner:
                for ex in entry["exercises"]:
                    if ex["id"] == exercise:
                        return ex
                raise KeyError(f"{learner}: no exercise {exercise} in the report")
        raise KeyError(f"no learner {learner} in the report")
