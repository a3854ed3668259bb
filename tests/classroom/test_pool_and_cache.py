"""grade's pool sizing and its use of the reference cache (no sandbox: a fake one)."""

from __future__ import annotations

import shutil
from pathlib import Path

from gradtutor.classroom.batch import run_shared
from gradtutor.classroom.grader import RUNS_PER_ZYGOTE, workers_for
from gradtutor.course.loader import load_course
from gradtutor.grading.reference_cache import ReferenceCache
from gradtutor.sandbox import RunRequest, RunResult

MINI = Path(__file__).parents[1] / "fixtures" / "mini"


class FakeSandbox:
    workers = 1

    def __init__(self) -> None:
        self.ran: list[RunRequest] = []

    def run_many(self, reqs: list[RunRequest]) -> list[RunResult]:
        self.ran += reqs
        return [RunResult(status="ok", values={e: {"kind": "none"} for e in r.expressions})
                for r in reqs]


def test_workers_follow_the_work() -> None:
    course = load_course(MINI / "exercises").course
    assert course is not None
    exercises = list(course.exercises)
    assert workers_for(1, exercises, 8) == 1  # a handful of runs: one zygote
    assert workers_for(1000, exercises, 8) == 8  # a class: every core
    assert workers_for(1000, exercises, 2) == 2
    small = workers_for(RUNS_PER_ZYGOTE, exercises, 64)
    assert 1 < small < 64


def test_shared_runs_come_from_the_cache_the_second_time(tmp_path: Path) -> None:
    shutil.copytree(MINI, tmp_path / "course")
    course = load_course(tmp_path / "course" / "exercises").course
    assert course is not None
    # grade draws fresh seeds: only the snippets and seed-free references can be hits.
    exercises = list(course.exercises)
    cache = ReferenceCache(tmp_path / "cache")
    first = FakeSandbox()
    run_shared(exercises, first, cache=cache)  # type: ignore[arg-type]
    second = FakeSandbox()
    shared = run_shared(exercises, second, cache=cache)  # type: ignore[arg-type]
    snippets = sum(e.kind == "predict" for e in exercises)
    assert snippets and len(second.ran) <= len(first.ran) - snippets
    assert all(s.results is not None and len(s.results) == len(s.requests)
               for s in shared.values())
