"""One answer path: a predict question and the learner's text in, one outcome out.

Every front end (the shell, `check`, `grade`, the pytest plugin) judges a prediction here, and
the text is read once (`read_answer`) by the rules of docs/comparison.md. The outcome says
whether the answer is right, wrong, unreadable (it could not be read: never counted as a try)
or missing, which misconception it matches, and what differs, without quoting the truth
unless `reveal` is asked for (instructors' tools).

    reading = read_answer(question, text)        # early: unreadable before the snippet ran
    outcome = judge_answer(question, reading, result, lang="zh")
    outcome.status                               # "right" | "wrong" | "unreadable" | "missing"
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field, replace
from typing import Any, Literal

from gradtutor.compare import PredictionError, compare, conceal
from gradtutor.compare.reading import is_yes_no, normalise_answer, read_prediction
from gradtutor.course.model import Misconception, Question
from gradtutor.facts import Fact
from gradtutor.grading.printed import (
    as_printed,
    describe_printed_difference,
    printed_value,
    same_printed_text,
)
from gradtutor.grading.tolerance import prediction_tolerance
from gradtutor.sandbox import RunResult

AnswerStatus = Literal["right", "wrong", "unreadable", "missing"]
NO_ANSWER = Fact("grading.no_answer")
Truth = dict[str, Any] | str  # a typed value, or the text a print_line question is about


@dataclass(frozen=True)
class Reading:
    """The learner's text, read once. `value` is None when it could not be read (`problem`
    says why) or for a printed line that reads as no value (it is compared as text)."""

    question: Question
    text: str
    normalised: str
    value: dict[str, Any] | None = None
    problem: PredictionError | None = None
    # `3.` ends a sentence or writes a float: the other reading (the int 3), judged too.
    alternative: dict[str, Any] | None = None

    @property
    def blank(self) -> bool:
        return not self.text.strip()

    @property
    def unreadable(self) -> bool:
        """Unreadable whatever the truth: never counts as a try."""
        return self.problem is not None and self.question.print_line is None


@dataclass(frozen=True)
class AnswerOutcome:
    status: AnswerStatus
    differences: list[Any] = field(default_factory=list)
    misconception: Misconception | None = None
    truth: Truth | None = None
    reading: Reading | None = None
    # The torch running here does not give the answer recorded with the course (which was
    # checked under another torch): the learner is judged on what this torch does, and told so.
    recorded_differs: bool = False

    @property
    def ok(self) -> bool:
        return self.status == "right"

    @property
    def counts_as_try(self) -> bool:
        return self.status in ("right", "wrong")


def unreadable(problem: PredictionError) -> Fact:
    """"could not read your answer: <what, where>"."""
    return Fact.of("grading.unreadable", problem=problem.located())


def read_answer(question: Question, text: str) -> Reading:
    normal = normalise_answer(text)
    if not text.strip():
        return Reading(question, text, normal,
                       problem=PredictionError(Fact("compare.parse.empty"), 1))
    try:
        value = read_prediction(text, error_question=question.error)
    except PredictionError as exc:
        return Reading(question, text, normal, problem=exc)
    return Reading(question, text, normal, value, alternative=_full_stop_reading(question, normal))


def _full_stop_reading(question: Question, normal: str) -> dict[str, Any] | None:
    body = normal.rstrip()
    if not (body.endswith(".") and len(body) >= 2 and body[-2].isdigit()):
        return None
    try:
        return read_prediction(body[:-1], error_question=question.error)
    except PredictionError:
        return None


def printed_at(result: RunResult, line: int) -> str:
    """Everything the snippet printed while `line` ran, without the final newline."""
    text = "".join(p["text"] for p in result.prints if p["line"] == line)
    return text[:-1] if text.endswith("\n") else text


def truth_of(question: Question, result: RunResult) -> Truth:
    """The true answer: a typed value, or the printed text for print_line questions."""
    if question.print_line is not None:
        return printed_at(result, question.print_line)
    if question.error:
        exc = result.exception
        return {"kind": "type", "name": exc["type"]} if exc else {"kind": "none"}
    assert question.expr is not None
    return result.values.get(question.expr, {"kind": "error", "type": "Missing", "message": ""})


def judge_answer(
    question: Question,
    answer: str | Reading | None,
    result: RunResult | None = None,
    *,
    truth: Truth | None = None,
    lang: str = "en",
    reveal: bool = False,
) -> AnswerOutcome:
    """Judge one answer against the snippet's run (`result`) or a known `truth`.

    `answer` None is no answer at all. With reveal=False the differences never quote the
    truth: predicting it is the exercise.
    """
    if truth is None:
        assert result is not None, "judge_answer needs the snippet's result or the truth"
        truth = truth_of(question, result)
    if answer is None:
        return AnswerOutcome("missing", [NO_ANSWER], truth=truth)
    reading = answer if isinstance(answer, Reading) else read_answer(question, answer)
    if reading.blank and not (isinstance(truth, str) and not truth.strip()):
        # A blank entry (`- ` in answers.yaml) is no answer, not a wrong one. It can still be
        # right: a question about a line that prints nothing.
        return AnswerOutcome("missing", [NO_ANSWER], truth=truth, reading=reading)
    if reading.unreadable:
        assert reading.problem is not None
        return AnswerOutcome("unreadable", [unreadable(reading.problem)], truth=truth,
                             reading=reading)
    ok, differences = _judge(question, truth, reading, reveal)
    if ok is False and reading.alternative is not None:
        ok = _judge(question, truth, replace(reading, value=reading.alternative,
                                             alternative=None), reveal)[0] or False
    if ok is None:
        return AnswerOutcome("unreadable", differences, truth=truth, reading=reading)
    drift = recorded_answer_differs(question, truth)
    if ok:
        return AnswerOutcome("right", [], truth=truth, reading=reading, recorded_differs=drift)
    return AnswerOutcome("wrong", differences, _misconception(question, reading), truth,
                         reading, recorded_differs=drift)


def recorded_answer_differs(question: Question, truth: Truth) -> bool:
    """Does the torch running here disagree with the answer recorded in the course?"""
    if question.answer is None:
        return False
    recorded = _instructor_reading(question, question.answer)
    if recorded.unreadable:
        return False
    return _judge(question, truth, recorded, True)[0] is False


def _judge(question: Question, truth: Truth, reading: Reading,
           reveal: bool) -> tuple[bool | None, list[Any]]:
    """(right?, differences); None for right? when the answer cannot be judged (unreadable)."""
    if isinstance(truth, str):
        if printed_matches(truth, reading):
            return True, []
        if is_yes_no(reading.text) and printed_value(truth) in ({"kind": "bool", "value": True},
                                                               {"kind": "bool", "value": False}):
            return None, [unreadable(PredictionError(Fact("compare.parse.yes_no"), 0))]
        return False, [describe_printed_difference(truth, reading.normalised, reveal=reveal)]
    assert reading.value is not None
    if question.error:
        return _judge_error(truth, reading.value)
    result = compare(truth, reading.value, prediction_tolerance(question.tolerance),
                     prediction=True)
    diffs = list(result.differences)
    return result.ok, result.hints + (diffs if reveal else [conceal(d) for d in diffs])


def printed_matches(printed: str, reading: Reading) -> bool:
    """Does the answer say what the line printed? As text (numbers as numbers, None/True/False
    in any case, a final full stop ignored), or as the value the printed text shows."""
    if same_printed_text(printed, reading.normalised):
        return True
    if reading.value is None:
        return False
    truth = printed_value(printed)
    if truth is None:
        return False
    # A tensor written out as torch prints it says all its flags too: leaving out grad_fn=<...>
    # claims there is none. Only a bare list stands for the values alone.
    return compare(truth, as_printed(reading.value), prediction=True).ok


def _short_type(name: str) -> str:
    return name.rsplit(".", 1)[-1].lower()


def _judge_error(truth: dict[str, Any], guess: dict[str, Any]) -> tuple[bool, list[Any]]:
    """Only the exception's type is compared: `RuntimeError`, `RuntimeError: <message>` and
    torch's exact error line are the same answer."""
    kind = guess.get("kind")
    if kind == "error":
        guess = {"kind": "type", "name": guess["type"]}
    elif kind not in ("type", "none"):
        return False, [Fact("compare.parse.name_exception")]
    if truth["kind"] == "none":
        return (guess["kind"] == "none"), [Fact("grading.raises_no_error")]
    if guess["kind"] == "none":
        return False, [Fact("grading.does_raise")]
    ok = _short_type(truth["name"]) == _short_type(guess["name"])
    return ok, [] if ok else [Fact.of("grading.other_error", name=guess["name"])]


@functools.lru_cache(maxsize=1024)
def _instructor_reading(question: Question, text: str) -> Reading:
    """A misconception's answer, read once per process by the same rules."""
    return read_answer(question, text)


def _misconception(question: Question, reading: Reading) -> Misconception | None:
    for m in question.misconceptions:
        wrong = _instructor_reading(question, m.answer)
        if question.print_line is not None:
            hit = same_printed_text(m.answer, reading.normalised) or (
                wrong.value is not None and reading.value is not None
                and compare(wrong.value, reading.value, prediction=True).ok)
        elif wrong.value is None or reading.value is None:
            continue
        elif question.error:
            hit = _judge_error(_as_type(wrong.value), reading.value)[0]
        else:
            hit = compare(wrong.value, reading.value, prediction_tolerance(question.tolerance),
                          prediction=True).ok
        if hit:
            return m
    return None


def _as_type(value: dict[str, Any]) -> dict[str, Any]:
    if value["kind"] == "error":
        return {"kind": "type", "name": value["type"]}
    return value
