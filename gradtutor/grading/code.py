"""Grade code and fix exercises: learner and reference run on the same variants, check by check."""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from gradtutor.compare import PredictionError, compare, parse_prediction
from gradtutor.compare.values import article
from gradtutor.course.model import Check, Exercise
from gradtutor.grading.tolerance import observation_tolerance, prediction_tolerance
from gradtutor.grading.verdict import Outcome, Verdict, cannot_run_here
from gradtutor.sandbox import RunRequest, RunResult, Sandbox

if TYPE_CHECKING:
    from gradtutor.grading.reference_cache import ReferenceCache

# Statuses under which a submission did not run to a point where checks mean anything.
NOT_RUN = {"timeout", "memory", "output_limit", "crashed", "exit", "internal"}


@dataclass(frozen=True)
class Run:
    """One variant as the grader chose it: the same for learner and reference."""

    inputs: dict[str, Any]
    seed: int


def plan_runs(exercise: Exercise, rng: random.Random | None = None) -> list[Run]:
    """The parent picks the seeds, so a submission cannot know them in advance."""
    rng = rng or random.SystemRandom()
    variants = [v.inputs for v in exercise.variants] or [{}]
    return [
        Run(dict(inputs), rng.randrange(1, 2**31) if exercise.random_seed else 0)
        for inputs in variants
    ]


def active_checks(exercise: Exercise, include_hidden: bool) -> list[tuple[int, Check]]:
    return [(i, c) for i, c in enumerate(exercise.checks) if include_hidden or not c.hidden]


def requests_for(
    exercise: Exercise, code: str, filename: str, runs: list[Run], include_hidden: bool
) -> list[RunRequest]:
    exprs = tuple(c.expr for _, c in active_checks(exercise, include_hidden))
    return [
        RunRequest(code=code, filename=filename, expressions=exprs, seed=r.seed,
                   inputs=r.inputs, timeout_s=exercise.timeout)
        for r in runs
    ]


def run_failure(result: RunResult) -> str | None:
    """Why a learner run cannot be graded, in one line; None when it ran (maybe raising)."""
    if result.status in NOT_RUN:
        return result.reason
    exc = result.exception
    if exc and exc["type"] in ("SyntaxError", "IndentationError", "TabError"):
        where = f" on line {exc['line']}" if exc.get("line") else ""
        return f"your code has {article(exc['type'])} {exc['type']}{where}: {exc['message']}"
    return None


def grade_code(
    exercise: Exercise,
    source: str,
    sandbox: Sandbox,
    *,
    lang: str = "en",
    include_hidden: bool = False,
    filename: str = "submission.py",
    runs: list[Run] | None = None,
    cache: ReferenceCache | None = None,
) -> Verdict:
    if exercise.solution_path is None or not exercise.solution_path.is_file():
        return missing_reference(exercise)
    reference = exercise.solution_path.read_text(encoding="utf-8")
    runs = runs if runs is not None else plan_runs(exercise)
    learner_reqs = requests_for(exercise, source, filename, runs, include_hidden)
    ref_reqs = requests_for(exercise, reference, exercise.solution_path.name, runs, include_hidden)
    if cache is not None:  # reference observations from the cache where held
        mine, refs = cache.run(exercise, ref_reqs, sandbox.run_many, learner_reqs)
    else:
        results = sandbox.run_many(learner_reqs + ref_reqs)
        mine, refs = results[: len(runs)], results[len(runs):]
    return code_verdict(exercise, mine, refs, lang=lang, include_hidden=include_hidden,
                        source=source)


def missing_reference(exercise: Exercise) -> Verdict:
    return Verdict(exercise.id, exercise.kind, "internal",
                   f"the reference solution of {exercise.id} is missing")


def code_verdict(
    exercise: Exercise,
    mine: list[RunResult],
    refs: list[RunResult],
    *,
    lang: str = "en",
    include_hidden: bool = False,
    source: str | None = None,
) -> Verdict:
    """The decision on finished runs: learner and reference results, variant by variant.

    Split from `grade_code` so batch grading (classroom/batch.py) decides exactly the same way.
    """
    hidden = 0 if include_hidden else sum(c.hidden for c in exercise.checks)
    observations = [r.to_json() for r in mine]

    for ref in refs:
        if ref.status != "ok":
            detail = ref.reason or (ref.exception or {}).get("message", "")
            return cannot_run_here(exercise.id, exercise.kind,
                                   f"the reference solution of {exercise.id} failed: {detail}",
                                   observations=observations, hidden_checks=hidden)
    for r in mine:
        why = run_failure(r)
        if why:
            return Verdict(exercise.id, exercise.kind, "error", why,
                           observations=observations, hidden_checks=hidden)

    outcomes = [
        _outcome(exercise, index, check, mine, refs, lang)
        for index, check in active_checks(exercise, include_hidden)
    ]
    for o in outcomes:
        if o.expected is not None and o.expected.get("kind") == "error":
            return Verdict(exercise.id, exercise.kind, "internal",
                           f"check {o.expr!r} fails on the reference solution: "
                           f"{o.expected['type']}: {o.expected['message']}",
                           observations=observations, hidden_checks=hidden)
    passed = all(o.ok for o in outcomes)
    failed = sum(not o.ok for o in outcomes)
    reason = "" if passed else f"{failed} of {len(outcomes)} checks failed"
    raised = next((r.exception for r in mine if r.exception), None)
    if raised and not passed:
        where = f" on line {raised['line']}" if raised.get("line") else ""
        reason += f"; your code raised {raised['type']}{where}: {raised['message']}"
    # With the learner's source, a failure leads with its warnings/errors explained.
    from gradtutor.explain import explain_observations  # only on a failure: a slow import

    explanations = [] if passed or source is None else [
        e.to_json() for e in explain_observations(source, mine[0], lang)
    ]
    return Verdict(exercise.id, exercise.kind, "pass" if passed else "fail", reason, outcomes,
                   observations=observations, hidden_checks=hidden, explanations=explanations)


def _outcome(
    exercise: Exercise, index: int, check: Check,
    mine: list[RunResult], refs: list[RunResult], lang: str,
) -> Outcome:
    label = check.label.get(lang) if check.label else check.expr
    missing = {"kind": "error", "type": "Missing", "message": "not evaluated"}
    tol = observation_tolerance(check.tolerance)
    for v, (m, r) in enumerate(zip(mine, refs, strict=True)):
        expected = r.values.get(check.expr, missing)
        got = m.values.get(check.expr, missing)
        result = compare(expected, got, tol, prediction=False)
        if not result.ok:
            return Outcome(
                index, label, False, expected=None if check.hidden else expected,
                got=None if check.hidden else got, differences=list(result.differences),
                misconception=_misconception(exercise, index, got, lang), variant=v,
                hidden=check.hidden, points=check.points, expr=check.expr,
            )
    first = refs[0].values.get(check.expr, missing) if refs else None
    return Outcome(index, label, True, expected=None if check.hidden else first,
                   hidden=check.hidden, points=check.points, expr=check.expr)


def _misconception(exercise: Exercise, index: int, got: dict[str, Any], lang: str) -> str | None:
    for m in exercise.misconceptions:
        if m.target != index:
            continue
        try:
            wrong = parse_prediction(m.answer)
        except PredictionError:
            continue
        if compare(got, wrong, prediction_tolerance(None), prediction=True).ok:
            return m.message.get(lang)
    return None
