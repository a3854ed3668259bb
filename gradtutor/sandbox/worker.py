"""Controller side of one worker slot: owns a zygote, runs one request at a time through it.

The controller never imports torch and never trusts the child: `runloop` enforces the deadline
and the output cap and classifies the result; afterwards every process the run left in the slot
is killed before the zygote may reap the child and the next run may start.
"""

from __future__ import annotations

import contextlib
import itertools
import json
import os
import select
import socket
import subprocess
import sys
import time

from gradtutor.sandbox.config import (
    SandboxConfig,
    default_hide_paths,
    runtime_paths,
    safe_hide_paths,
    zygote_env,
)
from gradtutor.sandbox.protocol import (
    ProtocolError,
    RunRequest,
    RunResult,
    encode_job,
    failure,
    recv_control,
    send_control,
)
from gradtutor.sandbox.runloop import RunLoop, RunState, classify
from gradtutor.sandbox.slots import SlotLease, Tracker, count_own_threads, lease_slot

REAP_TIMEOUT_S = 5.0     # a killed child must be reported exited by then, or the zygote is sick


class ZygoteError(RuntimeError):
    """The zygote could not be started or stopped answering."""


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
        self.starts = 0    # zygotes started (1 + restarts)
        self.retries = 0   # runs retried because the zygote was dead before they started
        self._pending: RunState | None = None
        self._memory_base = 0
        self._memory_limit: int | None = None

    # ------------------------------------------------------------------ zygote lifecycle

    def alive(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def start(self) -> None:
        """Start a fresh zygote and wait until it is warm. Raises ZygoteError."""
        self.stop()  # also kills what a dead zygote's runs left behind
        parent, child = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        root = self.lease.uid is not None
        ns = self.config.namespaces
        config = {
            "ctrl_fd": child.fileno(), "parent_pid": os.getpid(), "uid": self.lease.uid,
            "workbase": self.lease.workbase,
            "cgroup_procs": self.lease.cgroups.procs_files if self.lease.cgroups else [],
            "namespaces": root and ns, "userns": not root and ns and self.config.userns,
            "tmpfs_mb": self.config.tmpfs_mb,
            "hide": safe_hide_paths([*default_hide_paths(), *self.config.hide_paths])
            if ns else [],
            "keep": runtime_paths(),
            "landlock": self.config.landlock, "seccomp": self.config.seccomp,
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
        self.starts += 1
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
        self.tracker.zygote_pid = None  # gone: its pid may be recycled
        self.tracker.sweep(None)

    def kill_zygote(self) -> None:
        """Abandon a sick zygote at once (its children die with it: PDEATHSIG)."""
        if self.proc is not None and self.proc.poll() is None:
            self.proc.kill()
        self.stop()

    def close(self) -> None:
        self.stop()
        self.lease.release()

    def protections(self) -> list[str]:
        """What confines this slot's runs (names in docs/security.md); empty before ready."""
        if not self.info:
            return []
        raw = self.info.get("features")
        features = [str(f) for f in raw] if isinstance(raw, list) else []
        out = []
        if self.lease.uid is not None:
            out.append("uid")
        if self.lease.cgroups is not None:
            out.append("cgroup-pids")
            if self.lease.cgroups.memory_dir is not None:
                out.append("cgroup-memory")
        out += [f for f in ("userns", "caps-dropped", "netns", "ipcns", "ipc-limits",
                            "mountns", "ro-host", "proc-hidepid") if f in features]
        if any(f.startswith("tmpfs:") for f in features):
            out.append("tmpfs")
        if any(f.startswith("hidden:") for f in features):
            out.append("hidden-paths")
        out += [f for f in features if f.startswith("landlock-") or f == "seccomp"]
        return [*out, "rlimits", "no-new-privs", "sweep"]

    # ------------------------------------------------------------------ running

    def execute(self, req: RunRequest) -> RunResult:
        """Run `req`; retried once if the zygote was dead before the child started."""
        for attempt in range(2):
            if not self.alive():
                try:
                    self.start()
                except (ZygoteError, OSError) as e:
                    return failure("internal", f"the sandbox could not start: {e}")
            run = RunState(id=next(self._ids))
            result = self._run_once(req, run)
            if run.lost and run.pid is None and attempt == 0:
                self.kill_zygote()
                self.retries += 1
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

    def _run_once(self, req: RunRequest, run: RunState) -> RunResult:
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
            RunLoop(self.ctrl, self.tracker, run).pump(t0 + req.timeout_s, job, job_w, res_r,
                                                       out_r, err_r)
        finally:
            for fd in (res_r, out_r, err_r):
                os.close(fd)
        duration_ms = round((time.monotonic() - t0) * 1000, 3)
        oom = bool(self.lease.cgroups) and self.lease.cgroups.oom_kills() > oom_before
        result = classify(req, run, oom)
        result.stdout = run.out.decode("utf-8", "replace")
        result.stderr = run.err.decode("utf-8", "replace")
        result.output_truncated = run.truncated
        result.duration_ms = duration_ms
        return result

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
                if not ready or not run.on_control(self.ctrl):
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
