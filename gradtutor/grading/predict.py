"""Grade predictions: run the snippet under live torch, then compare each answer with the truth."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from gradtutor.compare import PredictionError, compare, parse_prediction
from gradtutor.course.model import Exercise, Question
from gradtutor.grading.printed import describe_printed_difference, same_printed_text
from gradtutor.grading.tolerance import prediction_tolerance
from gradtutor.grading.verdict import Outcome, Verdict, cannot_run_here
from gradtutor.sandbox import RunRequest, RunResult, Sandbox

# Statuses under which the snippet's observations are real (it ran, maybe raising).
RAN = ("ok", "exception")
_NO_ERROR = {"none", "no error", "nothing", "no exception", "没有错误", "无"}


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


def printed_at(result: RunResult, line: int) -> str:
    """Everything the snippet printed while `line` ran, without the final newline."""
    text = "".join(p["text"] for p in result.prints if p["line"] == line)
    return text[:-1] if text.endswith("\n") else text


def truth_of(question: Question, result: RunResult) -> dict[str, Any] | str:
    """The true answer: a typed value, or the printed text for print_line questions."""
    if question.print_line is not None:
        return printed_at(result, question.print_line)
    if question.error:
        exc = result.exception
        return {"kind": "type", "name": exc["type"]} if exc else {"kind": "none"}
    assert question.expr is not None
    return result.values.get(question.expr, {"kind": "error", "type": "Missing", "message": ""})


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
            if expected.lower().rstrip(".") in _NO_ERROR or \
                    _short_type(expected) != _short_type(str(exc.get("type"))):
                continue
        if q.message and not " ".join(str(exc.get("message")).split()).startswith(
                " ".join(q.message.split())):
            continue
        return None
    return exc


def parse_answer(question: Question, text: str) -> dict[str, Any]:
    if question.error and text.strip().lower().rstrip(".") in _NO_ERROR:
        return {"kind": "none"}
    return parse_prediction(text)


# Differences from `compare` that would quote the truth, each with wording that does not.
# Besides "expected X, got Y", found by answering "RuntimeError: ..." to a question whose
# answer is a value, listing items in the wrong order, and the like.
_TRUTH_QUOTED: list[tuple[re.Pattern[str], Any]] = [
    # "expected True, but evaluating it raised RuntimeError: x"
    (re.compile(r"expected .*, but evaluating it raised .*$", re.DOTALL),
     "evaluating it raises no error"),
    # "same items in a different order: expected [False, True]"
    (re.compile(r"same items in a different order: expected .*$", re.DOTALL),
     "the same items, in a different order"),
    # "... (missing True; unexpected 3)": what is missing is the truth
    (re.compile(r" \(missing .*?(?:; (unexpected .*))?\)$", re.DOTALL),
     lambda m: f" ({m.group(1)})" if m.group(1) else ""),
    # "missing keys 'a', 'b'"
    (re.compile(r"missing keys? .*$", re.DOTALL), "some keys are missing"),
    # "requires_grad differs: expected False, got True" -> "requires_grad differs: not True"
    (re.compile(r"(^|: )expected .*?, got (.*)$", re.DOTALL),
     lambda m: f"{m.group(1)}not {m.group(2)}" if m.group(1)
     else f"your answer is wrong: the value is not {m.group(2)}"),
]


def conceal(difference: str) -> str:
    """Say what differs without quoting the truth: predicting it is the exercise."""
    for pattern, replacement in _TRUTH_QUOTED:
        difference = pattern.sub(replacement, difference)
    return difference


def judge(
    question: Question, truth: dict[str, Any] | str, answer: str, *, reveal: bool = False
) -> tuple[bool, list[str]]:
    """Is `answer` right? Returns (ok, differences in learner words).

    With reveal=False (learner feedback) the differences never quote the true answer;
    instructors' tools (validate) pass reveal=True.
    """
    if isinstance(truth, str):
        if same_printed_text(truth, answer):
            return True, []
        return False, [describe_printed_difference(truth, answer, reveal=reveal)]
    try:
        guess = parse_answer(question, answer)
    except PredictionError as exc:
        return False, [f"could not read your answer: {exc}"]
    if question.error:
        return _judge_error(truth, guess)
    result = compare(truth, guess, prediction_tolerance(question.tolerance), prediction=True)
    diffs = list(result.differences)
    return result.ok, diffs if reveal else [conceal(d) for d in diffs]


def _short_type(name: str) -> str:
    return name.rsplit(".", 1)[-1]


def _judge_error(truth: dict[str, Any], guess: dict[str, Any]) -> tuple[bool, list[str]]:
    if guess.get("kind") not in ("type", "none"):
        return False, ["name the exception type, such as RuntimeError, or answer None for no error"]
    if truth["kind"] == "none":
        return (guess["kind"] == "none"), ["the snippet raises no error"]
    if guess["kind"] == "none":
        return False, ["the snippet does raise an error"]
    ok = _short_type(truth["name"]) == _short_type(guess["name"])
    return ok, [] if ok else [f"the snippet raises a different error than {guess['name']}"]


def matching_misconception(question: Question, answer: str, lang: str) -> str | None:
    for m in question.misconceptions:
        wrong = m.answer
        if question.print_line is not None:
            hit = same_printed_text(wrong, answer)
        else:
            try:
                a, b = parse_answer(question, answer), parse_answer(question, wrong)
            except PredictionError:
                continue
            hit = compare(b, a, prediction_tolerance(question.tolerance), prediction=True).ok
        if hit:
            return m.message.get(lang)
    return None


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
    return Verdict(
        exercise.id, exercise.kind, "error",
        f"{len(answers)} answers given but {exercise.id} has {len(exercise.questions)} "
        "question(s)",
    )


def predict_verdict(
    exercise: Exercise, answers: Sequence[str], result: RunResult, *, lang: str = "en"
) -> Verdict:
    """The decision on a finished run of the snippet (shared by many learners in a batch)."""
    too_many = _too_many_answers(exercise, answers)
    if too_many is not None:
        return too_many
    questions = exercise.questions
    if result.status not in RAN:
        return Verdict(
            exercise.id, exercise.kind, "internal",
            f"the exercise's snippet could not run ({result.reason}); "
            "report this to your instructor",
        )
    raised = unrecorded_exception(exercise, result)
    if raised is not None:
        if any(q.error for q in questions):  # naming it would answer the error question
            why = "its snippet raised an error the exercise does not record"
        else:
            message = (str(raised.get("message")).strip().splitlines() or [""])[0][:200]
            why = (f"its snippet raised {raised.get('type')}: {message}, which the exercise "
                   "does not record")
        return cannot_run_here(exercise.id, exercise.kind,
                               why + "; report this to your instructor")
    outcomes: list[Outcome] = []
    for i, q in enumerate(questions):
        label = q.ask.get(lang)
        if i >= len(answers):
            outcomes.append(Outcome(i, label, False, differences=["no answer given"],
                                    points=q.points))
            continue
        truth = truth_of(q, result)
        if not answers[i].strip() and not (isinstance(truth, str) and not truth.strip()):
            # A blank entry (`- ` in answers.yaml) is no answer, not a wrong one. It can still
            # be right: a question about a line that prints nothing.
            outcomes.append(Outcome(i, label, False, differences=["no answer given"],
                                    points=q.points, expr=q.expr))
            continue
        ok, diffs = judge(q, truth, answers[i])
        misconception = None if ok else matching_misconception(q, answers[i], lang)
        outcomes.append(Outcome(
            i, label, ok,
            # The truth is shown only once earned: predict exercises are about guessing it.
            expected=(_as_value(truth) if ok else None),
            got=None, differences=diffs, misconception=misconception, points=q.points,
            expr=q.expr,
        ))
    passed = all(o.ok for o in outcomes)
    return Verdict(
        exercise.id, exercise.kind, "pass" if passed else "fail",
        "" if passed else f"{sum(not o.ok for o in outcomes)} of {len(outcomes)} answers wrong",
        outcomes,
        observations=[result.to_json()] if passed else [],
        explanations=_explanations_for_wrong(exercise, outcomes, result, lang),
    )


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
        e.to_json() for e in explain_observations(exercise.snippet, result, lang)
        if e.kind == "warning" and (e.expr in exprs or (e.expr is None and e.line in lines))
    ]


def _as_value(truth: dict[str, Any] | str) -> dict[str, Any]:
    return {"kind": "str", "value": truth} if isinstance(truth, str) else truth
