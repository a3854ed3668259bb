"""Wrapping prose by terminal columns, in English and in Chinese."""

from __future__ import annotations

import re

import pytest

from gradtutor.text import MESSAGES, wrapping
from gradtutor.text.wrapping import MAX_WIDTH, MIN_WIDTH, fixed_width, line_width, width_of, wrap


def test_wrap_chinese_by_columns() -> None:
    text = ("detach() 返回一个与原张量共享数据、但没有历史的张量:requires_grad=False,没有 "
            "grad_fn。反向传播到这里就停下,效果类似于 requires_grad=False 的张量:c 得不到梯度,"
            "原来的 a 也得不到。") * 2
    lines = wrap(text, width=40, prefix="  ", first="→ ").split("\n")
    assert len(lines) > 3 and lines[0].startswith("→ ")
    assert all(width_of(line) <= 40 for line in lines)
    assert all(line.startswith("  ") for line in lines[1:])
    assert not any(line.lstrip()[0] in ",。、:)" for line in lines)  # no line opens on these
    words = " ".join(lines)
    assert words.count("requires_grad=False") == 4  # ASCII words are never cut
    assert wrap("short English text") == "short English text"


def test_full_width_punctuation_never_opens_or_closes_a_line() -> None:
    text = ("detach() 返回一个与原张量共享数据、但没有历史的张量：requires_grad=False，没有 "
            "grad_fn（反向传播到这里就停下）；c 得不到梯度！原来的 a 呢？也得不到。") * 3
    for width in range(26, 61, 3):  # narrower than requires_grad=False，: that overflows
        lines = wrap(text, width=width, prefix="  ").split("\n")
        assert all(width_of(line) <= width for line in lines), width
        assert not any(line.lstrip()[0] in "，。、：；！？）" for line in lines), width
        assert not any(line.rstrip()[-1] == "（" for line in lines), width


def _words(text: str) -> list[str]:
    """The runs of narrow characters between spaces and wide characters: what must not be cut."""
    return re.findall(r"[^\s\u1100-\uffff]+", text)


@pytest.mark.parametrize("lang", [0, 1])  # English, Chinese
@pytest.mark.parametrize("width", [50, 80, 120])
def test_every_catalogue_sentence_wraps_within_the_width(width: int, lang: int) -> None:
    limit = min(width, MAX_WIDTH)
    checked = 0
    for key, pair in MESSAGES.items():
        text = " ".join(pair[lang].split())  # one paragraph
        if width_of(text) <= limit:
            continue
        with fixed_width(width):
            out = wrap(text, prefix="  ")
        lines = out.split("\n")
        # a word longer than the line stays whole (with its prefix and glued punctuation)
        longest = max((width_of(w) for w in _words(text)), default=0) + 4
        assert all(width_of(line) <= max(limit, longest) for line in lines), (key, out)
        assert _words(" ".join(lines)) == _words(text), key  # no word split across lines
        assert not any(line.lstrip()[:1] in set("，。、：；！？）") for line in lines), key
        checked += 1
    assert checked > (20 if width < 100 else 0)


def test_width_is_the_terminals_between_40_and_100(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(wrapping, "_fixed", None)  # the terminal's (tests/conftest.py fixes 88)
    for columns, expected in ((80, 80), (50, 50), (120, MAX_WIDTH), (20, MIN_WIDTH)):
        monkeypatch.setenv("COLUMNS", str(columns))  # what shutil reads first
        assert line_width() == expected
    monkeypatch.setenv("COLUMNS", "50")  # read each time: a resize takes effect at once
    assert max(len(line) for line in wrap("gradient flows " * 20).split("\n")) <= 50
    with fixed_width(60):  # Environment.width, set by the CLI
        assert line_width() == 60
        assert max(len(line) for line in wrap("gradient flows " * 20).split("\n")) <= 60
