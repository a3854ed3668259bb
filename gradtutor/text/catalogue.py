"""One keyed table for every sentence gradtutor shows, merged from one module per area.

A keyed table rather than gettext catalogues: two languages, a few hundred messages, and the
tests check in one place that every key has both languages with the same fields. Each area keeps
its messages in `gradtutor/text/tables/<area>.py` as ``MESSAGES = {key: (english, chinese)}``;
keys are prefixed by area (``explain.``, ``compare.``, …) except the UI's, so tables never clash.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from gradtutor import facts
from gradtutor.facts import Fact
from gradtutor.text.tables import compare, course, explain, grading, notebook, reports, ui


def _merge(*tables: Mapping[str, tuple[str, str]]) -> dict[str, tuple[str, str]]:
    merged: dict[str, tuple[str, str]] = {}
    for table in tables:
        for key, pair in table.items():
            if key in merged:
                raise RuntimeError(f"message key {key!r} is defined twice")
            merged[key] = pair
    return merged


MESSAGES: dict[str, tuple[str, str]] = _merge(
    ui.MESSAGES,
    compare.MESSAGES,
    grading.MESSAGES,
    explain.MESSAGES,
    course.MESSAGES,
    reports.MESSAGES,
    notebook.MESSAGES,
)


def _is_zh(lang: str) -> bool:
    return lang.lower().startswith("zh")


def has(key: str) -> bool:
    return key in MESSAGES


def render(key: str, lang: str, **fields: Any) -> str:
    """The message `key` in `lang` (Chinese for any ``zh*``, else English), filled with fields."""
    en, zh = MESSAGES[key]
    template = zh if _is_zh(lang) and zh else en
    # A field may be a fact itself ("expected {expected}" with expected = a thing): say it too.
    fields = {k: say(v, lang) if isinstance(v, Fact) else v for k, v in fields.items()}
    return template.format(**fields) if fields else template


def say(item: Fact | Any, lang: str) -> str:
    """Render a fact, a bilingual text (anything with ``get(lang)``), or pass a string through."""
    if isinstance(item, Fact):
        return render(item.key, lang, **item.fields)
    getter = getattr(item, "get", None)
    if callable(getter) and not isinstance(item, (str, Mapping)):
        return str(getter(lang))
    return str(item)


facts.set_english(lambda fact: render(fact.key, "en", **fact.fields))
