"""What the class got wrong: per predict question and per code/fix exercise, over all learners.

    summary = class_summary(report)   # ClassSummary, plain data
    summary.items                     # sorted: the item that affects most learners first

A predict question counts the learners who answered it, those who were right, and the
course's misconceptions their wrong answers matched (with each misconception's text). A
code/fix exercise counts the learners whose work failed or did not run, its most frequent
failed checks, and the most frequent errors and warnings their own runs met. Everything here
is counted from the graded results (`reports.model`), so the summary agrees with every report.
Texts in it (check labels, error messages) may be the learner's: writers escape them
(views/escape.py).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from gradtutor.reports.model import GradeReport

TOP = 3  # failed checks, misconceptions and errors listed per item


@dataclass
class Count:
    text: str
    learners: int


@dataclass
class ClassItem:
    """One predict question, or one code/fix exercise."""

    exercise_id: str
    kind: str
    name: str  # "q2" for a question, "" for a whole code/fix exercise
    label: str  # the question asked, or the exercise's title
    learners: int  # learners graded on the course
    attempted: int  # learners who handed in work for it
    right: int  # answered right (question) or passed (exercise)
    affected: int  # attempted and not right: the sort key
    misconceptions: list[Count] = field(default_factory=list)  # predict
    unmatched: int = 0  # predict: wrong answers that match no misconception of the course
    failed_checks: list[Count] = field(default_factory=list)  # code/fix
    did_not_run: int = 0  # code/fix: graded error (a syntax error, a timeout, ...)
    behind: list[Count] = field(default_factory=list)  # code/fix: errors and warnings

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "exercise": self.exercise_id, "kind": self.kind, "item": self.name,
            "label": self.label, "learners": self.learners, "attempted": self.attempted,
            "right": self.right, "affected": self.affected,
        }
        if self.kind == "predict":
            data["misconceptions"] = [{"text": c.text, "learners": c.learners}
                                      for c in self.misconceptions]
            data["unmatched"] = self.unmatched
        else:
            data["failed_checks"] = [{"check": c.text, "learners": c.learners}
                                     for c in self.failed_checks]
            data["did_not_run"] = self.did_not_run
            data["errors_and_warnings"] = [{"text": c.text, "learners": c.learners}
                                           for c in self.behind]
        return data


@dataclass
class ClassSummary:
    learners: int
    items: list[ClassItem]

    def to_json(self) -> dict[str, Any]:
        return {"learners": self.learners, "items": [i.to_json() for i in self.items]}


def _top(counter: Counter[str], n: int = TOP) -> list[Count]:
    # Most learners first; ties in text order, so a report is the same from run to run.
    ranked = sorted(counter.items(), key=lambda kv: (-kv[1], kv[0]))
    return [Count(text, k) for text, k in ranked[:n]]


def class_summary(report: GradeReport, top: int = TOP) -> ClassSummary:
    n = len(report.learners)
    items: list[ClassItem] = []
    by_id = [{r.exercise_id: r for r in x.exercises} for x in report.learners]
    for ex in report.exercises:
        results = [mine[ex.id] for mine in by_id if ex.id in mine]
        graded = [r for r in results if r.status in ("pass", "fail")]
        if ex.kind == "predict":
            for qi, q in enumerate(ex.questions):
                got = [r.items[qi] for r in graded if qi < len(r.items)]
                right = sum(i.status == "pass" for i in got)
                # Counted once per learner: one learner is one wrong answer.
                miscon: Counter[str] = Counter(i.misconception for i in got
                                               if i.status != "pass" and i.misconception)
                items.append(ClassItem(ex.id, ex.kind, f"q{qi + 1}", q.ask.get(report.lang),
                                       n, len(got), right, len(got) - right,
                                       misconceptions=_top(miscon, top),
                                       unmatched=len(got) - right - sum(miscon.values())))
            continue
        attempted = [r for r in results if r.status != "missing"]
        failed = [r for r in attempted if r.status != "pass"]
        checks: Counter[str] = Counter()
        behind: Counter[str] = Counter()
        for r in failed:
            for i in r.items:
                if r.status == "fail" and i.status == "fail":
                    checks[f"{i.name} ({i.label})"] += 1
            behind.update(set(r.behind))
        items.append(ClassItem(
            ex.id, ex.kind, "", ex.title.get(report.lang), n, len(attempted),
            len(attempted) - len(failed), len(failed), failed_checks=_top(checks, top),
            did_not_run=sum(r.status in ("error", "internal") for r in failed),
            behind=_top(behind, top)))
    items.sort(key=lambda i: -i.affected)  # stable: course order among equals
    return ClassSummary(n, items)


SHOWN = 15  # items in the text and Markdown summaries (the JSON report holds them all)


def _line(item: ClassItem) -> str:
    return (f"{item.right}/{item.attempted} right" if item.kind == "predict"
            else f"{item.affected}/{item.attempted} failed")


def to_text(summary: ClassSummary, shown: int = SHOWN) -> str:
    """For grade's stdout (a CI log): every text through `terminal`, one line each."""
    from gradtutor.views.escape import cut, terminal

    def t(text: str, limit: int = 160) -> str:
        return cut(terminal(text, lines=False), limit)

    out = ["What the class got wrong (items affecting the most learners first):"]
    for item in [i for i in summary.items if i.affected][:shown]:
        name = f"{item.exercise_id} {item.name}".strip()
        out.append(f"  {name}: {_line(item)}: {t(item.label, 100)}")
        for c in item.misconceptions:
            out.append(f"      {c.learners} matched: {t(c.text)}")
        if item.unmatched:
            out.append(f"      {item.unmatched} wrong or blank, matching no known misconception")
        if item.did_not_run:
            out.append(f"      {item.did_not_run} did not run (error)")
        for c in item.failed_checks:
            out.append(f"      {c.learners} failed {t(c.text)}")
        for c in item.behind:
            out.append(f"      {c.learners} met {t(c.text)}")
    if len(out) == 1:
        out.append("  nothing: every learner who handed in work got every item right")
    return "\n".join(out)


def to_markdown_section(summary: ClassSummary, shown: int = SHOWN) -> str:
    """A Markdown section: a table of items, each with its details in a nested list; every
    text through `markdown` (views/escape.py)."""
    from gradtutor.views.escape import markdown

    lines = ["### What the class got wrong", "",
             "| item | learners affected | right | what they got wrong |", "|---|---|---|---|"]
    affected = [i for i in summary.items if i.affected]
    for item in affected[:shown]:
        name = f"`{item.exercise_id}` {item.name}".strip()
        what: list[str] = []
        what += [f"{c.learners}× {markdown(c.text, 200)}" for c in item.misconceptions]
        if item.unmatched:
            what.append(f"{item.unmatched}× no known misconception")
        if item.did_not_run:
            what.append(f"{item.did_not_run}× did not run")
        what += [f"{c.learners}× failed {markdown(c.text, 120)}" for c in item.failed_checks]
        what += [f"{c.learners}× {markdown(c.text, 160)}" for c in item.behind]
        lines.append(f"| {name}: {markdown(item.label, 100)} | {item.affected} | "
                     f"{item.right}/{item.attempted} | {'<br>'.join(what) or '—'} |")
    if not affected:
        return "\n".join([*lines[:2], "Every learner who handed in work got every item right."])
    if len(affected) > shown:
        lines += ["", f"_{len(affected) - shown} more item(s) in the JSON report._"]
    return "\n".join(lines)
