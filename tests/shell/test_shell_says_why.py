"""A wrong answer in the shell says why, as `check` does, without quoting the truth."""

from __future__ import annotations

from shell_helpers import Driver


def test_a_wrong_answer_names_what_differs(driver: Driver) -> None:
    # mini-predict Q1 asks for x.grad, which is None: a tensor answer differs by its kind.
    s = driver.run("tensor([3., 3.])", "quit")
    text = s.text
    assert "✘ Not quite." in text
    after = text.split("✘ Not quite.", 1)[1]
    assert "not a tensor" in after.split("Type hint", 1)[0]
    assert "None" not in after.split("Type hint", 1)[0]  # the truth is never quoted
