"""Grade submissions against a course with one warm sandbox, in pipelined batches.

The learner-independent runs (snippets, reference solutions) run once for the whole class
(`run_shared`). Then learners are graded in chunks; each chunk is one `grade_batch` (one
`run_many`). Two chunks are in flight at a time so the workers never wait for a chunk's
slowest run (a timeout) before the next chunk's runs are queued. Results come back in learner
order, one callback per learner, so callers can show progress on a long run.
"""

from __future__ import annotations

import math
import random
from collections.abc import Callable, Iterator, Mapping, Sequence
from concurrent.futures import Future, ThreadPoolExecutor

from gradtutor.classroom.batch import Shared, Task, grade_batch, plan_batch, run_shared
from gradtutor.classroom.budget import SKIPPED_REASON, TimeBudget, run_budgeted
from gradtutor.classroom.submissions import Submission, Work
from gradtutor.course.model import Exercise
from gradtutor.grading.reference_cache import ReferenceCache, trusted_for_grading
from gradtutor.grading.verdict import Verdict
from gradtutor.reports.model import (
    MAX_MESSAGE,
    ExerciseResult,
    LearnerResult,
    cap_notes,
    exercise_result,
)
from gradtutor.sandbox import RunResult, Sandbox
from gradtutor.views.escape import cut

OnLearner = Callable[[int, int, LearnerResult], None]
RUNS_PER_WORKER = 16  # learner runs queued per worker in each chunk: keeps them all busy


def _runs_per_learner(exercises: Sequence[Exercise]) -> int:
    return sum(len(e.effective_variants) for e in exercises if e.kind != "predict") or 1


# A zygote's start costs about the CPU of 200 warm runs (3.7 s against 17 ms, loaded machine),
# but runs in parallel with the others: a second one pays off once there are a few dozen runs
# to share (bench/commands.py, grade of one submission).
RUNS_PER_ZYGOTE = 50


def workers_for(submissions: int, exercises: Sequence[Exercise], jobs: int) -> int:
    """Sandbox workers for grading: at most `jobs`, and no more zygotes than the runs
    (the learners' runs and the shared reference/snippet runs) can keep busy."""
    shared = sum(len(e.effective_variants) if e.kind != "predict" else 1 for e in exercises)
    runs = submissions * _runs_per_learner(exercises) + shared
    return max(1, min(jobs, math.ceil(runs / RUNS_PER_ZYGOTE)))


def chunk_size(exercises: Sequence[Exercise], workers: int) -> int:
    return max(1, math.ceil(RUNS_PER_WORKER * workers / _runs_per_learner(exercises)))


def _chunks(items: Sequence[Submission], size: int) -> Iterator[Sequence[Submission]]:
    for i in range(0, len(items), size):
        yield items[i: i + size]


def grade_chunk(
    submissions: Sequence[Submission],
    exercises: Sequence[Exercise],
    sandbox: Sandbox,
    *,
    lang: str = "en",
    notes_for: Callable[[Submission], list[str]] | None = None,
    rng: random.Random | None = None,
    shared: Mapping[str, Shared] | None = None,
    budget: TimeBudget | None = None,
) -> list[LearnerResult]:
    """Grade every exercise of every submission with one batch (reusing `shared` runs);
    with a `budget`, each learner's runs stop when their time is used up."""
    works: list[list[Work]] = [[s.work_for(e) for e in exercises] for s in submissions]
    tasks: list[Task] = []
    where: dict[tuple[int, int], int] = {}
    for si, row in enumerate(works):
        for ei, w in enumerate(row):
            if w.status == "ready" and w.work is not None:
                where[si, ei] = len(tasks)
                tasks.append(Task(exercises[ei], w.work, w.file))
    try:
        if budget is None:
            verdicts: list[Verdict] = grade_batch(tasks, sandbox, lang=lang,
                                                  include_hidden=True, rng=rng, shared=shared)
        else:
            learner_of = {ti: submissions[si].learner for (si, _), ti in where.items()}
            verdicts = _grade_budgeted(tasks, learner_of, sandbox, budget, lang, rng, shared)
    except Exception as exc:  # gradtutor failed: every graded exercise says so, none passes
        verdicts = [Verdict(t.exercise.id, t.exercise.kind, "internal",
                            f"gradtutor failed while grading: {type(exc).__name__}: {exc}")
                    for t in tasks]
    learners: list[LearnerResult] = []
    for si, sub in enumerate(submissions):
        results: list[ExerciseResult] = []
        for ei, ex in enumerate(exercises):
            ti = where.get((si, ei))
            results.append(_exercise_result(ex, works[si][ei],
                                            None if ti is None else verdicts[ti], lang))
        notes = cap_notes(notes_for(sub)) if notes_for else []
        learners.append(LearnerResult(sub.learner, str(sub.path), results, notes))
    return learners


def _exercise_result(ex: Exercise, work: Work, verdict: Verdict | None,
                     lang: str) -> ExerciseResult:
    """`exercise_result`, with each item's message at most MAX_MESSAGE characters (values
    printed in it included), and never an exception that would sink the whole chunk."""
    try:
        result = exercise_result(ex, work, verdict, lang)
    except Exception as exc:  # our bug, for this exercise of this learner only
        why = f"gradtutor failed while reporting: {type(exc).__name__}: {exc}"
        return exercise_result(ex, work, Verdict(ex.id, ex.kind, "internal", why), lang)
    for item in result.items:
        item.message = cut(item.message, MAX_MESSAGE)
    return result


def _grade_budgeted(tasks: Sequence[Task], learner_of: Mapping[int, str], sandbox: Sandbox,
                    budget: TimeBudget, lang: str, rng: random.Random | None,
                    shared: Mapping[str, Shared] | None) -> list[Verdict]:
    """`grade_batch`, with each learner's own runs under the time budget."""
    batch = plan_batch(tasks, include_hidden=True, rng=rng, shared=shared)
    owners: list[str | None] = [None] * len(batch.requests)
    for ti, (start, count) in enumerate(batch.own_runs()):
        for i in range(start, start + count):
            owners[i] = learner_of[ti]
    results = run_budgeted(sandbox, batch.requests, owners, budget)
    skipped = {owners[i] for i, r in enumerate(results) if r is None}
    filled = [r if r is not None else RunResult(status="timeout", reason=SKIPPED_REASON)
              for r in results]
    verdicts = batch.verdicts(filled, lang=lang)
    for ti, (start, count) in enumerate(batch.own_runs()):
        if learner_of[ti] in skipped and any(results[i] is None
                                             for i in range(start, start + count)):
            ex = tasks[ti].exercise
            verdicts[ti] = Verdict(ex.id, ex.kind, "error", budget.reason())
    return verdicts


def grade_submissions(
    submissions: Sequence[Submission],
    exercises: Sequence[Exercise],
    sandbox: Sandbox,
    *,
    lang: str = "en",
    notes_for: Callable[[Submission], list[str]] | None = None,
    on_learner: OnLearner | None = None,
    chunk: int | None = None,
    budget: TimeBudget | None = None,
    cache: ReferenceCache | None = None,
) -> list[LearnerResult]:
    """Grade all submissions; `on_learner(done, total, result)` is called in learner order.
    With a `cache`, reference and snippet observations are read from it where learner code
    cannot have written to it (grading/reference_cache.py), and stored in it."""
    size = chunk or chunk_size(exercises, sandbox.workers)
    total = len(submissions)
    done: list[LearnerResult] = []
    try:
        if cache is not None and not trusted_for_grading(sandbox.protections()):
            cache = None
        shared: Mapping[str, Shared] | None = run_shared(exercises, sandbox, cache=cache) \
            if submissions else None
    except Exception:  # each batch then plans its own shared runs (and reports any failure)
        shared = None
    # Two chunks in flight: the sandbox is thread-safe and its queue is shared by its workers.
    with ThreadPoolExecutor(max_workers=2, thread_name_prefix="gradtutor-grade") as pool:
        pending: list[tuple[Sequence[Submission], Future[list[LearnerResult]]]] = []
        chunks = iter(list(_chunks(submissions, size)))

        def submit_next() -> None:
            part = next(chunks, None)
            if part is not None:
                pending.append((part, pool.submit(grade_chunk, part, exercises, sandbox,
                                                  lang=lang, notes_for=notes_for,
                                                  shared=shared, budget=budget)))

        submit_next()
        submit_next()
        while pending:
            part, future = pending.pop(0)
            try:
                results = future.result()
            except Exception as exc:  # never lose a learner: they get internal errors
                results = [_failed(sub, exercises, lang, exc) for sub in part]
            for result in results:
                done.append(result)
                if on_learner:
                    on_learner(len(done), total, result)
            submit_next()
    return done


def _failed(sub: Submission, exercises: Sequence[Exercise], lang: str,
            exc: Exception) -> LearnerResult:
    why = f"gradtutor failed while grading: {type(exc).__name__}: {exc}"
    results = []
    for ex in exercises:
        file = "answers.yaml" if ex.kind == "predict" else f"{ex.id}.py"
        results.append(exercise_result(ex, Work(ex.id, "ready", file, ""),
                                       Verdict(ex.id, ex.kind, "internal", why), lang))
    return LearnerResult(sub.learner, str(sub.path), results)
