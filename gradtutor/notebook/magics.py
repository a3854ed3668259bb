"""`%gradtutor`, `%%gradtutor` and `%autograd_explain`: parsing, and what each command does.

`parse()` is plain Python (tested without a kernel); `GradtutorMagics` wires it to IPython.
"""

from __future__ import annotations

import shlex
from dataclasses import dataclass
from typing import Any

from IPython.core.magic import Magics, line_cell_magic, line_magic, magics_class
from IPython.display import display

from gradtutor.notebook import content
from gradtutor.notebook.bridge import (
    HISTORY_TIMEOUT_S,
    NotebookError,
    Session,
    kind_name,
    strip_torch_suffix,
    tr,
)
from gradtutor.notebook.history import (
    CellRecord,
    Recorder,
    build_replay,
    choose_target,
    last_error_from_sys,
    relabel_lines,
    reproduced,
    sanitize,
)
from gradtutor.notebook.rendering import Output, error_output

ACTIONS = ("explain", "show", "check", "answer", "help")
MAX_REPLAYS = 3  # replays of the history, each leaving out one more cell that raised


class UsageError(NotebookError):
    """The magic was called the wrong way; the message says the right way."""


@dataclass(frozen=True)
class Command:
    action: str  # one of ACTIONS
    exercise_id: str | None = None
    answers: tuple[str, ...] = ()
    hints: int = 0
    cell: str | None = None


def parse(line: str, cell: str | None, lang: str = "en") -> Command:
    """`%gradtutor LINE` (cell None) or `%%gradtutor LINE` + CELL, as a Command."""
    try:
        words = shlex.split(line)
    except ValueError as exc:  # an unclosed quote
        raise UsageError(tr("bad_quote", lang, error=str(exc))) from None
    if not words:
        return Command("help")
    action, rest = words[0], words[1:]
    usage = tr("usage", lang)
    if action not in ACTIONS:
        raise UsageError(tr("unknown_command", lang, command=action, usage=usage))
    if action == "help":
        return Command("help")
    if action == "explain":
        if rest:
            raise UsageError(tr("no_arguments", lang, usage=usage))
        return Command("explain", cell=cell)
    if not rest:
        raise UsageError(tr("needs_id", lang, action=action, usage=usage))
    ex_id, rest = rest[0], rest[1:]
    if action == "show":
        hints = 0
        if rest:
            if rest[0] != "--hint" or len(rest) != 2 or not rest[1].isdigit():
                raise UsageError(tr("show_args", lang, usage=usage))
            hints = int(rest[1])
        if cell is not None:
            raise UsageError(tr("show_is_line", lang, id=ex_id))
        return Command("show", ex_id, hints=hints)
    if action == "check":
        if cell is None:
            raise UsageError(tr("needs_cell", lang, action="check", id=ex_id))
        if rest:
            raise UsageError(tr("check_args", lang, usage=usage))
        return Command("check", ex_id, cell=cell)
    # answer: on the line (shell-quoted), or one per line in the cell
    answers = list(rest)
    if cell is not None:
        answers += [ln.strip() for ln in cell.splitlines() if ln.strip()]
    return Command("answer", ex_id, answers=tuple(answers))


@magics_class
class GradtutorMagics(Magics):
    def __init__(self, shell: Any, session: Session, recorder: Recorder) -> None:
        super().__init__(shell)
        self.session = session
        self.recorder = recorder

    @line_cell_magic
    def gradtutor(self, line: str, cell: str | None = None) -> None:
        """gradtutor in a notebook: show ID [--hint N] | answer ID ANSWER... |
        %%gradtutor check ID | %%gradtutor explain | explain (the last error)."""
        display(self.run(line, cell))

    @line_magic
    def autograd_explain(self, line: str) -> None:
        """Explain the last autograd error, or the previous cell's warnings."""
        display(self.run("explain", None))

    def run(self, line: str, cell: str | None) -> Output:
        lang = self.session.lang
        try:
            cmd = parse(line, cell, lang)
            return self._do(cmd)
        except NotebookError as exc:
            return error_output(tr("error", lang, message=str(exc)))

    def _do(self, cmd: Command) -> Output:
        s, lang = self.session, self.session.lang
        if cmd.action == "help":
            return Output().add("text", tr("usage", lang))
        if cmd.action == "explain":
            if cmd.cell is not None:
                return self._explain_cell(cmd.cell)
            return self._explain_history()
        assert cmd.exercise_id is not None
        ex = s.exercise(cmd.exercise_id)
        if cmd.action == "show":
            return content.exercise(ex, s.chapter_title(ex), lang, cmd.hints)
        if cmd.action == "check":
            if ex.kind == "predict":
                raise UsageError(tr("kind_mismatch", lang, id=ex.id, kind=kind_name(ex.kind, lang),
                                    next=tr("use_answer", lang, id=ex.id)))
            assert cmd.cell is not None
            verdict = s.check(ex, cmd.cell)
            return content.verdict(ex, verdict, lang, s.record_check(ex, verdict))
        # answer
        if ex.kind != "predict":
            raise UsageError(tr("kind_mismatch", lang, id=ex.id, kind=kind_name(ex.kind, lang),
                                next=tr("use_check", lang, id=ex.id)))
        if not cmd.answers:
            raise UsageError(tr("no_answers", lang, id=ex.id, n=len(ex.questions)))
        if len(cmd.answers) > len(ex.questions):
            raise UsageError(tr("too_many", lang, given=len(cmd.answers), id=ex.id,
                                n=len(ex.questions)))
        verdict = s.answer(ex, cmd.answers)
        return content.verdict(ex, verdict, lang, s.record_answers(ex, cmd.answers, verdict))

    # -- explain ---------------------------------------------------------------------------

    def _explain_cell(self, cell: str) -> Output:
        source = sanitize(cell)
        if source is None:
            raise UsageError(tr("not_python", self.session.lang))
        return content.explained_cell(self.session.explain(source, "cell.py"),
                                      self.session.lang)

    def _history(self) -> dict[int, str]:
        raw = getattr(self.shell.history_manager, "input_hist_raw", [])
        return {i: text for i, text in enumerate(raw) if i > 0}

    def _explain_history(self) -> Output:
        s, lang = self.session, self.session.lang
        # The running cell is the last one stored: IPython stores the input before running it,
        # while when it bumps `execution_count` differs between versions.
        current = len(self.shell.history_manager.input_hist_raw) - 1
        filename_map = getattr(self.shell.compile, "_filename_map", {})
        target = choose_target(self.recorder.cells, current, last_error_from_sys(filename_map))
        if target is None:
            return Output().add("text", tr("nothing_to_explain", lang))
        history = self._history()
        raised = {c for c, r in self.recorder.cells.items() if r.error is not None}
        for _ in range(MAX_REPLAYS):
            replay = build_replay(history, target.count, raised)
            report = s.explain(replay.source, "notebook.py", timeout_s=HISTORY_TIMEOUT_S)
            result = report.result
            # An earlier cell that raises in the replay stops the script there, though the
            # kernel went on (it raised before %load_ext, so it is not in the records): leave
            # it out and replay again. Whatever comes out is still checked below.
            loc = replay.locate((result.exception or {}).get("line"))
            if loc is None or loc[0] == target.count or loc[0] in raised:
                break
            raised.add(loc[0])
        out = Output()
        if replay.skipped:
            out.add("dim", tr("skipped", lang, cells=", ".join(f"[{c}]" for c in replay.skipped)))
        if not reproduced(target, replay, result.exception, result.warnings, strip_torch_suffix):
            out.add("warn", tr("not_reproduced", lang, cell=target.count,
                               what_happened=_happened(target, lang), n=len(replay.cells),
                               got=_got(target, replay, result, lang)))
            return out

        def where(line: int | None) -> str | None:
            loc = replay.locate(line)
            return tr("cell", lang, cell=loc[0], line=loc[1]) if loc else None

        def relabel(text: str) -> str:
            return relabel_lines(text, replay.locate,
                                 lambda c, ln: tr("cell", lang, cell=c, line=ln))

        what = tr("what_error" if target.error else "what_warnings", lang)
        out.add("dim", tr("replayed", lang, n=len(replay.cells), cell=target.count, what=what))
        shown = [e for e in report.explanations
                 if (loc := replay.locate(e.line)) is not None and loc[0] == target.count
                 and (e.kind == "error" if target.error else e.kind == "warning")]
        for e in shown:
            out.extend(content.explanation(e, report.program.line_text(e.line), where(e.line),
                                           lang, relabel))
        return out


def _happened(target: CellRecord, lang: str) -> str:
    if target.error is not None:
        return tr("raised", lang, type=target.error.type,
                  message=content._short(target.error.message))
    return tr("warned", lang, message=content._short(target.warnings[0].message))


def _got(target: CellRecord, replay: Any, result: Any, lang: str) -> str:
    if result.status not in ("ok", "exception"):
        return tr("got_status", lang, reason=result.reason or result.status)
    if target.error is None:
        return tr("got_no_warning", lang)
    exc = result.exception
    if not exc:
        return tr("got_ok", lang)
    loc = replay.locate(exc.get("line"))
    where = tr("cell", lang, cell=loc[0], line=loc[1]) if loc else "?"
    return tr("got_other", lang, type=exc.get("type"), where=where)
