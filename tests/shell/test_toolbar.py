"""The toolbar fits the terminal's width in English and Chinese, and keeps the key hint."""

from __future__ import annotations

import pytest
from prompt_toolkit.utils import get_cwidth
from shell_helpers import Driver

from gradtutor.shell.toolbar import fit, toolbar
from gradtutor.text import render


def _text(bar: list) -> str:
    return "".join(text for _style, text, *_ in bar)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_toolbar_fits_and_keeps_the_key_hint(driver: Driver, lang: str) -> None:
    driver.lang = lang
    for lines in (["quit"], ["goto mini-code", "quit"]):
        tutor = driver.run(*lines).shell.tutor
        wide = _text(toolbar(tutor, width=300))
        for width in (50, 80, 120):
            bar = _text(toolbar(tutor, width=width))
            assert get_cwidth(bar) <= width, (lang, width, bar)
            assert render("tb_help", lang) in bar, (lang, width, bar)
            main = "check" if "mini-code" in bar else render("tb_answer", lang)
            assert main in bar, (lang, width, bar)
            assert tutor.exercise.id in bar
        # 120 columns hold everything the bar has to say (the zh bar used to be cut off there).
        assert _text(toolbar(tutor, width=120)) == wide


def test_less_important_parts_go_first() -> None:
    parts = [(0, [("", "id")]), (9, [("", " kind")]), (3, [("", " Q1/3")]), (0, [("", " help")])]
    assert _text(fit(parts, 100)) == "id kind Q1/3 help"
    assert _text(fit(parts, 15)) == "id Q1/3 help"
    assert _text(fit(parts, 8)) == "id help"
    long = [(0, [("", " a-very-long-exercise-id")]), (0, [("", " │ F1/help 帮助")])]
    bar = _text(fit(long, 30))
    assert get_cwidth(bar) <= 30 and bar.endswith("F1/help 帮助") and "…" in bar
