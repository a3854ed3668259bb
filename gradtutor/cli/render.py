"""Terminal rendering: pygments highlighting and ANSI styles, off for pipes and NO_COLOR."""

from __future__ import annotations

from pygments import highlight
from pygments.formatters import TerminalFormatter
from pygments.lexers import PythonLexer

from gradtutor.env import Environment

_STYLES = {"bold": "1", "dim": "2", "red": "31", "green": "32", "yellow": "33", "cyan": "36"}


def style(env: Environment, text: str, *names: str) -> str:
    if not env.colors or not names:
        return text
    codes = ";".join(_STYLES[n] for n in names)
    return f"\x1b[{codes}m{text}\x1b[0m"


def code_block(env: Environment, code: str, *, numbers: bool = True) -> str:
    """Python code, highlighted on a colour terminal, with line numbers the questions refer to."""
    body = code.rstrip("\n")
    if env.colors:
        body = highlight(body, PythonLexer(), TerminalFormatter()).rstrip("\n")
    if not numbers:
        return body
    lines = body.split("\n")
    width = len(str(len(lines)))
    return "\n".join(
        f"{style(env, str(i).rjust(width), 'dim')}  {line}" for i, line in enumerate(lines, 1)
    )


def indent(text: str, prefix: str = "  ") -> str:
    return "\n".join(prefix + line if line else line for line in text.split("\n"))


def mark(env: Environment, ok: bool) -> str:
    return style(env, "✔", "green") if ok else style(env, "✘", "red")
