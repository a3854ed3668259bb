"""Float tolerances: the documented defaults, overridden per question or check."""

from __future__ import annotations

from gradtutor.compare import Tolerance
from gradtutor.course.model import Tolerance as CourseTolerance

# Learners copy what torch prints (four decimals).
PREDICTION = Tolerance(rtol=1e-3, atol=1e-4)
# Learner and reference compute the same thing, perhaps in another order.
OBSERVATION = Tolerance(rtol=1e-5, atol=1e-7)


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
