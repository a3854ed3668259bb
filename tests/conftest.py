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
