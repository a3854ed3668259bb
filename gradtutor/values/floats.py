"""Floats on the wire: JSON has no nan or inf, so the wire format spells them as strings.

Torch-free, so that both the child's encoder and the parent's comparison use this one spelling.
"""

from __future__ import annotations

import math
from typing import Any


def float_to_wire(x: float) -> float | str:
    if math.isnan(x):
        return "nan"
    if math.isinf(x):
        return "inf" if x > 0 else "-inf"
    return x


def float_from_wire(x: Any) -> float:
    if isinstance(x, str):
        if x in ("nan", "inf", "-inf"):
            return float(x)
        raise ValueError(f"not a number: {x!r}")
    if isinstance(x, bool) or not isinstance(x, int | float):
        raise ValueError(f"not a number: {x!r}")
    return float(x)
