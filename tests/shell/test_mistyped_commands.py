"""Commands are never answers: a word one slip from a command gets "did you mean", costs no
try, and is not judged; real answers close to nothing are still judged."""

from __future__ import annotations

import pytest
from shell_helpers import Driver

from gradtutor.progress import open_store
from gradtutor.shell.commands import near_command


def attempts(driver: Driver, exercise_id: str) -> int:
    store = open_store(driver.home)
    try:
        return store.get(exercise_id).attempts
    finally:
        store.close()


@pytest.mark.parametrize(("typed", "meant"), [
    ("hlep", "help"), ("nxet", "next"), ("shwo", "show"), ("rest", "reset"),
    ("solutoin", "solution"), ("Hint", "hint"), ("goot mini-fix", "goto"),
    ("帮组", "帮助"), ("下一个", "下一题"),
])
def test_near_command_finds_the_command(typed: str, meant: str) -> None:
    assert near_command(typed) == meant


@pytest.mark.parametrize("typed", [
    "None", "True", "False", "int", "sum", "RuntimeError", "7", "tensor([1., 2.])", "is",
    "no", "hlep me",  # a command without an argument is not meant when words follow
])
def test_answers_are_not_taken_for_commands(typed: str) -> None:
    assert near_command(typed) is None


def test_mistyped_commands_are_not_tries(driver: Driver) -> None:
    s = driver.run("hlep", "nxet", "quit")
    assert "Did you mean help? 'hlep' was not taken as an answer and costs no try" in s.flat
    assert "Did you mean next?" in s.flat
    assert "Not quite" not in s.text and "could not read" not in s.text
    assert attempts(driver, "mini-predict") == 0
    # the question is still the first one, and a real answer is still judged
    s = driver.run("=hlep", "quit")
    assert attempts(driver, "mini-predict") == 1


def test_mistyped_chinese_command(driver: Driver) -> None:
    driver.lang = "zh"
    s = driver.run("帮组", "退出")
    assert "你是想输入 帮助 吗？" in s.text
    assert "不太对" not in s.text
    assert attempts(driver, "mini-predict") == 0


def test_mistyped_command_outside_a_question(driver: Driver) -> None:
    s = driver.run("goto mini-fix", "chekc", "quit")
    assert "Unknown command 'chekc': did you mean check?" in s.flat


def test_chinese_help_lists_the_chinese_words(driver: Driver) -> None:
    driver.lang = "zh"
    s = driver.run("帮助", "退出")
    lines = s.text.splitlines()
    for english, chinese in [("help", "帮助"), ("next", "下一题"), ("hint", "提示"),
                             ("quit", "退出"), ("check", "检查")]:
        assert any(line.split()[:2] == [english, chinese] for line in lines if line.strip()), \
            (english, chinese)


def test_english_help_stays_english(driver: Driver) -> None:
    s = driver.run("help", "quit")
    assert "帮助" not in s.text and "下一题" not in s.text
