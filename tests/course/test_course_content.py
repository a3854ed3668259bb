"""House rules for the course text in exercises/ that the loader does not enforce."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

EXERCISES = Path(__file__).resolve().parents[2] / "exercises"
COURSE = yaml.safe_load((EXERCISES / "course.yaml").read_text(encoding="utf-8"))
FILES = {
    ex: EXERCISES / chapter["id"] / f"{ex}.yaml"
    for chapter in COURSE["chapters"]
    for ex in chapter["exercises"]
}

_CJK = r"[\u4e00-\u9fff]"
_HALF_NEXT_TO_CJK = re.compile(rf"{_CJK}[,:?!;()]|[,:?!;()]{_CJK}")
# Quoted source text (the blog post's typos, error messages) is kept verbatim.
_QUOTED = re.compile(r"“[^”]*”")


def _load(ex: str) -> dict[str, Any]:
    return yaml.safe_load(FILES[ex].read_text(encoding="utf-8"))


def _zh_texts(node: Any, path: str = "") -> Iterator[tuple[str, str]]:
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "zh" and isinstance(value, str):
                yield path, value
            else:
                yield from _zh_texts(value, f"{path}.{key}")
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _zh_texts(value, f"{path}[{i}]")


@pytest.mark.parametrize("ex", sorted(FILES))
def test_every_exercise_backs_its_text_with_claims(ex: str) -> None:
    assert _load(ex).get("claims"), f"{ex}: no claims"


@pytest.mark.parametrize("ex", sorted(FILES))
def test_the_first_hint_asks_a_question(ex: str) -> None:
    first = _load(ex)["hints"][0]
    texts = first if isinstance(first, dict) else {"en": first}
    assert "?" in texts["en"], f"{ex}: the first hint should ask, not tell: {texts['en']!r}"
    if "zh" in texts:
        assert "？" in texts["zh"], f"{ex}: the first hint (zh) should ask: {texts['zh']!r}"


@pytest.mark.parametrize("ex", sorted(FILES))
def test_chinese_uses_full_width_punctuation(ex: str) -> None:
    for path, zh in _zh_texts(_load(ex)):
        prose = _QUOTED.sub("", zh)
        match = _HALF_NEXT_TO_CJK.search(prose)
        assert not match, f"{ex}{path}: half-width punctuation next to Chinese: {match.group()!r}"


def test_course_titles_use_full_width_punctuation() -> None:
    for path, zh in _zh_texts(COURSE):
        assert not _HALF_NEXT_TO_CJK.search(zh), f"course.yaml{path}: {zh!r}"


def test_the_first_exercise_names_the_blog_post() -> None:
    title = "《Pytorch 网络冻结的三种方法区别：detach、requires_grad、with_no_grad》"
    first = COURSE["chapters"][0]["exercises"][0]
    explanation = _load(first)["explanation"]
    assert title in explanation["en"] and title in explanation["zh"]
