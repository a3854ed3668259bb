"""Controller side of one worker slot: owns a zygote, runs one request at a time through it.

The controller never imports torch and never trusts the child: it enforces the wall deadline and
the output cap at fd level, kills the run's process group and every process left in the slot,
and turns whatever came back into a `RunResult` (strictly parsed, fail closed).
"""

from __future__ import annotations

import contextlib
import importlib.util
import itertools
import json
import os
import select
import selectors
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import gradtutor
from gradtutor.sandbox import limits as child_limits
from gradtutor.sandbox.protocol import (
    MAX_OUTPUT_BYTES,
    MAX_RESULT_BYTES,
    ProtocolError,
    RunRequest,
    RunResult,
    encode_job,
    failure,
    parse_child_result,
    recv_control,
    send_control,
)
from gradtutor.sandbox.slots import SlotLease, Tracker, count_own_threads, lease_slot

READ_CHUNK = 1 << 16
EXIT_GRACE_S = 1.0       # after the child exited, how long leftovers may hold its pipes
REAP_TIMEOUT_S = 5.0     # a killed child must be reported exited by then, or the zygote is sick


class ZygoteError(RuntimeError):
    """The zygote could not be started or stopped answering."""


@dataclass
class SandboxConfig:
    hide_paths: tuple[str, ...] = ()
    startup_timeout_s: float = 120.0   # importing torch on a loaded 2-core machine is slow
    namespaces: bool = True            # private net + mount namespaces when root
    tmpfs_mb: int = 64                 # per-slot scratch space (all run directories)
    pids_max: int = 96                 # per-slot cgroup, zygote included
    limits: dict[str, int] = field(default_factory=lambda: dict(child_limits.DEFAULT_LIMITS))


def _package_root() -> Path:
    return Path(gradtutor.__file__).resolve().parent.parent


def default_hide_paths() -> list[str]:
    """The source checkout gradtutor runs from (it holds solutions/ and exercises/)."""
    root = _package_root()
    if (root / "pyproject.toml").exists() or (root / ".git").exists():
        return [str(root)]
    return []


def _runtime_dirs() -> list[Path]:
    dirs = [Path(sys.prefix), Path(sys.base_prefix), Path(sys.executable).resolve().parent]
    for name in ("torch", "numpy"):
        spec = importlib.util.find_spec(name)
        if spec and spec.origin:
            dirs.append(Path(spec.origin).resolve().parent)
    return [d.resolve() for d in dirs]


def safe_hide_paths(paths: list[str]) -> list[str]:
    """Drop paths whose hiding would hide the interpreter or its libraries."""
    runtime = _runtime_dirs()
    keep = []
    for p in paths:
        path = Path(p).resolve()
        if path == Path("/") or any(r == path or path in r.parents for r in runtime):
            continue
        keep.append(str(path))
    return keep


def zygote_env() -> dict[str, str]:
    """A minimal environment: nothing of ours (tokens, keys) is inherited by learner code."""
    env = {
        "PATH": "/usr/bin:/bin", "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8", "HOME": "/",
        "TMPDIR": "/tmp", "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1",
        "OPENBLAS_NUM_THREADS": "1", "PYTHONHASHSEED": "0", "PYTHONDONTWRITEBYTECODE": "1",
        "PYTHONPATH": str(_package_root()),
    }
    if "LD_LIBRARY_PATH" in os.environ:  # some Python builds need it to start at all
        env["LD_LIBRARY_PATH"] = os.environ["LD_LIBRARY_PATH"]
    return env


@dataclass
class _Run:
    """Book-keeping of one run on the controller side."""

    id: int
    pid: int | None = None
    exited: bool = False
    code: int | None = None
    signal: int | None = None
    error: str | None = None
    lost: bool = False          # the zygote died
    stalled: bool = False       # the zygote did not fork before the deadline
    killed: str | None = None   # "timeout" | "output" | "result"
    out: bytearray = field(default_factory=bytearray)
    err: bytearray = field(default_factory=bytearray)
    result: bytearray = field(default_factory=bytearray)
    truncated: bool = False


class Worker:
    """One slot: a zygote process plus the lease (uid, cgroups) its children run under."""

    def __init__(self, config: SandboxConfig) -> None:
        self.config = config
        self.lease: SlotLease = lease_slot(config.pids_max)
        self.tracker = Tracker(self.lease)
        self.proc: subprocess.Popen[bytes] | None = None
        self.ctrl: socket.socket | None = None
        self.info: dict[str, object] = {}
        self.limits = dict(config.limits)
        if self.lease.uid is None:  # non-root RLIMIT_NPROC counts all our processes
            self.limits["nproc"] = count_own_threads() + int(self.limits["nproc"])
        self._ids = itertools.count(1)
        self._pending: _Run | None = None
        self._memory_base = 0
        self._memory_limit: int | None = None

    # ------------------------------------------------------------------ zygote lifecycle

    def alive(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def start(self) -> None:
        """Start a fresh zygote and wait until it is warm. Raises ZygoteError."""
        self.stop()
        self.tracker.sweep(None)  # leftovers of a zygote that died
        parent, child = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        root = self.lease.uid is not None
        config = {
            "ctrl_fd": child.fileno(), "parent_pid": os.getpid(), "uid": self.lease.uid,
            "workbase": self.lease.workbase,
            "cgroup_procs": self.lease.cgroups.procs_files if self.lease.cgroups else [],
            "namespaces": root and self.config.namespaces, "tmpfs_mb": self.config.tmpfs_mb,
            "hide": safe_hide_paths([*default_hide_paths(), *self.config.hide_paths])
            if root and self.config.namespaces else [],
        }
        with open(self.lease.log_path, "wb") as log:
            self.proc = subprocess.Popen(
                [sys.executable, "-s", "-P", "-B", "-m", "gradtutor.sandbox.zygote",
                 json.dumps(config)],
                env=zygote_env(), cwd="/", stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL, stderr=log, pass_fds=(child.fileno(),),
                start_new_session=True,  # a Ctrl-C aimed at the controller is not for it
            )
        child.close()
        self.ctrl = parent
        deadline = time.monotonic() + self.config.startup_timeout_s
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                self.kill_zygote()
                raise ZygoteError(f"not ready after {self.config.startup_timeout_s:g} s")
            ready, _, _ = select.select([parent], [], [], min(left, 0.5))
            if ready:
                try:
                    msg, _fds = recv_control(parent)
                except (OSError, ProtocolError) as e:
                    msg = None
                    reason = str(e)
                else:
                    reason = "exited during start-up"
                if msg is None:
                    self.kill_zygote()
                    raise ZygoteError(f"{reason}: {self._log_tail()}")
                if msg["op"] == "ready":
                    break
            elif self.proc.poll() is not None:
                self.kill_zygote()
                raise ZygoteError(f"exited during start-up: {self._log_tail()}")
        self.info = msg
        self.tracker.zygote_pid = int(msg["pid"])
        if self.lease.cgroups is not None:
            self._memory_base = self.lease.cgroups.memory_usage()
            self._memory_limit = None

    def _log_tail(self) -> str:
        try:
            text = self.lease.log_path.read_text(errors="replace").strip()
        except OSError:
            return "(no log)"
        return text.splitlines()[-1] if text else "(empty log)"

    def stop(self) -> None:
        """Stop the zygote (if any) and everything its runs left behind."""
        self._pending = None
        if self.ctrl is not None:
            with contextlib.suppress(OSError):
                send_control(self.ctrl, {"op": "shutdown"})
        if self.proc is not None:
            try:
                self.proc.wait(timeout=2.0)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
            self.proc = None
        if self.ctrl is not None:
            self.ctrl.close()
            self.ctrl = None
        self.tracker.sweep(None)

    def kill_zygote(self) -> None:
        """Abandon a sick zygote at once (its children die with it: PDEATHSIG)."""
        if self.proc is not None and self.proc.poll() is None:
            self.proc.kill()
        self.stop()

    def close(self) -> None:
        self.stop()
        self.lease.release()

    # ------------------------------------------------------------------ running

    def execute(self, req: RunRequest) -> RunResult:
        """Run `req`; retried once if the zygote was dead before the child started."""
        for attempt in range(2):
            if not self.alive():
                try:
                    self.start()
                except (ZygoteError, OSError) as e:
                    return failure("internal", f"the sandbox could not start: {e}")
            run = _Run(id=next(self._ids))
            result = self._run_once(req, run)
            if run.lost and run.pid is None and attempt == 0:
                self.kill_zygote()
                continue
            return result
        raise AssertionError("unreachable")

    def _set_memory_limit(self, memory_mb: int) -> None:
        """The slot's total (all processes of a run): bounds a forking memory bomb."""
        cg = self.lease.cgroups
        if cg is None or cg.memory_dir is None:
            return
        limit = self._memory_base + (2 * memory_mb << 20) + (256 << 20)
        if limit != self._memory_limit:
            try:
                cg.set_memory_limit(limit)
                self._memory_limit = limit
            except OSError:
                pass

    def _run_once(self, req: RunRequest, run: _Run) -> RunResult:
        assert self.ctrl is not None
        job = encode_job(req, self.limits)
        job_r, job_w = os.pipe2(os.O_CLOEXEC)
        res_r, res_w = os.pipe2(os.O_CLOEXEC)
        out_r, out_w = os.pipe2(os.O_CLOEXEC)
        err_r, err_w = os.pipe2(os.O_CLOEXEC)
        self._set_memory_limit(req.memory_mb)
        oom_before = self.lease.cgroups.oom_kills() if self.lease.cgroups else 0
        t0 = time.monotonic()
        try:
            send_control(self.ctrl, {"op": "run", "id": run.id}, [job_r, res_w, out_w, err_w])
        except OSError:
            run.lost = True
        finally:
            for fd in (job_r, res_w, out_w, err_w):
                os.close(fd)
        self._pending = run
        if run.lost:
            for fd in (job_w, res_r, out_r, err_r):
                os.close(fd)
            return failure("crashed", "the sandbox process was gone")
        try:
            self._pump(req, run, job, t0, job_w, res_r, out_r, err_r)
        finally:
            for fd in (res_r, out_r, err_r):
                os.close(fd)
        duration_ms = round((time.monotonic() - t0) * 1000, 3)
        oom = bool(self.lease.cgroups) and self.lease.cgroups.oom_kills() > oom_before
        result = self._classify(req, run, oom)
        result.stdout = run.out.decode("utf-8", "replace")
        result.stderr = run.err.decode("utf-8", "replace")
        result.output_truncated = run.truncated
        result.duration_ms = duration_ms
        return result

    def _kill_run(self, run: _Run, why: str) -> None:
        run.killed = run.killed or why
        if run.pid is not None:
            self.tracker.sweep(run.pid, timeout_s=0.2)

    def _pump(self, req: RunRequest, run: _Run, job: bytes, t0: float,
              job_w: int, res_r: int, out_r: int, err_r: int) -> None:
        """Move bytes until the run is complete, killed, or the zygote is gone."""
        assert self.ctrl is not None
        deadline = t0 + req.timeout_s
        sel = selectors.DefaultSelector()
        for fd in (job_w, res_r, out_r, err_r):
            os.set_blocking(fd, False)
        sel.register(self.ctrl, selectors.EVENT_READ, "ctrl")
        sel.register(res_r, selectors.EVENT_READ, "result")
        sel.register(out_r, selectors.EVENT_READ, "out")
        sel.register(err_r, selectors.EVENT_READ, "err")
        sel.register(job_w, selectors.EVENT_WRITE, "job")
        open_pipes = {"result", "out", "err"}
        grace_end: float | None = None
        job_open = True
        try:
            while True:
                if not open_pipes and (run.result or run.exited):
                    return  # complete (the child's exit status only matters without a result)
                now = time.monotonic()
                if run.killed is not None:
                    if run.exited or now > (grace_end or now):
                        return
                elif now >= deadline:
                    if run.pid is None:  # the zygote never even forked: it is sick
                        run.stalled = True
                        return
                    self._kill_run(run, "timeout")
                    grace_end = now + EXIT_GRACE_S
                    continue
                if run.exited and open_pipes:
                    if grace_end is None:  # leftovers still hold the pipes: kill them
                        self.tracker.sweep(run.pid, timeout_s=0.2)
                        grace_end = now + EXIT_GRACE_S
                    elif now > grace_end:
                        return
                wait = (grace_end or deadline) - now if run.killed or run.exited else deadline - now
                for key, _ in sel.select(timeout=max(wait, 0)):
                    tag = key.data
                    if tag == "ctrl":
                        if not self._on_control(run):
                            run.lost = True
                            return
                    elif tag == "job":
                        job = self._feed_job(job_w, job)
                        if not job:  # all written: EOF tells the child the job is complete
                            sel.unregister(job_w)
                            os.close(job_w)
                            job_open = False
                    else:
                        if not self._on_output(run, tag, key.fd):
                            sel.unregister(key.fd)
                            open_pipes.discard(tag)
                        if run.killed is not None and grace_end is None:
                            grace_end = time.monotonic() + EXIT_GRACE_S
        finally:
            sel.close()
            if job_open:
                os.close(job_w)

    @staticmethod
    def _feed_job(fd: int, job: bytes) -> bytes:
        try:
            job = job[os.write(fd, job):]
        except BlockingIOError:
            return job
        except OSError:  # the child is gone before reading its job
            return b""
        return job

    def _on_output(self, run: _Run, tag: str, fd: int) -> bool:
        """Read one chunk; False at EOF."""
        try:
            chunk = os.read(fd, READ_CHUNK)
        except BlockingIOError:
            return True
        if not chunk:
            return False
        if tag == "result":
            run.result += chunk
            if len(run.result) > MAX_RESULT_BYTES:
                self._kill_run(run, "result")
                return False
            return True
        (run.out if tag == "out" else run.err).extend(chunk)
        excess = len(run.out) + len(run.err) - MAX_OUTPUT_BYTES
        if excess > 0:
            buf = run.out if tag == "out" else run.err
            del buf[len(buf) - excess:]
            run.truncated = True
            self._kill_run(run, "output")
            return False
        return True

    def _on_control(self, run: _Run) -> bool:
        """Handle one zygote message; False if the zygote is gone."""
        assert self.ctrl is not None
        try:
            msg, _fds = recv_control(self.ctrl)
        except (OSError, ProtocolError):
            return False
        if msg is None:
            return False
        if msg.get("id") != run.id:
            return True  # a late message about an earlier run
        if msg["op"] == "started":
            run.pid = int(msg["pid"])
        elif msg["op"] == "exited":
            run.exited, run.code, run.signal = True, msg.get("code"), msg.get("signal")
        elif msg["op"] == "error":
            run.error = str(msg.get("message"))
            run.exited = True
        return True

    def _classify(self, req: RunRequest, run: _Run, oom: bool) -> RunResult:
        if run.killed == "timeout":
            return failure("timeout", f"timed out after {req.timeout_s:g} s")
        if run.killed == "output":
            return failure("output_limit",
                           f"output limit of {MAX_OUTPUT_BYTES >> 20} MiB exceeded")
        if run.killed == "result":
            return failure("crashed", "the result message exceeded its size limit")
        if run.error is not None:
            return failure("internal", f"the sandbox could not start the run: {run.error}")
        if run.stalled:
            return failure("internal", "the sandbox did not start the run in time")
        if run.lost:
            return failure("crashed", "the sandbox process died during the run")
        if run.result:
            try:
                msg = parse_child_result(bytes(run.result), req.expressions)
            except ProtocolError as e:
                return failure("crashed", f"malformed result from the run: {e}")
            return RunResult(**msg)
        if oom:
            return failure("memory", "memory limit exceeded: the kernel killed the run")
        if run.signal is not None:
            if run.signal == signal.SIGXCPU:
                return failure("timeout", "CPU time limit exceeded")
            try:
                name = signal.Signals(run.signal).name
            except ValueError:
                name = str(run.signal)
            return failure("crashed", f"killed by signal {name} before reporting a result")
        if run.code is not None:
            return failure("exit", f"exited with code {run.code} before reporting a result")
        return failure("crashed", "no result")

    # ------------------------------------------------------------------ after a run

    def finish(self) -> None:
        """Kill what the last run left, wait for its exit, let the zygote reap and clean up.
        Runs after the result was handed out, so it costs the caller no latency."""
        run, self._pending = self._pending, None
        if run is None or not self.alive() or run.lost or run.stalled:
            if run is not None and (run.lost or run.stalled):
                self.kill_zygote()
            return
        assert self.ctrl is not None
        if run.pid is not None:
            self.tracker.sweep(run.pid)
            deadline = time.monotonic() + REAP_TIMEOUT_S
            while not run.exited:
                left = deadline - time.monotonic()
                ready, _, _ = select.select([self.ctrl], [], [], max(left, 0))
                if not ready or not self._on_control(run):
                    self.kill_zygote()  # cannot confirm the child is gone: start afresh
                    return
            if not self.tracker.sweep(None):
                self.kill_zygote()
                return
        try:
            send_control(self.ctrl, {"op": "done", "id": run.id})
        except OSError:
            self.kill_zygote()

    def drain_control(self) -> None:
        """Between runs: consume stray messages; notices a dead zygote (EOF)."""
        if self.ctrl is None:
            return
        while select.select([self.ctrl], [], [], 0)[0]:
            try:
                msg, _ = recv_control(self.ctrl)
            except (OSError, ProtocolError):
                msg = None
            if msg is None:
                self.kill_zygote()
                return
