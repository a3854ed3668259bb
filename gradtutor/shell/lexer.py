"""Highlighting of what the learner types: a command word, or an answer that reads like Python
(`tensor([3., 3.])`, `None`, `RuntimeError`); and Python for the inline editor."""

from __future__ import annotations

from collections.abc import Callable

from prompt_toolkit.document import Document
from prompt_toolkit.formatted_text import StyleAndTextTuples
from prompt_toolkit.lexers import Lexer, PygmentsLexer
from pygments.lexers import PythonLexer


def python_lexer() -> Lexer:
    return PygmentsLexer(PythonLexer)


class InputLexer(Lexer):
    """`is_command(word)` decides; the rest of a command line is its argument."""

    def __init__(self, is_command: Callable[[str], bool]) -> None:
        self.is_command = is_command
        self._python = python_lexer()

    def lex_document(self, document: Document) -> Callable[[int], StyleAndTextTuples]:
        text = document.text
        word, space, rest = text.lstrip().partition(" ")
        if "\n" not in text and self.is_command(word):
            lead = text[: len(text) - len(text.lstrip())]
            tokens: StyleAndTextTuples = [("", lead), ("class:command", word),
                                          ("", space), ("class:argument", rest)]
            return lambda lineno: tokens if lineno == 0 else []
        return self._python.lex_document(document)
