import pytest

import gradtutor.text  # noqa: F401  (str() of a fact is English)
from gradtutor.grading.printed import describe_printed_difference, same_printed_text


@pytest.mark.parametrize(
    ("printed", "guess"),
    [
        ("tensor([ 8., 12.], grad_fn=<AddBackward0>) True",
         "tensor([8., 12.], grad_fn=<AddBackward0>) True"),
        ("tensor([2., 2.])", "tensor([2.0000, 2.0])"),
        ("True", " True "),
        ("tensor([0.8000, 1.6000])", "tensor([0.8, 1.6])"),
    ],
)
def test_same_text_modulo_spacing_and_zeros(printed: str, guess: str) -> None:
    assert same_printed_text(printed, guess)


@pytest.mark.parametrize(
    ("printed", "guess"),
    [
        ("True", "False"),
        ("tensor([2., 2.])", "tensor([2., 3.])"),
        ("tensor([2., 2.])", "tensor([2., 2.], requires_grad=True)"),
        ("None", ""),
    ],
)
def test_different_text(printed: str, guess: str) -> None:
    assert not same_printed_text(printed, guess)
    assert describe_printed_difference(printed, guess)


def test_difference_names_the_token() -> None:
    msg = str(describe_printed_difference("tensor([2., 2.])", "tensor([2., 3.])"))
    assert "'2.'" in msg and "'3.'" in msg


def test_concealed_difference_does_not_quote_the_output() -> None:
    msg = str(describe_printed_difference("tensor([7., 2.])", "tensor([3., 2.])", reveal=False))
    assert "3." in msg and "7." not in msg
