"""Every message key has English and Chinese with the same fields, and full-width Chinese."""

from __future__ import annotations

import re
import string

import pytest

from gradtutor.facts import Fact
from gradtutor.text import MESSAGES, render, say

_FORMATTER = string.Formatter()


def _fields(template: str) -> set[str]:
    return {name for _, name, _, _ in _FORMATTER.parse(template) if name}


@pytest.mark.parametrize("key", sorted(MESSAGES))
def test_every_key_has_both_languages_with_the_same_fields(key: str) -> None:
    en, zh = MESSAGES[key]
    assert en.strip(), f"{key}: English is empty"
    assert zh.strip(), f"{key}: Chinese is empty"
    assert _fields(en) == _fields(zh), f"{key}: fields differ between English and Chinese"


_CJK = r"[\u4e00-\u9fff]"
_HALF_NEXT_TO_CJK = re.compile(rf"{_CJK}[,:?!;()]|[,:?!;()]{_CJK}")


@pytest.mark.parametrize("key", sorted(MESSAGES))
def test_chinese_uses_full_width_punctuation(key: str) -> None:
    zh = MESSAGES[key][1]
    # Field placeholders and code in backticks may hold ASCII punctuation.
    prose = re.sub(r"\{[^}]*\}|`[^`]*`", "", zh)
    assert not _HALF_NEXT_TO_CJK.search(prose), f"{key}: half-width punctuation next to Chinese"


def test_say_renders_facts_texts_and_strings() -> None:
    key = next(iter(MESSAGES), None)
    if key is not None and not _fields(MESSAGES[key][0]):
        assert say(Fact(key), "en") == MESSAGES[key][0]
        assert say(Fact(key), "zh-CN") == MESSAGES[key][1]
    assert say("plain", "zh") == "plain"

    class Bilingual:
        def get(self, lang: str) -> str:
            return "中文" if lang == "zh" else "english"

    assert say(Bilingual(), "zh") == "中文"


def test_render_fills_fields() -> None:
    MESSAGES["_test.greet"] = ("Hi {name}.", "你好，{name}。")
    try:
        assert render("_test.greet", "en", name="x") == "Hi x."
        assert render("_test.greet", "zh", name="x") == "你好，x。"
    finally:
        del MESSAGES["_test.greet"]
