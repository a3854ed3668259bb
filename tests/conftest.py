from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from gradtutor.sandbox import Sandbox

FIXTURES = Path(__file__).parent / "fixtures"
MINI = FIXTURES / "mini"


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
