"""Gradescope autograder results.json for one learner (Gradescope grades one submission per
container). One test per question or check; hidden checks stay hidden until the due date."""

from __future__ import annotations

from typing import Any

from gradtutor.reports.model import ExerciseResult, ItemResult, LearnerResult

_STATUS_WORD = {"fail": "wrong", "missing": "missing", "error": "could not run",
                "internal": "grader error"}


def _test(ex: ExerciseResult, number: int, item: ItemResult) -> dict[str, Any]:
    passed = item.status == "pass"
    name = f"{ex.exercise_id} {item.name}: {item.label}"
    output = "passed" if passed else f"{_STATUS_WORD[item.status]}: {item.message}"
    # Hidden checks keep visible ones from being gamed: their result shows after the due date
    # (their label and message never quote the expression or values; see reports/model.py).
    visibility = "after_due_date" if item.hidden else "visible"
    return {
        "name": name,
        "number": f"{number}.{item.index + 1}",
        "score": item.score,
        "max_score": item.points,
        "status": "passed" if passed else "failed",
        "output": output,
        "output_format": "text",
        "tags": [ex.exercise_id, ex.kind, item.status],
        "visibility": visibility,
    }


def _summary(learner: LearnerResult) -> str:
    lines = [f"Score: {learner.score:g}/{learner.max_score:g}", ""]
    for ex in learner.exercises:
        line = f"- {ex.exercise_id}: {ex.status} ({ex.score:g}/{ex.max_score:g})"
        if ex.status != "pass" and ex.reason:
            line += f": {ex.reason}"
        lines.append(line)
        if ex.hidden_checks:
            lines.append(f"  ({ex.hidden_checks} hidden check(s) were run)")
    for note in learner.notes:
        lines.append(f"Note: {note}")
    return "\n".join(lines)


def to_gradescope(learner: LearnerResult, duration_s: float = 0.0) -> dict[str, Any]:
    tests = [_test(ex, n, item)
             for n, ex in enumerate(learner.exercises, 1) for item in ex.items]
    return {
        "score": learner.score,
        "execution_time": round(duration_s),
        "output": _summary(learner),
        "output_format": "text",
        "visibility": "visible",
        "stdout_visibility": "hidden",
        "extra_data": {"learner": learner.learner, "max_score": learner.max_score},
        "tests": tests,
    }
