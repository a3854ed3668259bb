"""The magics' command line, parsed without a kernel."""

from __future__ import annotations

import subprocess
import sys

import pytest

pytest.importorskip("IPython")

from gradtutor.notebook.magics import Command, UsageError, parse


def test_line_commands() -> None:
    assert parse("", None) == Command("help")
    assert parse("show mini-code", None) == Command("show", "mini-code")
    assert parse("show mini-code --hint 2", None) == Command("show", "mini-code", hints=2)
    assert parse("explain", None) == Command("explain")


def test_answers_are_shell_quoted_in_question_order() -> None:
    cmd = parse('answer p1 None "tensor([2., 2.])" RuntimeError', None)
    assert cmd == Command("answer", "p1", answers=("None", "tensor([2., 2.])", "RuntimeError"))


def test_answers_in_a_cell_one_per_line() -> None:
    cmd = parse("answer p1", "None\n\n tensor([2., 2.]) \nno error\n")
    assert cmd.answers == ("None", "tensor([2., 2.])", "no error")


def test_cell_commands_keep_the_cell() -> None:
    assert parse("check c1", "x = 1\n") == Command("check", "c1", cell="x = 1\n")
    assert parse("explain", "y = 2\n") == Command("explain", cell="y = 2\n")


@pytest.mark.parametrize(("line", "cell", "words"), [
    ("frobnicate", None, "unknown command 'frobnicate'"),
    ("show", None, "needs an exercise id"),
    ("show c1 --hint x", None, "--hint N"),
    ("show c1", "code\n", "line magic"),
    ("check c1", None, "%%gradtutor check c1"),
    ("check c1 extra", "x\n", "only the exercise id"),
    ("explain now", None, "no arguments"),
    ('answer p1 "tensor([1.', None, "close the quote"),
])
def test_misuse_is_one_line_naming_the_right_use(line: str, cell: str | None,
                                                 words: str) -> None:
    with pytest.raises(UsageError) as info:
        parse(line, cell)
    assert words in str(info.value)
    assert "\n" not in str(info.value)


def test_importing_gradtutor_does_not_import_ipython() -> None:
    code = ("import sys, gradtutor; assert callable(gradtutor.load_ipython_extension); "
            "print('IPython' in sys.modules, 'gradtutor.notebook' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout
    assert out.split() == ["False", "False"]


def test_misuse_is_said_in_the_learners_language() -> None:
    with pytest.raises(UsageError) as info:
        parse("frobnicate", None, "zh")
    assert str(info.value).startswith("没有 'frobnicate' 这个命令。用法：")
