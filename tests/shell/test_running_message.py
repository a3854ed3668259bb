"""Runs in the shell: a slow one says how to stop it and its limit; a timeout promises no
failed checks; an empty file is not checked."""

from __future__ import annotations

import time
from pathlib import Path

from shell_helpers import Driver

from gradtutor.workspace import Workspace


def test_a_slow_run_says_how_to_stop_it_and_the_limit(driver: Driver) -> None:
    ex = driver.course.get("mini-fix")
    assert ex is not None
    path: Path = Workspace(driver.home / "ws").ensure(ex)
    path.write_text("import time\ntime.sleep(1.0)\nprint('done')\n", encoding="utf-8")
    started = time.monotonic()
    s = driver.run("goto mini-fix", "run", "quit")
    assert time.monotonic() - started >= 1.0  # the run really was slow
    assert f"(running… Ctrl-C stops it · limit {ex.timeout:g} s)" in s.text



def test_after_a_timeout_no_failed_checks_are_promised(driver: Driver) -> None:
    ex = driver.course.get("mini-fix")
    assert ex is not None
    path: Path = Workspace(driver.home / "ws").ensure(ex)
    path.write_text("while True:\n    pass\n", encoding="utf-8")
    s = driver.run("goto mini-fix", "check", "quit", timeout=120)
    assert "Your code did not finish:" in s.text
    assert "failed checks below" not in s.flat


def test_an_empty_file_is_not_checked(driver: Driver) -> None:
    ex = driver.course.get("mini-fix")
    assert ex is not None
    path: Path = Workspace(driver.home / "ws").ensure(ex)
    path.write_text("\n", encoding="utf-8")
    s = driver.run("goto mini-fix", "check", "quit")
    assert "is empty: nothing was checked and no try counted" in s.flat
    assert "NameError" not in s.text
