"""Run the `claims` of a course against live torch, for `gradtutor validate`.

A claim backs one statement of an exercise's text with code; it holds when the code runs to
its end without raising. A claim that fails is drift: torch no longer does what the text says,
so the text (or the claim) must change. The runs are planned here and batched by `validate`
with the rest of its runs, so the sandbox workers stay busy.

    runs, requests = plan_claims(course)
    results = sandbox.run_many(other_requests + requests)
    problems = claim_problems(runs, results[len(other_requests):])
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from gradtutor.course.model import Claim, Course, Exercise, Problem
from gradtutor.sandbox import RunRequest, RunResult

#: Evaluated after each claim ran, so a failure names the torch it failed under.
TORCH_VERSION_EXPR = "__import__('torch').__version__"
CLAIM_FILENAME = "claim.py"
_FIX = "fix the text or the claim, so that they say what torch does"


@dataclass(frozen=True)
class ClaimRun:
    """One claim of one exercise; its result is at the same index as its request."""

    exercise: Exercise
    index: int
    claim: Claim


def plan_claims(course: Course) -> tuple[list[ClaimRun], list[RunRequest]]:
    """One sandbox run per claim of every exercise, in course order."""
    runs: list[ClaimRun] = []
    requests: list[RunRequest] = []
    for ex in course.exercises:
        for i, claim in enumerate(ex.claims):
            runs.append(ClaimRun(ex, i, claim))
            requests.append(
                RunRequest(
                    code=claim.code,
                    filename=CLAIM_FILENAME,
                    expressions=(TORCH_VERSION_EXPR,),
                    seed=0,  # a fixed seed: a claim holds or fails the same way every time
                    timeout_s=ex.timeout,
                )
            )
    return runs, requests


def claim_problems(runs: Sequence[ClaimRun], results: Sequence[RunResult]) -> list[Problem]:
    """A problem, at the failing line, for every claim that does not hold."""
    if len(runs) != len(results):
        raise ValueError(f"{len(results)} results for {len(runs)} claims")
    version = next((v for r in results if (v := _torch_version(r))), "?")
    problems = []
    for run, result in zip(runs, results, strict=True):
        problem = _judge(run, result, _torch_version(result) or version)
        if problem is not None:
            problems.append(problem)
    return problems


def _torch_version(result: RunResult) -> str | None:
    value = result.values.get(TORCH_VERSION_EXPR, {})
    return value.get("value") if value.get("kind") == "str" else None


def _judge(run: ClaimRun, result: RunResult, version: str) -> Problem | None:
    claim, ex = run.claim, run.exercise
    if result.status == "ok":
        return None
    if result.status == "exception" and result.exception:
        exc = result.exception
        line = exc.get("line")
        detail = _exception_line(exc, claim, line)
        return Problem(
            ex.path,
            claim.file_line(line),
            None,
            f"claim about {claim.about} no longer holds under torch {version}: {detail}",
            _FIX,
        )
    # Timed out, out of memory, sys.exit, crashed: the claim says nothing either way.
    return Problem(
        ex.path,
        claim.line,
        None,
        f"claim about {claim.about} did not run to its end under torch {version}: "
        f"{result.reason or result.status}",
        "make the claim's code finish quickly within the exercise's timeout, without "
        "calling exit",
    )


def _exception_line(exc: dict, claim: Claim, line: int | None) -> str:
    """`Type: first line of the message`, or the failing statement for a bare assert."""
    message = str(exc.get("message") or "").strip().splitlines()
    kind = str(exc.get("type") or "Exception")
    if message:
        return f"{kind}: {message[0]}"
    lines = claim.code.splitlines()
    if line and 0 < line <= len(lines):
        return f"{kind} in `{lines[line - 1].strip()}`"
    return kind
