"""What the magics display: one object with both an HTML and a plain-text form.

Jupyter front ends pick `_repr_html_`; terminal IPython prints the plain text. Everything the
learner controls (code, output, answers, torch's messages quoting them) is made inert in both
forms (control and bidi characters shown as escapes: no terminal sequence, no reordered text)
and escaped with `html.escape` in the one place HTML is written, `Output._repr_html_`.
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from typing import Any, Literal

from gradtutor.notebook.bridge import inert

Style = Literal["title", "head", "text", "code", "dim", "ok", "bad", "warn", "error"]

_MARK = {"ok": "✔ ", "bad": "✘ ", "warn": "⚠ ", "error": "✘ "}
_COLOR = {"ok": "#1a7f37", "bad": "#cf222e", "warn": "#9a6700", "error": "#cf222e",
          "dim": "#6e7781"}


@dataclass(frozen=True)
class Block:
    style: Style
    text: str
    indent: int = 0  # nesting level: 2 spaces in text, 1.5em in HTML


@dataclass
class Output:
    blocks: list[Block] = field(default_factory=list)

    def add(self, style: Style, text: str, indent: int = 0) -> Output:
        self.blocks.append(Block(style, inert(text, lines=True), indent))
        return self

    def extend(self, other: Output) -> Output:
        self.blocks.extend(other.blocks)
        return self

    # -- plain text (terminal IPython, and text/plain in every front end) ---------------------

    def text(self) -> str:
        lines: list[str] = []
        for b in self.blocks:
            pad = "  " * b.indent
            if b.style == "code":
                pad += "    "
            elif b.style == "head":
                lines.append(f"── {b.text} " + "─" * max(3, 60 - len(b.text)))
                continue
            first = _MARK.get(b.style, "")
            body = (first + b.text).split("\n")
            lines.extend(pad + ln if ln else "" for ln in body)
        return "\n".join(lines)

    def __str__(self) -> str:
        return self.text()

    def __repr__(self) -> str:
        return self.text()

    def _repr_pretty_(self, p: Any, cycle: bool) -> None:
        p.text(self.text())

    # -- HTML (Jupyter) -----------------------------------------------------------------------

    def _repr_html_(self) -> str:
        parts = ['<div class="gradtutor" style="font-family: system-ui, sans-serif; '
                 'line-height: 1.45">']
        for b in self.blocks:
            margin = f"margin: 0.2em 0 0.2em {1.5 * b.indent}em"
            text = html.escape(b.text)
            if b.style == "code":
                parts.append(f'<pre style="{margin}; padding: 0.4em 0.6em; background: '
                             f'rgba(127,127,127,0.1); white-space: pre-wrap">{text}</pre>')
                continue
            if b.style == "title":
                parts.append(f'<div style="{margin}; font-weight: bold; font-size: 1.1em">'
                             f'{text}</div>')
                continue
            if b.style == "head":
                parts.append(f'<div style="{margin}; margin-top: 0.6em; font-weight: bold; '
                             f'border-bottom: 1px solid rgba(127,127,127,0.4)">{text}</div>')
                continue
            color = _COLOR.get(b.style)
            style = margin + (f"; color: {color}" if color else "") + "; white-space: pre-wrap"
            mark = html.escape(_MARK.get(b.style, ""))
            parts.append(f'<div style="{style}">{mark}{text}</div>')
        parts.append("</div>")
        return "\n".join(parts)


def error_output(message: str) -> Output:
    return Output().add("error", message)
