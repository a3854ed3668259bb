"""The model's small behaviours: Text fallback, Problem formatting, question modes."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from gradtutor.course import Exercise, Problem, Question, Text, has_errors, sort_problems


def test_text_from_str_is_english() -> None:
    t = Text("hello")
    assert t.get() == "hello"
    assert t.get("en") == "hello"
    assert t.get("zh") == "hello"  # falls back to English
    assert t.langs == ("en",)
    assert str(t) == "hello"


def test_text_from_mapping() -> None:
    t = Text({"en": "hello", "zh": "你好"})
    assert t.get("zh") == "你好"
    assert t.get("zh-CN") == "你好"
    assert t.get("zh_Hans") == "你好"
    assert t.get("fr") == "hello"
    assert t.langs == ("en", "zh")
    assert t.as_dict() == {"en": "hello", "zh": "你好"}


def test_text_without_english_falls_back_to_first() -> None:
    assert Text({"zh": "你好"}).get("en") == "你好"


def test_text_is_immutable_and_hashable() -> None:
    t = Text({"en": "a", "zh": "b"})
    assert t == Text({"zh": "b", "en": "a"})
    assert hash(t) == hash(Text({"zh": "b", "en": "a"}))
    assert t != Text("a")
    assert Text(t) == t
    with pytest.raises(AttributeError):
        t.foo = 1  # type: ignore[attr-defined]
    with pytest.raises(TypeError):
        Text(3)  # type: ignore[arg-type]
    assert repr(Text("a")) == "Text('a')"


def test_question_modes() -> None:
    ask = Text("?")
    assert Question(ask=ask, expr="x").mode == "expr"
    assert Question(ask=ask, print_line=3).mode == "print_line"
    assert Question(ask=ask, error=True, answer="RuntimeError").mode == "error"


def test_model_is_frozen() -> None:
    q = Question(ask=Text("?"), expr="x")
    with pytest.raises(dataclasses.FrozenInstanceError):
        q.expr = "y"  # type: ignore[misc]


def test_problem_str(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    path = tmp_path / "exercises" / "detach" / "foo.yaml"
    p = Problem(
        path,
        12,
        5,
        "'hints' needs at least 2 entries; found 1",
        "add another hint, from nudge to near-answer",
    )
    assert str(p) == (
        "exercises/detach/foo.yaml:12:5: error: 'hints' needs at least 2 entries; found 1. "
        "Fix: add another hint, from nudge to near-answer."
    )
    w = Problem(path, None, None, "not listed.", "list it!", "warning")
    assert str(w) == "exercises/detach/foo.yaml: warning: not listed. Fix: list it!"
    assert Problem(path, 3, None, "m", "f").location == "exercises/detach/foo.yaml:3"
    assert p.to_dict() == {
        "path": "exercises/detach/foo.yaml",
        "line": 12,
        "column": 5,
        "severity": "error",
        "message": "'hints' needs at least 2 entries; found 1",
        "fix": "add another hint, from nudge to near-answer",
    }


def test_problem_outside_cwd_keeps_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "here").mkdir()
    monkeypatch.chdir(tmp_path / "here")
    p = Problem(tmp_path / "elsewhere.yaml", 1, 1, "m", "f")
    assert str(p).startswith(str(tmp_path / "elsewhere.yaml") + ":1:1: error: m.")


def test_sort_and_has_errors(tmp_path: Path) -> None:
    a = Problem(tmp_path / "a.yaml", 3, 1, "m", "f", "warning")
    b = Problem(tmp_path / "a.yaml", 1, 1, "m", "f")
    c = Problem(tmp_path / "b.yaml", None, None, "m", "f")
    assert sort_problems([c, a, b, a]) == [b, a, c]
    assert has_errors([a, b])
    assert not has_errors([a])


def _exercise(**changes) -> Exercise:
    base = dict(
        id="x",
        kind="predict",
        topic="t",
        title=Text("T"),
        chapter="c",
        path=Path("x.yaml"),
        hints=(Text("a"), Text("b")),
        explanation=Text("e"),
    )
    base.update(changes)
    return Exercise(**base)


def test_exercise_file_position_for_inline_and_block_code() -> None:
    ex = _exercise(snippet="x = 1", lines={"snippet": 5, "snippet:body": 5, "snippet:indent": 9})
    assert ex.snippet_line_offset == 4
    assert ex.file_position("snippet", 1, 1) == (5, 10)
    block = _exercise(
        snippet="a\nb\n", lines={"snippet": 5, "snippet:body": 6, "snippet:indent": 2}
    )
    assert block.file_position("snippet", 2, 3) == (7, 5)
    assert block.file_position("snippet", 2) == (7, None)
