"""Grade predictions: run the snippet under live torch, then judge each answer with the truth.

Each answer is judged by the one answer path, `gradtutor.grading.answer`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from gradtutor.compare.reading import says_no_error
from gradtutor.course.model import Exercise, Question
from gradtutor.facts import Fact
from gradtutor.grading.answer import (
    AnswerOutcome,
    conceal,
    judge_answer,
    printed_at,
    read_answer,
    truth_of,
)
from gradtutor.grading.verdict import Outcome, Verdict, cannot_run_here
from gradtutor.sandbox import RunRequest, RunResult, Sandbox

__all__ = ["RAN", "conceal", "grade_predict", "judge", "matching_misconception", "parse_answer",
           "predict_verdict", "printed_at", "snippet_request", "truth_of",
           "unrecorded_exception"]

# Statuses under which the snippet's observations are real (it ran, maybe raising).
RAN = ("ok", "exception")


def snippet_request(exercise: Exercise, seed: int = 0) -> RunRequest:
    assert exercise.snippet is not None
    exprs = tuple(q.expr for q in exercise.questions if q.expr)
    return RunRequest(
        code=exercise.snippet,
        filename=f"{exercise.id}.py",
        expressions=exprs,
        seed=seed,
        timeout_s=exercise.timeout,
    )


def unrecorded_exception(exercise: Exercise, result: RunResult) -> dict[str, Any] | None:
    """The exception the snippet raised, when the exercise does not record it; else None.

    An `error: true` question records it, with its `answer` (the type) and `message` (its
    start) where given. Any other exception means the snippet did not run here as the course
    says it runs, and every answer would be judged against what a crash left behind."""
    exc = result.exception
    if not exc:
        return None
    for q in exercise.questions:
        if not q.error:
            continue
        if q.answer is not None:
            expected = q.answer.strip()
            if says_no_error(expected) or \
                    _short_type(expected) != _short_type(str(exc.get("type"))):
                continue
        if q.message and not " ".join(str(exc.get("message")).split()).startswith(
                " ".join(q.message.split())):
            continue
        return None
    return exc


def _short_type(name: str) -> str:
    return name.split(":", 1)[0].strip().rsplit(".", 1)[-1].lower()


def parse_answer(question: Question, text: str) -> dict[str, Any]:
    """The answer read by the one set of rules; raises PredictionError when unreadable."""
    reading = read_answer(question, text)
    if reading.problem is not None:
        raise reading.problem
    assert reading.value is not None
    return reading.value


def judge(
    question: Question, truth: dict[str, Any] | str, answer: str, *, reveal: bool = False
) -> tuple[bool, list[str]]:
    """Is `answer` right? (ok, differences in English): `judge_answer` for callers that want
    a pair of plain data, such as validate."""
    outcome = judge_answer(question, answer, truth=truth, reveal=reveal)
    return outcome.ok, [str(d) for d in outcome.differences]


def matching_misconception(question: Question, answer: str, lang: str) -> str | None:
    """The message of the misconception a wrong `answer` matches, in `lang`."""
    for m in question.misconceptions:
        outcome = judge_answer(question, answer, truth=_misconception_truth(question, m.answer))
        if outcome.ok:
            return m.message.get(lang)
    return None


def _misconception_truth(question: Question, wrong: str) -> dict[str, Any] | str:
    if question.print_line is not None:
        return wrong
    reading = read_answer(question, wrong)
    if reading.value is None:
        return {"kind": "other", "type": "unreadable", "repr": ""}
    if reading.value["kind"] == "error":
        return {"kind": "type", "name": reading.value["type"]}
    return reading.value


def grade_predict(
    exercise: Exercise,
    answers: Sequence[str],
    sandbox: Sandbox,
    *,
    lang: str = "en",
    result: RunResult | None = None,
) -> Verdict:
    """Grade `answers` (in question order). `result` lets callers reuse a run of the snippet."""
    too_many = _too_many_answers(exercise, answers)
    if too_many is not None:
        return too_many
    if result is None:
        result = sandbox.run(snippet_request(exercise))
    return predict_verdict(exercise, answers, result, lang=lang)


def _too_many_answers(exercise: Exercise, answers: Sequence[str]) -> Verdict | None:
    if len(answers) <= len(exercise.questions):
        return None
    return Verdict(exercise.id, exercise.kind, "error",
                   Fact.of("grading.too_many", given=len(answers), id=exercise.id,
                           n=len(exercise.questions)))


def predict_verdict(
    exercise: Exercise, answers: Sequence[str], result: RunResult, *, lang: str = "en"
) -> Verdict:
    """The decision on a finished run of the snippet (shared by many learners in a batch)."""
    too_many = _too_many_answers(exercise, answers)
    if too_many is not None:
        return too_many
    questions = exercise.questions
    if result.status not in RAN:
        return Verdict(exercise.id, exercise.kind, "internal",
                       Fact.of("grading.snippet_failed", reason=result.reason))
    raised = unrecorded_exception(exercise, result)
    if raised is not None:
        if any(q.error for q in questions):  # naming it would answer the error question
            why = Fact("grading.snippet_raised_unnamed")
        else:
            message = (str(raised.get("message")).strip().splitlines() or [""])[0][:200]
            why = Fact.of("grading.snippet_raised", type=str(raised.get("type")),
                          message=message)
        return cannot_run_here(exercise.id, exercise.kind, why)
    outcomes = [
        _outcome(i, q, answers[i] if i < len(answers) else None, result, lang)
        for i, q in enumerate(questions)
    ]
    passed = all(o.ok for o in outcomes)
    return Verdict(
        exercise.id, exercise.kind, "pass" if passed else "fail",
        "" if passed else _summary(outcomes),
        outcomes,
        observations=[result.to_json()] if passed else [],
        explanations=_explanations_for_wrong(exercise, outcomes, result, lang),
    )


def _outcome(i: int, q: Question, answer: str | None, result: RunResult, lang: str) -> Outcome:
    judged: AnswerOutcome = judge_answer(q, answer, result, lang=lang)
    return Outcome(
        i, q.ask.get(lang), judged.ok,
        # The truth is shown only once earned: predict exercises are about guessing it.
        expected=(_as_value(judged.truth) if judged.ok and judged.truth is not None else None),
        got=None, differences=list(judged.differences),
        misconception=judged.misconception.message.get(lang) if judged.misconception else None,
        points=q.points, expr=q.expr, status=judged.status,
        note=Fact("grading.recorded_answer_differs") if judged.recorded_differs else None,
    )


def _summary(outcomes: list[Outcome]) -> Fact:
    """"2 of 3 answers wrong", with the unanswered ones said apart: they are not wrong."""
    missing = sum(o.status == "missing" for o in outcomes)
    unreadable = sum(o.status == "unreadable" for o in outcomes)
    wrong = sum(not o.ok for o in outcomes) - missing - unreadable
    n = len(outcomes)
    if unreadable:
        return Fact.of("grading.answers_unreadable", wrong=wrong, unreadable=unreadable,
                       missing=missing, n=n)
    if not missing:
        return Fact.of("grading.answers_wrong", wrong=wrong, n=n)
    if not wrong:
        return Fact.of("grading.not_answered", missing=missing, n=n)
    return Fact.of("grading.answers_wrong_missing", wrong=wrong, missing=missing, n=n)


def _explanations_for_wrong(
    exercise: Exercise, outcomes: list[Outcome], result: RunResult, lang: str
) -> list[dict[str, Any]]:
    """Warnings behind a wrong answer, explained. Only warnings tied to that question's
    expression or printed line: explaining the snippet's error would give away error questions."""
    wrong = [exercise.questions[o.index] for o in outcomes if not o.ok]
    exprs = {q.expr for q in wrong if q.expr}
    lines = {q.print_line for q in wrong if q.print_line is not None}
    if not exprs and not lines:
        return []
    from gradtutor.explain import explain_observations  # only on a wrong answer: slow import

    assert exercise.snippet is not None
    return [
        e.to_json() for e in explain_observations(exercise.snippet, result)
        if e.kind == "warning" and (e.expr in exprs or (e.expr is None and e.line in lines))
    ]


def _as_value(truth: dict[str, Any] | str) -> dict[str, Any]:
    return {"kind": "str", "value": truth} if isinstance(truth, str) else truth
