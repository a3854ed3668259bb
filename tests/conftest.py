from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from gradtutor.course.loader import load_course
from gradtutor.course.model import Course
from gradtutor.sandbox import Sandbox

FIXTURES = Path(__file__).parent / "fixtures"
MINI = FIXTURES / "mini"
ROSTER = FIXTURES / "roster"

# mini-code with weights and a hidden check: 2 + 1 visible points, 3 hidden ones (the grading
# and report tests of tests/classroom and tests/reports).
WEIGHTED_CHECKS = """checks:
  - expr: w.grad
    label: {en: gradient of w, zh: w 的梯度}
    points: 2
  - expr: w.is_leaf
  - expr: w.grad.sum().item() / scale
    hidden: true
    points: 3
"""


@pytest.fixture(scope="session")
def shared_sandbox() -> Iterator[Sandbox]:
    """One warm sandbox for the whole session: starting a zygote costs a torch import."""
    with Sandbox(workers=2) as sb:
        yield sb


@pytest.fixture(scope="session")
def mini_course_dir() -> Path:
    return MINI / "exercises"


@pytest.fixture(autouse=True)
def _prose_width() -> Iterator[None]:
    """Prose is wrapped to the terminal's width; tests wrap at a fixed 88 columns (the width
    they were written at), whatever terminal runs pytest. Width tests set their own."""
    from gradtutor.text.wrapping import fixed_width

    with fixed_width(88):
        yield


@pytest.fixture(scope="session")
def roster_dir() -> Path:
    return ROSTER


@pytest.fixture(scope="session")
def weighted_course_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the mini course whose mini-code has weights and a hidden check."""
    root = tmp_path_factory.mktemp("weighted") / "course"
    shutil.copytree(MINI, root)
    path = root / "exercises" / "basics" / "mini-code.yaml"
    text = path.read_text(encoding="utf-8")
    start, end = text.index("checks:"), text.index("variants:")
    path.write_text(text[:start] + WEIGHTED_CHECKS + text[end:], encoding="utf-8")
    return root / "exercises"


@pytest.fixture(scope="session")
def weighted_course(weighted_course_dir: Path) -> Course:
    loaded = load_course(weighted_course_dir)
    assert loaded.course is not None and not loaded.errors, loaded.problems
    return loaded.course
