"""The one escaping layer: learner-controlled text made inert for every output channel.

Learner ids (folder names), file names, answers, values and exception messages reach the
terminal, the CI log, Markdown, JUnit XML, JSON and Gradescope. Each channel has one function
here, and every writer uses it for every piece of learner text:

    terminal(text)          grade's stdout, pytest's output (also the GitHub Actions log)
    markdown(text, limit)   inline Markdown (a table cell, a list item): no links, no HTML
    html(text, limit)       raw HTML on a Markdown page (a <summary>)
    markdown_block(text)    the body of a fenced code block
    xml(text, limit)        JUnit element text and attributes (ElementTree escapes <, &, ")
    json_tree(obj)          a JSON (or Gradescope) document, every string and huge int in it

The base of all of them is `inert`: every control or format character (C0 and C1 controls
such as ESC, BEL, NUL and NEL, DEL, bidi overrides such as RLO, zero-width characters, line
and paragraph separators, and the lone surrogates a non-UTF-8 file name decodes to) becomes
a visible escape such as `\\x1b`, `\\u202e` or `\\xff`. Nothing that moves a cursor, changes a
title, clears a screen, reorders text or ends a line survives.
"""

from __future__ import annotations

import math
import os
import re
from typing import Any

# Unicode categories Cc (controls, C0 and C1), Cf (format: bidi, zero-width, tags), Cs
# (surrogates), Zl and Zp (line and paragraph separators), and the two noncharacters XML
# cannot carry. tests/views/test_escape.py proves this class covers every such code point.
_UNSAFE = re.compile(
    "[\x00-\x1f\x7f-\x9f\u00ad\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2\u180e"
    "\u200b-\u200f\u2028-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb\ufffe\uffff"
    "\ud800-\udfff\U000110bd\U000110cd\U00013430-\U0001343f\U0001bca0-\U0001bca3"
    "\U0001d173-\U0001d17a\U000e0001\U000e0020-\U000e007f]"
)
_UNSAFE_KEEP_LINES = re.compile(_UNSAFE.pattern.replace("\x00-\x1f", "\x00-\x08\x0b-\x1f"))
_NAMED = {"\r": "\\r", "\t": "\\t", "\n": "\\n"}
# A line that starts with "::" (after blanks) is a workflow command to GitHub Actions, and
# "##[" a log command: learner text must not add annotations, mask text or stop commands.
_WORKFLOW_COMMAND = re.compile(r"^(\s*):(?=:)", re.MULTILINE)
MAX_INT_DIGITS = 1000  # a larger int in a JSON document is written as a short text


def _visible(match: re.Match[str]) -> str:
    ch = match.group()
    if ch in _NAMED:
        return _NAMED[ch]
    code = ord(ch)
    if 0xDC80 <= code <= 0xDCFF:  # a byte of a non-UTF-8 file name (surrogateescape)
        return f"\\x{code - 0xDC00:02x}"
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}" if code < 0x10000 \
        else f"\\U{code:08x}"


def inert(text: str, *, lines: bool = False) -> str:
    """`text` with every control and format character shown as an escape; newlines (and
    tabs) are kept when `lines`, escaped otherwise."""
    if not isinstance(text, str):
        text = str(text)
    return (_UNSAFE_KEEP_LINES if lines else _UNSAFE).sub(_visible, text)


def path_text(path: os.PathLike[str] | str) -> str:
    """A path on one line, whatever bytes its name holds."""
    return inert(os.fspath(path))


def cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: max(0, limit - 1)] + "…"


def ci_safe(text: str) -> str:
    """Text for a CI log: no line of it acts as a GitHub Actions workflow or log command."""
    return _WORKFLOW_COMMAND.sub(r"\1: ", text).replace("##[", "# #[")


def terminal(text: str, *, lines: bool = True) -> str:
    """Learner text for a terminal or a CI log (stdout and stderr of grade and pytest)."""
    return ci_safe(inert(text, lines=lines).replace("\t", "    "))


def one_line(text: str, limit: int | None = None) -> str:
    """Learner text as one line for any channel (an id, a file name, a reason)."""
    out = " ".join(inert(text, lines=True).split())
    return cut(out, limit) if limit else out


# Markdown: these characters start emphasis, links, images, code, headings, lists or tables
# (CommonMark lets any ASCII punctuation be escaped with a backslash). ':' breaks URL
# autolinks ("http\://"), '.' after "www" the www autolinks; '@' starts an e-mail autolink
# that GitHub makes even from escaped text, so it is shown in a code span of its own.
_MD_ESCAPE = re.compile(r"[\\\[\]*_~#!|:]")
_MD_WWW = re.compile(r"(?i)(www)\.")


def markdown(text: str, limit: int = 200) -> str:
    """Learner text inline in Markdown (a table cell, a list item): one line, inert."""
    text = one_line(text)
    text = _MD_ESCAPE.sub(r"\\\g<0>", text)
    text = _MD_WWW.sub(r"\1\\.", text)
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = text.replace("`", "'").replace("@", "`@`")
    return cut(text, limit)


def html(text: str, limit: int = 200) -> str:
    """Learner text inside raw HTML of a Markdown page (a `<summary>`): Markdown is not read
    there, so only HTML is escaped (a backslash would show)."""
    text = one_line(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return cut(text.replace('"', "&quot;"), limit)


def markdown_block(text: str) -> str:
    """Learner text inside a fenced code block (the caller picks a fence longer than any
    run of backticks in it): lines kept, every control character visible."""
    return inert(text, lines=True).replace("\t", "    ")


def xml(text: str, limit: int | None = None) -> str:
    """Learner text for XML 1.0 (element text or attribute): nothing it cannot carry."""
    out = inert(text, lines=True)
    return cut(out, limit) if limit else out


def json_tree(value: Any) -> Any:
    """A JSON document with every string (keys too) inert and every huge int a short text:
    no consumer that prints it gets control characters, and no int is past Python's
    int-string limit (json.dumps would fail on it)."""
    if isinstance(value, str):
        return inert(value, lines=True)
    if isinstance(value, float):
        return value if math.isfinite(value) else str(value)  # NaN is not JSON
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, int):
        if value.bit_length() > MAX_INT_DIGITS * 3.33:
            return f"<an int of about {int(value.bit_length() * 0.30103)} digits>"
        return value
    if isinstance(value, dict):
        return {json_tree(k) if isinstance(k, str) else k: json_tree(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [json_tree(v) for v in value]
    return inert(str(value), lines=True)
