"""The one table of YAML fixes gives each reader its own advice for the same parser error."""

from __future__ import annotations

import pytest
import yaml

from gradtutor.course.yaml_hints import DEFAULT, yaml_hint


def _error(text: str) -> str:
    try:
        yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        return f"{exc.context or ''}, {exc.problem or ''}"
    raise AssertionError("the text parsed")


@pytest.mark.parametrize(
    ("text", "course", "answers"),
    [
        ("a: b: c\n", "a ': ' inside an unquoted value", "Quote an answer that contains ': '"),
        ("a: 1\n---\nb: 2\n", "one exercise per file", "Remove the --- line: answers.yaml is"),
        ("a: [1, 2\n", "every '[' needs its ']'", "Inside [ ... ] a comma or bracket"),
        ("a: *nope\n", "define the anchor", "Quote an answer that starts with @"),
    ],
)
def test_each_reader_gets_its_own_fix(text: str, course: str, answers: str) -> None:
    error = _error(text)
    assert yaml_hint(error, "course").startswith(course)
    assert yaml_hint(error, "answers", file="answers.yaml").startswith(answers)


def test_a_tab_seen_by_the_reader_wins_over_the_words_of_the_error() -> None:
    assert yaml_hint("mapping values are not allowed here", "course", tab=True).startswith(
        "indent with spaces"
    )
    assert yaml_hint("mapping values", "answers", tab=True) == "Indent with spaces, not tabs"


def test_an_unknown_error_gets_the_general_fix() -> None:
    assert yaml_hint("something new", "course") == DEFAULT["course"]
    assert yaml_hint("something new", "answers") == DEFAULT["answers"]
    assert yaml_hint('found unknown escape character "q"', "answers") == DEFAULT["answers"]
