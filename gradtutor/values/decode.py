"""Typed values back to plain Python data (dicts, lists, str, int, float, bool, None).

For results that must be plain data, such as the explain probes': anything else (a tensor, an
`other`, an error) means the data is not what was expected, so it is refused, not guessed at.
The value is checked by the one validation first.
"""

from __future__ import annotations

from typing import Any

from gradtutor.values.validate import ValueFormatError, validate_value


class WireError(ValueError):
    """A typed value that is not plain data."""


def plain(value: Any) -> Any:
    try:
        validate_value(value)
    except ValueFormatError as exc:
        raise WireError(str(exc)) from None
    return _plain(value)


def _plain(value: dict[str, Any]) -> Any:
    kind = value["kind"]
    if kind == "none":
        return None
    if kind in ("bool", "str", "int"):
        return value["value"]
    if kind == "float":
        return float(value["value"])
    if kind == "list":
        return [_plain(v) for v in value["items"]]
    if kind == "dict":
        out: dict[Any, Any] = {}
        for k, v in value["items"]:
            key = _plain(k)
            if not isinstance(key, str | int):
                raise WireError("dict key is not a str or int")
            out[key] = _plain(v)
        return out
    if kind == "error":
        raise WireError(f"{value['type']}: {value['message']}")
    raise WireError(f"unexpected value kind {kind!r}")
