"""The tokenizer under parse_prediction: tokens, positions, and why an answer cannot be read.

`Scanner` holds the text (backticks and a sentence's final full stop blanked out, columns kept)
and the generic grammar helpers; `PredictionError` carries a keyed fact and its position.
Learner text is untrusted: every step is linear in its length.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from gradtutor.facts import Fact

MAX_LENGTH = 1_000_000
MAX_DEPTH = 64

_NUMBER = re.compile(r"(?:\d+\.\d*|\.\d+|\d+)(?:[eE][-+]?\d+)?[jJ]?")
_NAME = re.compile(r"[^\W\d]\w*")
_PUNCT = "()[]{},=:+-."


# A longer number is unreadable: no prediction needs it, a float holds at most about 1.8e308
# (comparing a longer int with a float raises), and int() raises past 4300 digits.
MAX_INT_DIGITS = 300


class PredictionError(ValueError):
    """A prediction that could not be read: `fact` says what (a key of the compare area, for
    the learner's language), `located()` also where. str() is that fact rendered, when the
    message catalogue is loaded."""

    def __init__(self, message: Fact, column: int, line: int = 1) -> None:
        self.message = message
        self.column = column
        self.line = line
        super().__init__(message.key)

    @property
    def fact(self) -> Fact:
        return self.message

    def located(self) -> Fact:
        """The message with its position; a column of 0 is about the whole answer."""
        if self.column <= 0:
            return self.message
        if self.line > 1:
            return Fact.of("compare.parse.at_line", message=self.message, line=self.line,
                           column=self.column)
        return Fact.of("compare.parse.at", message=self.message, column=self.column)

    def __str__(self) -> str:
        return str(self.located())

    def caret(self, text: str) -> str:
        """The offending line of `text` with a ^ under the column, for terminals."""
        lines = text.split("\n")
        line = lines[self.line - 1] if 0 < self.line <= len(lines) else ""
        return f"{line}\n{' ' * (self.column - 1)}^"


@dataclass(frozen=True)
class _Token:
    kind: str  # num, name, str, angle, punct, ellipsis, end
    text: str
    start: int
    end: int
    value: Any = None


class Scanner:
    """Tokens of the answer, one token of look-ahead, and the helpers every rule uses."""

    def __init__(self, text: str) -> None:
        self.text = _blank_decoration(text)
        self.pos = 0
        self.depth = 0
        self._peeked: _Token | None = None

    def error(self, message: Fact, offset: int, found: _Token | None = None) -> PredictionError:
        if found is not None:
            message = _found(message, found)
        line = self.text.count("\n", 0, offset) + 1
        column = offset - (self.text.rfind("\n", 0, offset) + 1) + 1
        return PredictionError(message, column, line)

    def peek(self) -> _Token:
        if self._peeked is None:
            self._peeked = self._scan(self.pos)
        return self._peeked

    def next(self) -> _Token:
        tok = self.peek()
        self.pos = tok.end
        self._peeked = None
        return tok

    def at(self, text: str) -> bool:
        tok = self.peek()
        return tok.kind in ("punct", "name") and tok.text == text

    def expect(self, text: str, context: str = "", what: str = "") -> _Token:
        """The punctuation `text`; `context` is "after", "between", "to_close" or "or_close"
        (with `what` it follows or closes) for the message when it is missing."""
        tok = self.peek()
        if tok.kind == "punct" and tok.text == text:
            return self.next()
        key = f"compare.parse.expected_{context}" if context else "compare.parse.expected"
        raise self.error(Fact.of(key, token=text, what=what) if what else
                         Fact.of(key, token=text), tok.start, tok)

    def _scan(self, pos: int) -> _Token:
        text = self.text
        while pos < len(text) and text[pos].isspace():
            pos += 1
        if pos >= len(text):
            return _Token("end", "", pos, pos)
        ch = text[pos]
        if text.startswith("...", pos) or ch == "…":
            end = pos + (1 if ch == "…" else 3)
            return _Token("ellipsis", text[pos:end], pos, end)
        m = _NUMBER.match(text, pos)
        if m:
            if len(m.group()) > MAX_INT_DIGITS:  # int() raises past Python's int-string limit
                raise self.error(Fact.of("compare.parse.number_too_long", n=MAX_INT_DIGITS), pos)
            return _Token("num", m.group(), pos, m.end())
        m = _NAME.match(text, pos)
        if m:
            return _Token("name", m.group(), pos, m.end())
        if ch in "'\"":
            return self._scan_string(pos)
        if ch == "<":
            end = text.find(">", pos)
            if end < 0:
                raise self.error(Fact("compare.parse.angle_open"), pos)
            return _Token("angle", text[pos:end + 1], pos, end + 1, text[pos + 1:end].strip())
        if ch in _PUNCT:
            return _Token("punct", ch, pos, pos + 1)
        raise self.error(Fact.of("compare.parse.character", char=repr(ch)), pos)

    def _scan_string(self, start: int) -> _Token:
        text, quote = self.text, self.text[start]
        out: list[str] = []
        i = start + 1
        escapes = {"n": "\n", "t": "\t", "r": "\r", "0": "\0", "\\": "\\", "'": "'", '"': '"'}
        while i < len(text):
            ch = text[i]
            if ch == quote:
                return _Token("str", text[start:i + 1], start, i + 1, "".join(out))
            if ch == "\n":
                break
            if ch == "\\" and i + 1 < len(text):
                nxt = text[i + 1]
                width = {"x": 2, "u": 4, "U": 8}.get(nxt)
                digits = text[i + 2:i + 2 + width] if width else ""
                if width and len(digits) == width and re.fullmatch(r"[0-9a-fA-F]+", digits) \
                        and int(digits, 16) <= 0x10FFFF:
                    out.append(chr(int(text[i + 2:i + 2 + width], 16)))
                    i += 2 + width
                    continue
                out.append(escapes.get(nxt, "\\" + nxt))
                i += 2
                continue
            out.append(ch)
            i += 1
        raise self.error(Fact.of("compare.parse.string_open", quote=quote), start)

    def enter(self, tok: _Token) -> None:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise self.error(Fact("compare.parse.too_deep"), tok.start)

    def sequence(self, close: str, item: Any) -> list[Any]:
        """Items separated by commas up to `close` (a trailing comma is fine)."""
        items: list[Any] = []
        while not self.at(close):
            if self.peek().kind == "end":
                break
            items.append(item())
            if not self.at(","):
                break
            self.next()
        tok = self.peek()
        if not (tok.kind == "punct" and tok.text == close):
            want = Fact.of("compare.parse.expected_or" if items else "compare.parse.expected",
                           token=close)
            raise self.error(want, tok.start, tok)
        self.next()
        return items

    def dotted_name(self) -> tuple[str, _Token]:
        first = self.next()
        parts = [first.text]
        while self.at("."):
            self.next()
            tok = self.peek()
            if tok.kind != "name":
                raise self.error(Fact("compare.parse.name_after_dot"), tok.start, tok)
            parts.append(self.next().text)
        return ".".join(parts), first


def _describe(tok: _Token) -> Fact:
    if tok.kind == "end":
        return Fact("compare.parse.end")
    text = tok.text if len(tok.text) <= 20 else tok.text[:17] + "..."
    return Fact.of("compare.parse.token", text=text)


def _found(message: Fact, tok: _Token) -> Fact:
    if tok.kind == "end":
        return Fact.of("compare.parse.found_end", message=message)
    return Fact.of("compare.parse.found", message=message, found=_describe(tok))


def _blank_decoration(text: str) -> str:
    """Blank out `backticks` around the answer and a final sentence '.', keeping columns."""
    chars = list(text)
    stripped = text.strip()
    if len(stripped) >= 2 and stripped[0] == stripped[-1] == "`":
        chars[text.index("`")] = " "
        chars[text.rindex("`")] = " "
    body = "".join(chars).rstrip()
    if body.endswith(".") and len(body) >= 2 and body[-2] != "." and (
            not body[-2].isdigit() or _ends_with_name(body[:-1])):
        chars[len(body) - 1] = " "
    return "".join(chars)


_FLOAT_END = re.compile(r"(?:\d+\.\d*|\.\d+|\d+)(?:[eE][-+]?\d+)?[jJ]?\Z")
_NAME_END = re.compile(r"[^\W\d]\w*\Z")


def _ends_with_name(text: str) -> bool:
    """`torch.int64`, `AddBackward0`, `2.5` or `1e-05` ends with a name, or a number that
    has its point or exponent already: a full stop after it is a sentence's, while `3.` is a
    number."""
    tail = text[-64:]  # names and numbers are short; no scan of a long answer
    number = _FLOAT_END.search(tail)
    if number is not None:
        start = number.start()
        if start > 0 and (tail[start - 1].isalpha() or tail[start - 1] == "_"):
            return True  # the digits end a name: AddBackward0
        return any(c in number.group() for c in ".eEjJ")
    return _NAME_END.search(tail) is not None
