"""`Sandbox`: a pool of worker slots behind a thread-safe, blocking API.

Each slot has one thread that owns its `Worker` (and therefore its zygote: the zygote's
parent-death signal is tied to that thread). Slots start their zygotes in the background as soon
as the Sandbox is created; requests wait in a shared queue until some slot is ready.
"""

from __future__ import annotations

import atexit
import queue
import threading
import weakref
from collections.abc import Iterable, Sequence
from concurrent.futures import Future
from typing import Any

from gradtutor.sandbox.config import SandboxConfig
from gradtutor.sandbox.protocol import RunRequest, RunResult, failure
from gradtutor.sandbox.worker import Worker, ZygoteError

IDLE_CHECK_S = 0.2      # how often an idle slot checks that its zygote is still alive
RETRY_START_S = 2.0     # pause between failed zygote starts
_STOP = object()


class _Shared:
    """State shared by the Sandbox and its slot threads (no reference back to the Sandbox,
    so an abandoned Sandbox can be collected and its finalizer can stop the slots)."""

    def __init__(self, workers: int) -> None:
        self.jobs: queue.Queue[Any] = queue.Queue()
        self.closed = threading.Event()
        self.lock = threading.Lock()
        self.ready = 0
        self.started = threading.Condition(self.lock)
        self.workers = workers
        self.failed = 0
        self.last_error = ""


class _Slot(threading.Thread):
    def __init__(self, index: int, shared: _Shared, config: SandboxConfig) -> None:
        super().__init__(name=f"gradtutor-sandbox-{index}", daemon=True)
        self.shared = shared
        self.config = config
        self.worker: Worker | None = None
        self.healthy = False

    def _set_health(self, healthy: bool, error: str = "") -> None:
        with self.shared.lock:
            if healthy != self.healthy:
                self.shared.ready += 1 if healthy else -1
                self.healthy = healthy
            if error:
                self.shared.last_error = error
                self.shared.failed += 1
            self.shared.started.notify_all()

    def _ensure_zygote(self) -> bool:
        assert self.worker is not None
        if self.worker.alive():
            return True
        self._set_health(False)
        try:
            self.worker.start()
        except Exception as e:  # ZygoteError, OSError, or a bug: the slot stays up
            self._set_health(False, str(e) if isinstance(e, ZygoteError | OSError)
                             else f"{type(e).__name__}: {e}")
            return False
        self._set_health(True)
        return True

    def run(self) -> None:
        try:
            self.worker = Worker(self.config)
        except (OSError, RuntimeError) as e:
            self._set_health(False, f"no sandbox slot: {e}")
            self._serve_failures()
            return
        try:
            self._serve()
        finally:
            self._set_health(False)
            self.worker.close()

    def _serve(self) -> None:
        assert self.worker is not None
        while not self.shared.closed.is_set():
            if not self._ensure_zygote():
                # Answer jobs only when no slot can serve them, so callers never hang.
                if self.shared.ready == 0:
                    self._fail_queued("the sandbox could not start: " + self.shared.last_error)
                self.shared.closed.wait(RETRY_START_S)
                continue
            try:
                item = self.shared.jobs.get(timeout=IDLE_CHECK_S)
            except queue.Empty:
                self.worker.drain_control()
                continue
            if item is _STOP:
                return
            req, fut = item
            if not fut.set_running_or_notify_cancel():
                continue
            try:
                fut.set_result(self.worker.execute(req))
            except BaseException as e:  # never leave a caller waiting
                fut.set_result(failure("internal", f"sandbox error: {type(e).__name__}: {e}"))
                self.worker.kill_zygote()
                continue
            try:
                self.worker.finish()
            except Exception:  # cannot confirm the run is cleaned up: start afresh
                self.worker.kill_zygote()

    def _fail_queued(self, reason: str) -> None:
        """Answer every queued request with `internal` (no slot can serve them)."""
        while True:
            try:
                item = self.shared.jobs.get_nowait()
            except queue.Empty:
                return
            if item is _STOP:
                self.shared.jobs.put(_STOP)
                return
            _req, fut = item
            if fut.set_running_or_notify_cancel():
                fut.set_result(failure("internal", reason))

    def _serve_failures(self) -> None:
        while not self.shared.closed.is_set():
            if self.shared.ready == 0:
                self._fail_queued("the sandbox could not start: " + self.shared.last_error)
            self.shared.closed.wait(IDLE_CHECK_S)


def _shutdown(shared: _Shared, slots: list[_Slot], wait: bool) -> None:
    with shared.lock:  # no submit can slip in between this and the final drain
        first = not shared.closed.is_set()
        shared.closed.set()
        shared.started.notify_all()
    if first:
        for _ in slots:
            shared.jobs.put(_STOP)
    if wait:  # also after a finalizer stopped without waiting: the slots release their leases
        for slot in slots:
            if slot is not threading.current_thread():
                slot.join(timeout=10)
    if not first:
        return
    # Anything still queued gets an answer.
    while True:
        try:
            item = shared.jobs.get_nowait()
        except queue.Empty:
            break
        if item is not _STOP and item[1].set_running_or_notify_cancel():
            item[1].set_result(failure("internal", "the sandbox was closed"))


# Sandboxes still open at interpreter exit are closed properly: their slot threads are daemons,
# and would otherwise die before releasing their leases (cgroups, lock files).
_LIVE: weakref.WeakSet[Sandbox] = weakref.WeakSet()


@atexit.register
def _close_live() -> None:
    for sb in list(_LIVE):
        sb.close()


class Sandbox:
    """Runs untrusted code in forked children of warm zygotes, `workers` runs at a time.

    `run` and `run_many` are thread-safe and block. Creating a Sandbox returns at once; the
    zygotes start in the background and the first run waits for one of them.
    """

    def __init__(self, workers: int = 1, *, hide_paths: Iterable[str] = (),
                 startup_timeout_s: float = 120.0, config: SandboxConfig | None = None) -> None:
        if workers < 1:
            raise ValueError("workers must be >= 1")
        self.config = config or SandboxConfig(hide_paths=tuple(hide_paths),
                                              startup_timeout_s=startup_timeout_s)
        self._shared = _Shared(workers)
        self._slots = [_Slot(i, self._shared, self.config) for i in range(workers)]
        for slot in self._slots:
            slot.start()
        self._finalizer = weakref.finalize(self, _shutdown, self._shared, self._slots, False)
        _LIVE.add(self)

    @property
    def workers(self) -> int:
        return len(self._slots)

    def wait_ready(self, timeout: float | None = None) -> bool:
        """Block until every slot has a warm zygote (or one failed to start)."""
        with self._shared.started:
            return self._shared.started.wait_for(
                lambda: self._shared.ready + self._shared.failed >= self.workers
                or self._shared.closed.is_set(), timeout)

    def submit(self, req: RunRequest) -> Future[RunResult]:
        if not isinstance(req, RunRequest):
            raise TypeError("Sandbox.run expects a RunRequest")
        fut: Future[RunResult] = Future()
        with self._shared.lock:
            if self._shared.closed.is_set():
                raise RuntimeError("the Sandbox is closed")
            self._shared.jobs.put((req, fut))
        return fut

    def run(self, req: RunRequest) -> RunResult:
        return self.submit(req).result()

    def run_many(self, reqs: Sequence[RunRequest]) -> list[RunResult]:
        """Run all requests spread over the workers; results in the order of `reqs`."""
        futures = [self.submit(r) for r in reqs]
        return [f.result() for f in futures]

    def slot_info(self) -> list[dict[str, Any]]:
        """What each slot runs with (zygote pid, uid, features); for tests and diagnostics."""
        info = []
        for slot in self._slots:
            w = slot.worker
            if w is None:
                continue
            info.append({"zygote_pid": w.info.get("pid"), "uid": w.lease.uid,
                         "features": w.info.get("features", []),
                         "notes": w.info.get("notes", []), "protections": w.protections(),
                         "threads": w.info.get("threads"), "torch": w.info.get("torch"),
                         "workbase": w.lease.workbase,
                         "starts": w.starts, "retries": w.retries,
                         "oom_kills": w.lease.cgroups.oom_kills() if w.lease.cgroups else 0,
                         "cgroup": str(w.lease.cgroups.pids_dir) if w.lease.cgroups else None})
        return info

    def protections(self, timeout: float | None = None) -> list[str]:
        """The protections every slot's runs have, e.g. ["uid", "cgroup-pids", ..., "seccomp"]
        (meanings in docs/security.md). Waits until the zygotes are ready; [] if none is."""
        self.wait_ready(timeout)
        sets = [w.protections() for s in self._slots if (w := s.worker) is not None and s.healthy]
        if not sets:
            return []
        return [p for p in sets[0] if all(p in other for other in sets[1:])]

    def close(self) -> None:
        self._finalizer.detach()
        _LIVE.discard(self)
        _shutdown(self._shared, self._slots, wait=True)

    def __enter__(self) -> Sandbox:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
