"""Fixtures of the security suite: sandboxes in three configurations and the fixture course.

- `hardened`: the default configuration, 2 workers, as `gradtutor grade` runs it;
- `layers`: the same without the seccomp filter, so runs can fork and open sockets: proves the
  layers under the filter (uid, NPROC, cgroups, namespaces, Landlock, sweep) hold on their own;
- `landlock_only`: no namespaces and no seccomp: what Landlock (with the uid) holds alone, as
  on a host without user namespaces;
- `exposed`: no namespaces, Landlock or seccomp (still a per-slot uid). Only benign attacks run
  there, as positive controls: they show an attack really works when nothing stops it, so the
  test that expects it to fail under `hardened` can fail.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from machine_layers import simulate
from security_helpers import MINI, RIGHT, SOLUTION, STARTUP_S, WRONG, grade

from gradtutor.course.loader import load_course
from gradtutor.course.model import Course, Exercise
from gradtutor.sandbox import Sandbox, SandboxConfig

simulate()  # GRADTUTOR_TEST_WITHOUT (tests/machine_layers.py), before any zygote starts


def _sandbox(workers: int, config: SandboxConfig) -> Iterator[Sandbox]:
    with Sandbox(workers=workers, config=config) as sb:
        assert sb.wait_ready(STARTUP_S)
        yield sb


@pytest.fixture(scope="session")
def hardened() -> Iterator[Sandbox]:
    yield from _sandbox(2, SandboxConfig())


@pytest.fixture(scope="session")
def layers() -> Iterator[Sandbox]:
    yield from _sandbox(1, SandboxConfig(seccomp=False))


@pytest.fixture(scope="session")
def landlock_only() -> Iterator[Sandbox]:
    yield from _sandbox(1, SandboxConfig(namespaces=False, seccomp=False))


@pytest.fixture(scope="session")
def exposed() -> Iterator[Sandbox]:
    yield from _sandbox(1, SandboxConfig(namespaces=False, landlock=False, seccomp=False))


@pytest.fixture(scope="session")
def course() -> Course:
    loaded = load_course(MINI / "exercises")
    assert loaded.course is not None, loaded.problems
    return loaded.course


@pytest.fixture(scope="session")
def mini_code(course: Course) -> Exercise:
    ex = course.get("mini-code")
    assert ex.solution_path == SOLUTION and SOLUTION.is_file()
    return ex


@pytest.fixture(scope="session")
def right_passes(mini_code: Exercise) -> Callable[[Sandbox], None]:
    """After an attack: the same sandbox still grades correctly (both ways)."""
    def check(sb: Sandbox) -> None:
        v = grade(mini_code, RIGHT, sb)
        assert v.status == "pass", (v.reason, [(o.expr, o.ok, o.differences) for o in v.outcomes])
        assert grade(mini_code, WRONG, sb).status == "fail"
    return check
