"""A Markdown summary for $GITHUB_STEP_SUMMARY (GitHub-flavoured: tables, <details>).

One table row per learner (or per exercise for a single learner), then the failures of each
learner folded in a <details> block, so a class of hundreds stays readable. GitHub caps a
step summary at 1 MiB, so the details are cut (with a note) well before that.
"""

from __future__ import annotations

from gradtutor.reports.model import GradeReport, LearnerResult, Status

ICON: dict[Status, str] = {"pass": "✅", "fail": "❌", "missing": "⬜", "error": "💥",
                           "internal": "⚠️"}
MAX_BYTES = 900_000


def cell(text: str, limit: int = 200) -> str:
    """Text safe inside a table cell: one line, pipes escaped, HTML neutralised."""
    text = "; ".join(" ".join(line.split()) for line in text.splitlines() if line.strip())
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = text.replace("|", "\\|").replace("`", "'")
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _score(score: float, max_score: float) -> str:
    return f"{score:g}/{max_score:g}"


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
            lines.append(f"- `{ex.exercise_id}` {item.name} ({cell(item.label, 120)}): "
                         f"{cell(item.message, 300)}")
    if learner.notes:
        lines.append("")
        lines += [f"> {cell(n, 300)}" for n in learner.notes]
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
