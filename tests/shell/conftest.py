"""Fixtures for the shell tests (helpers in shell_helpers.py)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from shell_helpers import MINI, Driver

from gradtutor.course import load_course
from gradtutor.course.model import Course
from gradtutor.sandbox import Sandbox


@pytest.fixture(scope="session")
def mini_course() -> Course:
    loaded = load_course(MINI / "exercises", MINI / "solutions")
    assert loaded.course is not None, loaded.problems
    return loaded.course


@pytest.fixture
def driver(tmp_path: Path, mini_course: Course, shared_sandbox: Sandbox,
           monkeypatch: pytest.MonkeyPatch) -> Iterator[Driver]:
    monkeypatch.delenv("EDITOR", raising=False)
    monkeypatch.delenv("VISUAL", raising=False)
    yield Driver(tmp_path / "home", mini_course, shared_sandbox)
