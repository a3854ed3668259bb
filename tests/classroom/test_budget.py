"""The per-learner time budget, on a fake sandbox whose runs take the time they say."""

from __future__ import annotations

import threading
from concurrent.futures import Future

from gradtutor.classroom.budget import TimeBudget, run_budgeted
from gradtutor.sandbox import RunRequest, RunResult


class FakeSandbox:
    """Completes each run a little later, on another thread, with `duration_ms` from its
    code: long enough for every run of a window to have started."""

    def __init__(self, workers: int) -> None:
        self.workers = workers
        self.started: list[str] = []
        self.lock = threading.Lock()

    def submit(self, req: RunRequest) -> Future[RunResult]:
        with self.lock:
            self.started.append(req.code)
        future: Future[RunResult] = Future()
        ms = float(req.code.split(":")[1])
        status = "timeout" if ms >= req.timeout_s * 1000 else "ok"
        threading.Timer(0.05, future.set_result,
                        args=(RunResult(status=status, duration_ms=ms),)).start()
        return future


def _req(name: str, ms: float) -> RunRequest:
    return RunRequest(code=f"{name}:{ms}", timeout_s=5.0)


def test_a_slow_learner_stops_and_the_others_run_everything() -> None:
    slow = [_req(f"slow{i}", 5000) for i in range(6)]
    fast = [_req(f"fast{i}", 20) for i in range(6)]
    shared = [_req("reference", 6000)]
    requests = [*shared, *slow, *fast]
    owners = [None, *["slow"] * 6, *["fast"] * 6]
    budget = TimeBudget(8.0)
    sandbox = FakeSandbox(workers=1)
    results = run_budgeted(sandbox, requests, owners, budget)  # type: ignore[arg-type]
    assert results[0] is not None, "shared runs are never budgeted"
    assert all(r is not None for r in results[7:]), "the fast learner is unaffected"
    ran = [r for r in results[1:7] if r is not None]
    assert len(ran) == 2 and results[3:7] == [None] * 4  # 5 s + 5 s passes 8 s: stop there
    assert budget.spent["slow"] == 10.0 and budget.used_up("slow")
    assert not budget.used_up("fast")


def test_in_flight_runs_are_bounded_by_the_workers() -> None:
    sandbox = FakeSandbox(workers=3)
    requests = [_req(f"r{i}", 5000) for i in range(10)]
    budget = TimeBudget(1.0)
    results = run_budgeted(sandbox, requests, ["x"] * 10, budget)  # type: ignore[arg-type]
    assert sum(r is not None for r in results) == 3  # the first window, then nothing


def test_the_budget_carries_across_batches() -> None:
    budget = TimeBudget(1.0)
    sandbox = FakeSandbox(workers=1)
    first = run_budgeted(sandbox, [_req("a", 1500)], ["x"], budget)  # type: ignore[arg-type]
    again = run_budgeted(sandbox, [_req("b", 10)], ["x"], budget)  # type: ignore[arg-type]
    assert first[0] is not None and again == [None]
