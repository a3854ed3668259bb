"""Typed comparison: parse learner predictions, compare typed values, show them.

Differences, hints and parse errors are keyed facts (`gradtutor.facts.Fact`), rendered by
`gradtutor.text` (tables in `gradtutor/text/tables/compare.py`).

Values are plain dicts in the wire format of docs/architecture.md ("Typed values"); the
rules are in docs/comparison.md. Pure Python: the grader never imports torch.
"""

from gradtutor.compare.compare import (
    DTYPE_FLOORS,
    OBSERVATION_TOLERANCE,
    PREDICTION_TOLERANCE,
    Comparison,
    Tolerance,
    compare,
)
from gradtutor.compare.parse import PredictionError, parse_prediction
from gradtutor.compare.render import format_value
from gradtutor.compare.saying import conceal, thing
from gradtutor.compare.values import Value, validate_value

__all__ = [
    "DTYPE_FLOORS",
    "OBSERVATION_TOLERANCE",
    "PREDICTION_TOLERANCE",
    "Comparison",
    "PredictionError",
    "Tolerance",
    "Value",
    "compare",
    "conceal",
    "format_value",
    "parse_prediction",
    "thing",
    "validate_value",
]
