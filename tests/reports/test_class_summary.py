"""What the class got wrong (reports/class_summary.py), from synthetic verdicts."""

from __future__ import annotations

import json

from gradtutor.classroom.submissions import Work
from gradtutor.course.model import Course
from gradtutor.grading.verdict import Outcome, Verdict
from gradtutor.reports import (
    GradeReport,
    LearnerResult,
    exercise_result,
    to_json_report,
    to_markdown,
)
from gradtutor.reports.class_summary import class_summary, to_text

MISCON = "x was rebound on line 3, so it is a non-leaf now."


def predict_result(course: Course, oks: list[bool], miscon: str | None = None):
    ex = course.get("mini-predict")
    outcomes = [Outcome(i, q.ask.get("en"), ok, misconception=None if ok else miscon)
                for i, (q, ok) in enumerate(zip(ex.questions, oks, strict=False))]
    verdict = Verdict(ex.id, ex.kind, "pass" if all(oks) else "fail", "", outcomes)
    return exercise_result(ex, Work(ex.id, "ready", "answers.yaml", work=[]), verdict)


def code_result(course: Course, oks: list[bool], raised: str | None = None):
    ex = course.get("mini-code")
    outcomes = [Outcome(i, c.expr, ok, hidden=c.hidden, expr=c.expr)
                for i, (c, ok) in enumerate(zip(ex.checks, oks, strict=True))]
    runs = [{"exception": {"type": "RuntimeError", "message": raised + "\nmore"},
             "warnings": [{"category": "UserWarning", "message": "\x1b[31mred"}]}] \
        if raised else []
    verdict = Verdict(ex.id, ex.kind, "pass" if all(oks) else "fail", "", outcomes,
                      observations=runs)
    return exercise_result(ex, Work(ex.id, "ready", "mini-code.py", work=""), verdict)


def report(course: Course) -> GradeReport:
    n = len(course.get("mini-predict").questions)
    right, wrong_first = [True] * n, [False] + [True] * (n - 1)
    learners = []
    for i in range(6):
        predict = predict_result(course, wrong_first if i < 4 else right,
                                 MISCON if i < 3 else None)
        code = code_result(course, [True, i >= 2, True], "element 0 of tensors does not "
                           "require grad" if i < 2 else None)
        learners.append(LearnerResult(f"l{i}", f"/r/l{i}", [predict, code]))
    missing = exercise_result(course.get("mini-code"),
                              Work("mini-code", "missing", "mini-code.py", reason="absent"), None)
    learners.append(LearnerResult("l6", "/r/l6", [predict_result(course, right), missing]))
    return GradeReport(learners, [course.get("mini-predict"), course.get("mini-code")])


def test_counts_misconceptions_checks_and_errors_sorted(weighted_course: Course) -> None:
    s = class_summary(report(weighted_course))
    assert s.learners == 7
    first = s.items[0]
    assert (first.exercise_id, first.name) == ("mini-predict", "q1")
    assert (first.attempted, first.right, first.affected) == (7, 3, 4)
    assert [(c.text, c.learners) for c in first.misconceptions] == [(MISCON, 3)]
    assert first.unmatched == 1
    code = next(i for i in s.items if i.kind == "code")
    assert (code.attempted, code.right, code.affected) == (6, 4, 2)  # l6 handed nothing in
    assert code.failed_checks[0].learners == 2 and code.failed_checks[0].text.startswith("check2")
    assert code.behind[0].text == "RuntimeError: element 0 of tensors does not require grad"
    assert code.behind[0].learners == 2
    affected = [i.affected for i in s.items]
    assert affected == sorted(affected, reverse=True)


def test_every_channel_shows_it_escaped(weighted_course: Course) -> None:
    r = report(weighted_course)
    text = to_text(class_summary(r))
    assert "mini-predict q1: 3/7 right" in text and MISCON in text
    assert "\x1b" not in text and "\\x1b" in text
    md = to_markdown(r)
    assert "### What the class got wrong" in md and "4 | 3/7" in md and "\x1b" not in md
    data = json.loads(json.dumps(to_json_report(r)))
    top = data["class"]["items"][0]
    assert top["misconceptions"] == [{"text": MISCON, "learners": 3}]
    code = next(i for i in data["class"]["items"] if i["kind"] == "code")
    assert code["errors_and_warnings"][1]["text"] == "UserWarning: \\x1b[31mred"
