from __future__ import annotations

from collections.abc import Iterator

import pytest
from machine_layers import simulate
from sandbox_helpers import STARTUP_S

from gradtutor.sandbox import Sandbox, SandboxConfig

simulate()  # GRADTUTOR_TEST_WITHOUT (tests/machine_layers.py), before any zygote starts


@pytest.fixture(scope="session")
def sandbox() -> Iterator[Sandbox]:
    """Two warm slots shared by the functional tests."""
    with Sandbox(workers=2) as sb:
        assert sb.wait_ready(STARTUP_S)
        yield sb


@pytest.fixture(scope="module")
def lone() -> Iterator[Sandbox]:
    """One slot, so that the run after a hostile one provably uses the same zygote."""
    with Sandbox(workers=1) as sb:
        assert sb.wait_ready(STARTUP_S)
        yield sb


@pytest.fixture(scope="module")
def forking() -> Iterator[Sandbox]:
    """One slot without the seccomp filter, so runs can fork: proves that the process cap,
    the memory cgroup and the sweep hold on their own."""
    with Sandbox(workers=1, config=SandboxConfig(seccomp=False)) as sb:
        assert sb.wait_ready(STARTUP_S)
        assert "seccomp" not in sb.protections()
        yield sb
