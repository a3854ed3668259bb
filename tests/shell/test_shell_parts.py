"""The shell's parts one by one: messages, completer, lexer, toolbar, plain mode, colours."""

from __future__ import annotations

import argparse
import io
from pathlib import Path

import pytest
from prompt_toolkit.completion import CompleteEvent
from prompt_toolkit.document import Document
from shell_helpers import MINI, Driver

from gradtutor.cli import cmd_start
from gradtutor.cli.status import ExitStatus
from gradtutor.course.model import Course
from gradtutor.env import Environment
from gradtutor.progress import FILENAME
from gradtutor.shell.commands import BY_NAME, COMMANDS
from gradtutor.shell.completer import ShellCompleter
from gradtutor.shell.lexer import InputLexer
from gradtutor.text import MESSAGES, render


def test_every_command_has_help() -> None:
    for c in COMMANDS:
        assert c.help_key in MESSAGES
    assert render("h_quit", "zh") != render("h_quit", "en")
    assert {"list", "next", "prev", "goto", "hint", "run", "check", "explain", "reset",
            "progress", "solution", "lang", "help", "quit", "reveal", "edit", "watch"} <= set(
        BY_NAME)


def test_completer(mini_course: Course) -> None:
    completer = ShellCompleter(mini_course, lambda: [("goto", "go"), ("hint", "h")],
                               lambda: "en")

    def words(text: str) -> list[str]:
        doc = Document(text, len(text))
        return [c.text for c in completer.get_completions(doc, CompleteEvent())]

    assert words("go") == ["goto"]
    assert words("goto mini-") == ["mini-predict", "mini-code", "mini-fix"]
    assert words("goto mini-c") == ["mini-code"]
    assert words("lang z") == ["zh"]
    assert words("edit in") == ["inline"]


def test_lexer_commands_and_answers() -> None:
    lexer = InputLexer(lambda w: w in BY_NAME)
    line = lexer.lex_document(Document("goto mini-code"))(0)
    assert ("class:command", "goto") in line and ("class:argument", "mini-code") in line
    answer = lexer.lex_document(Document("tensor([1., 2.])"))(0)
    assert all(not s.startswith("class:command") for s, *_ in answer)
    assert any("number" in s.lower() for s, *_ in answer)  # Python highlighting


def test_toolbar_follows_the_learner(driver: Driver) -> None:
    from gradtutor.shell.toolbar import toolbar

    s = driver.run("quit")
    bar = "".join(text for _style, text, *_ in toolbar(s.shell.tutor, width=200))
    assert "mini-predict" in bar and "Q1/3" in bar and "Enter: answer" in bar
    assert "hint 0/2" in bar and "reveal" not in bar
    s = driver.run("x1", "x2", "x3", "quit")
    bar = "".join(text for _style, text, *_ in toolbar(s.shell.tutor, width=200))
    assert "reveal" in bar
    s = driver.run("goto mini-code", "quit")
    bar = "".join(text for _style, text, *_ in toolbar(s.shell.tutor, width=200))
    assert "edit  run  check  watch" in bar


def plain_env(tmp_path: Path, stdin: str, colors: bool = False) -> Environment:
    return Environment(stdin=io.StringIO(stdin), stdout=io.StringIO(), stderr=io.StringIO(),
                       stdout_isatty=False, stdin_isatty=False, colors=colors, lang="en",
                       data_dir=tmp_path / "home", course_dir=None)


def start_args(**kw: object) -> argparse.Namespace:
    args = {"course": str(MINI / "exercises"), "lang": None, "workspace": None, "plain": False}
    return argparse.Namespace(**{**args, **kw})


def test_piped_input_uses_plain_line_mode_and_ends_at_eof(tmp_path: Path) -> None:
    env = plain_env(tmp_path, "None\nTrue\nRuntimeError\ngoto mini-code\nedit\nwatch\n")
    assert cmd_start.run(start_args(), env) == ExitStatus.OK
    out = env.stdout.getvalue()  # type: ignore[attr-defined]
    assert "plain line mode" in out
    assert "mini-predict Q1> None" in out  # input echoed after the prompt, as a transcript
    assert "✔ Solved mini-predict!" in out
    assert "edit needs a terminal" in out and "watch needs a terminal" in out
    assert "Progress saved in" in out  # EOF quits cleanly
    assert "\x1b[" not in out  # no colour on a pipe


def test_plain_mode_reset_reads_confirmation_from_input(tmp_path: Path) -> None:
    env = plain_env(tmp_path, "x\nreset\ny\nquit\n")
    cmd_start.run(start_args(), env)
    out = env.stdout.getvalue()  # type: ignore[attr-defined]
    assert "[y/N] y" in out and "mini-predict is reset." in out


def test_colours_when_enabled(tmp_path: Path) -> None:
    env = plain_env(tmp_path, "quit\n", colors=True)
    cmd_start.run(start_args(), env)
    assert "\x1b[" in env.stdout.getvalue()  # type: ignore[attr-defined]


def test_corrupt_store_is_reported_in_the_shell(tmp_path: Path) -> None:
    (tmp_path / "home").mkdir()
    (tmp_path / "home" / FILENAME).write_bytes(b"garbage" * 1000)
    env = plain_env(tmp_path, "quit\n")
    cmd_start.run(start_args(), env)
    out = " ".join(env.stdout.getvalue().split())  # type: ignore[attr-defined]
    assert "was not a usable progress file" in out and "fresh progress store" in out
    assert "Welcome to gradtutor" in out


def test_saved_language_is_used_unless_given(tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("GRADTUTOR_LANG", raising=False)
    env = plain_env(tmp_path, "lang zh\nquit\n")
    cmd_start.run(start_args(), env)
    env = plain_env(tmp_path, "quit\n")
    cmd_start.run(start_args(), env)
    assert "欢迎回来" in env.stdout.getvalue()  # type: ignore[attr-defined]
    env = plain_env(tmp_path, "quit\n")
    cmd_start.run(start_args(lang="en"), env)
    assert "Welcome back" in env.stdout.getvalue()  # type: ignore[attr-defined]


def test_workspace_option(tmp_path: Path) -> None:
    env = plain_env(tmp_path, "goto mini-fix\nquit\n")
    cmd_start.run(start_args(workspace=str(tmp_path / "mine")), env)
    assert (tmp_path / "mine" / "mini-fix.py").read_text().startswith("import torch")


def test_piped_process_never_hangs(tmp_path: Path) -> None:
    import os
    import subprocess

    from test_shell_terminal import start_command

    env = {**os.environ, "GRADTUTOR_HOME": str(tmp_path / "home"), "NO_COLOR": "1"}
    r = subprocess.run([*start_command(), "--course", str(MINI / "exercises")],
                       input="None\nhint\n", capture_output=True, text=True, timeout=120,
                       env=env)
    assert r.returncode == 0, r.stderr
    assert "✔ Right: x.grad is None." in r.stdout and "Hint 1/2" in r.stdout
    assert "Progress saved in" in r.stdout


def test_kind_names_and_chinese_command_words() -> None:
    from gradtutor.views.words import kind_name

    assert kind_name("predict", "en") == "predict" and kind_name("fix", "zh") == "修正题"
    assert kind_name("essay", "zh") == "essay"
    # What the Chinese toolbar and help name, typed as is, runs the command.
    for word, command in {"提示": "hint", "下一题": "next", "揭晓": "reveal",
                          "帮助": "help", "退出": "quit"}.items():
        assert BY_NAME[word].name == command
