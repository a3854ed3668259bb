"""A per-learner time budget: one learner's slow programs cannot hold up the class.

Every learner's runs may use `TimeBudget.seconds` of run time in all (each run counts the
time it ran, measured by the sandbox; a run stopped at its time limit counts that limit).
A learner's runs are queued in exercise order, at most one per worker at a time; once the
budget is used up, the runs not yet started are not run, and the exercises they belong to
are graded error, "time budget used up". Runs already started finish, so a learner may
overshoot by at most one time limit per worker. Other learners are unaffected: their runs
are queued beside, never behind, the slow learner's (docs/grading.md, "Time per learner").
"""

from __future__ import annotations

import threading
from collections import deque
from collections.abc import Sequence
from concurrent.futures import Future
from dataclasses import dataclass, field

from gradtutor.sandbox import RunRequest, RunResult, Sandbox

DEFAULT_BUDGET_S = 60.0
SKIPPED_REASON = "not run: the learner's time budget was used up"


@dataclass
class TimeBudget:
    """Seconds of run time per learner, and what each learner has used (across batches)."""

    seconds: float = DEFAULT_BUDGET_S
    spent: dict[str, float] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def used_up(self, learner: str) -> bool:
        return self.spent.get(learner, 0.0) >= self.seconds

    def charge(self, learner: str, result: RunResult, request: RunRequest) -> None:
        seconds = max(0.0, float(result.duration_ms or 0.0) / 1000)
        if result.status == "timeout":
            seconds = max(seconds, request.timeout_s)
        with self.lock:
            self.spent[learner] = self.spent.get(learner, 0.0) + seconds

    def reason(self) -> str:
        return (f"time budget used up: this learner's programs ran for {self.seconds:g} s in "
                "all, so this exercise was not run")


def run_budgeted(sandbox: Sandbox, requests: Sequence[RunRequest],
                 owners: Sequence[str | None], budget: TimeBudget) -> list[RunResult | None]:
    """Run `requests` (owner None: not a learner's, e.g. a reference run) on `sandbox`; a
    result is None for a learner's run skipped because the budget was used up."""
    results: list[RunResult | None] = [None] * len(requests)
    queues: dict[str, deque[int]] = {}
    for i, owner in enumerate(owners):
        if owner is not None:
            queues.setdefault(owner, deque()).append(i)
    window = max(1, sandbox.workers)
    done = threading.Condition()
    pending = [0]

    def submit(i: int) -> None:
        with done:
            pending[0] += 1
        future = sandbox.submit(requests[i])
        future.add_done_callback(lambda f, i=i: finished(i, f))

    taking = threading.Lock()

    def next_of(owner: str) -> None:
        with taking:
            queue = queues[owner]
            i = queue.popleft() if queue and not budget.used_up(owner) else None
        if i is not None:
            submit(i)

    def finished(i: int, future: Future[RunResult]) -> None:
        try:
            result = future.result()
        except Exception as exc:  # the sandbox failed: that run is the grader's problem
            result = RunResult(status="internal", reason=f"{type(exc).__name__}: {exc}")
        results[i] = result
        owner = owners[i]
        if owner is not None:
            budget.charge(owner, result, requests[i])
            next_of(owner)
        with done:
            pending[0] -= 1
            done.notify_all()

    for i, owner in enumerate(owners):
        if owner is None:
            submit(i)
    for owner in queues:
        for _ in range(window):
            next_of(owner)
    with done:
        done.wait_for(lambda: pending[0] == 0)
    return results
