"""Numbers in a comparison: tolerances (as torch.isclose) and short text for a number."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Tolerance:
    """Floats a and e (expected) are close when |a - e| <= atol + rtol * |e|, as torch.isclose."""

    rtol: float
    atol: float

    def __post_init__(self) -> None:
        for name in ("rtol", "atol"):
            x = getattr(self, name)
            if not isinstance(x, int | float) or not math.isfinite(x) or x < 0:
                raise ValueError(f"{name} must be a finite number >= 0, got {x!r}")


# Learners copy what torch prints: 4 decimals (rounding error up to 5e-5) or 5 significant
# digits in scientific notation. rtol 1e-3 also forgives a hand-computed 3-digit 0.333.
PREDICTION_TOLERANCE = Tolerance(rtol=1e-3, atol=1e-4)
# Learner and reference compute the same float32 thing, perhaps in another order: sums
# reassociate (a few ulps, ~1e-7 relative each), and near-zero results of cancelling terms
# keep absolute noise around 1e-7 times the terms' size, hence atol 1e-6 rather than 1e-7.
OBSERVATION_TOLERANCE = Tolerance(rtol=1e-5, atol=1e-6)
# Half-precision dtypes cannot be compared more tightly than they resolve (torch.testing's
# defaults); these floors apply even to an explicit tolerance.
DTYPE_FLOORS = {
    "float16": Tolerance(rtol=1e-3, atol=1e-5),
    "complex32": Tolerance(rtol=1e-3, atol=1e-5),
    "bfloat16": Tolerance(rtol=1.6e-2, atol=1e-5),
}


def close(e: Any, a: Any, tol: Tolerance) -> bool:
    """Numbers within tolerance; nan equals nan, infinities only themselves."""
    if isinstance(e, complex) or isinstance(a, complex):
        try:
            e, a = complex(e), complex(a)
        except OverflowError:  # an int past a float's range (a learner's value): exact
            return bool(e == a)
        if not all(math.isfinite(x) for x in (e.real, e.imag, a.real, a.imag)):
            return close(e.real, a.real, tol) and close(e.imag, a.imag, tol)
        return abs(a - e) <= tol.atol + tol.rtol * abs(e)
    try:
        e, a = float(e), float(a)
    except OverflowError:  # an int past a float's range (a learner's value): exact
        return bool(e == a)
    if math.isnan(e) or math.isnan(a):
        return math.isnan(e) and math.isnan(a)
    if math.isinf(e) or math.isinf(a):
        return e == a
    return abs(a - e) <= tol.atol + tol.rtol * abs(e)


def number_text(x: Any) -> str:
    """A number short enough for a sentence: 12.0, 0.333333, 1e-05, nan, True, (1+2j)."""
    if isinstance(x, bool | int):
        return repr(x)
    if isinstance(x, complex):
        return repr(complex(float(f"{x.real:.6g}"), float(f"{x.imag:.6g}")))
    if not math.isfinite(x):
        return repr(x)
    text = f"{x:.6g}"
    return text if any(c in text for c in ".en") else text + ".0"


def _exact(dclass: str | None) -> bool:
    return dclass in ("int", "bool")
