"""Per-run restrictions applied inside the forked child, in order, before learner code runs.

`enter_child` runs first (as root when the sandbox runs as root): new session, fixed file
descriptors, working directory, privilege drop to the slot's uid, parent-death signal.
`apply_rlimits` and `reset_environment` run once the job (with its limits) has been read; the
Landlock and seccomp lockdown (`lockdown.py`) comes last, just before the learner's code.
"""

from __future__ import annotations

import fcntl
import math
import os
import resource
import signal
import tempfile
from typing import Any

from gradtutor.sandbox import _libc

# Child file descriptors: 0 /dev/null, 1 stdout pipe, 2 stderr pipe, 3 result pipe, 4 job pipe.
STDOUT_FD, STDERR_FD, RESULT_FD, JOB_FD = 1, 2, 3, 4
_FIRST_FREE_FD = 5

DEFAULT_LIMITS: dict[str, int] = {
    "fsize": 16 << 20,   # bytes per file written
    "nofile": 256,
    "nproc": 64,         # per-slot uid (RLIMIT_NPROC is ignored for root; cgroups cover that)
    "cpu_extra_s": 2,    # CPU seconds beyond the wall timeout: a backstop only
}


def _place_fds(fds: list[int]) -> None:
    """Put fds[i] at descriptor i and close every other descriptor."""
    high = [fcntl.fcntl(fd, fcntl.F_DUPFD_CLOEXEC, 64) for fd in fds]
    for target, fd in enumerate(high):
        os.dup2(fd, target, inheritable=True)
    os.closerange(len(fds), 1 << 20)


def enter_child(fds: list[int], workdir: str, uid: int | None, zygote_pid: int) -> None:
    """fds = [devnull, stdout_w, stderr_w, result_w, job_r]."""
    os.setsid()  # own session and process group: the controller kills the whole group
    _place_fds(fds)
    os.chdir(workdir)
    try:  # the learner, never the zygote, is what the OOM killer should pick
        with open("/proc/self/oom_score_adj", "w") as f:
            f.write("1000")
    except OSError:
        pass
    if uid is not None:
        os.setgroups([])
        os.setresgid(uid, uid, uid)
        os.setresuid(uid, uid, uid)
    _libc.prctl(_libc.PR_SET_NO_NEW_PRIVS, 1)
    # Other runs of our uid (not root) must not read our memory, which holds the job.
    _libc.prctl(_libc.PR_SET_DUMPABLE, 0)
    # After the uid change: a credential change clears the parent-death signal.
    _libc.prctl(_libc.PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != zygote_pid:
        os._exit(1)


def vm_size() -> int:
    """Bytes of address space mapped by this process now (torch maps ~600 MB at import)."""
    with open("/proc/self/statm") as f:
        return int(f.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")


def _set(which: int, value: int) -> None:
    _soft, hard = resource.getrlimit(which)
    if hard != resource.RLIM_INFINITY:
        value = min(value, hard)
    resource.setrlimit(which, (value, value))


def apply_rlimits(limits: dict[str, Any], memory_mb: int, timeout_s: float) -> None:
    # RLIMIT_AS relative to the inherited mappings: an absolute cap below torch's ~600 MB of
    # address space would break even `import torch`-level operations.
    _set(resource.RLIMIT_AS, vm_size() + (memory_mb << 20))
    _set(resource.RLIMIT_CPU, math.ceil(timeout_s) + int(limits.get("cpu_extra_s", 2)))
    _set(resource.RLIMIT_CORE, 0)
    _set(resource.RLIMIT_FSIZE, int(limits["fsize"]))
    _set(resource.RLIMIT_NOFILE, int(limits["nofile"]))
    _set(resource.RLIMIT_MSGQUEUE, 0)  # POSIX message queues outlive the run
    if limits.get("nproc"):
        _set(resource.RLIMIT_NPROC, int(limits["nproc"]))
    # Python ignores SIGXFSZ so that an oversized write fails with EFBIG instead of killing.
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)


def reset_environment() -> None:
    """The learner sees a minimal environment; its cwd is also its HOME and TMPDIR."""
    cwd = os.getcwd()
    os.environ.clear()
    os.environ.update({
        "PATH": "/usr/bin:/bin", "HOME": cwd, "TMPDIR": cwd, "LANG": "C.UTF-8",
        "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1",
        # Still no GPU (config.HIDE_ACCELERATORS): the CUDA runtime reads it when a run
        # calls into CUDA, after this reset. Learner programs run on the CPU.
        "CUDA_VISIBLE_DEVICES": "",
    })
    tempfile.tempdir = cwd
