"""Typed comparison: parse learner predictions, compare typed values, show them.

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
from gradtutor.compare.values import Value, describe_kind, validate_value
from gradtutor.compare.wording import localise

__all__ = [
    "DTYPE_FLOORS",
    "OBSERVATION_TOLERANCE",
    "PREDICTION_TOLERANCE",
    "Comparison",
    "PredictionError",
    "Tolerance",
    "Value",
    "compare",
    "describe_kind",
    "format_value",
    "localise",
    "parse_prediction",
    "validate_value",
]
