"""The predict flow: the learner answers one question at a time about a snippet.

An answer goes through the one answer path (`gradtutor.grading.answer`): it is read once,
before the snippet's run is awaited, so an unreadable answer is said at once and never counts
as a try; then it is judged against the run, which says right or wrong, which misconception it
matches, and what differs (not shown: the differences would give the truth away).
"""

from __future__ import annotations

from gradtutor.compare import format_value
from gradtutor.course.model import Exercise
from gradtutor.facts import Fact
from gradtutor.grading.answer import AnswerOutcome, Reading, judge_answer, read_answer, truth_of
from gradtutor.sandbox import RunResult
from gradtutor.shell import explaining, views
from gradtutor.shell.context import ShellContext
from gradtutor.text import render, say
from gradtutor.text.wrapping import wrap
from gradtutor.views.style import style
from gradtutor.views.verdict import MAX_DIFFERENCES, explanation
from gradtutor.views.words import status_word


def _unreadable_reason(reading: Reading, outcome: AnswerOutcome | None = None) -> Fact | str:
    """Why the answer cannot be judged: what judging said (e.g. "answer True or False" for a
    printed True), else why it could not be read. The shell's own message says "could not
    read", so a `grading.unreadable` fact gives only the problem inside it."""
    if outcome is not None and outcome.status == "unreadable" and outcome.differences:
        said = outcome.differences[0]
        if isinstance(said, Fact) and said.key == "grading.unreadable":
            return said.fields.get("problem", said)
        return said
    return reading.problem.located() if reading.problem is not None else ""


class PredictFlow:
    def __init__(self, ctx: ShellContext) -> None:
        self.ctx = ctx

    def answer(self, text: str) -> None:
        ctx, learner = self.ctx, self.ctx.learner
        ex, q_index = learner.exercise, learner.current_question()
        if q_index is None:
            ctx.say("already_finished", id=ex.id,
                    status=status_word(learner.progress_of(ex), ctx.lang))
            return
        q = ex.questions[q_index]
        reading = read_answer(q, text)
        if reading.unreadable:
            ctx.say("unreadable", "yellow", error=say(_unreadable_reason(reading), ctx.lang))
            return
        result = ctx.runs.snippet(ex)
        if result is None:
            return
        outcome = judge_answer(q, reading, result, lang=ctx.lang)
        if not outcome.counts_as_try:  # unreadable against this truth, or blank
            reason = _unreadable_reason(reading, outcome)
            ctx.say("unreadable", "yellow", error=say(reason, ctx.lang))
            return
        if outcome.ok:
            self._right(ex, q_index, text, outcome, result)
            return
        ctx.store.record_answer(ex.id, q_index, text, False)
        ctx.refresh()
        ctx.say("not_quite", "red")
        # Why, as `check` says it: what differs, never quoting the truth (judge_answer
        # conceals it), then the misconception's own words when one matched.
        for difference in outcome.differences[:MAX_DIFFERENCES]:
            ctx.ui.show(wrap(say(difference, ctx.lang), prefix="    ", first="  "))
        self._recorded_differs(outcome)
        if outcome.misconception:
            message = outcome.misconception.message.get(ctx.lang)
            ctx.ui.show(style(ctx.env, wrap(message, prefix="  ", first="→ "), "yellow"))
        ctx.offer_help()

    def _right(self, ex: Exercise, q_index: int, text: str, outcome: AnswerOutcome,
               result: RunResult) -> None:
        ctx, learner = self.ctx, self.ctx.learner
        revealed = learner.progress_of(ex).status == "revealed"
        finish = None if learner.open_questions(q_index) else (
            "revealed" if revealed else "solved")
        ctx.store.record_answer(ex.id, q_index, text, True, finish)
        ctx.refresh()
        truth, expr = outcome.truth, ex.questions[q_index].expr
        if expr and truth is not None and not isinstance(truth, str):
            ctx.say("right_value", "green", expr=expr, value=format_value(truth))
        else:
            ctx.say("right", "green")
        self._recorded_differs(outcome)
        self._after_question(ex, result)

    def _recorded_differs(self, outcome: AnswerOutcome) -> None:
        if outcome.recorded_differs:
            text = say(Fact("grading.recorded_answer_differs"), self.ctx.lang)
            self.ctx.ui.show(style(self.ctx.env, wrap(text, prefix="  "), "dim"))

    def reveal(self) -> None:
        """The answer to the current question (reveal is unlocked: the caller checked)."""
        ctx, ex = self.ctx, self.ctx.learner.exercise
        q_index = ctx.learner.current_question()
        assert q_index is not None
        result = ctx.runs.snippet(ex)
        if result is None:
            return
        truth = truth_of(ex.questions[q_index], result)
        ctx.store.reveal_question(ex.id, q_index)
        ctx.refresh()
        shown = truth if isinstance(truth, str) else format_value(truth)
        ctx.say("revealed_answer", "yellow", number=q_index + 1, value=shown)
        self._after_question(ex, result)

    def solution(self, ex: Exercise) -> bool:
        """Every question with its answer, and what the snippet really does."""
        ctx = self.ctx
        result = ctx.runs.snippet(ex)
        if result is None:
            return False
        ctx.say("solution_answers", "bold")
        for i, q in enumerate(ex.questions, 1):
            truth = truth_of(q, result)
            shown = truth if isinstance(truth, str) else format_value(truth)
            ask = render("question_label", ctx.lang, number=i, ask=q.ask.get(ctx.lang))
            ctx.ui.show(f"  {ask} {style(ctx.env, shown, 'green')}")
        self._show_truth(ex, result)
        return True

    def _after_question(self, ex: Exercise, result: RunResult) -> None:
        ctx = self.ctx
        nxt = ctx.learner.current_question()
        if nxt is not None:
            ctx.ui.show(views.question(ctx.env, ex, nxt, ctx.lang))
            return
        ctx.ui.show("")
        if ctx.learner.progress_of(ex).status == "solved":
            ctx.say("solved", "bold", "green", id=ex.id)
        else:
            ctx.say("finished_revealed", "bold", "yellow", id=ex.id)
        self._show_truth(ex, result)
        ctx.ui.show(explanation(ctx.env, ex, ctx.lang))
        ctx.offer_next()

    def _show_truth(self, ex: Exercise, result: RunResult) -> None:
        ctx = self.ctx
        assert ex.snippet is not None
        ctx.say("real_output", "bold")
        explanations = explaining.explain_texts(ex.snippet, result, ctx.lang)
        ctx.ui.show(views.run_result(ctx.env, result, ctx.lang, explanations))
        pairs = [(q.expr, result.values[q.expr]) for q in ex.questions
                 if q.expr and q.expr in result.values]
        if pairs:
            ctx.ui.show(views.values(ctx.env, pairs))
