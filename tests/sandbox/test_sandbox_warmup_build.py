"""The zygote's warm-up never runs backward() on a torch build that carries a GPU driver.

On a CUDA build the first backward() calls cuInit (the autograd engine counts every device
type's devices), which starts a driver thread in the zygote even with no visible device. These
tests run on any machine: they hand `warmup_code` a fake torch of each build.
"""

from __future__ import annotations

import ast
from types import SimpleNamespace

import pytest

from gradtutor.sandbox.zygote import WARMUP_CODE, warmup_code


def _fake_torch(cuda: str | None, hip: str | None = None) -> SimpleNamespace:
    return SimpleNamespace(version=SimpleNamespace(cuda=cuda, hip=hip))


def _calls(code: str) -> set[str]:
    return {node.func.attr for node in ast.walk(ast.parse(code))
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)}


@pytest.mark.parametrize("cuda, hip", [("13.0", None), ("12.8", None), (None, "6.4")])
def test_a_device_build_warms_up_without_backward_or_step(cuda: str | None,
                                                          hip: str | None) -> None:
    code = warmup_code(_fake_torch(cuda, hip))
    assert {"backward", "step"}.isdisjoint(_calls(code))
    # The rest of the warm-up is kept: graphs are built, modules and optimizers made.
    assert {"tensor", "Linear", "SGD", "mse_loss", "zero_grad"} <= _calls(code)


def test_a_cpu_build_keeps_the_full_warm_up() -> None:
    code = warmup_code(_fake_torch(None))
    assert code == WARMUP_CODE
    assert {"backward", "step"} <= _calls(code)
