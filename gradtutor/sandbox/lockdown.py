"""The last restrictions a child applies before learner code runs: Landlock, then seccomp.

The zygote decides once, at start and before importing torch, what this kernel supports, by
trying it in a throw-away forked process (`prepare`); every child then applies exactly that
(`Lockdown.apply`) or exits without running the job. Nothing here is required: without
Landlock or seccomp the other layers still hold (docs/security.md).
"""

from __future__ import annotations

import ctypes
import os
import sys
import threading
from dataclasses import dataclass, field
from pathlib import Path

from gradtutor.sandbox import _libc, landlock, seccomp

# Read-only besides the Python runtime: shared libraries, the loader cache, time zones, CPU
# topology (torch's cpuinfo complains without it) and the run's own /proc entries.
SYSTEM_READ = ("/usr", "/lib", "/lib64", "/lib32", "/etc/ld.so.cache", "/etc/localtime",
               "/sys/devices/system/cpu", "/proc/cpuinfo", "/proc/meminfo", "/proc/self",
               "/dev/urandom", "/dev/random", "/dev/zero")
DEVICE_WRITE = ("/dev/null",)


def runtime_dirs() -> list[str]:
    """The interpreter, its standard library and site-packages (torch, numpy)."""
    dirs = [sys.prefix, sys.base_prefix, sys.exec_prefix, sys.base_exec_prefix,
            str(Path(sys.executable).parent), str(Path(sys.executable).resolve().parent)]
    dirs += [p for p in sys.path if p and os.path.isdir(p) and "site-packages" in p]
    for name in ("torch", "numpy"):
        mod = sys.modules.get(name)
        if mod is not None and getattr(mod, "__file__", None):
            dirs.append(str(Path(mod.__file__).resolve().parent))
    return [str(Path(d).resolve()) for d in dirs]


@dataclass
class Lockdown:
    landlock: landlock.Plan | None = None
    program: bytes | None = None
    notes: list[str] = field(default_factory=list)   # why a wanted layer is missing
    _buf: ctypes.Array[ctypes.c_char] | None = field(default=None, init=False, repr=False)
    _fprog: seccomp.Fprog | None = field(default=None, init=False, repr=False)

    def __post_init__(self) -> None:
        self.set_program(self.program)

    def set_program(self, program: bytes | None) -> None:
        """Built once in the zygote: the child only makes the prctl call."""
        self.program = program
        if program is not None:
            self._buf = ctypes.create_string_buffer(program, len(program))
            self._fprog = seccomp.Fprog(len(program) // 8, ctypes.addressof(self._buf))

    @property
    def features(self) -> list[str]:
        out = self.landlock.features if self.landlock else []
        return [*out, "seccomp"] if self.program else out

    def apply(self, workdir: str) -> None:
        """In the child, after the uid drop and PR_SET_NO_NEW_PRIVS. Raises on failure."""
        if self.landlock is not None:
            landlock.restrict(self.landlock, workdir)
        if self._fprog is not None:
            _libc.prctl(_libc.PR_SET_SECCOMP, _libc.SECCOMP_MODE_FILTER,
                        ctypes.byref(self._fprog))


def _probe(lock: Lockdown, workdir: str, check: str) -> str | None:
    """Apply `lock` in a forked child and check that it bites; None if it works."""
    pid = os.fork()
    if pid == 0:
        code = 1
        try:
            _libc.prctl(_libc.PR_SET_NO_NEW_PRIVS, 1)
            lock.apply(workdir)
            code = 2
            if check == "landlock":
                try:  # outside every rule: must be refused
                    os.close(os.open("/", os.O_RDONLY | os.O_DIRECTORY))
                except PermissionError:
                    code = 0
            else:
                code = 3
                try:
                    os.fork()
                except PermissionError:
                    code = 4
                    done: list[int] = []
                    t = threading.Thread(target=done.append, args=(1,))
                    t.start()  # clone3 -> ENOSYS -> clone(CLONE_THREAD): allowed
                    t.join()
                    code = 0 if done else 5
        finally:
            os._exit(code)
    _, status = os.waitpid(pid, 0)
    code = os.waitstatus_to_exitcode(status)
    return None if code == 0 else f"{check} probe failed ({code})"


def prepare(want_landlock: bool, want_seccomp: bool, workdir: str,
            runtime: list[str] | tuple[str, ...] = ()) -> Lockdown:
    """Decide what children apply. Call before torch starts any thread (fork is cheap then).
    `runtime`: the controller's list of the interpreter's directories (config.runtime_paths)."""
    lock = Lockdown()
    if want_landlock:
        abi = landlock.abi_version()
        if abi <= 0:
            lock.notes.append("landlock: not supported by this kernel")
        else:
            trial = Lockdown(landlock.plan(abi, [*runtime, *runtime_dirs(), *SYSTEM_READ],
                                           list(DEVICE_WRITE)))
            why = _probe(trial, workdir, "landlock")
            if why:
                lock.notes.append(why)
            else:
                lock.landlock = trial.landlock
    if want_seccomp:
        if not seccomp.supported():
            lock.notes.append(f"seccomp: no filter for {os.uname().machine}")
        else:
            trial = Lockdown(program=seccomp.build())
            why = _probe(trial, workdir, "seccomp")
            if why:
                lock.notes.append(why)
            else:
                lock.set_program(trial.program)
    return lock


def refresh_runtime(lock: Lockdown) -> None:
    """After torch and numpy are imported: add their (resolved) directories to the plan."""
    if lock.landlock is not None:
        p = lock.landlock
        lock.landlock = landlock.plan(p.abi, [*p.read, *runtime_dirs()], list(p.write))

