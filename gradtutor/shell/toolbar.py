"""The bottom toolbar: where the learner is, how far along, and what to type next."""

from __future__ import annotations

from prompt_toolkit.formatted_text import StyleAndTextTuples

from gradtutor.shell.tutor import Tutor
from gradtutor.text import render
from gradtutor.views.words import kind_name


def toolbar(tutor: Tutor) -> StyleAndTextTuples:
    try:
        return _toolbar(tutor)
    except Exception:  # drawn on every key press: never let it take the shell down
        return [("class:bottom-toolbar", f" {tutor.exercise.id}")]


def _toolbar(tutor: Tutor) -> StyleAndTextTuples:
    lang, ex = tutor.lang, tutor.exercise
    prog = tutor.progress_of(ex)
    parts: StyleAndTextTuples = [("class:bottom-toolbar.key", f" {ex.id}")]
    where = kind_name(ex.kind, lang)
    q = tutor.current_question()
    if q is not None:
        where += " · " + render("tb_question", lang, number=q + 1, total=len(ex.questions))
    parts.append(("class:bottom-toolbar.dim", f" · {where}"))
    done = render("tb_done", lang, done=tutor.done_count(), n=len(tutor.course))
    parts.append(("", " │ " + done))
    keys: list[str] = []
    if ex.kind == "predict" and q is not None:
        keys.append(render("tb_answer", lang))
    elif ex.kind != "predict":
        keys += ["edit", "run", "check", "watch"]
    if ex.hints and not prog.finished:
        keys.append(render("tb_hint", lang, used=prog.hints_used, n=len(ex.hints)))
    if tutor.can_reveal() and not prog.finished:
        keys.append(render("tb_reveal", lang))
    if prog.finished:
        keys += ["solution", render("tb_next", lang)]
    keys.append(render("tb_help", lang))
    parts.append(("", " │ "))
    for i, key in enumerate(keys):
        parts.append(("class:bottom-toolbar.key", key))
        if i < len(keys) - 1:
            parts.append(("", "  "))
    if tutor.watcher is not None:
        parts.append(("class:bottom-toolbar.ok", f" │ {render('tb_watching', lang)}"))
    state = tutor.sandbox.state
    if state in ("idle", "starting"):
        parts.append(("class:bottom-toolbar.warn", f" │ {render('tb_torch_starting', lang)}"))
    elif state == "failed":
        parts.append(("class:bottom-toolbar.warn", f" │ {render('tb_torch_failed', lang)}"))
    return parts
