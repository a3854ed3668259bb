"""Grade code and fix exercises: learner and reference run on the same variants, check by check."""

from __future__ import annotations

import random
import re
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from gradtutor.compare import PredictionError, compare, parse_prediction
from gradtutor.compare.saying import named
from gradtutor.course.model import Check, Exercise
from gradtutor.facts import Fact
from gradtutor.grading.tolerance import observation_tolerance, prediction_tolerance
from gradtutor.grading.verdict import Outcome, Verdict, cannot_run_here
from gradtutor.sandbox import RunRequest, RunResult, Sandbox

if TYPE_CHECKING:
    from gradtutor.grading.reference_cache import ReferenceCache

# Statuses under which a submission did not run to a point where checks mean anything.
NOT_RUN = {"timeout", "memory", "output_limit", "crashed", "exit", "internal"}
# How the sandbox reports SystemExit (sandbox/harness.py): "sys.exit(<repr of the code>) was
# called [at line N]". A code of 0, None or False is a normal end of the program: `sys.exit()`,
# `sys.exit(0)`, `raise SystemExit`, `sys.exit(main())` where main returns None.
_CLEAN_EXIT = re.compile(r"sys\.exit\((?:0|None|False)\) was called(?: at line \d+)?")


def clean_exit(result: RunResult) -> bool:
    """Did the program end by a SystemExit that means success (docs/grading.md)?"""
    return result.status == "exit" and _CLEAN_EXIT.fullmatch(result.reason or "") is not None


def ended_normally(result: RunResult) -> bool:
    """Ran to its end, or exited cleanly: its checked values are final."""
    return result.status == "ok" or clean_exit(result)


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


def _where(line: int | None) -> Fact | str:
    return Fact.of("grading.on_line", line=line) if line else ""


def run_failure(result: RunResult) -> Fact | str | None:
    """Why a learner run cannot be graded, in one line; None when it ran (maybe raising)."""
    if clean_exit(result):
        return None
    if result.status in NOT_RUN:
        return result.reason
    exc = result.exception
    if exc and exc["type"] in ("SyntaxError", "IndentationError", "TabError"):
        return Fact.of("grading.syntax", error=named(exc["type"]), where=_where(exc.get("line")),
                       message=exc["message"])
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
                   Fact.of("grading.no_reference", id=exercise.id))


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

    Split from `grade_code` so batch grading (grading/batch.py) decides exactly the same way.
    """
    hidden = 0 if include_hidden else sum(c.hidden for c in exercise.checks)
    observations = [r.to_json() for r in mine]

    for ref in refs:
        if not ended_normally(ref):
            detail = ref.reason or (ref.exception or {}).get("message", "")
            return cannot_run_here(
                exercise.id, exercise.kind,
                Fact.of("grading.reference_failed", id=exercise.id, detail=detail),
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
                           Fact.of("grading.check_fails_on_reference", expr=repr(o.expr),
                                   type=o.expected["type"], message=o.expected["message"]),
                           observations=observations, hidden_checks=hidden)
    raised = next((r.exception for r in mine if r.status == "exception" and r.exception), None)
    if raised:
        # A program that ends in an exception never passes, even if its checked values were
        # final before it raised (often the very error a fix exercise is about).
        outcomes = [_unfinished(o, raised) if o.ok else o for o in outcomes]
    passed = not raised and all(o.ok for o in outcomes)
    failed = sum(not o.ok for o in outcomes)
    reason: Fact | str = "" if passed else Fact.of("grading.checks_failed", failed=failed,
                                                   n=len(outcomes))
    if raised:
        reason = Fact.of("grading.checks_failed_raised", failed=failed, n=len(outcomes),
                         type=raised["type"], where=_where(raised.get("line")),
                         message=raised["message"])
    # With the learner's source, a failure leads with its warnings/errors explained.
    from gradtutor.explain import explain_observations  # only on a failure: a slow import

    explanations = [] if passed or source is None else [
        e.to_json() for e in explain_observations(source, mine[0])
    ]
    return Verdict(exercise.id, exercise.kind, "pass" if passed else "fail", reason, outcomes,
                   observations=observations, hidden_checks=hidden, explanations=explanations)


def _unfinished(outcome: Outcome, raised: dict[str, Any]) -> Outcome:
    return replace(outcome, ok=False, differences=[
        Fact.of("grading.unfinished", type=raised["type"], where=_where(raised.get("line")))])


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
                got=None if check.hidden else got,
                differences=[*result.hints, *result.differences],
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
