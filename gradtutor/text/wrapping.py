"""Wrapping prose for the terminal, in English and in Chinese.

textwrap counts characters and breaks only at spaces, so Chinese text (no spaces, two columns
per character) used to be left to the terminal, which cuts English words such as
`requires_grad` in half and starts lines with `,` or `。`. Here a line may break between two
wide characters or at a space, never inside a run of ASCII, and closing punctuation stays on
the line before it (full-width Chinese punctuation included).

The width is the terminal's, read each time prose is wrapped (so the shell re-wraps after a
resize), between MIN_WIDTH and MAX_WIDTH: lines longer than ~100 columns are hard to read.
Columns are counted by wcwidth (what prompt_toolkit uses too), not by hand.
"""

from __future__ import annotations

import shutil
import textwrap
from collections.abc import Iterator
from contextlib import contextmanager

from wcwidth import wcwidth

MIN_WIDTH = 40
MAX_WIDTH = 100
WRAP = MAX_WIDTH  # the widest prose gets; callers should ask line_width() for today's width

# A width fixed by the front end (Environment.width, tests); None: the terminal's, read now.
# A plain global, not a ContextVar: the shell prints from background threads too (watch).
_fixed: int | None = None


def clamp(columns: int) -> int:
    return max(MIN_WIDTH, min(MAX_WIDTH, columns))


def line_width() -> int:
    """Columns prose may fill now: the fixed width if one is set, else the terminal's."""
    if _fixed is not None:
        return clamp(_fixed)
    # Asks the terminal on every call ($COLUMNS first; 80 when stdout is not a terminal).
    return clamp(shutil.get_terminal_size((80, 24)).columns)


@contextmanager
def fixed_width(columns: int | None) -> Iterator[None]:
    """Wrap at `columns` (clamped) inside the block; None leaves the width as it is."""
    global _fixed
    before = _fixed
    if columns is not None:
        _fixed = columns
    try:
        yield
    finally:
        _fixed = before

# Never at the start of a line (closing punctuation), never at the end of one (opening).
_NO_START = set("，。、：；！？）》」』】”’…%,.;:!?)]}")
_NO_END = set("（《「『【“‘([{")


def _cw(c: str) -> int:
    w = wcwidth(c)
    return w if w > 0 else 0  # control and combining characters take no column


def _wide(c: str) -> bool:
    return wcwidth(c) == 2


def width_of(text: str) -> int:
    """Terminal columns: wide (CJK) characters take two."""
    return sum(_cw(c) for c in text)


def pad(text: str, width: int) -> str:
    """ljust by terminal columns."""
    return text + " " * max(0, width - width_of(text))


def _units(para: str) -> list[tuple[str, bool]]:
    """The pieces a line may break between, each with whether a space came before it."""
    units: list[list[object]] = []
    i, n, space = 0, len(para), False
    while i < n:
        c = para[i]
        if c.isspace():
            space, i = True, i + 1
            continue
        if _wide(c):
            piece, i = c, i + 1
        else:
            j = i
            while j < n and not para[j].isspace() and not _wide(para[j]):
                j += 1
            piece, i = para[i:j], j
        glued = units and not space and (
            piece[0] in _NO_START or str(units[-1][0])[-1] in _NO_END)
        if glued:
            units[-1][0] = str(units[-1][0]) + piece
        else:
            units.append([piece, space])
        space = False
    return [(str(u), bool(s)) for u, s in units]


def _fill_wide(para: str, width: int, lead: str, prefix: str) -> str:
    lines: list[str] = []
    line, used = lead, width_of(lead)
    fresh = True  # nothing but the prefix on this line yet
    for piece, space in _units(para):
        gap = " " if space and not fresh else ""
        need = width_of(gap) + width_of(piece)
        if not fresh and used + need > width:
            lines.append(line.rstrip())
            line, used, gap = prefix, width_of(prefix), ""
            need = width_of(piece)
        line += gap + piece
        used += need
        fresh = False
    lines.append(line.rstrip())
    return "\n".join(lines)


def wrap(text: str, width: int | None = None, prefix: str = "", first: str | None = None) -> str:
    """Wrap prose paragraphs (one per line of `text`) to `width` terminal columns (default:
    line_width(), read now). `prefix` starts every line, `first` (when given) the first line."""
    width = line_width() if width is None else width
    out = []
    for i, para in enumerate(text.strip().split("\n")):
        lead = first if first is not None and i == 0 else prefix
        if not para.strip():
            out.append("")
        elif any(_wide(c) for c in para):
            out.append(_fill_wide(para.strip(), width, lead, prefix))
        else:
            out.append(textwrap.fill(para, width, initial_indent=lead,
                                     subsequent_indent=prefix, break_on_hyphens=False,
                                     break_long_words=False))
    return "\n".join(out)
