"""The graded results every report is written from: learner → exercise → item.

An item is one question (predict) or one check (code/fix). Every question and check of a
graded exercise gets an item, whatever happened: a missing file or a syntax error makes each
item of that exercise `missing` or `error`, never absent, so no report can show a silent pass.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any, Literal

from gradtutor.classroom.submissions import Work
from gradtutor.course.model import Exercise
from gradtutor.grading.verdict import Outcome, Verdict
from gradtutor.text import say
from gradtutor.views.escape import cut
from gradtutor.views.verdict import plain_details

Status = Literal["pass", "fail", "missing", "error", "internal"]
STATUSES: tuple[Status, ...] = ("pass", "fail", "missing", "error", "internal")
# Which status describes a learner or a run with mixed results (the first one present wins).
_SEVERITY: tuple[Status, ...] = ("internal", "error", "fail", "missing", "pass")
HIDDEN_FAILED = "a hidden check failed (its expression and values are not shown)"
MAX_REASON = 300  # an exercise's reason is one line: a long exception message is cut
# Bounds on what one learner can put in a report (docs/grading.md, "Report sizes"): an item's
# message (values printed in it included), and the notes about a submission.
MAX_MESSAGE = 4000
MAX_NOTES = 20
MAX_NOTE = 300


def one_line(text: str, limit: int = MAX_REASON) -> str:
    return cut(" ".join(text.split()), limit)


def cap_notes(notes: list[str]) -> list[str]:
    """At most MAX_NOTES notes of one line each: an answers.yaml of 300,000 unknown keys
    makes 20 notes and a count, not 300,000 lines in every report."""
    out = [one_line(n, MAX_NOTE) for n in notes[:MAX_NOTES]]
    if len(notes) > MAX_NOTES:
        out.append(f"... and {len(notes) - MAX_NOTES} more note(s) like these, not shown")
    return out


def worst(statuses: list[Status]) -> Status:
    return next((s for s in _SEVERITY if s in statuses), "pass")


@dataclass
class ItemResult:
    """One question or check."""

    index: int
    name: str  # "q1", "check2": stable, short, used in test ids
    label: str  # the question asked, or the check's label (or expression)
    status: Status
    points: float
    score: float
    hidden: bool = False
    message: str = ""  # why it did not pass, for the learner; "" when passed
    expected: dict[str, Any] | None = None  # typed values, None when not to be shown
    got: dict[str, Any] | None = None
    misconception: str = ""  # the course's text for the known wrong answer it matched


@dataclass
class ExerciseResult:
    exercise_id: str
    kind: str
    title: str
    status: Status
    reason: str
    file: str  # the learner file graded ("answers.yaml", "mini-code.py")
    items: list[ItemResult]
    hidden_checks: int = 0  # hidden checks among the items (graded, never shown in detail)
    duration_ms: float = 0.0
    # The autograd errors and warnings of the learner's own runs ("RuntimeError: ..."), one
    # line each, for the class summary (reports/class_summary.py); empty on a pass.
    behind: list[str] = field(default_factory=list)

    @property
    def score(self) -> float:
        return sum(i.score for i in self.items)

    @property
    def max_score(self) -> float:
        return sum(i.points for i in self.items)


@dataclass
class LearnerResult:
    learner: str
    path: str
    exercises: list[ExerciseResult]
    notes: list[str] = field(default_factory=list)

    @property
    def score(self) -> float:
        return sum(e.score for e in self.exercises)

    @property
    def max_score(self) -> float:
        return sum(e.max_score for e in self.exercises)

    @property
    def status(self) -> Status:
        return worst([e.status for e in self.exercises])

    def count(self, status: Status) -> int:
        return sum(e.status == status for e in self.exercises)


@dataclass
class GradeReport:
    """A whole run of `gradtutor grade` (one shard of it when sharded)."""

    learners: list[LearnerResult]
    exercises: list[Exercise]
    course_title: str = ""
    gradtutor_version: str = ""
    torch_version: str = ""
    shard: tuple[int, int] | None = None
    started: float = field(default_factory=time.time)
    duration_s: float = 0.0
    lang: str = "en"

    @property
    def status(self) -> Status:
        return worst([learner.status for learner in self.learners])

    @property
    def score(self) -> float:
        return sum(learner.score for learner in self.learners)

    @property
    def max_score(self) -> float:
        return sum(learner.max_score for learner in self.learners)


def item_name(exercise: Exercise, index: int) -> str:
    return f"q{index + 1}" if exercise.kind == "predict" else f"check{index + 1}"


def _parts(exercise: Exercise, lang: str) -> list[tuple[str, float, bool]]:
    """(label, points, hidden) of every question or check, in order."""
    if exercise.kind == "predict":
        return [(q.ask.get(lang), q.points, False) for q in exercise.questions]
    # A hidden check's expression and values are never shown (docs/exercise-format.md), and
    # reports may reach learners: its label is a placeholder in every report.
    return [(f"hidden check {i + 1}" if c.hidden else c.label.get(lang) if c.label else c.expr,
             c.points, c.hidden) for i, c in enumerate(exercise.checks)]


def _message(exercise: Exercise, o: Outcome) -> str:
    return plain_details(o, exercise.kind) or "wrong"


def exercise_result(
    exercise: Exercise, work: Work, verdict: Verdict | None, lang: str = "en"
) -> ExerciseResult:
    """Combine what the submission held (`work`) with the verdict (None when nothing ran)."""
    title = exercise.title.get(lang)
    parts = _parts(exercise, lang)
    if verdict is None or work.status != "ready":
        status: Status = "missing" if work.status == "missing" else "error"
        reason = work.reason
        verdict_outcomes: dict[int, Outcome] = {}
        hidden_checks = 0
    else:
        status = verdict.status
        reason = say(verdict.reason, "en")
        verdict_outcomes = {o.index: o for o in verdict.outcomes}
        # Graded with hidden checks included: count them from the items (the verdict's count
        # is of hidden checks *not* run, which is 0 here).
        hidden_checks = sum(hidden for _, _, hidden in parts)
        if status == "pass" and len(verdict_outcomes) < len(parts):
            # A pass must cover every question and check: anything less is our bug.
            status, reason = "internal", "the verdict does not cover every question/check"
    items: list[ItemResult] = []
    for index, (label, points, hidden) in enumerate(parts):
        o = verdict_outcomes.get(index)
        name = item_name(exercise, index)
        if status in ("pass", "fail") and o is not None:
            message = "" if o.ok else HIDDEN_FAILED if hidden else _message(exercise, o)
            item: Status = "pass" if o.ok else "missing" if o.status == "missing" else "fail"
            items.append(ItemResult(
                index, name, label, item, points,
                points if o.ok else 0.0, hidden, message,
                None if hidden else o.expected, None if hidden else o.got,
                "" if o.ok or hidden else (o.misconception or "").strip()))
        else:
            item_status: Status = "fail" if status in ("pass", "fail") else status
            items.append(ItemResult(index, name, label, item_status, points, 0.0, hidden,
                                    reason or "not graded"))
    duration = 0.0
    if verdict is not None and exercise.kind != "predict":
        # The learner's own runs. A predict exercise has none: its snippet runs once for the
        # whole class (and its observations are kept only on a pass), so it counts 0.
        duration = sum(float(r.get("duration_ms") or 0.0) for r in verdict.observations)
    behind = [] if verdict is None or status == "pass" else _behind(verdict)
    return ExerciseResult(exercise.id, exercise.kind, title, status, one_line(reason),
                          work.file, items, hidden_checks, duration, behind)


MAX_BEHIND = 5
MAX_BEHIND_CHARS = 160


def _behind(verdict: Verdict) -> list[str]:
    """The errors and warnings the learner's runs met, "Type: first line", deduplicated:
    what a class summary counts behind failed checks. Learner text: writers escape it."""
    out: list[str] = []
    for run in verdict.observations:
        exc = run.get("exception") or {}
        found = [(exc.get("type"), exc.get("message"))] if exc else []
        found += [(w.get("category"), w.get("message")) for w in run.get("warnings") or []]
        for kind, message in found:
            first = (str(message or "").strip().splitlines() or [""])[0]
            text = one_line(f"{kind}: {first}" if first else str(kind), MAX_BEHIND_CHARS)
            if text not in out:
                out.append(text)
    return out[:MAX_BEHIND]
