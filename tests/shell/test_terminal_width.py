"""In a real terminal (tmux) at 80x24 and 50x15, in English and Chinese: prose is wrapped by
gradtutor, not by the terminal (no line is longer than the screen, so no word is cut), the
toolbar keeps its key hint, and after a resize the next text fits the new width."""

from __future__ import annotations

import os
import shlex
import shutil
import time
from pathlib import Path

import pytest
from prompt_toolkit.utils import get_cwidth
from test_shell_terminal import MINI, Tmux, start_command

from gradtutor.text import render

pytestmark = pytest.mark.skipif(shutil.which("tmux") is None, reason="needs tmux")


def _joined(tmux: Tmux) -> list[str]:
    # -J joins the lines the terminal wrapped: one longer than the screen is a line we did not.
    return tmux("capture-pane", "-p", "-J", "-S", "-", "-t", tmux.session).splitlines()


def _fits(tmux: Tmux, columns: int, since: int = 0) -> None:
    """Every line from line `since` of the scrollback on fits in `columns`."""
    long = [line for line in _joined(tmux)[since:] if get_cwidth(line.rstrip()) > columns]
    assert not long, "\n".join(long)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_prose_and_toolbar_fit_the_terminal(tmp_path: Path, lang: str) -> None:
    tmux = Tmux(f"gradtutor-width-{os.getpid()}-{lang}")
    try:
        env = {"GRADTUTOR_HOME": str(tmp_path / "home"), "TERM": "xterm", "NO_COLOR": "1",
               "GRADTUTOR_LANG": lang, "PATH": os.environ.get("PATH", "")}
        command = shlex.join([*start_command(), "--course", str(MINI),
                              "--workspace", str(tmp_path / "ws")])
        exports = " ".join(f"{k}={shlex.quote(v)}" for k, v in env.items())
        tmux("new-session", "-d", "-s", tmux.session, "-x", "80", "-y", "24",
             f"env {exports} {command}; echo SHELL-EXITED-$?; sleep 60")
        hint = render("tb_help", lang)
        tmux.wait_for(hint)  # the toolbar: the first prompt is fully drawn
        at = tmux.type("hint")
        tmux.wait_for("1/2", after=at)
        _fits(tmux, 80)
        tmux("resize-window", "-t", tmux.session, "-x", "50", "-y", "15")
        at = tmux.type("")  # an empty line: a prompt drawn at the new width
        since = len(_joined(tmux))
        at = tmux.type("hint")
        tmux.wait_for("2/2", after=at)
        deadline = time.monotonic() + 30  # the toolbar is drawn just after the prompt
        while time.monotonic() < deadline:
            screen = tmux("capture-pane", "-p", "-t", tmux.session)  # the visible screen
            if hint in screen.rstrip().splitlines()[-1]:
                break
            time.sleep(0.1)
        assert hint in screen.rstrip().splitlines()[-1], screen  # the toolbar kept its hint
        _fits(tmux, 50, since)  # the second hint: wrapped to the new width
        at = tmux.type("quit")
        tmux.wait_for("SHELL-EXITED-0", after=at)
    finally:
        tmux("kill-server")
