"""The bottom toolbar: where the learner is, how far along, and what to type next.

It fits the terminal's width, read each time it is drawn (so a resize redraws it to fit): the
less important parts go first (the exercise kind, the count done, secondary keys), and the key
hint (the main action and F1/help) is never dropped. Columns are counted by prompt_toolkit's
get_cwidth, so Chinese (two columns a character) fits as well as English.
"""

from __future__ import annotations

import shutil

from prompt_toolkit.application import get_app_or_none
from prompt_toolkit.formatted_text import StyleAndTextTuples
from prompt_toolkit.utils import get_cwidth

from gradtutor.shell.tutor import Tutor
from gradtutor.text import render
from gradtutor.views.words import kind_name

# (drop rank, fragments): when the bar is too wide, the part with the highest rank goes first;
# rank 0 is never dropped. Parts keep their order on the bar.
Part = tuple[int, StyleAndTextTuples]

KEEP = 0


def toolbar(tutor: Tutor, width: int | None = None) -> StyleAndTextTuples:
    try:
        return fit(_parts(tutor), _columns() if width is None else width)
    except Exception:  # drawn on every key press: never let it take the shell down
        return [("class:bottom-toolbar", f" {tutor.exercise.id}")]


def _columns() -> int:
    app = get_app_or_none()
    if app is not None and app.is_running:
        return app.output.get_size().columns
    return shutil.get_terminal_size((80, 24)).columns


def cols(fragments: StyleAndTextTuples) -> int:
    return sum(get_cwidth(text) for _style, text, *_ in fragments)


def fit(parts: list[Part], width: int) -> StyleAndTextTuples:
    """Drop parts, highest rank first, until the bar fits in `width` columns; if the parts
    that are always kept are still too wide, the exercise id (first) is shortened with '…'."""
    kept = list(parts)
    while sum(cols(f) for _r, f in kept) > width:
        droppable = [p for p in kept if p[0] != KEEP]
        if not droppable:
            break
        kept.remove(max(droppable, key=lambda p: p[0]))
    out = [frag for _rank, frags in kept for frag in frags]
    over = cols(out) - width
    if over > 0 and out:
        style, text = out[0][0], out[0][1]
        keep = max(get_cwidth(text) - over - 1, 2)
        short = ""
        for ch in text:
            if get_cwidth(short + ch) > keep:
                break
            short += ch
        out[0] = (style, short + "…")
    return out


def _parts(tutor: Tutor) -> list[Part]:
    lang, ex = tutor.lang, tutor.exercise
    parts: list[Part] = [(KEEP, [("class:bottom-toolbar.key", f" {ex.id}")])]
    parts.append((9, [("class:bottom-toolbar.dim", f" · {kind_name(ex.kind, lang)}")]))
    q = tutor.current_question()
    if q is not None:
        question = render("tb_question", lang, number=q + 1, total=len(ex.questions))
        parts.append((3, [("class:bottom-toolbar.dim", f" · {question}")]))
    done = render("tb_done", lang, done=tutor.done_count(), n=len(tutor.course))
    parts.append((8, [("", " │ " + done)]))
    keys = _keys(tutor, q)
    for i, (rank, key) in enumerate(keys):
        sep = " │ " if i == 0 else "  "
        parts.append((rank if i else KEEP, [("", sep), ("class:bottom-toolbar.key", key)]))
    if tutor.watcher is not None:
        parts.append((6, [("class:bottom-toolbar.ok", f" │ {render('tb_watching', lang)}")]))
    state = tutor.sandbox.state
    if state in ("idle", "starting"):
        parts.append((7, [("class:bottom-toolbar.warn",
                           f" │ {render('tb_torch_starting', lang)}")]))
    elif state == "failed":
        parts.append((2, [("class:bottom-toolbar.warn", f" │ {render('tb_torch_failed', lang)}")]))
    return parts


def _keys(tutor: Tutor, q: int | None) -> list[tuple[int, str]]:
    """The keys to offer, each with its drop rank: the main action and help are always kept."""
    lang, ex = tutor.lang, tutor.exercise
    prog = tutor.progress_of(ex)
    keys: list[tuple[int, str]] = []
    if ex.kind == "predict" and q is not None:
        keys.append((KEEP, render("tb_answer", lang)))
    elif ex.kind != "predict":
        keys += [(4, "edit"), (5, "run"), (KEEP, "check"), (5, "watch")]
    if ex.hints and not prog.finished:
        keys.append((4, render("tb_hint", lang, used=prog.hints_used, n=len(ex.hints))))
    if tutor.can_reveal() and not prog.finished:
        keys.append((5, render("tb_reveal", lang)))
    if prog.finished:
        keys += [(4, "solution"), (KEEP, render("tb_next", lang))]
    keys.append((KEEP, render("tb_help", lang)))
    return keys
