"""Terminal styling: ANSI colours and highlighted code, off for pipes and NO_COLOR.

The one place gradtutor writes an ANSI escape. `paint` takes a plain flag for callers that have
no `Environment` (a renderer handed `color=True`); `style` reads the environment's flag.
"""

from __future__ import annotations

from gradtutor.env import Environment

STYLES = {"bold": "1", "dim": "2", "red": "31", "green": "32", "yellow": "33", "blue": "34",
          "magenta": "35", "cyan": "36"}


def paint(text: str, *names: str, color: bool = True) -> str:
    """`text` in the styles `names` (bold, dim, red, ...), or as it is when `color` is off."""
    if not color or not names or not text:
        return text
    return f"\x1b[{';'.join(STYLES[n] for n in names)}m{text}\x1b[0m"


def style(env: Environment, text: str, *names: str) -> str:
    return paint(text, *names, color=env.colors)


def mark(env: Environment, ok: bool) -> str:
    return style(env, "✔", "green") if ok else style(env, "✘", "red")


def indent(text: str, prefix: str = "  ") -> str:
    return "\n".join(prefix + line if line else line for line in text.split("\n"))


def _highlight(text: str, traceback: bool) -> str:
    # pygments is imported only to colour: the reports and JSON output never need it (~35 ms).
    from pygments import highlight
    from pygments.formatters import TerminalFormatter
    from pygments.lexers import PythonLexer, PythonTracebackLexer

    lexer = PythonTracebackLexer() if traceback else PythonLexer()
    return highlight(text, lexer, TerminalFormatter()).rstrip("\n")


def python(env: Environment, text: str) -> str:
    """Python source or output, highlighted on a colour terminal (torch reprs read like Python)."""
    body = text.rstrip("\n")
    return _highlight(body, traceback=False) if env.colors and body else body


def python_traceback(env: Environment, text: str) -> str:
    body = text.rstrip("\n")
    return _highlight(body, traceback=True) if env.colors and body else body


def code_block(env: Environment, code: str, *, numbers: bool = True) -> str:
    """Python code, highlighted on a colour terminal, with line numbers the questions refer to."""
    body = python(env, code)
    if not numbers:
        return body
    lines = body.split("\n")
    width = len(str(len(lines)))
    return "\n".join(
        f"{style(env, str(i).rjust(width), 'dim')}  {line}" for i, line in enumerate(lines, 1)
    )
