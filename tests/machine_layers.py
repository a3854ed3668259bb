"""Protection layers that depend on the machine, for the sandbox and security suites.

Every layer of the sandbox is probed when a zygote starts and used only where it works
(docs/security.md): a VM without writable cgroups, a container without CAP_SYS_ADMIN or user
namespaces, an old kernel without Landlock. A test that needs a layer says so with `needs`,
and skips with a reason naming it where the sandbox reports it missing.

`GRADTUTOR_TEST_WITHOUT=cgroups,namespaces` (names: SIMULATED) runs the suites as on a machine
without those layers, to prove that they skip or adapt instead of failing: the controller's
cgroup probe finds none, or every SandboxConfig asks for the layer off, as the zygote's own
probes would decide on such a machine. Test-only: nothing in gradtutor reads this variable.
"""

from __future__ import annotations

import os
import subprocess
import sys
from typing import Any

import pytest

from gradtutor.sandbox import Sandbox, SandboxConfig
from gradtutor.sandbox.cgroups import SlotCgroups

SIMULATED = {
    "cgroups": "no per-slot cgroups (cgroupfs not writable, no delegation)",
    "cgroup-memory": "a per-slot pids cgroup but no memory cgroup",
    "namespaces": "no namespaces (no CAP_SYS_ADMIN as root, no user namespaces otherwise)",
    "landlock": "no Landlock (an old kernel, or a container's seccomp profile blocks it)",
    "seccomp": "no seccomp filter (not x86_64, or the probe failed)",
}
_applied = False


def without() -> set[str]:
    names = {n.strip() for n in os.environ.get("GRADTUTOR_TEST_WITHOUT", "").split(",")}
    names.discard("")
    unknown = names - set(SIMULATED)
    if unknown:
        raise pytest.UsageError(f"GRADTUTOR_TEST_WITHOUT: unknown {sorted(unknown)}; "
                                f"known: {', '.join(SIMULATED)}")
    return names


def simulate() -> None:
    """Apply GRADTUTOR_TEST_WITHOUT to this test process (once; before any Sandbox starts)."""
    global _applied
    if _applied:
        return
    _applied = True
    gone = without()
    create = SlotCgroups.create.__func__  # type: ignore[attr-defined]

    def fake_create(cls: type[SlotCgroups], name: str, pids_max: int) -> SlotCgroups | None:
        if "cgroups" in gone:
            return None
        group = create(cls, name, pids_max)
        if group is not None and group.memory_dir is not None and "cgroup-memory" in gone:
            if group.memory_dir != group.pids_dir:  # v1: its own hierarchy, made just now
                os.rmdir(group.memory_dir)
            group.memory_dir = None
        return group

    if gone & {"cgroups", "cgroup-memory"}:
        SlotCgroups.create = classmethod(fake_create)  # type: ignore[method-assign,assignment]
    off = {"namespaces": ("namespaces", "userns"), "landlock": ("landlock",),
           "seccomp": ("seccomp",)}
    fields = [f for name in gone & set(off) for f in off[name]]
    if fields:
        init = SandboxConfig.__init__

        def config_init(self: SandboxConfig, *args: Any, **kwargs: Any) -> None:
            init(self, *args, **kwargs)
            for f in fields:
                setattr(self, f, False)

        SandboxConfig.__init__ = config_init  # type: ignore[method-assign]


def needs(sb: Sandbox, *layers: str) -> None:
    """Skip unless `sb` reports every one of `layers` (names in docs/security.md)."""
    have = sb.protections()
    missing = [layer for layer in layers if layer not in have]
    if missing:
        pytest.skip(f"needs {', '.join(missing)}, which this machine's sandbox does not have "
                    f"(it has: {', '.join(have) or 'nothing'})")


def needs_one_of(sb: Sandbox, *choices: tuple[str, ...]) -> None:
    """Skip unless `sb` reports all layers of at least one of `choices`."""
    have = set(sb.protections())
    if not any(set(c) <= have for c in choices):
        alternatives = " or ".join("+".join(c) for c in choices)
        pytest.skip(f"needs {alternatives}, which this machine's sandbox does not have "
                    f"(it has: {', '.join(sorted(have)) or 'nothing'})")


NAMESPACE_PROBE = """\
from gradtutor.sandbox import _libc
_libc.unshare(_libc.CLONE_NEWNET | _libc.CLONE_NEWIPC | _libc.CLONE_NEWNS)
_libc.mount("none", "/", None, _libc.MS_REC | _libc.MS_PRIVATE, None)
"""


def root_namespaces_work() -> bool:
    """Can this process (root) make private net, IPC and mount namespaces? Tried in a
    throw-away interpreter, independently of the sandbox; False when simulated away."""
    if "namespaces" in without():
        return False
    out = subprocess.run([sys.executable, "-c", NAMESPACE_PROBE], capture_output=True,
                         timeout=60, cwd="/")
    return out.returncode == 0


def cgroups_work() -> tuple[bool, bool]:
    """(pids, memory): can a per-slot cgroup be made here? The controller's own probe, under
    a name of our own, removed at once."""
    group = SlotCgroups.create(f"gradtutor-probe-{os.getpid()}", 8)
    if group is None:
        return False, False
    group.remove()
    return True, group.memory_dir is not None
