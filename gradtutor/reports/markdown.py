"""A Markdown summary for $GITHUB_STEP_SUMMARY (GitHub-flavoured: tables, <details>).

One table row per learner (or per exercise for a single learner), then the failures of each
learner folded in a <details> block, so a class of hundreds stays readable. GitHub caps a
step summary at 1 MiB, so the details are cut (with a note) well before that.
"""

from __future__ import annotations

import re

from gradtutor.reports.model import GradeReport, ItemResult, LearnerResult, Status

ICON: dict[Status, str] = {"pass": "✅", "fail": "❌", "missing": "⬜", "error": "💥",
                           "internal": "⚠️"}
MAX_BYTES = 900_000
MAX_VALUE_CHARS = 1500  # printed values of one item (a big tensor is cut, with "…")
# Lines of an item's message that show values: verbatim in a code block, with the lines
# that continue them (indented, like the rows of a printed tensor).
_VALUE_LINES = ("reference", "yours")
_MARKUP = re.compile(r"[\\\[\]*_~]")
_INVISIBLE = re.compile("[\x00-\x08\x0b-\x1f\x7f]")  # control characters: shown as �


def cell(text: str, limit: int = 200) -> str:
    """Text safe inside a table cell: one line, pipes escaped, HTML neutralised."""
    text = "; ".join(" ".join(line.split()) for line in text.splitlines() if line.strip())
    text = _MARKUP.sub(r"\\\g<0>", text)  # no links, images or emphasis from learner text
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = text.replace("|", "\\|").replace("`", "'")
    return text if len(text) <= limit else text[: limit - 1] + "…"


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
            block.append(_INVISIBLE.sub("\ufffd", line.rstrip()))
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
        return "\n".join([*head, *_learner_details(learner)]) + "\n"
    head += ["| learner | status | score | pass | fail | missing | error | internal |",
             "|---|---|---|---|---|---|---|---|"]
    for x in report.learners:
        head.append(f"| {cell(x.learner, 80)} | {ICON[x.status]} {x.status} | "
                    f"{_score(x.score, x.max_score)} | " +
                    " | ".join(str(x.count(s)) for s in
                               ("pass", "fail", "missing", "error", "internal")) + " |")
    out = "\n".join(head) + "\n"
    for x in report.learners:
        if x.status == "pass" and not x.notes:
            continue
        block = "\n".join(["", f"<details><summary>{cell(x.learner, 80)}: "
                           f"{_score(x.score, x.max_score)}</summary>", "",
                           *_learner_details(x), "", "</details>"]) + "\n"
        if len((out + block).encode()) > MAX_BYTES:
            out += "\n_Details cut to fit the step summary; see the JSON report._\n"
            break
        out += block
    return out
