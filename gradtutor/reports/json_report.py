"""Our JSON report, schema "gradtutor-grade/1" (documented in docs/grading.md).

Compatible changes (new keys) keep the version; anything else bumps it.
"""

from __future__ import annotations

import time
from typing import Any

from gradtutor.reports.model import (
    STATUSES,
    ExerciseResult,
    GradeReport,
    ItemResult,
    LearnerResult,
)

SCHEMA = "gradtutor-grade/1"


def _item(item: ItemResult) -> dict[str, Any]:
    return {
        "name": item.name, "index": item.index, "label": item.label, "status": item.status,
        "points": item.points, "score": item.score, "hidden": item.hidden,
        "message": item.message, "expected": item.expected, "got": item.got,
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
    learners = [_learner(x) for x in report.learners]
    return {
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
        "learners": learners,
    }
