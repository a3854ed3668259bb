"""Keyed facts: what the core says, before any language is chosen.

The core (course, sandbox, values, compare, grading, explain) never builds sentences. It returns
a `Fact`: a message key and the values that fill it. The presentation floor (`gradtutor.text`)
turns a fact into English or Chinese. This module holds no text and imports nothing of ours, so
every layer may use it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

# Set by the message catalogue when it is loaded (gradtutor.text), so that str(fact) reads as
# English in logs, exceptions and instructors' tools without the core importing any text.
_english: Callable[[Fact], str] | None = None


def set_english(render: Callable[[Fact], str]) -> None:
    global _english
    _english = render


@dataclass(frozen=True)
class Fact:
    """A message key (e.g. ``"compare.shape"``) and the fields that fill its template."""

    key: str
    fields: Mapping[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        object.__setattr__(self, "fields", MappingProxyType(dict(self.fields)))

    @classmethod
    def of(cls, key: str, **fields: Any) -> Fact:
        return cls(key, fields)

    def to_json(self) -> dict[str, Any]:
        return {"key": self.key, "fields": {
            k: v.to_json() if isinstance(v, Fact) else v for k, v in self.fields.items()}}

    def __str__(self) -> str:
        if _english is not None:
            return _english(self)
        inner = ", ".join(f"{k}={v}" for k, v in self.fields.items())
        return f"{self.key}({inner})"
