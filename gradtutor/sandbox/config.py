"""Sandbox configuration and how a zygote is started: its environment and what it hides.

Runs in the controller (no torch).
"""

from __future__ import annotations

import importlib.util
import os
import sys
from dataclasses import dataclass, field
from pathlib import Path

import gradtutor
from gradtutor.bundled_course import bundled_course_root
from gradtutor.sandbox import limits as child_limits


@dataclass
class SandboxConfig:
    """Every layer is on by default and probed at zygote start; switching one off is for
    tests that prove the others hold on their own, and for the benchmark."""

    hide_paths: tuple[str, ...] = ()
    startup_timeout_s: float = 120.0   # importing torch on a loaded 2-core machine is slow
    namespaces: bool = True            # private net, IPC and mount namespaces
    userns: bool = True                # not root: get those namespaces via a user namespace
    landlock: bool = True              # file, TCP and signal confinement of each run
    seccomp: bool = True               # no fork/exec/socket/... in a run (x86_64)
    tmpfs_mb: int = 64                 # per-slot scratch space (all run directories)
    pids_max: int = 96                 # per-slot cgroup, zygote included
    limits: dict[str, int] = field(default_factory=lambda: dict(child_limits.DEFAULT_LIMITS))


def _package_root() -> Path:
    return Path(gradtutor.__file__).resolve().parent.parent


def default_hide_paths() -> list[str]:
    """The source checkout gradtutor runs from and the course bundled in an installed wheel:
    both hold solutions/ and exercises/."""
    hidden: list[str] = []
    root = _package_root()
    if (root / "pyproject.toml").exists() or (root / ".git").exists():
        hidden.append(str(root))
    # The package folder itself stays visible to the zygote (it imports the harness from it),
    # so the course inside it must be covered on its own.
    if (bundled := bundled_course_root()) is not None:
        hidden.append(str(bundled))
    return hidden


def _runtime_dirs() -> list[Path]:
    # gradtutor's own package too: the zygote imports its harness after the namespaces are set
    # up. Its only course data, a wheel's bundled course, is covered by default_hide_paths().
    dirs = [Path(sys.prefix), Path(sys.base_prefix), Path(sys.executable).resolve().parent,
            Path(gradtutor.__file__).resolve().parent]
    for name in ("torch", "numpy"):
        spec = importlib.util.find_spec(name)
        if spec and spec.origin:
            dirs.append(Path(spec.origin).resolve().parent)
    return [d.resolve() for d in dirs]


SYSTEM_DIRS = frozenset(map(Path, ("/", "/proc", "/sys", "/dev", "/usr", "/lib", "/lib64", "/bin",
                                    "/sbin", "/etc", "/run", "/var")))


def plan_hiding(paths: list[str], runtime: list[Path]) -> list[str]:
    """What to cover so that `paths` are hidden but the interpreter and its libraries are not:
    a path holding a runtime directory (a venv inside the checkout, as in CI) is replaced by
    its other entries, recursively."""
    out: list[str] = []
    for p in paths:
        path = Path(p).resolve()
        if path in SYSTEM_DIRS or not path.exists() or path in runtime:
            continue
        if any(path in r.parents for r in runtime):
            out += plan_hiding([str(c) for c in sorted(path.iterdir())], runtime)
        else:
            out.append(str(path))
    return out


def runtime_paths() -> list[str]:
    """Directories the interpreter needs at run time; never hidden, never covered."""
    return sorted({str(d) for d in _runtime_dirs()})


def safe_hide_paths(paths: list[str]) -> list[str]:
    return plan_hiding(paths, _runtime_dirs())


# Learner programs run on the CPU. A CUDA build of torch on a machine with a GPU starts one
# autograd thread per device at the first backward(); the zygote's warm-up runs one, and every
# child forked after that refuses autograd ("Unable to handle autograd's threading in
# combination with fork-based multiprocessing"). CUDA itself cannot be initialised in a forked
# child either. With no device visible before torch is imported, the device count is 0: no
# device thread is ever started, and CUDA is never initialised (docs/sandbox.md).
HIDE_ACCELERATORS = {"CUDA_VISIBLE_DEVICES": ""}


def zygote_env() -> dict[str, str]:
    """A minimal environment: nothing of ours (tokens, keys) is inherited by learner code."""
    env = {
        "PATH": "/usr/bin:/bin", "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8", "HOME": "/",
        "TMPDIR": "/tmp", "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1",
        "OPENBLAS_NUM_THREADS": "1", "PYTHONHASHSEED": "0", "PYTHONDONTWRITEBYTECODE": "1",
        "PYTHONPATH": str(_package_root()), **HIDE_ACCELERATORS,
    }
    if "LD_LIBRARY_PATH" in os.environ:  # some Python builds need it to start at all
        env["LD_LIBRARY_PATH"] = os.environ["LD_LIBRARY_PATH"]
    return env
