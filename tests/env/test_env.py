"""Where the learner's data lives: $GRADTUTOR_HOME, else the platform's user data folder."""

from __future__ import annotations

import sys
from pathlib import Path

import platformdirs
import pytest

from gradtutor.env import Environment


def test_gradtutor_home_wins(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("GRADTUTOR_HOME", str(tmp_path / "mine"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    assert Environment().data_dir == tmp_path / "mine"


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the XDG layout is Linux's")
def test_linux_keeps_the_xdg_place(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("GRADTUTOR_HOME", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    assert Environment().data_dir == tmp_path / "xdg" / "gradtutor"
    monkeypatch.delenv("XDG_DATA_HOME")
    monkeypatch.setenv("HOME", str(tmp_path))
    assert Environment().data_dir == tmp_path / ".local" / "share" / "gradtutor"


def test_other_platforms_get_platformdirs_answer(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("GRADTUTOR_HOME", raising=False)
    asked = []

    def user_data_dir(appname: str, appauthor: object = None) -> str:
        asked.append((appname, appauthor))
        return "/Users/me/Library/Application Support/gradtutor"

    monkeypatch.setattr(platformdirs, "user_data_dir", user_data_dir)
    assert Environment().data_dir == Path("/Users/me/Library/Application Support/gradtutor")
    assert asked == [("gradtutor", False)]  # no "gradtutor\gradtutor" nesting on Windows
