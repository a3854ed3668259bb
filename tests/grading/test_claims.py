"""Claims: planned one run each, judged at the failing line, and run by validate."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from gradtutor.course.loader import load_course
from gradtutor.course.model import Claim
from gradtutor.grading.claims import (
    CLAIM_FILENAME,
    TORCH_VERSION_EXPR,
    ClaimRun,
    claim_problems,
    plan_claims,
)
from gradtutor.grading.validate import validate_course
from gradtutor.sandbox import RunResult, Sandbox

CLAIMS = """\
claims:
  - about: explanation
    says: backward() fills the .grad of a leaf.
    code: |
      import torch
      w = torch.ones(3, requires_grad=True)
      (2.0 * w).sum().backward()
      assert w.grad.tolist() == [2.0, 2.0, 2.0]
  - about: hint 2
    says: A second backward() through the same graph raises.
    code: |
      import torch
      w = torch.ones(3, requires_grad=True)
      out = (3.0 * w).sum()
      out.backward()
      out.backward()
      assert w.grad.tolist() == [6.0, 6.0, 6.0]
"""


def _course_with_claims(tmp_path: Path, mini_course_dir: Path) -> tuple[Path, int]:
    """A copy of the mini course whose code exercise has CLAIMS; and the file line of the
    second claim's `out.backward()` that raises."""
    root = tmp_path / "course"
    shutil.copytree(mini_course_dir.parent, root)
    path = root / "exercises" / "basics" / "mini-code.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text + CLAIMS, encoding="utf-8")
    failing = len(text.splitlines()) + CLAIMS.splitlines().index("      out.backward()") + 2
    return root / "exercises", failing


def _run(ex_line: int = 10, code: str = "assert x\nassert y\n") -> ClaimRun:
    claim = Claim("hint 1", "x and y", code, line=ex_line, code_line=ex_line + 3)
    return ClaimRun(exercise=_exercise(), index=0, claim=claim)


def _exercise():
    loaded = load_course(Path(__file__).parents[1] / "fixtures" / "mini" / "exercises")
    assert loaded.course is not None
    return loaded.course.get("mini-code")


def _version(v: str = "2.13.0") -> dict:
    return {TORCH_VERSION_EXPR: {"kind": "str", "value": v}}


def test_one_run_per_claim_in_course_order(tmp_path: Path, mini_course_dir: Path) -> None:
    exercises, _ = _course_with_claims(tmp_path, mini_course_dir)
    course = load_course(exercises).course
    assert course is not None
    runs, requests = plan_claims(course)
    assert [(r.exercise.id, r.index, r.claim.about) for r in runs] == [
        ("mini-code", 0, "explanation"),
        ("mini-code", 1, "hint 2"),
    ]
    assert [r.code for r in requests] == [r.claim.code for r in runs]
    assert all(r.filename == CLAIM_FILENAME and TORCH_VERSION_EXPR in r.expressions
               for r in requests)


def test_a_claim_that_holds_is_no_problem() -> None:
    assert claim_problems([_run()], [RunResult(status="ok", values=_version())]) == []


def test_a_failing_claim_is_reported_at_its_failing_line() -> None:
    result = RunResult(
        status="exception",
        exception={"type": "AssertionError", "message": "", "line": 2, "traceback": ""},
        values=_version("2.14.0"),
    )
    (problem,) = claim_problems([_run(ex_line=10)], [result])
    assert (problem.line, problem.severity) == (14, "error"), "code line 2 is file line 13 + 1"
    assert problem.message == (
        "claim about hint 1 no longer holds under torch 2.14.0: AssertionError in `assert y`"
    )
    assert problem.fix.startswith("fix the text or the claim")


def test_an_exception_message_is_given_by_its_first_line() -> None:
    result = RunResult(
        status="exception",
        exception={"type": "RuntimeError", "message": "Trying to backward\nmore", "line": None,
                   "traceback": ""},
    )
    (problem,) = claim_problems([_run(ex_line=10)], [result])
    assert problem.line == 10, "no line known: the claim's own line"
    assert problem.message.endswith("under torch ?: RuntimeError: Trying to backward")


def test_a_claim_that_does_not_finish_is_an_error() -> None:
    result = RunResult(status="timeout", reason="timed out after 5 s")
    (problem,) = claim_problems([_run(ex_line=10)], [result])
    assert (problem.line, problem.severity) == (10, "error")
    assert "did not run to its end" in problem.message and "timed out" in problem.message


def test_results_must_match_the_runs() -> None:
    with pytest.raises(ValueError):
        claim_problems([_run()], [])


def test_validate_runs_claims_against_live_torch(
    tmp_path: Path, mini_course_dir: Path, shared_sandbox: Sandbox
) -> None:
    exercises, failing_line = _course_with_claims(tmp_path, mini_course_dir)
    report = validate_course(exercises, shared_sandbox)
    claims = [p for p in report.problems if "claim" in p.message]
    assert [(p.path.name, p.line, p.severity) for p in claims] == [
        ("mini-code.yaml", failing_line, "error")
    ], [str(p) for p in report.problems]
    message = claims[0].message
    assert message.startswith("claim about hint 2 no longer holds under torch 2."), message
    assert "RuntimeError: Trying to backward through the graph a second time" in message


def test_validate_warns_about_code_exercises_without_hidden_checks(
    mini_course_dir: Path, shared_sandbox: Sandbox
) -> None:
    report = validate_course(mini_course_dir, shared_sandbox)
    hidden = sorted((p.path.name, p.line) for p in report.warnings if "hidden check" in p.message)
    assert hidden == [("mini-code.yaml", 12), ("mini-fix.yaml", 12)]
