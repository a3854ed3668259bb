"""Predict feedback never quotes the truth: compare's facts, concealed, then said."""

import pytest

from gradtutor.compare import compare, conceal, parse_prediction
from gradtutor.text import say


def observed(text: str) -> dict:
    """A value as the sandbox observes it: every attribute counts (no `written`)."""
    value = parse_prediction(text)
    value.pop("written", None)
    return value


def concealed(truth: str, answer: str) -> list[str]:
    result = compare(observed(truth), parse_prediction(answer), prediction=True)
    assert not result.ok
    return [say(conceal(d), "en") for d in result.differences]


@pytest.mark.parametrize(
    ("truth", "answer", "said"),
    [
        ("None", "tensor([1.])", "your answer is wrong: the value is not a tensor"),
        ("tensor([1.])", "tensor([1.], requires_grad=True)", "requires_grad differs: not True"),
        ("tensor([2., 12.])", "tensor([2., 8.])", "the values differ at index [1]: not 8.0"),
        ("tensor([1., 2.])", "tensor([[1.], [2.]])", "shape differs: not (2, 1)"),
        ("[True, 1]", "[True, 3]", "at [1]: not 3"),
    ],
)
def test_conceal_hides_the_truth(truth: str, answer: str, said: str) -> None:
    assert concealed(truth, answer) == [said]


@pytest.mark.parametrize(
    ("truth", "answer"),
    [
        ("True", "RuntimeError: boom"),
        ("[True, False]", "[False, True]"),
        ("[1, True]", "[1, 3]"),
        ("[1, True]", "[3]"),
        ("{'a': 1, 'b': 2}", "{'c': 1}"),
    ],
)
def test_conceal_never_quotes_what_is_missing(truth: str, answer: str) -> None:
    for lang in ("en", "zh"):
        result = compare(parse_prediction(truth), parse_prediction(answer), prediction=True)
        for d in result.differences:
            hidden = say(conceal(d), lang)
            assert "True" not in hidden and "'a'" not in hidden, hidden
