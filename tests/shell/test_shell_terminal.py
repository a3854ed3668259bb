"""End to end in a real terminal (tmux): solve a predict and a code exercise, quit, restart,
and find the progress kept. Waits for screen text, never for fixed times."""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

MINI = Path(__file__).parents[1] / "fixtures" / "mini" / "exercises"
pytestmark = pytest.mark.skipif(shutil.which("tmux") is None, reason="needs tmux")


def start_command() -> list[str]:
    from gradtutor.cli import COMMANDS

    exe = shutil.which("gradtutor", path=str(Path(sys.executable).parent))
    if "start" in COMMANDS and exe:
        return [exe, "start"]
    return [sys.executable, "-m", "gradtutor.cli.cmd_start"]  # before the dispatch line lands


class Tmux:
    def __init__(self, socket: str) -> None:
        self.socket = socket
        self.session = "t0"

    def __call__(self, *args: str) -> str:
        r = subprocess.run(["tmux", "-L", self.socket, *args], capture_output=True, text=True,
                           timeout=30)
        return r.stdout

    def start(self, command: str, env: dict[str, str]) -> None:
        exports = " ".join(f"{k}={shlex.quote(v)}" for k, v in env.items())
        self.session = f"t{int(self.session[1:]) + 1}"  # a fresh session (and scrollback)
        self("new-session", "-d", "-s", self.session, "-x", "120", "-y", "45",
             f"env {exports} {command}; echo SHELL-EXITED-$?; sleep 60")

    def screen(self) -> str:
        # -J joins wrapped lines; -S - includes the scrollback.
        return self("capture-pane", "-p", "-J", "-S", "-", "-t", self.session)

    def wait_for(self, text: str, timeout: float = 60, after: int = 0) -> str:
        """Wait until `text` is on screen (past character `after` of the scrollback)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            screen = self.screen()
            if text in screen[after:]:
                return screen
            time.sleep(0.1)
        raise AssertionError(f"{text!r} not on screen after {timeout} s:\n{self.screen()}")

    def type(self, line: str) -> int:
        """Type a line and press Enter; returns where the screen was, for wait_for(after=)."""
        mark = len(self.screen())
        self("send-keys", "-t", self.session, "-l", line)
        self("send-keys", "-t", self.session, "Enter")
        return max(0, mark - 200)


@pytest.fixture
def tmux() -> Iterator[Tmux]:
    t = Tmux(f"gradtutor-test-{os.getpid()}")
    yield t
    t("kill-server")


def test_solve_quit_restart_keeps_progress(tmux: Tmux, tmp_path: Path) -> None:
    started = time.monotonic()
    editor = tmp_path / "editor.sh"  # the learner's editor: adds the missing line and saves
    editor.write_text('#!/bin/sh\nprintf "loss.backward()\\n" >> "$1"\n')
    editor.chmod(0o755)
    env = {"GRADTUTOR_HOME": str(tmp_path / "home"), "EDITOR": str(editor), "TERM": "xterm",
           "GRADTUTOR_LANG": "en", "PATH": os.environ.get("PATH", "")}
    command = shlex.join([*start_command(), "--course", str(MINI),
                          "--workspace", str(tmp_path / "ws")])
    tmux.start(command, env)

    screen = tmux.wait_for("F1/help")  # the toolbar: the first prompt is fully drawn
    assert "Welcome to gradtutor" in screen and "mini-predict Q1>" in screen
    at = tmux.type("tensor([3., 3.])")
    tmux.wait_for("x was rebound on line 3", after=at)
    at = tmux.type("None")
    tmux.wait_for("Q2/3", after=at)
    at = tmux.type("True")
    tmux.wait_for("Q3/3", after=at)
    at = tmux.type("RuntimeError")
    tmux.wait_for("Solved mini-predict!", after=at)

    at = tmux.type("next")
    tmux.wait_for("mini-code>", after=at)
    at = tmux.type("edit")
    screen = tmux.wait_for("Solved mini-code!", after=at)
    assert "all 2 checks pass" in screen
    at = tmux.type("quit")
    tmux.wait_for("SHELL-EXITED-0", after=at)

    tmux.start(command, {**env, "NO_COLOR": "1"})
    screen = tmux.wait_for("mini-code>")
    assert "Welcome back. You were on mini-code (2/3 done)." in screen
    at = tmux.type("list")
    screen = tmux.wait_for("mini-fix", after=at)
    assert "✔ mini-predict  solved" in screen and "✔ mini-code     solved" in screen
    at = tmux.type("quit")
    tmux.wait_for("SHELL-EXITED-0", after=at)
    assert time.monotonic() - started < 90
