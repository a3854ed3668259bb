"""Running in the background: the sandbox starts while the first screen is drawn, runs go to a
daemon thread, and the shell waits for them with "running…" when they are slow.

The snippet of a predict exercise runs as soon as the exercise is shown (`Runs.prefetch`), so
the truth is ready when the answer comes.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import Future
from concurrent.futures import TimeoutError as FutureTimeout
from typing import TYPE_CHECKING, TypeVar

from gradtutor.course.model import Exercise
from gradtutor.grading.predict import RAN, snippet_request
from gradtutor.sandbox import RunRequest, RunResult, Sandbox

if TYPE_CHECKING:
    from gradtutor.shell.context import UI

SLOW_S = 0.4  # say "running…" when a run takes longer than this
START_GRACE_S = 2.0  # a run waits this long for the shell to start the sandbox itself
T = TypeVar("T")


class SandboxHolder:
    """Starts the torch sandbox in the background so the first screen never waits for it."""

    def __init__(self, factory: Callable[[], Sandbox] | None = None,
                 sandbox: Sandbox | None = None, on_ready: Callable[[], None] | None = None):
        # One worker: runs take ~30 ms once warm, and on a small machine a second zygote
        # importing torch at the same time delays the first answer by seconds.
        self._factory = factory or (lambda: Sandbox(workers=1))
        self._sandbox = sandbox
        self._owned = sandbox is None
        self._created = threading.Event()
        self.state = "ready" if sandbox else "idle"
        self.error = ""
        self.on_ready = on_ready
        if sandbox:
            self._created.set()

    def start(self) -> None:
        if self.state != "idle":
            return
        self.state = "starting"
        threading.Thread(target=self._start, name="gradtutor-sandbox-start", daemon=True).start()

    def _start(self) -> None:
        try:
            self._sandbox = self._factory()
        except Exception as exc:
            self.state, self.error = "failed", f"{type(exc).__name__}: {exc}"
            self._created.set()
            return
        self._created.set()
        self._sandbox.wait_ready()
        self.state = "ready"
        if self.on_ready:
            self.on_ready()

    def get(self) -> Sandbox:
        # The shell starts it once the first prompt is drawn; a run asked for before that
        # (the snippet prefetch) waits a moment for it rather than competing with the drawing.
        if not self._created.wait(START_GRACE_S):
            self.start()
        self._created.wait()
        if self._sandbox is None:
            raise RuntimeError(f"the sandbox could not start: {self.error}")
        return self._sandbox

    def close(self, wait_s: float = 1.0) -> None:
        """Leave promptly: a zygote still importing torch, or a learner's endless loop, would
        hold Sandbox.close() for seconds. Past `wait_s` the process exits anyway and the
        zygote dies with it (parent-death signal)."""
        if self._owned and self._sandbox is not None:
            closer = threading.Thread(target=self._sandbox.close, daemon=True)
            closer.start()
            closer.join(wait_s if self.state == "ready" else 0.1)


def background(fn: Callable[[], T]) -> Future[T]:
    """Run `fn` in a daemon thread. Not a ThreadPoolExecutor: its workers are joined at
    interpreter exit, so a run still going on would keep `quit` waiting."""
    fut: Future[T] = Future()

    def work() -> None:
        if not fut.set_running_or_notify_cancel():
            return
        try:
            fut.set_result(fn())
        except BaseException as exc:
            fut.set_exception(exc)

    threading.Thread(target=work, name="gradtutor-run", daemon=True).start()
    return fut


class Runs:
    """The sandbox jobs of one shell: waited for with a word when slow, snippets cached."""

    def __init__(self, holder: SandboxHolder, ui: UI,
                 say: Callable[..., None]) -> None:
        self.holder = holder
        self.ui = ui
        self.say = say  # ShellContext.say: (key, *styles, **fields)
        self._snippets: dict[str, Future[RunResult]] = {}
        self._lock = threading.Lock()

    def wait(self, fut: Future[T], limit_s: float | None = None) -> T:
        """Wait for a sandbox job; Ctrl-C abandons it (the run ends by its own time limit).
        A slow one is said with how to stop it, and its time limit when it is one run's."""
        with self.ui.busy():
            try:
                return fut.result(timeout=SLOW_S)
            except FutureTimeout:
                if self.holder.state != "ready":
                    self.say("torch_wait", "dim")
                elif limit_s is not None:
                    self.say("running_limit", "dim", limit=f"{limit_s:g}")
                else:
                    self.say("running_stop", "dim")
            return fut.result()

    def call(self, fn: Callable[[Sandbox], T]) -> T:
        """`fn(sandbox)` in the background, waited for."""
        return self.wait(background(lambda: fn(self.holder.get())))

    def run(self, req: RunRequest) -> RunResult:
        return self.wait(background(lambda: self.holder.get().run(req)), req.timeout_s)

    def prefetch(self, ex: Exercise) -> Future[RunResult]:
        """Run the snippet as soon as it is shown: the truth is ready when the answer comes."""
        with self._lock:
            fut = self._snippets.get(ex.id)
            if fut is None:
                req = snippet_request(ex)
                fut = background(lambda: self.holder.get().run(req))
                self._snippets[ex.id] = fut
        return fut

    def snippet(self, ex: Exercise) -> RunResult | None:
        """The snippet's run; None (said) when it could not run."""
        result = self.wait(self.prefetch(ex), ex.timeout)
        if result.status not in RAN:
            with self._lock:
                self._snippets.pop(ex.id, None)  # the sandbox may recover: try again next time
            self.say("snippet_failed", "red", reason=result.reason)
            return None
        return result
