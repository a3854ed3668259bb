"""The presentation floor's language layer: one keyed message catalogue in English and Chinese.

`render(key, lang, **fields)` fills one message; `say(item, lang)` renders whatever the core
handed over (a `Fact`, a bilingual `Text`, or a plain string, which is passed through as is).
"""

from gradtutor.text.catalogue import MESSAGES, has, render, say

__all__ = ["MESSAGES", "has", "render", "say"]
