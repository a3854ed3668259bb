"""`gradtutor validate`: check a course against its schema and against live torch.

Every problem names its file and line and says how to fix it. All runs of the whole course
are batched through one sandbox so the workers stay busy.
"""

from __future__ import annotations

import json
import random
import time
from dataclasses import dataclass, field
from pathlib import Path

from gradtutor.compare import PredictionError, compare, format_value
from gradtutor.course.loader import load_course
from gradtutor.course.model import Course, Exercise, Problem, Question
from gradtutor.course.review import review_course
from gradtutor.grading.claims import claim_problems, plan_claims
from gradtutor.grading.code import Run, plan_runs, requests_for
from gradtutor.grading.predict import (
    RAN,
    judge,
    parse_answer,
    snippet_request,
    truth_of,
    unrecorded_exception,
)
from gradtutor.grading.tolerance import observation_tolerance
from gradtutor.sandbox import RunRequest, RunResult, Sandbox

TORCH_VERSION_EXPR = "__import__('torch').__version__"


@dataclass
class Report:
    problems: list[Problem] = field(default_factory=list)
    exercises: int = 0
    runs: int = 0
    seconds: float = 0.0
    torch_version: str = "?"

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "warning"]


@dataclass
class _Job:
    """The runs one exercise needs, and where their results land in the batch."""

    exercise: Exercise
    start: int
    count: int
    runs: list[Run] = field(default_factory=list)


def validate_course(
    exercises_dir: Path, sandbox: Sandbox, solutions_dir: Path | None = None
) -> Report:
    started = time.perf_counter()
    loaded = load_course(exercises_dir, solutions_dir)
    report = Report(problems=list(loaded.problems))
    course = loaded.course
    if course is None:
        report.seconds = time.perf_counter() - started
        return report
    jobs, requests = _plan(course)
    claim_runs, claim_requests = plan_claims(course)
    results = sandbox.run_many(requests + claim_requests)
    report.problems += claim_problems(claim_runs, results[len(requests):])
    report.problems += review_course(course)
    report.runs = len(results)
    report.exercises = len(jobs)
    for job in jobs:
        mine = results[job.start: job.start + job.count]
        if job.exercise.kind == "predict":
            report.problems += _check_predict(job.exercise, mine)
            version = mine[0].values.get(TORCH_VERSION_EXPR, {}).get("value")
            if isinstance(version, str):
                report.torch_version = version
        else:
            report.problems += _check_code(job, mine)
    report.seconds = time.perf_counter() - started
    return report


def _plan(course: Course) -> tuple[list[_Job], list[RunRequest]]:
    jobs: list[_Job] = []
    requests: list[RunRequest] = []
    for ex in course.exercises:
        if ex.kind == "predict":
            req = snippet_request(ex)
            # Two runs: the truth must not depend on chance.
            batch = [_with_version(req), req]
        else:
            if ex.solution_path is None or not ex.solution_path.is_file():
                continue  # the loader already reported the missing solution
            # A fixed generator keeps validate reproducible while still using distinct seeds.
            runs = plan_runs(ex, random.Random(ex.id))
            if len(runs) == 1:
                runs.append(Run(runs[0].inputs, runs[0].seed + 1 if ex.random_seed else 0))
            solution = ex.solution_path.read_text(encoding="utf-8")
            starter = ex.starter or ""
            batch = (
                requests_for(ex, solution, ex.solution_path.name, runs, True)
                + requests_for(ex, solution, ex.solution_path.name, runs[:1], True)
                + requests_for(ex, starter, "starter.py", runs, True)
            )
            jobs.append(_Job(ex, len(requests), len(batch), runs))
            requests += batch
            continue
        jobs.append(_Job(ex, len(requests), len(batch)))
        requests += batch
    return jobs, requests


def _with_version(req: RunRequest) -> RunRequest:
    return RunRequest(code=req.code, filename=req.filename,
                      expressions=(*req.expressions, TORCH_VERSION_EXPR),
                      seed=req.seed, inputs=req.inputs, timeout_s=req.timeout_s)


def _line(ex: Exercise, key: str, offset: int = 0) -> int | None:
    """The file line of `key`, or of line `offset` of its code block when offset > 0."""
    if offset and key in ("snippet", "starter"):
        return ex.file_position(key, offset)[0]
    return ex.lines.get(key)


def _problem(ex: Exercise, line: int | None, message: str, fix: str,
             severity: str = "error") -> Problem:
    return Problem(ex.path, line, None, message, fix, severity)


def _shown(truth: dict | str) -> str:
    return truth if isinstance(truth, str) else format_value(truth)


def _check_predict(ex: Exercise, results: list[RunResult]) -> list[Problem]:
    first, second = results
    if first.status not in RAN:
        return [_problem(ex, _line(ex, "snippet"), f"the snippet did not finish: {first.reason}",
                         "make the snippet finish within its timeout without crashing")]
    raised = unrecorded_exception(ex, first)
    if raised is not None:
        # Not judged further: every truth after an unexpected exception is what a crash left
        # behind, and an answer "fixed" to match it would be wrong wherever torch works.
        return [_unrecorded(ex, raised)]
    out: list[Problem] = []
    for i, q in enumerate(ex.questions):
        out += _check_question(ex, i, q, first, second)
    return out


def _check_question(ex: Exercise, i: int, q: Question, first: RunResult,
                    second: RunResult) -> list[Problem]:
    where = q.line
    truth = truth_of(q, first)
    if truth_of(q, second) != truth:
        return [_problem(ex, where, f"question {i + 1} has a different answer on each run",
                         "remove the randomness from the snippet (seed it)")]
    unusable = _unusable_truth(ex, i, q, truth)
    if unusable is not None:
        return [unusable]
    out: list[Problem] = []
    shown = _shown(truth)
    if q.answer is None:
        out.append(_problem(
            ex, where, f"question {i + 1} has no recorded answer, so drift goes unnoticed",
            f"add `answer: {json.dumps(shown, ensure_ascii=False)}`", "warning"))
    else:
        try:
            parse_answer(q, q.answer) if isinstance(truth, dict) else None
        except PredictionError as e:
            return [_problem(ex, where, f"question {i + 1}: the recorded answer "
                             f"{q.answer!r} cannot be read: {e}",
                             "write it as torch prints it, e.g. tensor([2., 2.])")]
        ok, diffs = judge(q, truth, q.answer, reveal=True)
        if not ok:
            out.append(_problem(
                ex, q.lines.get("answer", where),
                f"question {i + 1}: drift: recorded answer {q.answer!r}, but "
                f"torch now gives {shown!r} ({'; '.join(diffs)})",
                f"update `answer:` to {json.dumps(shown, ensure_ascii=False)} if torch's "
                "behaviour changed, or fix the snippet"))
    exc = first.exception
    if q.error and q.message and exc and not _starts_with(exc["message"], q.message):
        out.append(_problem(
            ex, q.lines.get("message", where),
            f"question {i + 1}: drift: the error message now reads {exc['message']!r}",
            "update `message:` to the start of the new message"))
    for m in q.misconceptions:
        if judge(q, truth, m.answer)[0]:
            out.append(_problem(
                ex, where, f"question {i + 1}: misconception answer {m.answer!r} is the "
                "right answer", "a misconception must be a wrong answer; change or remove it"))
    return out


def _unusable_truth(ex: Exercise, i: int, q: Question, truth: dict | str) -> Problem | None:
    """A question whose truth cannot be an answer: an expression that raised, a line that
    prints nothing, an error question whose snippet raises none."""
    where = q.line
    if q.expr and isinstance(truth, dict) and truth.get("kind") == "error":
        return _problem(
            ex, where, f"question {i + 1}: evaluating `{q.expr}` after the snippet raised "
            f"{truth['type']}: {truth['message']}",
            "ask about an expression that exists after the snippet ran")
    if q.print_line is not None and truth == "":
        return _problem(
            ex, where, f"question {i + 1}: line {q.print_line} of the snippet prints nothing",
            "point `print_line` at a snippet line that calls print()")
    if q.error and truth == {"kind": "none"}:
        return _problem(ex, where, f"question {i + 1} asks for an error, but the snippet "
                        "raises none", "make the snippet raise, or drop `error: true`")
    return None


def _unrecorded(ex: Exercise, exc: dict) -> Problem:
    """The snippet raised an exception its exercise does not record (grading refuses it:
    "this exercise cannot run here")."""
    recorded = [q for q in ex.questions if q.error]
    if not recorded:
        expected, fix = "no question records an error (`error: true`)", (
            "if the snippet runs cleanly elsewhere, this machine's torch cannot run it "
            "(docs/sandbox.md); otherwise make it run cleanly, or add a question with "
            "`error: true`")
    else:
        q = recorded[0]
        expected = f"the exercise records {q.answer or 'an error'}" + (
            f" starting {q.message!r}" if q.message else "")
        fix = ("run the snippet under a torch that works: if it raises the recorded error "
               "there, this machine cannot run it (docs/sandbox.md); if torch itself changed the "
               "error, record the new one in the error question")
    message = (str(exc.get("message")).strip().splitlines() or [""])[0]
    return _problem(ex, _line(ex, "snippet", exc.get("line") or 0),
                    f"the snippet raised {exc.get('type')} here: {message}; {expected}", fix)


def _starts_with(message: str, start: str) -> bool:
    return " ".join(message.split()).startswith(" ".join(start.split()))


def _check_code(job: _Job, results: list[RunResult]) -> list[Problem]:
    ex, n = job.exercise, len(job.runs)
    solution, again, starter = results[:n], results[n: n + 1], results[n + 1:]
    sol_path = ex.solution_path
    assert sol_path is not None
    out: list[Problem] = []
    for r in solution + again:
        if r.status != "ok":
            exc = r.exception or {}
            what = (f"raised {exc.get('type')} here: {exc.get('message')}" if exc
                    else f"did not finish here: {r.reason}")
            return [Problem(sol_path, exc.get("line"), None,
                            f"the reference solution {what}",
                            "make solutions/<id>.py run without errors for every variant; if "
                            "it does elsewhere, this machine's torch cannot run it "
                            "(docs/sandbox.md)")]
    for i, check in enumerate(ex.checks):
        value = solution[0].values.get(check.expr, {})
        if value.get("kind") == "error":
            out.append(_problem(
                ex, check.line, f"check {i + 1} `{check.expr}` fails on the reference solution: "
                f"{value['type']}: {value['message']}",
                "fix the expression, or define the names it uses in the solution"))
        elif again[0].values.get(check.expr) != value:
            out.append(_problem(
                ex, check.line, f"check {i + 1} `{check.expr}` gives different values on two runs "
                "of the reference solution with the same seed and inputs",
                "make it deterministic: use the grader's seed, not time or addresses"))
    if out:
        return out
    if all(_all_checks_pass(ex, s, r) for s, r in zip(starter, solution, strict=True)):
        out.append(_problem(ex, _line(ex, "starter"), "the starter already passes every check",
                            "the starter must fail at least one check, so it is not solved yet"))
    varying = any(
        solution[0].values.get(c.expr) != other.values.get(c.expr)
        for c in ex.checks for other in solution[1:]
    )
    if not varying:
        out.append(_problem(
            ex, _line(ex, "checks"), "every check gives the same value in every variant, "
            "so a hard-coded answer would pass",
            "add `variants` with different inputs, or build the data from the grader's seed",
            "warning"))
    return out


def _all_checks_pass(ex: Exercise, mine: RunResult, ref: RunResult) -> bool:
    if mine.status != "ok":
        return False
    return all(
        compare(ref.values.get(c.expr, {}), mine.values.get(c.expr, {}),
                observation_tolerance(c.tolerance)).ok
        for c in ex.checks
    )
