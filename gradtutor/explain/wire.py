"""Typed values (docs/architecture.md) back to plain Python data, for the probes' results.

The probes return plain dicts/lists/str/int/float/bool/None; the sandbox encodes them as typed
values. Anything else in a probe result (a tensor, an `other`) means the data is not what our
probe produced, so it is rejected rather than guessed at.
"""

from __future__ import annotations

import math
from typing import Any

MAX_DEPTH = 64


class WireError(ValueError):
    """A typed value that is not plain data."""


def plain(value: Any, depth: int = 0) -> Any:
    if depth > MAX_DEPTH:
        raise WireError("value nested too deeply")
    if not isinstance(value, dict):
        raise WireError("not a typed value")
    kind = value.get("kind")
    if kind == "none":
        return None
    if kind in ("bool", "str"):
        v = value.get("value")
        if not isinstance(v, bool if kind == "bool" else str):
            raise WireError(f"bad {kind}")
        return v
    if kind == "int":
        v = value.get("value")
        if isinstance(v, bool) or not isinstance(v, int):
            raise WireError("bad int")
        return v
    if kind == "float":
        v = value.get("value")
        if v in ("nan", "inf", "-inf"):
            return float(v)
        if isinstance(v, bool) or not isinstance(v, int | float) or not math.isfinite(v):
            raise WireError("bad float")
        return float(v)
    if kind == "list":
        items = value.get("items")
        if not isinstance(items, list):
            raise WireError("bad list")
        return [plain(v, depth + 1) for v in items]
    if kind == "dict":
        items = value.get("items")
        if not isinstance(items, list):
            raise WireError("bad dict")
        out: dict[Any, Any] = {}
        for pair in items:
            if not isinstance(pair, list) or len(pair) != 2:
                raise WireError("bad dict item")
            key = plain(pair[0], depth + 1)
            if not isinstance(key, str | int):
                raise WireError("dict key is not a str or int")
            out[key] = plain(pair[1], depth + 1)
        return out
    if kind == "error":
        raise WireError(f"{value.get('type')}: {value.get('message')}")
    raise WireError(f"unexpected value kind {kind!r}")
