"""The zygote: imports torch once, warms up, then forks one child per run.

Started by the controller as `python -m gradtutor.sandbox.zygote CONFIG_JSON` with a scrubbed
environment. It stays single-threaded (OpenMP's pool does not survive fork: a zygote that ever
ran a parallel region with >1 thread makes every parallel op in its children hang) and sees no
GPU (autograd's per-device threads do not survive fork either: children of a zygote that
started them refuse autograd). Before serving, it checks that a forked child can run
backward(); if not, it exits with the reason instead of serving broken runs. It never
reads a job: the controller passes each run's pipes with SCM_RIGHTS and the child reads the job
itself, so no learner or reference code ever lives in the zygote's memory.

Control messages (JSON over a SOCK_SEQPACKET socket):
  controller -> zygote  {"op": "run", "id"} + fds [job_r, result_w, stdout_w, stderr_w]
                        {"op": "done", "id"}   the controller has swept the run: reap, clean up
                        {"op": "shutdown"}
  zygote -> controller  {"op": "ready", "pid", "vm_size", "threads", "features", "notes",
                         "torch": {"version", "cuda", "cuda_initialized"}}
                        {"op": "started", "id", "pid"}  {"op": "exited", "id", "code", "signal"}
                        {"op": "error", "id", "message"}  the run could not be started
"""

from __future__ import annotations

import contextlib
import errno
import gc
import importlib
import itertools
import json
import os
import selectors
import shutil
import signal
import socket
import sys
import traceback
from dataclasses import dataclass
from typing import Any

from gradtutor.sandbox import _libc, isolation, limits, lockdown
from gradtutor.sandbox.config import HIDE_ACCELERATORS
from gradtutor.sandbox.protocol import recv_control, send_control

_exit = os._exit

# Modules learners use. After the uid drop the interpreter under /root (mode 0700) cannot
# import anything new, so everything a learner may import must already be loaded.
PRELOAD = (
    "abc", "array", "base64", "bisect", "cmath", "collections", "collections.abc", "colorsys",
    "contextlib", "copy", "csv", "dataclasses", "datetime", "decimal", "enum", "fractions",
    "functools", "gc", "hashlib", "heapq", "inspect", "io", "itertools", "json", "math",
    "numbers", "operator", "pathlib", "pprint", "queue", "random", "re", "statistics",
    "string", "struct", "textwrap", "threading", "time", "timeit", "types", "typing",
    "unicodedata", "uuid", "warnings", "weakref", "encodings.idna",
    "numpy", "numpy.linalg", "numpy.random",
    "torch", "torch.nn", "torch.nn.functional", "torch.nn.init", "torch.optim",
    "torch.optim.lr_scheduler", "torch.autograd", "torch.autograd.functional",
    "torch.autograd.gradcheck", "torch.autograd.forward_ad", "torch.autograd.graph",
    "torch.utils.data", "torch.func", "torch.distributions",
)

WARMUP_CODE = """\
import math, random, copy, collections, itertools, functools, warnings
import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F
x = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
y = (x ** 2).sum()
y.backward()
z = x * 2
print(x.grad, z.grad, y)
lin = nn.Linear(3, 2)
opt = torch.optim.SGD(lin.parameters(), lr=0.1)
loss = F.mse_loss(lin(x.detach()), torch.zeros(2))
loss.backward()
opt.step()
opt.zero_grad()
with torch.no_grad():
    w = x * 3
a = np.arange(3.0)
warnings.warn("warm-up")
raise RuntimeError("warm-up")
"""
# A CUDA (or ROCm) build initialises the GPU driver at the first backward(): the autograd engine
# asks every device type for its device count, and for CUDA that calls cuInit, which starts a
# driver thread even when no device is visible. Measured on an H200 with torch 2.11+cu130: the
# zygote then holds 2 threads, and forking a threaded process is unsafe. So on such builds the
# warm-up builds graphs but never runs backward(): each run pays the driver's start-up at its
# own first backward() instead (about 20 ms there), and the zygote initialises nothing of CUDA.
WARMUP_CODE_DEVICE_BUILD = "\n".join(
    line for line in WARMUP_CODE.splitlines()
    if ".backward()" not in line and "opt.step()" not in line) + "\n"


def warmup_code(torch: Any) -> str:
    """The warm-up for this torch: without backward() on builds that carry a GPU driver."""
    device_build = bool(torch.version.cuda or getattr(torch.version, "hip", None))
    return WARMUP_CODE_DEVICE_BUILD if device_build else WARMUP_CODE


WARMUP_EXPRESSIONS = ("x", "x.grad", "z", "z.grad", "lin.weight", "y.grad_fn", "torch.float32",
                      "[1, 2.5, None, 'a', (True,)]", "{'k': 1j}", "lin", "RuntimeError",
                      "undefined_name")


def remove_tree(path: str) -> None:
    """Delete a run's directory, however the run shaped it.

    Iterative and flat: every grandchild directory is renamed up into `path` before its parent
    is removed, so a 30 000-deep tree (shutil.rmtree and os.walk die of RecursionError, or of
    ENAMETOOLONG) costs O(entries) with two descriptors open. Modes are fixed on the way (a
    run may leave directories unreadable; matters when not root)."""
    try:
        top = os.open(path, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC)
    except FileNotFoundError:
        return
    except OSError:  # a file, a symlink, or unreadable: one more try by name
        with contextlib.suppress(OSError):
            os.chmod(path, 0o700)
            shutil.rmtree(path)
        with contextlib.suppress(OSError):
            os.unlink(path)
        return
    spare = itertools.count()
    try:
        with contextlib.suppress(OSError):
            os.fchmod(top, 0o700)
        while True:
            subdirs = _clear_files(top)
            if not subdirs:
                break
            for name in subdirs:
                _lift_subdirs(top, name, spare)
    finally:
        os.close(top)
    with contextlib.suppress(OSError):
        os.rmdir(path)


def _clear_files(dir_fd: int) -> list[str]:
    """Unlink every non-directory in `dir_fd`; return the names of its directories."""
    dirs = []
    with os.scandir(dir_fd) as it:
        entries = list(it)
    for e in entries:
        if e.is_dir(follow_symlinks=False):
            dirs.append(e.name)
        else:
            with contextlib.suppress(OSError):
                os.unlink(e.name, dir_fd=dir_fd)
    return dirs


def _lift_subdirs(top: int, name: str, spare: itertools.count[int]) -> None:
    """Move the directories inside top/name up into top, then remove top/name."""
    with contextlib.suppress(OSError):
        os.chmod(name, 0o700, dir_fd=top)  # no run process is left to swap it for a link
    try:
        fd = os.open(name, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC,
                     dir_fd=top)
    except OSError:
        with contextlib.suppress(OSError):
            os.unlink(name, dir_fd=top)
        return
    try:
        for sub in _clear_files(fd):
            for _ in range(100):  # a free name at the top; the run chose the others
                try:
                    os.rename(sub, f".rm-{next(spare)}", src_dir_fd=fd, dst_dir_fd=top)
                    break
                except OSError as e:
                    if e.errno not in (errno.EEXIST, errno.ENOTEMPTY, errno.EISDIR,
                                       errno.ENOTDIR):
                        break
    finally:
        os.close(fd)
    with contextlib.suppress(OSError):
        os.rmdir(name, dir_fd=top)


class StartError(RuntimeError):
    """The zygote cannot serve runs on this machine; the message says why, in one line."""


def thread_count() -> int:
    with open("/proc/self/status") as f:
        return next(int(line.split()[1]) for line in f if line.startswith("Threads:"))


FORK_CHECK_TIMEOUT_S = 60.0


def fork_check(torch: Any) -> str | None:
    """Run a tiny backward() in a forked child, as every run will: None if it works, else why
    not (one line). Also refuses a zygote that initialised CUDA: a forked child can never use
    it again, and the warm-up must not have reached a GPU at all."""
    if torch.cuda.is_initialized():
        return "CUDA was initialised in the zygote"
    r, w = os.pipe2(os.O_CLOEXEC)
    pid = os.fork()
    if pid == 0:
        code = 1
        try:
            os.close(r)
            x = torch.tensor([1.0, 2.0], requires_grad=True)
            (x * x).sum().backward()
            if x.grad is None or x.grad.tolist() != [2.0, 4.0]:
                raise RuntimeError(f"backward() gave {x.grad!r}")
            code = 0
        except BaseException as e:
            with contextlib.suppress(BaseException):
                os.write(w, f"{type(e).__name__}: {e}".encode()[:2000])
        finally:
            _exit(code)
    os.close(w)
    try:
        sel = selectors.DefaultSelector()
        sel.register(r, selectors.EVENT_READ)
        chunks = []
        while sel.select(FORK_CHECK_TIMEOUT_S):  # EOF once the child exits
            chunk = os.read(r, 4096)
            if not chunk:
                break
            chunks.append(chunk)
        else:
            os.kill(pid, signal.SIGKILL)
        sel.close()
    finally:
        os.close(r)
    code = os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1])
    if code == 0:
        return None
    message = b"".join(chunks).decode(errors="replace").strip()
    first = message.splitlines()[0] if message else f"the check exited with {code}"
    return first[:300]


@dataclass
class Child:
    run_id: int
    pid: int
    pidfd: int
    workdir: str
    exited: bool = False
    done: bool = False


class Zygote:
    def __init__(self, config: dict[str, Any], ctrl: socket.socket) -> None:
        self.config = config
        self.ctrl = ctrl
        self.uid: int | None = config.get("uid")
        self.workbase: str = config["workbase"]
        self.children: dict[int, Child] = {}  # by pidfd
        self.sel = selectors.DefaultSelector()
        self.devnull = os.open(os.devnull, os.O_RDWR | os.O_CLOEXEC)
        self.features: list[str] = []
        self.notes: list[str] = []
        self.lockdown = lockdown.Lockdown()

    # ------------------------------------------------------------------ start-up

    def prepare(self) -> None:
        """Everything before serving: cgroups, namespaces, imports, warm-up, freeze."""
        # Before torch is imported (the controller sets them too; this holds when started
        # by hand): one OpenMP/MKL thread, so no thread pool exists when we fork; and no GPU,
        # so the warm-up's backward() starts no autograd device thread (config.py).
        self._enter_slot()
        if self.config.get("namespaces") or self.config.get("userns"):
            self.features += isolation.enter_namespaces(self.config.get("tmpfs_mb", 64),
                                                        self.config.get("keep", []),
                                                        user=bool(self.config.get("userns")))
        # Orphans of a run (a fork bomb's children) become ours, so we reap them promptly:
        # unreaped zombies would still count against the slot's pids cgroup.
        _libc.prctl(_libc.PR_SET_CHILD_SUBREAPER, 1)
        if os.path.lexists(self.workbase):  # stale run directories of a killed zygote
            remove_tree(self.workbase)
        os.makedirs(self.workbase, mode=0o711)
        # Landlock and seccomp, tried in a throw-away child while forking is still cheap.
        self.lockdown = lockdown.prepare(bool(self.config.get("landlock")),
                                         bool(self.config.get("seccomp")), self.workbase,
                                         self.config.get("keep", []))
        self.notes += self.lockdown.notes

        import torch

        torch.set_num_threads(1)  # before any parallel region: see the module docstring
        torch.set_warn_always(True)
        for name in PRELOAD:
            try:
                importlib.import_module(name)
            except Exception:
                self.features.append(f"preload-failed:{name}")
        from gradtutor.sandbox import harness

        self.harness = harness
        job = {"code": warmup_code(torch), "filename": "warmup.py",
               "expressions": WARMUP_EXPRESSIONS,
               "seed": 0, "inputs": {}, "memory_mb": 1024}
        for _ in range(2):
            harness.dump_result(harness.run_job(job, stdout_fd=self.devnull))
        # Fail closed: a zygote whose children cannot run autograd would turn every backward()
        # of every run into an exception, and every answer that depends on it into a wrong one.
        why = fork_check(torch)
        if why:
            raise StartError(f"autograd cannot run in a forked child here ({why}); "
                             "see docs/sandbox.md, 'GPUs and CUDA builds'")
        self._hide_course()
        lockdown.refresh_runtime(self.lockdown)
        self.features += self.lockdown.features
        gc.collect()
        gc.freeze()  # keep the collector from touching (and copying) inherited objects

    def _hide_course(self) -> None:
        # Only inside our own mount namespace: on the host this would hide the repository
        # from everyone.
        if "mountns" in self.features:
            hidden = isolation.hide([*self.config.get("hide", []), *isolation.SYSTEM_HIDE],
                                    self.workbase)
            self.features += [f"hidden:{p}" for p in hidden]
        if "userns" in self.features:
            if isolation.drop_privileges_in_user_namespace():
                self.features.append("caps-dropped")
            else:  # a run could unmount what hides the repository: no namespace claims
                self.notes.append("userns: could not drop capabilities")
                self.features = [f for f in self.features if not f.startswith("hidden:")]

    def _enter_slot(self) -> None:
        """One thread, no GPU, the slot's cgroups, and spared by the OOM killer."""
        for name in ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS"):
            os.environ[name] = "1"
        os.environ.update(HIDE_ACCELERATORS)
        for procs in self.config.get("cgroup_procs", []):
            with open(procs, "w") as f:  # children start inside the slot's cgroups
                f.write(str(os.getpid()))
            self.features.append(f"cgroup:{procs}")
        try:  # the OOM killer should pick a run, never the zygote (needs CAP_SYS_RESOURCE)
            with open("/proc/self/oom_score_adj", "w") as f:
                f.write("-1000")
        except OSError:
            pass  # children still raise their own score to 1000

    def ready_message(self) -> dict[str, Any]:
        threads = thread_count()
        notes = list(self.notes)
        if threads != 1:  # OpenMP pools and autograd device threads do not survive fork
            notes.append(f"zygote: {threads} threads after warm-up (expected 1)")
        torch = sys.modules["torch"]
        return {"op": "ready", "pid": os.getpid(), "vm_size": limits.vm_size(),
                "threads": threads, "features": self.features, "notes": notes,
                "torch": {"version": str(torch.__version__), "cuda": torch.version.cuda,
                          "cuda_initialized": bool(torch.cuda.is_initialized())}}

    # ------------------------------------------------------------------ serving

    def serve(self) -> None:
        send_control(self.ctrl, self.ready_message())
        self.sel.register(self.ctrl, selectors.EVENT_READ)
        while True:
            if not self.children:
                self.reap_orphans()
            for key, _ in self.sel.select(timeout=5.0):
                if key.fileobj is self.ctrl:
                    msg, fds = recv_control(self.ctrl, maxfds=4)
                    if msg is None or msg["op"] == "shutdown":
                        return
                    if msg["op"] == "run":
                        self.start_run(int(msg["id"]), fds)
                    elif msg["op"] == "done":
                        self.mark_done(int(msg["id"]))
                else:
                    self.child_exited(self.children[key.fd])

    def start_run(self, run_id: int, fds: list[int]) -> None:
        workdir = os.path.join(self.workbase, f"run-{run_id}")
        try:
            if len(fds) != 4:
                raise OSError(f"expected 4 file descriptors, got {len(fds)}")
            if os.path.lexists(workdir):  # planted by an earlier run (only possible when
                remove_tree(workdir)      # runs share our uid and Landlock is missing)
            os.mkdir(workdir, 0o700)
            if self.uid is not None:
                os.chown(workdir, self.uid, self.uid)
            pid = os.fork()
        except OSError as e:
            for fd in fds:
                os.close(fd)
            remove_tree(workdir)
            send_control(self.ctrl, {"op": "error", "id": run_id, "message": str(e)})
            return
        if pid == 0:
            self.become_child(fds, workdir)
        for fd in fds:
            os.close(fd)
        pidfd = os.pidfd_open(pid)
        self.children[pidfd] = Child(run_id, pid, pidfd, workdir)
        self.sel.register(pidfd, selectors.EVENT_READ)
        send_control(self.ctrl, {"op": "started", "id": run_id, "pid": pid})

    def become_child(self, fds: list[int], workdir: str) -> None:
        """In the forked child: restrict, run the job, exit. Never returns."""
        code = 70
        try:
            job_r, result_w, out_w, err_w = fds
            limits.enter_child([self.devnull, out_w, err_w, result_w, job_r], workdir,
                               self.uid, self.config["zygote_pid"])
            self.harness.child_main(limits.JOB_FD, limits.RESULT_FD, self.lockdown)
        except BaseException:
            with contextlib.suppress(BaseException):
                os.write(2, traceback.format_exc().encode())
        finally:
            _exit(code)

    def child_exited(self, child: Child) -> None:
        self.sel.unregister(child.pidfd)
        child.exited = True
        # WNOWAIT: the zombie keeps its pid (and process group id) reserved until the
        # controller has swept the group, so its killpg() can never hit a recycled pid.
        info = os.waitid(os.P_PID, child.pid, os.WEXITED | os.WNOWAIT)
        killed = info.si_code in (os.CLD_KILLED, os.CLD_DUMPED)
        send_control(self.ctrl, {"op": "exited", "id": child.run_id,
                                 "code": None if killed else info.si_status,
                                 "signal": info.si_status if killed else None})
        if child.done:
            self.reap(child)

    def mark_done(self, run_id: int) -> None:
        for child in list(self.children.values()):
            if child.run_id == run_id:
                child.done = True
                if child.exited:
                    self.reap(child)
                return
        remove_tree(os.path.join(self.workbase, f"run-{run_id}"))

    def reap(self, child: Child) -> None:
        os.waitpid(child.pid, 0)
        os.close(child.pidfd)
        del self.children[child.pidfd]
        remove_tree(child.workdir)
        self.reap_orphans()

    def reap_orphans(self) -> None:
        """Reap re-parented descendants; only called when no run child is pending, since
        run children stay unreaped (WNOWAIT) until the controller says "done"."""
        if self.children:
            return
        while True:
            try:
                pid, _status = os.waitpid(-1, os.WNOHANG)
            except ChildProcessError:
                return
            if pid == 0:
                return

    def shutdown(self) -> None:
        for child in list(self.children.values()):
            with contextlib.suppress(OSError):
                os.killpg(child.pid, signal.SIGKILL)
            with contextlib.suppress(OSError):
                os.waitpid(child.pid, 0)
        remove_tree(self.workbase)


def main(argv: list[str]) -> int:
    config = json.loads(argv[1])
    # Die with the controller thread that started us (it lives as long as the slot).
    _libc.prctl(_libc.PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != config["parent_pid"]:
        return 1
    config["zygote_pid"] = os.getpid()
    ctrl = socket.socket(fileno=config["ctrl_fd"])
    zygote = Zygote(config, ctrl)
    try:
        zygote.prepare()
        zygote.serve()
    except StartError as e:  # one line: the controller reports the log's last line
        os.write(2, f"gradtutor sandbox: {e}\n".encode())
        return 3
    finally:
        zygote.shutdown()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
