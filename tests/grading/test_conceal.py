import pytest

from gradtutor.grading.predict import conceal


@pytest.mark.parametrize(
    ("full", "concealed"),
    [
        ("expected None, got a tensor", "your answer is wrong: the value is not a tensor"),
        ("requires_grad differs: expected False, got True", "requires_grad differs: not True"),
        ("the values differ at index [1]: expected 12.0, got 8.0",
         "the values differ at index [1]: not 8.0"),
        ("shape differs: expected (2,), got (2, 1)", "shape differs: not (2, 1)"),
    ],
)
def test_conceal_hides_the_truth(full: str, concealed: str) -> None:
    assert conceal(full) == concealed


@pytest.mark.parametrize(
    "full",
    [
        "expected True, but evaluating it raised RuntimeError: boom",
        "same items in a different order: expected [False, True]",
        "the answer is not 1 (missing True; unexpected 3)",
        "missing keys 'a', 'b'",
    ],
)
def test_conceal_never_quotes_what_is_missing(full: str) -> None:
    hidden = conceal(full)
    assert "True" not in hidden and "'a'" not in hidden, hidden
