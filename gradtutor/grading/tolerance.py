"""Float tolerances: the documented defaults, overridden per question or check."""

from __future__ import annotations

from gradtutor.compare import OBSERVATION_TOLERANCE as OBSERVATION
from gradtutor.compare import PREDICTION_TOLERANCE as PREDICTION
from gradtutor.compare import Tolerance
from gradtutor.course.model import Tolerance as CourseTolerance

# The defaults and why are documented with the comparison rules, in docs/comparison.md.


def _merge(default: Tolerance, override: CourseTolerance | None) -> Tolerance:
    if override is None:
        return default
    return Tolerance(
        rtol=default.rtol if override.rtol is None else override.rtol,
        atol=default.atol if override.atol is None else override.atol,
    )


def prediction_tolerance(override: CourseTolerance | None) -> Tolerance:
    return _merge(PREDICTION, override)


def observation_tolerance(override: CourseTolerance | None) -> Tolerance:
    return _merge(OBSERVATION, override)
