"""Batch grading: the same verdicts as one-at-a-time grading, with shared runs, in one call."""

from __future__ import annotations

import dataclasses
import random
from pathlib import Path

import pytest

import gradtutor.text  # noqa: F401  (str() of a fact is English)
from gradtutor.classroom.batch import Task, grade_batch, plan_batch
from gradtutor.classroom.grader import grade_submissions
from gradtutor.classroom.submissions import find_submissions
from gradtutor.course.model import Course
from gradtutor.facts import Fact
from gradtutor.grading.code import grade_code, plan_runs
from gradtutor.grading.predict import grade_predict
from gradtutor.grading.verdict import Verdict
from gradtutor.reports.model import LearnerResult
from gradtutor.sandbox import Sandbox

RIGHT = ["None", "True", "RuntimeError"]
WRONG = ["tensor([3., 3.])", "True", "TypeError"]


def source(roster_dir: Path, learner: str, name: str) -> str:
    return (roster_dir / learner / name).read_text()


def essence(v: Verdict) -> tuple:
    return (v.status, v.reason, [(o.index, o.ok, o.differences, o.expected, o.got,
                                  o.misconception, o.points, o.hidden) for o in v.outcomes])


def test_plan_shares_snippet_and_reference_runs(weighted_course: Course) -> None:
    code, predict = weighted_course.get("mini-code"), weighted_course.get("mini-predict")
    tasks = [Task(code, "x = 1\n", "mini-code.py") for _ in range(3)]
    tasks += [Task(predict, RIGHT) for _ in range(3)]
    batch = plan_batch(tasks, rng=random.Random(1))
    variants = len(code.effective_variants)
    assert len(batch.requests) == variants + 1 + 3 * variants  # refs, snippet, learners
    # Every learner runs on the seeds and inputs of the shared reference runs.
    refs = batch.requests[:variants]
    for t in range(3):
        mine = batch.requests[variants + 1 + t * variants: variants + 1 + (t + 1) * variants]
        assert [(r.seed, r.inputs) for r in mine] == [(r.seed, r.inputs) for r in refs]
        assert all(r.filename == "mini-code.py" for r in mine)
    assert all("w.grad.sum().item() / scale" in r.expressions for r in refs), "hidden included"


def test_plan_rejects_answers_for_code(weighted_course: Course) -> None:
    with pytest.raises(TypeError, match="source text"):
        plan_batch([Task(weighted_course.get("mini-code"), ["a"])])


def test_batch_decides_like_grade_code_and_grade_predict(
    weighted_course: Course, roster_dir: Path, shared_sandbox: Sandbox
) -> None:
    code, fix = weighted_course.get("mini-code"), weighted_course.get("mini-fix")
    predict = weighted_course.get("mini-predict")
    work = [(code, source(roster_dir, "alice", "mini-code.py")),
            (code, source(roster_dir, "bob", "mini-code.py")),
            (fix, source(roster_dir, "bob", "mini-fix.py"))]
    tasks = [Task(ex, src, f"{ex.id}.py") for ex, src in work]
    tasks += [Task(predict, RIGHT), Task(predict, WRONG), Task(predict, RIGHT[:1])]
    batched = grade_batch(tasks, shared_sandbox, include_hidden=True, rng=random.Random(5))
    rng = random.Random(5)
    runs = {code.id: plan_runs(code, rng), fix.id: plan_runs(fix, rng)}  # batch's rng order
    single = [grade_code(ex, src, shared_sandbox, include_hidden=True, filename=f"{ex.id}.py",
                         runs=runs[ex.id]) for ex, src in work]
    single += [grade_predict(predict, a, shared_sandbox) for a in (RIGHT, WRONG, RIGHT[:1])]
    assert [essence(v) for v in batched] == [essence(v) for v in single]
    assert [v.status for v in batched] == ["pass", "fail", "fail", "pass", "fail", "fail"]
    assert batched[0].score == batched[0].max_score == 6.0, "weights and the hidden check"


def test_broken_reference_is_internal_for_everyone(
    weighted_course: Course, tmp_path: Path, shared_sandbox: Sandbox
) -> None:
    broken = tmp_path / "mini-code.py"
    broken.write_text("raise RuntimeError('the reference is broken')\n")
    code = dataclasses.replace(weighted_course.get("mini-code"), solution_path=broken)
    gone = dataclasses.replace(weighted_course.get("mini-fix"), solution_path=None)
    tasks = [Task(code, "x = 1\n"), Task(code, "y = 2\n"), Task(gone, "z = 3\n")]
    verdicts = grade_batch(tasks, shared_sandbox)
    assert [v.status for v in verdicts] == ["internal"] * 3
    assert "reference solution of mini-code failed" in str(verdicts[0].reason)
    assert "reference solution of mini-fix is missing" in str(verdicts[2].reason)


def test_grade_submissions_in_order_with_pipelined_chunks(
    mini_course_dir: Path, roster_dir: Path, shared_sandbox: Sandbox
) -> None:
    from gradtutor.course.loader import load_course

    course = load_course(mini_course_dir).course
    assert course is not None
    subs = [s for s in find_submissions(roster_dir).submissions if s.learner != "carol"]
    seen: list[tuple[int, int, str]] = []

    def on_learner(done: int, total: int, result: LearnerResult) -> None:
        seen.append((done, total, result.learner))

    results = grade_submissions(subs, list(course.exercises), shared_sandbox, chunk=1,
                                on_learner=on_learner)
    names = [s.learner for s in subs]
    assert [r.learner for r in results] == names
    assert seen == [(i + 1, len(names), n) for i, n in enumerate(names)]
    status = {r.learner: {e.exercise_id: e.status for e in r.exercises} for r in results}
    assert status["alice"] == {"mini-predict": "pass", "mini-code": "pass", "mini-fix": "pass"}
    assert status["bob"] == {"mini-predict": "fail", "mini-code": "fail", "mini-fix": "fail"}
    assert status["dave"] == {"mini-predict": "missing", "mini-code": "pass",
                              "mini-fix": "missing"}
    assert status["erin"]["mini-predict"] == "error"
    assert status["frank"]["mini-code"] == "fail", "the planted solutions/ is never used"


def test_a_blank_answer_is_no_answer(weighted_course: Course, shared_sandbox: Sandbox) -> None:
    # answers.yaml `- ` or `- ~` in the middle of a list: "no answer", not a wrong answer
    # compared with the truth ("the printed text goes on after your answer ends").
    predict = weighted_course.get("mini-predict")
    (v,) = grade_batch([Task(predict, ["", " ", "RuntimeError"])], shared_sandbox)
    assert [(o.ok, [str(d) for d in o.differences], o.misconception) for o in v.outcomes] == [
        (False, ["no answer given"], None), (False, ["no answer given"], None), (True, [], None)]
    assert v.status == "fail" and str(v.reason) == "2 of 3 questions not answered"


def test_predict_feedback_never_quotes_the_truth(
    weighted_course: Course, shared_sandbox: Sandbox
) -> None:
    # Answering "Type: message" to a question whose answer is a value made compare say
    # "expected None, but evaluating it raised ...", which `conceal` let through.
    predict = weighted_course.get("mini-predict")
    (v,) = grade_batch([Task(predict, ["RuntimeError: boom", "True", "RuntimeError"])],
                       shared_sandbox)
    q1 = v.outcomes[0]
    assert not q1.ok and [str(d) for d in q1.differences] == ["evaluating it raises no error"]
    assert q1.expected is None


_RAISED = Fact.of("compare.raised_instead", expected="True", raised="a: b")
_LENGTH = Fact.of("compare.length", expected=Fact.of("compare.thing.items", n=2), got=1,
                  detail=Fact.of("compare.count_both", missing="tensor([1.])", unexpected="3"))


@pytest.mark.parametrize("difference, concealed", [
    (Fact.of("compare.raised_instead", expected="None", raised="RuntimeError: x"),
     "evaluating it raises no error"),
    (Fact.of("compare.at", path="[1]", what=_RAISED), "at [1]: evaluating it raises no error"),
    (Fact.of("compare.order", items="False, True"), "the same items, in a different order"),
    (Fact.of("compare.length", expected=Fact("compare.thing.one_item"), got=2,
             detail=Fact.of("compare.count_missing", missing="True")),
     "your answer is wrong: the value is not 2"),
    (_LENGTH, "your answer is wrong: the value is not 1 (unexpected 3)"),
    (Fact.of("compare.missing_keys", keys="'a', 'b'"), "some keys are missing"),
    (Fact.of("compare.expected_got", expected="None", got="RuntimeError"),
     "your answer is wrong: the value is not RuntimeError"),
])
def test_differences_that_would_quote_the_truth(difference: Fact, concealed: str) -> None:
    from gradtutor.grading.predict import conceal

    assert str(conceal(difference)) == concealed
