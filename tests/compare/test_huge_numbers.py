"""Numbers past a float's range, from a learner's prediction or value, never raise."""

from __future__ import annotations

import pytest

from gradtutor.compare import (
    OBSERVATION_TOLERANCE,
    PREDICTION_TOLERANCE,
    PredictionError,
    compare,
    parse_prediction,
)

HUGE = [{"kind": "int", "value": 10 ** 3999}, {"kind": "int", "value": -(10 ** 400)},
        {"kind": "list", "items": [{"kind": "int", "value": 10 ** 3999}], "tuple": False}]
OTHERS = ["1.5", "3", "1e308", "nan", "inf", "(1+2j)", "tensor([1., 2.])", "[1, 2]", "True"]


@pytest.mark.parametrize("value", HUGE)
@pytest.mark.parametrize("other", OTHERS)
def test_a_huge_int_compares_as_different(value: dict, other: str) -> None:
    for tol in (PREDICTION_TOLERANCE, OBSERVATION_TOLERANCE):
        assert not compare(parse_prediction(other), value, tol).ok
        assert not compare(value, parse_prediction(other), tol).ok
    assert compare(value, value, OBSERVATION_TOLERANCE).ok


@pytest.mark.parametrize("text", ["9" * 301, "9" * 5000, f"({'9' * 400}+1j)",
                                  "1+" + "2" * 400 + "j", f"torch.Size([{'9' * 5000}])",
                                  f"tensor([{'7' * 4400}])"])
def test_an_answer_with_a_number_of_hundreds_of_digits_is_unreadable(text: str) -> None:
    with pytest.raises(PredictionError, match=r"digits|too large"):
        parse_prediction(text)
