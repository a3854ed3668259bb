"""Controller side of one run: move bytes between the pipes, enforce the deadline and the
output cap, and classify what came back (fail closed). No torch here.
"""

from __future__ import annotations

import os
import selectors
import signal
import socket
import time
from dataclasses import dataclass, field

from gradtutor.sandbox.protocol import (
    MAX_OUTPUT_BYTES,
    MAX_RESULT_BYTES,
    ProtocolError,
    RunRequest,
    RunResult,
    failure,
    parse_child_result,
    recv_control,
)
from gradtutor.sandbox.slots import Tracker

READ_CHUNK = 1 << 16
EXIT_GRACE_S = 1.0       # after the child exited (or was killed), how long pipes may stay open
START_GRACE_S = 5.0      # past the deadline, how long the zygote may take to fork the child


@dataclass
class RunState:
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

    def on_control(self, ctrl: socket.socket) -> bool:
        """Handle one zygote message; False if the zygote is gone."""
        try:
            msg, _fds = recv_control(ctrl)
        except (OSError, ProtocolError):
            return False
        if msg is None:
            return False
        if msg.get("id") != self.id:
            return True  # a late message about an earlier run
        if msg["op"] == "started":
            self.pid = int(msg["pid"])
        elif msg["op"] == "exited":
            self.exited, self.code, self.signal = True, msg.get("code"), msg.get("signal")
        elif msg["op"] == "error":
            self.error = str(msg.get("message"))
            self.exited = True
        return True


class RunLoop:
    """One `select` loop over the control socket and the run's four pipes."""

    def __init__(self, ctrl: socket.socket, tracker: Tracker, run: RunState) -> None:
        self.ctrl = ctrl
        self.tracker = tracker
        self.run = run

    def kill(self, why: str) -> None:
        self.run.killed = self.run.killed or why
        if self.run.pid is not None:
            self.tracker.sweep(self.run.pid, timeout_s=0.2)

    def pump(self, deadline: float, job: bytes, job_w: int, res_r: int, out_r: int,
             err_r: int) -> None:
        """Move bytes until the run is complete, killed, or the zygote is gone.
        Closes job_w; the caller closes the read ends."""
        run = self.run
        sel = self._selector(job_w, res_r, out_r, err_r)
        open_pipes = {"result", "out", "err"}
        grace_end: float | None = None
        job_open = True
        try:
            while True:
                if not open_pipes and (run.result or run.exited):
                    return  # complete (the child's exit status only matters without a result)
                now = time.monotonic()
                until = deadline
                if run.killed is not None:
                    if run.exited or (grace_end is not None and now > grace_end):
                        return
                elif now >= deadline:
                    if run.pid is not None:
                        self.kill("timeout")
                        grace_end = now + EXIT_GRACE_S
                        continue
                    # Not even forked yet: a very short timeout on a loaded machine, or a sick
                    # zygote. Wait a little for the fork (then kill the run), not forever.
                    if now >= deadline + START_GRACE_S:
                        run.stalled = True
                        return
                    until = deadline + START_GRACE_S
                if run.exited and open_pipes:
                    if grace_end is None:  # leftovers still hold the pipes: kill them
                        self.tracker.sweep(run.pid, timeout_s=0.2)
                        grace_end = now + EXIT_GRACE_S
                    elif now > grace_end:
                        return
                wait = (grace_end if grace_end is not None else until) - now
                for key, _ in sel.select(timeout=max(wait, 0)):
                    tag = key.data
                    if tag == "ctrl":
                        if not run.on_control(self.ctrl):
                            run.lost = True
                            return
                    elif tag == "job":
                        job = feed(job_w, job)
                        if not job:  # all written: EOF tells the child the job is complete
                            sel.unregister(job_w)
                            os.close(job_w)
                            job_open = False
                    elif not self.on_output(tag, key.fd):
                        sel.unregister(key.fd)
                        open_pipes.discard(tag)
                    if run.killed is not None and grace_end is None:
                        grace_end = time.monotonic() + EXIT_GRACE_S
        finally:
            sel.close()
            if job_open:
                os.close(job_w)

    def _selector(self, job_w: int, res_r: int, out_r: int,
                  err_r: int) -> selectors.BaseSelector:
        sel = selectors.DefaultSelector()
        for fd in (job_w, res_r, out_r, err_r):
            os.set_blocking(fd, False)
        sel.register(self.ctrl, selectors.EVENT_READ, "ctrl")
        sel.register(res_r, selectors.EVENT_READ, "result")
        sel.register(out_r, selectors.EVENT_READ, "out")
        sel.register(err_r, selectors.EVENT_READ, "err")
        sel.register(job_w, selectors.EVENT_WRITE, "job")
        return sel

    def on_output(self, tag: str, fd: int) -> bool:
        """Read one chunk of the result, stdout or stderr pipe; False at EOF or when cut."""
        run = self.run
        try:
            chunk = os.read(fd, READ_CHUNK)
        except BlockingIOError:
            return True
        if not chunk:
            return False
        if tag == "result":
            run.result += chunk
            if len(run.result) > MAX_RESULT_BYTES:
                self.kill("result")
                return False
            return True
        buf = run.out if tag == "out" else run.err
        buf.extend(chunk)
        excess = len(run.out) + len(run.err) - MAX_OUTPUT_BYTES
        if excess > 0:
            del buf[len(buf) - excess:]
            run.truncated = True
            self.kill("output")
            return False
        return True


def feed(fd: int, job: bytes) -> bytes:
    """Write what the pipe takes; the rest is returned."""
    try:
        return job[os.write(fd, job):]
    except BlockingIOError:
        return job
    except OSError:  # the child is gone before reading its job
        return b""


def classify(req: RunRequest, run: RunState, oom: bool) -> RunResult:
    """The run's RunResult; anything but a well-formed child message is a non-ok status."""
    if run.killed == "timeout":
        return failure("timeout", f"timed out after {req.timeout_s:g} s")
    if run.killed == "output":
        return failure("output_limit", f"output limit of {MAX_OUTPUT_BYTES >> 20} MiB exceeded")
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
