"""A notebook's history as one program the sandbox can re-run, and what each cell raised.

`gradtutor explain` needs a program's source and a run of it. In a notebook the learner's
program is the cells run so far, in execution order (the order the kernel's state came from,
not the order on the page). IPython-only lines (magics, `!shell`) are blanked to `pass` so line
numbers stay those of the cell; cells that cannot run as plain Python, or that raised in the
kernel (a script would stop there), are left out and named. Whether the replay reproduced the
learner's problem is checked, never assumed.
"""

from __future__ import annotations

import re
import sys
import warnings
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from types import TracebackType
from typing import Any

# A line IPython handles itself: `%magic`, `!shell`, `?help` (at any indentation).
_IPYTHON_LINE = re.compile(r"^(\s*)(%|!|\?)")
_ASSIGNED_IPYTHON = re.compile(r"^(\s*)[\w.,\s]+=\s*(%|!)")
_OWN_CELL = re.compile(r"\s*%%gradtutor\b")


@dataclass(frozen=True)
class Problem:
    """An error or a warning seen in the kernel."""

    kind: str  # "error" | "warning"
    type: str  # exception class or warning category name
    message: str
    line: int | None = None  # line within the cell, when known


@dataclass
class CellRecord:
    count: int
    problems: list[Problem] = field(default_factory=list)

    @property
    def error(self) -> Problem | None:
        return next((p for p in self.problems if p.kind == "error"), None)

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.kind == "warning"]


@dataclass(frozen=True)
class Replay:
    """The cells joined into one program; `where[i]` is (cell, line in cell) of line i + 1."""

    source: str
    where: list[tuple[int, int]]
    cells: list[int]
    skipped: list[int]

    def locate(self, line: int | None) -> tuple[int, int] | None:
        if line is None or not 1 <= line <= len(self.where):
            return None
        return self.where[line - 1]


def sanitize(cell: str) -> str | None:
    """The cell as plain Python (IPython-only lines become `pass`), or None when it is not
    Python at all (a cell magic, or syntax that does not compile)."""
    if cell.lstrip().startswith("%%"):
        return None
    lines = []
    for line in cell.splitlines():
        m = _IPYTHON_LINE.match(line) or _ASSIGNED_IPYTHON.match(line)
        lines.append(f"{m.group(1)}pass" if m else line)
    text = "\n".join(lines) + "\n"
    try:
        compile(text, "<cell>", "exec")
    except (SyntaxError, ValueError):
        return None
    return text


def build_replay(history: Mapping[int, str], upto: int,
                 raised: Iterable[int] = ()) -> Replay:
    """Cells 1..`upto` of `history` (execution count -> raw source) as one program.

    Cells in `raised` (they raised in the kernel, so a script would stop there) are left out,
    except `upto` itself."""
    raised_set = set(raised) - {upto}
    parts: list[str] = []
    where: list[tuple[int, int]] = []
    cells: list[int] = []
    skipped: list[int] = []
    for count in sorted(c for c in history if c <= upto):
        text = sanitize(history[count])
        if text is None or count in raised_set:
            # A %%gradtutor cell never ran in the kernel: leaving it out changes nothing.
            if history[count].strip() and not _OWN_CELL.match(history[count]):
                skipped.append(count)
            continue
        n = text.count("\n")
        parts.append(text)
        where.extend((count, i) for i in range(1, n + 1))
        cells.append(count)
    return Replay("".join(parts), where, cells, skipped)


_LINE_REF = re.compile(r"\b([Ll])ine (\d+)\b|第 ?(\d+) ?行")


def relabel_lines(text: str, locate: Callable[[int], tuple[int, int] | None],
                  label: Callable[[int, int], str]) -> str:
    """Line numbers of the joined program, in the learner's terms (cell and line).

    The explanations quote program lines ("Line 3 (`x = x * 2`) ..."); after a replay those
    numbers are of the joined program, which the learner never saw."""
    def sub(m: re.Match[str]) -> str:
        n = int(m.group(2) or m.group(3))
        loc = locate(n)
        if loc is None:
            return m.group(0)
        out = label(*loc)
        return out[0].upper() + out[1:] if m.group(1) == "L" else out
    return _LINE_REF.sub(sub, text)


def _same(a: str, b: str) -> bool:
    return " ".join(a.split()) == " ".join(b.split())


def reproduced(target: CellRecord, replay: Replay, exception: Mapping[str, Any] | None,
               run_warnings: list[Mapping[str, Any]],
               strip: Callable[[str], str] = lambda s: s) -> bool:
    """True only when the replay raised the same error in the same cell, or gave each of the
    cell's warnings again in that cell."""
    error = target.error
    if error is not None:
        if not exception or exception.get("type") != error.type:
            return False
        if not _same(strip(str(exception.get("message", ""))), strip(error.message)):
            return False
        loc = replay.locate(exception.get("line"))
        return loc is not None and loc[0] == target.count
    wanted = target.warnings
    if not wanted:
        return False
    seen = [strip(str(w.get("message", ""))) for w in run_warnings
            if (loc := replay.locate(w.get("line"))) is not None and loc[0] == target.count]
    return all(any(_same(strip(w.message), s) for s in seen) for w in wanted)


# ------------------------------------------------------------------------ the kernel's side


class Recorder:
    """IPython event hooks: the errors and warnings of each cell run since `%load_ext`."""

    def __init__(self) -> None:
        self.cells: dict[int, CellRecord] = {}
        self._pending: list[Problem] = []
        self._saved_showwarning: Callable[..., Any] | None = None

    def pre_run_cell(self, info: Any = None) -> None:
        self._pending = []
        if self._saved_showwarning is None:
            self._saved_showwarning = warnings.showwarning
            original = self._saved_showwarning

            def showwarning(message: Any, category: type[Warning], filename: str, lineno: int,
                            file: Any = None, line: str | None = None) -> None:
                self._pending.append(Problem("warning", category.__name__, str(message)))
                original(message, category, filename, lineno, file, line)

            warnings.showwarning = showwarning

    def post_run_cell(self, result: Any) -> None:
        if self._saved_showwarning is not None:
            warnings.showwarning = self._saved_showwarning
            self._saved_showwarning = None
        count = getattr(result, "execution_count", None)
        if not isinstance(count, int):
            return
        problems = list(self._pending)
        exc = getattr(result, "error_in_exec", None)
        if exc is not None:
            problems.append(Problem("error", type(exc).__name__, str(exc)))
        self._pending = []
        self.cells[count] = CellRecord(count, problems)


def cell_of_traceback(tb: TracebackType | None, filename_map: Mapping[str, int]
                      ) -> tuple[int, int] | None:
    """(cell, line) of the innermost frame that is a notebook cell."""
    found = None
    while tb is not None:
        cell = filename_map.get(tb.tb_frame.f_code.co_filename)
        if cell is not None:
            found = (cell, tb.tb_lineno)
        tb = tb.tb_next
    return found


def last_error_from_sys(filename_map: Mapping[str, int]) -> CellRecord | None:
    """The last error IPython showed (sys.last_value), for errors raised before the extension
    was loaded; None when no cell of this kernel raised it."""
    exc = getattr(sys, "last_exc", None) or getattr(sys, "last_value", None)
    if exc is None:
        return None
    loc = cell_of_traceback(exc.__traceback__, filename_map)
    if loc is None:
        return None
    return CellRecord(loc[0], [Problem("error", type(exc).__name__, str(exc), loc[1])])


def choose_target(records: Mapping[int, CellRecord], current: int,
                  from_sys: CellRecord | None) -> CellRecord | None:
    """What `%autograd_explain` explains: the previous cell's error or warnings, else the
    latest error of any cell."""
    prev = records.get(current - 1)
    if prev is not None and prev.problems:
        return prev
    errors = [r for c, r in records.items() if c < current and r.error is not None]
    latest = max(errors, key=lambda r: r.count, default=None)
    if from_sys is not None and (latest is None or from_sys.count > latest.count):
        return from_sys
    return latest
