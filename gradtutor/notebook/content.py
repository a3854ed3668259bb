"""Exercises, verdicts and explanations as `Output`s, in the learner's language."""

from __future__ import annotations

from collections.abc import Callable

from gradtutor.notebook.bridge import (
    Exercise,
    Explanation,
    Recorded,
    Report,
    Verdict,
    details,
    graph_text,
    kind_name,
    say,
    tr,
    words,
)
from gradtutor.notebook.rendering import Output

MAX_MESSAGE = 240


# -- show ---------------------------------------------------------------------------------------


def exercise(ex: Exercise, chapter: str, lang: str, hints: int = 0) -> Output:
    out = Output().add("title", f"{ex.title.get(lang)}  [{ex.id}]")
    out.add("dim", f"{kind_name(ex.kind, lang)} · {ex.topic} · {chapter}")
    if ex.kind == "predict":
        assert ex.snippet is not None
        out.add("code", ex.snippet.rstrip("\n"))
        for i, q in enumerate(ex.questions, 1):
            out.add("text", tr("question", lang, number=i, ask=q.ask.get(lang)), 1)
        slots = " ".join(f"<{i}>" for i in range(1, len(ex.questions) + 1))
        out.add("dim", tr("answer_with", lang, command=f"%gradtutor answer {ex.id} {slots}"))
        out.add("dim", tr("answer_how", lang, id=ex.id))
    else:
        assert ex.task is not None and ex.starter is not None
        out.add("text", ex.task.get(lang).strip())
        out.add("code", f"%%gradtutor check {ex.id}\n" + ex.starter.rstrip("\n"))
        out.add("dim", tr("check_with", lang, id=ex.id))
    if hints:
        for i, hint in enumerate(ex.hints[:hints], 1):
            out.add("warn", tr("hint", lang, level=i) + hint.get(lang).strip())
    elif ex.hints:
        out.add("dim", tr("stuck", lang, id=ex.id, n=len(ex.hints)))
    return out


# -- verdicts -----------------------------------------------------------------------------------


def _head(ex: Exercise, v: Verdict, lang: str, out: Output) -> None:
    n, failed = len(v.outcomes), sum(not o.ok for o in v.outcomes)
    if v.status == "pass":
        unit = tr("unit_answers" if ex.kind == "predict" else "unit_checks", lang)
        out.add("ok", tr("passed", lang, id=ex.id, n=n, unit=unit))
    elif v.status == "fail" and ex.kind == "predict" and \
            any(o.status == "missing" for o in v.outcomes):
        # Not answered is not wrong: the reason says how many are missing.
        out.add("bad", tr("error_verdict", lang, id=ex.id, reason=say(v.reason, lang)))
    elif v.status == "fail" and ex.kind == "predict":
        out.add("bad", tr("answers_wrong", lang, id=ex.id, failed=failed, n=n))
    elif v.status == "fail":
        out.add("bad", tr("checks_failed", lang, id=ex.id, failed=failed, n=n))
        raised = next((r["exception"] for r in v.observations if r.get("exception")), None)
        if raised:  # the failed checks are mostly its consequences: say so first
            where = tr("where_line", lang, line=raised["line"]) if raised.get("line") else ""
            out.add("text", tr("raised_at", lang, type=raised["type"], where=where,
                               message=_short(str(raised.get("message", "")))), 1)
    elif v.status == "error":
        out.add("bad", tr("error_verdict", lang, id=ex.id, reason=say(v.reason, lang)))
    else:
        out.add("error", tr("internal", lang, id=ex.id, reason=say(v.reason, lang)))


def verdict(ex: Exercise, v: Verdict, lang: str, recorded: Recorded | None = None) -> Output:
    out = Output()
    _head(ex, v, lang, out)
    # For a wrong prediction the explanations would state the answer: they wait until solved.
    if ex.kind != "predict":
        for e in v.explanations:
            w = words(e, lang)
            where = tr("where_line", lang, line=e["line"]) if e.get("line") else ""
            out.add("warn", f"{w.title}{where}", 1)
            out.add("text", w.text.strip(), 2)
            if w.fix and ex.kind != "fix":  # in a fix exercise, the fix is the answer
                out.add("text", tr("labelled", lang, label=tr("fix", lang)) + w.fix.strip(), 2)
    for o in v.outcomes:
        label = o.label
        if ex.kind == "predict":
            label = tr("question", lang, number=o.index + 1, ask=o.label)
        out.add("ok" if o.ok else "bad", label, 1)
        if o.note is not None:  # beside the verdict: e.g. this torch differs from the record
            out.add("dim", say(o.note, lang), 3)
        if o.ok:
            continue
        for role, text in details(o, ex.kind, lang):
            style = {"difference": "text", "misconception": "warn"}.get(role, "dim")
            out.add(style, text, 3)  # type: ignore[arg-type]
    if v.hidden_checks:
        key = "hidden_pass" if v.passed else "hidden_fail"
        out.add("dim", tr(key, lang, n=v.hidden_checks), 1)
    if v.status == "pass":
        out.add("head", tr("explanation", lang))
        out.add("text", ex.explanation.get(lang).strip())
    elif v.status in ("fail", "error") and ex.hints:
        out.add("dim", tr("stuck", lang, id=ex.id, n=len(ex.hints)))
    if recorded is not None:
        if recorded.progress is not None and recorded.progress.status is not None:
            status = tr(f"status_{recorded.progress.status}", lang)
            out.add("dim", tr("progress_saved", lang, id=ex.id, status=status))
        elif recorded.problem:
            out.add("dim", tr("no_progress", lang, why=recorded.problem))
    return out


# -- explanations -------------------------------------------------------------------------------


def _short(message: str) -> str:
    return message if len(message) <= MAX_MESSAGE else message[:MAX_MESSAGE - 3] + "..."


Where = Callable[[int | None], str | None]


def explanation(ex: Explanation, source_line: str, where: str | None, lang: str,
                relabel: Callable[[str], str] = lambda s: s) -> Output:
    style = {"error": "error", "warning": "warn"}.get(ex.kind, "text")
    parts = [where] if where else []
    if ex.expr:
        parts.append(f"`{ex.expr}`")
    if ex.category:
        parts.append(ex.category)
    w = words(ex, lang)
    head = w.title + (tr("where", lang, where=" · ".join(parts)) if parts else "")
    if ex.count > 1:
        head += " " + tr("times", lang, n=ex.count)
    out = Output().add(style, head)  # type: ignore[arg-type]
    if source_line:
        out.add("code", source_line, 1)
    if w.text:
        out.add("text", relabel(w.text.strip()), 1)
        if w.fix:
            out.add("ok", tr("labelled", lang, label=tr("fix", lang)) + relabel(w.fix.strip()),
                    1)
    if ex.message and ex.key != "syntax_error":  # its text already quotes Python's words
        label = tr("torch_said" if ex.key not in ("unknown", "syntax_error") else "message",
                   lang)
        out.add("dim", tr("labelled", lang, label=label) + _short(ex.message), 1)
    if not w.text:
        out.add("dim", tr("unexplained", lang), 1)
    return out


def explained_cell(report: Report, lang: str) -> Output:
    """`%%gradtutor explain`: the cell's output, its problems explained, its graph."""
    result = report.result
    out = Output().add("head", tr("output", lang))
    out.add("code" if result.stdout.strip() else "dim",
            result.stdout.rstrip("\n") if result.stdout.strip() else tr("no_output", lang))
    if result.stderr.strip():
        out.add("code", result.stderr.rstrip("\n"))
    if result.status not in ("ok", "exception"):
        out.add("error", tr("stopped", lang, reason=result.reason or result.status))
    out.add("head", tr("problems", lang))
    if not report.explanations:
        out.add("ok", tr("none", lang))
    for e in report.explanations:
        where = tr("line", lang, line=e.line) if e.line is not None else None
        out.extend(explanation(e, report.program.line_text(e.line), where, lang))
    graph = graph_text(report, lang)
    if graph:
        out.add("head", tr("graph", lang))
        out.add("code", graph)
    return out
