"""Grade many pieces of work (many learners, many exercises) with one call to the sandbox.

`grade_code`/`grade_predict` block on the sandbox once per piece of work; grading a class
that way leaves workers idle. Here all runs of a batch are planned first, run with a single
`Sandbox.run_many` (spread over every worker), and then decided by the very functions
`grade_code`/`grade_predict` use (`code_verdict`, `predict_verdict`), so a batch grades
exactly as `check` does.

Runs that do not depend on the learner are shared: the predict snippet runs once per exercise,
and the reference solution once per exercise and variant; every learner gets the same
grader-chosen seeds, picked when the shared runs are planned. They are shared by a batch, or
by a whole class when run once up front with `run_shared` and passed to every batch.

    tasks = [Task(ex_code, source, "mini-code.py"), Task(ex_predict, ["None", "True"])]
    verdicts = grade_batch(tasks, sandbox, include_hidden=True)   # in the order of tasks

    shared = run_shared(exercises, sandbox)                        # a class, in chunks
    for chunk in chunks:
        verdicts = grade_batch(chunk, sandbox, shared=shared)
"""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from gradtutor.course.model import Exercise
from gradtutor.grading.code import (
    Run,
    code_verdict,
    missing_reference,
    plan_runs,
    requests_for,
)
from gradtutor.grading.predict import predict_verdict, snippet_request
from gradtutor.grading.verdict import Verdict
from gradtutor.sandbox import RunRequest, RunResult, Sandbox

if TYPE_CHECKING:
    from gradtutor.grading.reference_cache import ReferenceCache


@dataclass(frozen=True)
class Task:
    """One piece of work: a program (code/fix) or answers in question order (predict)."""

    exercise: Exercise
    work: str | Sequence[str]
    filename: str = "submission.py"


@dataclass
class Shared:
    """The learner-independent runs of one exercise: the snippet, or the reference solution
    on every variant (with the seeds every learner gets), and once run, their results."""

    exercise: Exercise
    include_hidden: bool
    runs: list[Run] = field(default_factory=list)
    requests: list[RunRequest] = field(default_factory=list)
    results: list[RunResult] | None = None
    failure: Verdict | None = None  # decided without running (e.g. no reference solution)


def plan_shared(
    exercise: Exercise, *, include_hidden: bool = True, rng: random.Random | None = None
) -> Shared:
    ex = exercise
    s = Shared(ex, include_hidden)
    if ex.kind == "predict":
        if ex.snippet is None:
            s.failure = Verdict(ex.id, ex.kind, "internal", f"{ex.id} has no snippet")
        else:
            s.requests = [snippet_request(ex)]
        return s
    if ex.solution_path is None or not ex.solution_path.is_file():
        s.failure = missing_reference(ex)
        return s
    try:
        reference = ex.solution_path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        s.failure = Verdict(ex.id, ex.kind, "internal",
                            f"the reference solution of {ex.id} cannot be read: {exc}")
        return s
    s.runs = plan_runs(ex, rng)
    s.requests = requests_for(ex, reference, ex.solution_path.name, s.runs, include_hidden)
    return s


def run_shared(
    exercises: Sequence[Exercise],
    sandbox: Sandbox,
    *,
    include_hidden: bool = True,
    rng: random.Random | None = None,
    cache: ReferenceCache | None = None,
) -> dict[str, Shared]:
    """Plan and run the shared runs of `exercises` once, for any number of batches."""
    shared = {e.id: plan_shared(e, include_hidden=include_hidden, rng=rng) for e in exercises}
    if cache is not None:  # reference observations from the cache where held, one run_many
        cached = {i: [cache.get(s.exercise, r) for r in s.requests] for i, s in shared.items()}
        todo = [r for i, s in shared.items()
                for r, c in zip(s.requests, cached[i], strict=True) if c is None]
        fresh = iter(sandbox.run_many(todo) if todo else [])
        for i, s in shared.items():
            s.results = []
            for r, hit in zip(s.requests, cached[i], strict=True):
                if hit is None:  # ran now, in the order of `todo`
                    hit = next(fresh)
                    cache.put(s.exercise, r, hit)
                s.results.append(hit)
        return shared
    requests = [r for s in shared.values() for r in s.requests]
    results = sandbox.run_many(requests) if requests else []
    start = 0
    for s in shared.values():
        s.results = list(results[start: start + len(s.requests)])
        start += len(s.requests)
    return shared


@dataclass
class Batch:
    """Planned runs of a batch. Run `requests` (in any way) and pass the results in order to
    `verdicts`; planning and deciding are pure, so they are testable without a sandbox."""

    tasks: list[Task]
    requests: list[RunRequest]
    include_hidden: bool
    _shared: dict[str, Shared]
    _own_shared: list[tuple[Shared, int]]  # shared runs planned by this batch, and their start
    _own: list[tuple[int, int]]  # per task: (start, count) of its own runs

    def own_runs(self) -> list[tuple[int, int]]:
        """Per task, (start, count) of its own runs in `requests` (not the shared ones)."""
        return list(self._own)

    def verdicts(self, results: Sequence[RunResult], *, lang: str = "en") -> list[Verdict]:
        if len(results) != len(self.requests):
            raise ValueError(f"{len(results)} results for {len(self.requests)} requests")
        for s, start in self._own_shared:
            s.results = list(results[start: start + len(s.requests)])
        return [self._decide(i, results, lang) for i in range(len(self.tasks))]

    def _decide(self, i: int, results: Sequence[RunResult], lang: str) -> Verdict:
        task = self.tasks[i]
        ex = task.exercise
        shared = self._shared[ex.id]
        try:
            if shared.failure is not None:
                return shared.failure
            common = shared.results or []
            if ex.kind == "predict":
                answers = _answers(task.work)
                verdict = predict_verdict(ex, answers, common[0], lang=lang)
                return verdict
            start, count = self._own[i]
            mine = list(results[start: start + count])
            return code_verdict(ex, mine, common, lang=lang, include_hidden=self.include_hidden)
        except Exception as exc:  # a bug of ours must not sink the whole class
            return Verdict(ex.id, ex.kind, "internal",
                           f"gradtutor failed while grading: {type(exc).__name__}: {exc}")


def _answers(work: str | Sequence[str]) -> list[str]:
    return [work] if isinstance(work, str) else list(work)


def plan_batch(
    tasks: Sequence[Task],
    *,
    include_hidden: bool = True,
    rng: random.Random | None = None,
    shared: Mapping[str, Shared] | None = None,
) -> Batch:
    """Every run the batch needs: shared runs first (those `shared` does not already hold, one
    set per exercise), then the learners' own runs, on the shared runs' seeds and inputs."""
    requests: list[RunRequest] = []
    known: dict[str, Shared] = {}
    own_shared: list[tuple[Shared, int]] = []
    for task in tasks:
        ex = task.exercise
        if ex.id in known:
            continue
        given = (shared or {}).get(ex.id)
        if given is not None and given.results is not None:
            if given.include_hidden != include_hidden:
                raise ValueError(f"{ex.id}: shared runs were planned with include_hidden="
                                 f"{given.include_hidden}")
            known[ex.id] = given
            continue
        s = known[ex.id] = plan_shared(ex, include_hidden=include_hidden, rng=rng)
        own_shared.append((s, len(requests)))
        requests += s.requests
    own: list[tuple[int, int]] = []
    for task in tasks:
        s = known[task.exercise.id]
        if task.exercise.kind == "predict" or s.failure is not None:
            own.append((len(requests), 0))
            continue
        if not isinstance(task.work, str):
            raise TypeError(f"{task.exercise.id}: the work of a {task.exercise.kind} exercise "
                            "is the program's source text")
        start = len(requests)
        requests += requests_for(task.exercise, task.work, task.filename, s.runs, include_hidden)
        own.append((start, len(requests) - start))
    return Batch(list(tasks), requests, include_hidden, known, own_shared, own)


def grade_batch(
    tasks: Sequence[Task],
    sandbox: Sandbox,
    *,
    lang: str = "en",
    include_hidden: bool = True,
    rng: random.Random | None = None,
    shared: Mapping[str, Shared] | None = None,
) -> list[Verdict]:
    """Grade every task with one `run_many`; verdicts in the order of `tasks`."""
    batch = plan_batch(tasks, include_hidden=include_hidden, rng=rng, shared=shared)
    results = sandbox.run_many(batch.requests) if batch.requests else []
    return batch.verdicts(results, lang=lang)
