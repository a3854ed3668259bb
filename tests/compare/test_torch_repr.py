"""Cross-check against real torch (skipped without it): format_value prints what repr() does,
and what torch prints parses back to the observed value."""

from __future__ import annotations

import math
from typing import Any

import pytest

from gradtutor.compare import PREDICTION_TOLERANCE, compare, format_value, parse_prediction

torch = pytest.importorskip("torch")


def _num(x: Any) -> Any:
    if isinstance(x, float) and not math.isfinite(x):
        return "nan" if math.isnan(x) else ("inf" if x > 0 else "-inf")
    return x


def _wire(data: Any, is_complex: bool) -> Any:
    if isinstance(data, list):
        return [_wire(d, is_complex) for d in data]
    return [_num(data.real), _num(data.imag)] if is_complex else _num(data)


def to_wire(t: Any) -> dict[str, Any]:
    """What the sandbox child sends for a tensor (test-only, minimal)."""
    d = t.detach()
    data = d.float().tolist() if d.dtype in (torch.float16, torch.bfloat16) else d.tolist()
    return {
        "kind": "tensor", "dtype": str(t.dtype).removeprefix("torch."), "shape": list(t.shape),
        "values": _wire(data, t.dtype.is_complex), "requires_grad": t.requires_grad,
        "is_leaf": t.is_leaf, "grad_fn": type(t.grad_fn).__name__ if t.grad_fn else None,
        "grad_is_none": True, "retains_grad": False,
        "is_parameter": isinstance(t, torch.nn.Parameter), "truncated": False,
    }


def _cases() -> list[Any]:
    g = torch.Generator().manual_seed(0)

    def randn(*shape: int, **kw: Any) -> Any:
        return torch.randn(*shape, generator=g, **kw)

    nan, inf = float("nan"), float("inf")
    return [
        torch.tensor([8.0, 12.0], requires_grad=True) * 1,
        torch.tensor([1.0, 2.0], requires_grad=True),
        torch.tensor([]).reshape(0, 3), torch.tensor([0.00015, 0.1]),
        torch.tensor([1 + 2j, 3 - 1.5j]), torch.arange(2000.0), torch.arange(2000).reshape(40, 50),
        torch.nn.Parameter(torch.ones(2)), torch.tensor([1.0, 2.0], dtype=torch.float64),
        torch.tensor([[1.0, 2.0], [3.0, 4.0]]), randn(3, 4, 5), torch.tensor([1e10, 1.0]),
        torch.tensor([1e-10, 1.0]), torch.tensor([100000.0, 1.0]), torch.tensor(2 + 0j),
        torch.tensor([1.5 + 0j]), torch.zeros(3, dtype=torch.int32),
        torch.tensor([], dtype=torch.int64), torch.tensor(True), torch.tensor([True, False]),
        torch.tensor(3.0), torch.tensor([nan, inf, -inf]), torch.tensor([nan, 1.5]), randn(100),
        randn(30, 40), randn(11, 11, 11), torch.tensor([0.0, -0.0]), torch.tensor(-0.5),
        randn(5, dtype=torch.float16), randn(5, dtype=torch.bfloat16),
        randn(7, dtype=torch.complex64), randn(300, requires_grad=True).exp(),
        torch.tensor([1, 2, 3], dtype=torch.uint8), torch.zeros(2, 0),
        torch.zeros(0, dtype=torch.bool), torch.zeros(()).requires_grad_(), randn(2, 3) * 1e-6,
        torch.tensor([123456789.0]), torch.tensor([-1, 10, -100]),
        torch.ones(1, 1, 1, dtype=torch.float64, requires_grad=True),
        randn(20, requires_grad=True) * randn(20), torch.tensor([1e8, 1e9]),
        torch.linspace(-1, 1, 2001), (torch.ones(3, requires_grad=True) ** 2).sum(),
        torch.tensor([2.0, 3.0], requires_grad=True).mean(),
    ]


CASES = _cases()


@pytest.mark.parametrize("t", CASES, ids=[f"case{i}" for i in range(len(CASES))])
def test_format_value_matches_torch_repr(t: Any) -> None:
    assert format_value(to_wire(t)) == repr(t)


@pytest.mark.parametrize("t", [t for t in CASES if t.numel() <= 1000],
                         ids=[f"case{i}" for i, t in enumerate(CASES) if t.numel() <= 1000])
def test_torch_repr_parses_back(t: Any) -> None:
    observed = to_wire(t)
    parsed = parse_prediction(repr(t))
    assert compare(observed, parsed, prediction=True).ok
    parsed.pop("written")
    assert compare(observed, parsed, PREDICTION_TOLERANCE).ok


def test_python_scalars_and_containers_match_repr() -> None:
    for obj, value in [
        (None, {"kind": "none"}), (2.5, {"kind": "float", "value": 2.5}),
        (torch.float64, {"kind": "dtype", "value": "torch.float64"}),
        ((torch.tensor([2.0, 4.0]), None),
         {"kind": "list", "tuple": True, "items": [to_wire(torch.tensor([2.0, 4.0])),
                                                   {"kind": "none"}]}),
    ]:
        assert format_value(value) == repr(obj)
