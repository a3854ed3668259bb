"""One builder per catalogue entry: the facts about the learner's own variables.

A builder gets a `Ctx` (the program, the message, its line, observed facts) and returns a
`Specific` (sentences, fix, variable and title, as keyed facts) or None when it cannot find its
construct; the generic catalogue facts are added by observations.explain_one. Builders never
raise on purpose, and a bug in one is caught there, so torch's message is always shown.

The builders live in five modules by theme (build_grad, build_backward, build_dtype,
build_inplace, build_device); importing this module registers all of them.
"""

from __future__ import annotations

from collections.abc import Callable

from gradtutor.explain.catalogue import BY_KEY
from gradtutor.explain.context import Ctx, Specific

Builder = Callable[[Ctx], Specific | None]
BUILDERS: dict[str, Builder] = {}


def builder(key: str) -> Callable[[Builder], Builder]:
    def register(fn: Builder) -> Builder:
        assert key in BY_KEY, key
        BUILDERS[key] = fn
        return fn
    return register


# Registers the builders (they import `builder` from here, defined above).
from gradtutor.explain import (  # noqa: E402
    build_backward,
    build_device,
    build_dtype,
    build_grad,
    build_inplace,
)

__all__ = ["BUILDERS", "Builder", "Ctx", "Specific", "build_backward", "build_device",
           "build_dtype", "build_grad", "build_inplace", "builder"]
