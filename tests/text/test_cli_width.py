"""The CLI wraps prose to Environment.width (default: the terminal's columns)."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from gradtutor.cli import main
from gradtutor.env import Environment
from gradtutor.text.wrapping import width_of

MINI = Path(__file__).parents[1] / "fixtures" / "mini" / "exercises"


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_show_wraps_to_the_environments_width(tmp_path: Path, lang: str) -> None:
    assert Environment().width is None  # the terminal's, read when text is wrapped
    texts = {}
    for width in (40, 100):
        env = Environment(stdin=io.StringIO(), stdout=io.StringIO(), stderr=io.StringIO(),
                          stdout_isatty=False, stdin_isatty=False, colors=False, lang=lang,
                          data_dir=tmp_path / "data", course_dir=None, width=width)
        assert main(["show", "mini-code", "--course", str(MINI)], env) == 0
        texts[width] = env.stdout.getvalue()  # type: ignore[attr-defined]
    lines = texts[40].splitlines()
    task = lines[:next(i for i, line in enumerate(lines) if line.startswith("1  "))]
    assert len(task) > 4 and all(width_of(line) <= 40 for line in task), texts[40]
    assert texts[40] != texts[100]
