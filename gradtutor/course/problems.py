"""Problems found in a course: what is wrong, where, and how to fix it.

A `Problem` is plain data so that the loader, `validate` and the CLI can all produce, sort,
print and serialise them the same way.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

Severity = Literal["error", "warning"]


def display_path(path: Path) -> str:
    """`path` relative to the current directory when it lies below it, else as given."""
    try:
        cwd = Path.cwd().resolve()
        resolved = Path(path).resolve()
        if resolved.is_relative_to(cwd):
            return os.fspath(resolved.relative_to(cwd))
    except (OSError, ValueError):  # pragma: no cover - cwd deleted or odd paths
        pass
    return os.fspath(path)


def _sentence(text: str) -> str:
    text = text.strip()
    return text if text.endswith((".", "!", "?")) else text + "."


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a course file.

    `line` and `column` are 1-based; either may be None when the problem concerns the whole
    file (a missing file, a file not listed in course.yaml). `message` says what is wrong,
    `fix` what to do about it; neither needs a final full stop (`__str__` adds one).
    """

    path: Path
    line: int | None
    column: int | None
    message: str
    fix: str
    severity: Severity = "error"

    @property
    def is_error(self) -> bool:
        return self.severity == "error"

    @property
    def location(self) -> str:
        """`path:line:column` with the parts that are known."""
        where = display_path(self.path)
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        return where

    def __str__(self) -> str:
        text = f"{self.location}: {self.severity}: {_sentence(self.message)}"
        if self.fix:
            text += f" Fix: {_sentence(self.fix)}"
        return text

    def sort_key(self) -> tuple[str, int, int, int, str]:
        return (
            os.fspath(self.path),
            self.line if self.line is not None else 0,
            self.column if self.column is not None else 0,
            0 if self.is_error else 1,
            self.message,
        )

    def to_dict(self) -> dict[str, Any]:
        """JSON-able form (e.g. for `gradtutor validate --json`)."""
        return {
            "path": display_path(self.path),
            "line": self.line,
            "column": self.column,
            "severity": self.severity,
            "message": self.message,
            "fix": self.fix,
        }


def sort_problems(problems: Iterable[Problem]) -> list[Problem]:
    """Problems ordered by file, then position, errors before warnings; duplicates dropped."""
    return sorted(set(problems), key=Problem.sort_key)


def has_errors(problems: Iterable[Problem]) -> bool:
    return any(p.is_error for p in problems)
