"""Gradescope autograder results.json for one learner (Gradescope grades one submission per
container). One test per question or check; hidden checks stay hidden until the due date."""

from __future__ import annotations

from typing import Any

from gradtutor.reports.model import ExerciseResult, ItemResult, LearnerResult
from gradtutor.views.escape import json_tree

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


def _before_due_date(ex: ExerciseResult) -> tuple[str, float, float, str]:
    """(status, score, max score, reason) of an exercise without what its hidden checks did.

    Gradescope hides after_due_date tests, and the total score while there are any, but not
    the `output` text: a score or status there that counted hidden checks would give their
    results away (all visible checks pass, yet "fail 3/5")."""
    hidden = [i for i in ex.items if i.hidden]
    if not hidden or ex.status not in ("pass", "fail"):
        return ex.status, ex.score, ex.max_score, ex.reason  # nothing about them to give away
    visible = [i for i in ex.items if not i.hidden]
    failed = sum(i.status != "pass" for i in visible)
    reason = ""
    if failed:
        reason = f"{failed} of {len(visible)} visible checks failed"
        raised = ex.reason.find("; your code raised")
        if raised >= 0:
            reason += ex.reason[raised:]
    return ("fail" if failed else "pass", sum(i.score for i in visible),
            sum(i.points for i in visible), reason)


def _summary(learner: LearnerResult) -> str:
    lines: list[str] = []
    score = max_score = withheld = 0.0
    for ex in learner.exercises:
        status, ex_score, ex_max, reason = _before_due_date(ex)
        score, max_score = score + ex_score, max_score + ex_max
        withheld += ex.max_score - ex_max
        line = f"- {ex.exercise_id}: {status} ({ex_score:g}/{ex_max:g})"
        if status != "pass" and reason:
            line += f": {reason}"
        lines.append(line)
        if ex.hidden_checks and ex.status in ("pass", "fail"):
            points = sum(i.points for i in ex.items if i.hidden)
            lines.append(f"  (+ {ex.hidden_checks} hidden check(s), {points:g} point(s): "
                         "results shown after the due date)" if ex_max < ex.max_score else
                         f"  ({ex.hidden_checks} hidden check(s) were run)")
    for note in learner.notes:
        lines.append(f"Note: {note}")
    head = f"Score: {learner.score:g}/{learner.max_score:g}"
    if withheld:
        head = (f"Score on visible tests: {score:g}/{max_score:g} (hidden checks worth "
                f"{withheld:g} point(s) are shown after the due date)")
    return "\n".join([head, "", *lines])


def to_gradescope(learner: LearnerResult, duration_s: float = 0.0) -> dict[str, Any]:
    tests = [_test(ex, n, item)
             for n, ex in enumerate(learner.exercises, 1) for item in ex.items]
    return json_tree({
        "score": learner.score,
        "execution_time": round(duration_s),
        "output": _summary(learner),
        "output_format": "text",
        "visibility": "visible",
        "stdout_visibility": "hidden",
        "extra_data": {"learner": learner.learner, "max_score": learner.max_score},
        "tests": tests,
    })
