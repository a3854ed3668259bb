"""A Markdown summary for $GITHUB_STEP_SUMMARY (GitHub-flavoured: tables, <details>).

One table row per learner (or per exercise for a single learner), then the failures of each
learner folded in a <details> block, so a class of hundreds stays readable. GitHub caps a
step summary at 1 MiB, so the details are cut (with a note) well before that.
"""

from __future__ import annotations

import re

from gradtutor.reports.class_summary import class_summary, to_markdown_section
from gradtutor.reports.model import GradeReport, ItemResult, LearnerResult, Status
from gradtutor.views.escape import html, markdown, markdown_block

ICON: dict[Status, str] = {"pass": "✅", "fail": "❌", "missing": "⬜", "error": "💥",
                           "internal": "⚠️"}
MAX_BYTES = 900_000
MAX_VALUE_CHARS = 1500  # printed values of one item (a big tensor is cut, with "…")
# Lines of an item's message that show values: verbatim in a code block, with the lines
# that continue them (indented, like the rows of a printed tensor).
_VALUE_LINES = ("reference", "yours")


def cell(text: str, limit: int = 200) -> str:
    """Learner text inline (a table cell, a list item): one line, no links, images, HTML or
    control characters (views/escape.py)."""
    return markdown(text, limit)


def _score(score: float, max_score: float) -> str:
    return f"{score:g}/{max_score:g}"


def _item_lines(exercise_id: str, item: ItemResult) -> list[str]:
    """One list item: the first line of the message as text, then its prose lines, and the
    printed values (a reference and the learner's, often several lines of tensor) verbatim in
    a code block, where nothing a learner's value holds is read as Markdown or HTML."""
    first, *rest = item.message.splitlines() or [""]
    out = [f"- `{exercise_id}` {item.name} ({cell(item.label, 120)}): {cell(first, 300)}"]
    block: list[str] = []

    def flush() -> None:
        if block:
            text = "\n".join(block)
            if len(text) > MAX_VALUE_CHARS:
                text = text[: MAX_VALUE_CHARS - 1] + "…"
            fence = "`" * max(3, _longest_backtick_run(text) + 1)
            out.extend(["", f"  {fence}text", *(f"  {ln}" for ln in text.splitlines()),
                        f"  {fence}", ""])
            block.clear()

    for line in rest:
        if line.startswith(_VALUE_LINES) or (block and line[:1].isspace()):
            block.append(markdown_block(line.rstrip()))
        elif line.strip():
            flush()
            out.append(f"  {cell(line, 300)}" if out[-1] == "" else f"  <br>{cell(line, 300)}")
    flush()
    while out[-1] == "":
        out.pop()
    return out


def _longest_backtick_run(text: str) -> int:
    return max((len(m) for m in re.findall(r"`+", text)), default=0)


def _learner_details(learner: LearnerResult) -> list[str]:
    lines = ["| exercise | status | score | what happened |", "|---|---|---|---|"]
    for ex in learner.exercises:
        why = ex.reason if ex.status != "pass" else ""
        if ex.status == "pass" and ex.hidden_checks:
            why = f"{ex.hidden_checks} hidden check(s) run"
        lines.append(f"| `{ex.exercise_id}` | {ICON[ex.status]} {ex.status} | "
                     f"{_score(ex.score, ex.max_score)} | {cell(why)} |")
    failing = [(ex, i) for ex in learner.exercises for i in ex.items
               if i.status != "pass" and ex.status in ("pass", "fail")]
    if failing:
        lines.append("")
        for ex, item in failing:
            lines += _item_lines(ex.exercise_id, item)
    if learner.notes:
        # A list: consecutive "> " lines would run together as one paragraph.
        lines += ["", "Notes:", ""]
        lines += [f"- {cell(n, 300)}" for n in learner.notes]
    return lines


def _fit(text: str) -> str:
    """One learner's summary within MAX_BYTES (its items are bounded, but not their number)."""
    if len(text.encode()) <= MAX_BYTES:
        return text
    cut = text.encode()[:MAX_BYTES].decode(errors="ignore")
    cut = cut[: cut.rfind("\n") + 1]
    # A cut inside a code block would leave it open: close any fence left open.
    if cut.count("```") % 2:
        cut += "  ```\n"
    return cut + "\n_Details cut to fit the step summary; see the JSON report._\n"


def to_markdown(report: GradeReport) -> str:
    shard = f" (shard {report.shard[0]}/{report.shard[1]})" if report.shard else ""
    n = len(report.learners)
    passed = sum(x.status == "pass" for x in report.learners)
    head = [f"## gradtutor: {ICON[report.status]} {passed}/{n} learner(s) passed{shard}", ""]
    if report.course_title:
        head.append(f"Course: {cell(report.course_title)} · "
                    f"{len(report.exercises)} exercise(s) · torch {report.torch_version} · "
                    f"{report.duration_s:.1f} s")
        head.append("")
    if n == 0:
        return "\n".join([*head, "No submissions to grade."]) + "\n"
    if n == 1:
        learner = report.learners[0]
        head.append(f"**{cell(learner.learner)}**: {_score(learner.score, learner.max_score)} "
                    f"points")
        head.append("")
        return _fit("\n".join([*head, *_learner_details(learner)]) + "\n")
    head += ["| learner | status | score | pass | fail | missing | error | internal |",
             "|---|---|---|---|---|---|---|---|"]
    for x in report.learners:
        head.append(f"| {cell(x.learner, 80)} | {ICON[x.status]} {x.status} | "
                    f"{_score(x.score, x.max_score)} | " +
                    " | ".join(str(x.count(s)) for s in
                               ("pass", "fail", "missing", "error", "internal")) + " |")
    head += ["", to_markdown_section(class_summary(report))]
    out = "\n".join(head) + "\n"
    for x in report.learners:
        if x.status == "pass" and not x.notes:
            continue
        block = "\n".join(["", f"<details><summary>{html(x.learner, 80)}: "
                           f"{_score(x.score, x.max_score)}</summary>", "",
                           *_learner_details(x), "", "</details>"]) + "\n"
        if len((out + block).encode()) > MAX_BYTES:
            out += "\n_Details cut to fit the step summary; see the JSON report._\n"
            break
        out += block
    return out
