"""Messages of the compare area: key -> (English, Chinese). Chinese uses full-width punctuation."""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {}
