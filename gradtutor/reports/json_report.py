"""Our JSON report, schema "gradtutor-grade/1" (documented in docs/grading.md).

Compatible changes (new keys) keep the version; anything else bumps it.
"""

from __future__ import annotations

import json
import time
from typing import Any

from gradtutor.reports.class_summary import class_summary
from gradtutor.reports.model import (
    STATUSES,
    ExerciseResult,
    GradeReport,
    ItemResult,
    LearnerResult,
)
from gradtutor.views.escape import json_tree

SCHEMA = "gradtutor-grade/1"
# A typed value (an item's expected or got) larger than this, as JSON, is replaced by a
# marker: one learner's 15 MiB value must not make a 600 MiB report (docs/grading.md).
MAX_VALUE_CHARS = 16_384


def _value(value: dict[str, Any] | None) -> dict[str, Any] | None:
    if value is None:
        return None
    try:
        # Escaped and dumped, one character is at most 11 long (a backslash-U escape): a
        # value small unescaped is small escaped, and is escaped once, with the whole report.
        if len(json.dumps(value)) * 12 <= MAX_VALUE_CHARS:
            return value
    except (TypeError, ValueError, RecursionError):
        pass
    try:
        size = len(json.dumps(json_tree(value)))
    except (TypeError, ValueError, RecursionError):
        size = MAX_VALUE_CHARS + 1
    if size <= MAX_VALUE_CHARS:
        return value
    return {"kind": "omitted", "reason": "too large for the report", "chars": size}


def _item(item: ItemResult) -> dict[str, Any]:
    return {
        "name": item.name, "index": item.index, "label": item.label, "status": item.status,
        "points": item.points, "score": item.score, "hidden": item.hidden,
        "message": item.message, "expected": _value(item.expected), "got": _value(item.got),
    }


def _exercise(ex: ExerciseResult) -> dict[str, Any]:
    return {
        "id": ex.exercise_id, "kind": ex.kind, "title": ex.title, "status": ex.status,
        "reason": ex.reason, "file": ex.file, "score": ex.score, "max_score": ex.max_score,
        "hidden_checks": ex.hidden_checks, "duration_ms": round(ex.duration_ms, 3),
        "items": [_item(i) for i in ex.items],
    }


def _learner(learner: LearnerResult) -> dict[str, Any]:
    return {
        "learner": learner.learner, "path": learner.path, "status": learner.status,
        "score": learner.score, "max_score": learner.max_score,
        "counts": {s: learner.count(s) for s in STATUSES},
        "notes": list(learner.notes),
        "exercises": [_exercise(e) for e in learner.exercises],
    }


def to_json_report(report: GradeReport) -> dict[str, Any]:
    """The report as JSON data: every string inert and no int past the int-string limit
    (views/escape.py), so `json.dumps` always succeeds and no reader gets control characters."""
    learners = [_learner(x) for x in report.learners]
    return json_tree({
        "schema": SCHEMA,
        "gradtutor": report.gradtutor_version,
        "torch": report.torch_version,
        "started": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(report.started)),
        "duration_s": round(report.duration_s, 3),
        "shard": ({"index": report.shard[0], "total": report.shard[1]}
                  if report.shard else None),
        "course": {
            "title": report.course_title,
            "exercises": [{"id": e.id, "kind": e.kind, "max_score": e.total_points}
                          for e in report.exercises],
        },
        "summary": {
            "status": report.status,
            "learners": len(report.learners),
            "passed": sum(x.status == "pass" for x in report.learners),
            "score": report.score,
            "max_score": report.max_score,
            "exercises": {s: sum(x.count(s) for x in report.learners) for s in STATUSES},
        },
        # What the class got wrong, item by item (reports/class_summary.py).
        "class": class_summary(report).to_json(),
        "learners": learners,
    })
