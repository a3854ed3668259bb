"""Five beginner programs with typical mistakes: the explanation must point at the right
variable and line, say why in words a beginner knows, and give a fix that works.

Each fixture also has its fixed version here; running it must remove the explained problem,
which checks that the advice is right, not only that it is printed.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from gradtutor.explain.run import Report, explain_run
from gradtutor.sandbox import Sandbox
from gradtutor.views.explanation import parts

FIXTURES = Path(__file__).parent / "fixtures"


@dataclass(frozen=True)
class Case:
    file: str
    expected: tuple[tuple[str, int, str | None], ...]  # (key, line, variable), in order
    says: tuple[str, ...]
    fixed: tuple[tuple[str, str], ...]  # the advice applied: (old text, new text)


CASES = (
    Case("loop_backward_twice.py", (("backward_twice", 10, "loss"),),
         ("`pred` and `loss` are computed only once, on lines 7, 8, before the loop",
          "Move `pred = w * xs` (line 7), `loss = ((pred - ys) ** 2).mean()` (line 8) into the "
          "loop"),
         (("pred = w * xs\nloss = ((pred - ys) ** 2).mean()\nfor _ in range(100):\n",
           "for _ in range(100):\n    pred = w * xs\n    loss = ((pred - ys) ** 2).mean()\n"),)),
    Case("manual_sgd.py", (("update_rebinds_leaf", 11, "w"), ("inplace_leaf", 12, "b")),
         ("makes `w` a new non-leaf tensor (SubBackward0)", "w -= 0.1 * w.grad",
          "`b` is a leaf that requires grad (created on line 6"),
         (("w = w - 0.1 * w.grad\nb -= 0.1 * b.grad\n",
           "with torch.no_grad():\n    w -= 0.1 * w.grad\n    b -= 0.1 * b.grad\n"),)),
    Case("reassigned_input.py", (("nonleaf_grad", 8, "x"),),
         ("`x` was reassigned on line 5 by `x = (x - x.mean()) / x.std()`", "DivBackward0",
          "The leaf you created on line 4 no longer has a name"),
         (("x = (x - x.mean()) / x.std()\nloss = (x ** 2).sum()",
           "x2 = (x - x.mean()) / x.std()\nloss = (x2 ** 2).sum()"),)),
    Case("plot_predictions.py", (("numpy_requires_grad", 15, "preds"),),
         ("the parameters of `model` require grad", "points = preds.detach().numpy()",
          "with torch.no_grad():"),
         (("points = preds.numpy()", "points = preds.detach().numpy()"),)),
    Case("eval_then_train.py", (("backward_no_grad", 14, "loss"),),
         ("`loss` was computed on line 11 inside `with torch.no_grad():` (line 9)",
          "move line 11 out of it"),
         (("    loss = nn.functional.mse_loss(out, targets)\n"
           "    print(\"loss before:\", round(loss.item(), 4))\n",
           "print(\"loss before:\", round(nn.functional.mse_loss(out, targets).item(), 4))\n"
           "loss = nn.functional.mse_loss(model(inputs), targets)\n"),)),
)


@pytest.fixture(scope="module")
def reports(shared_sandbox: Sandbox) -> dict[str, Report]:
    return {c.file: explain_run(shared_sandbox, (FIXTURES / c.file).read_text(), c.file)
            for c in CASES}


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.file)
def test_explains_the_mistake(case: Case, reports: dict[str, Report]) -> None:
    report = reports[case.file]
    got = tuple((e.key, e.line, e.variable) for e in report.explanations)
    assert got == case.expected
    words = "\n".join(w.text + "\n" + w.fix
                      for w in (parts(e, "en") for e in report.explanations))
    for fragment in case.says:
        assert fragment in words, f"{fragment!r} not in:\n{words}"


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.file)
def test_following_the_advice_fixes_it(case: Case, shared_sandbox: Sandbox) -> None:
    source = (FIXTURES / case.file).read_text()
    for old, new in case.fixed:
        assert old in source
        source = source.replace(old, new)
    report = explain_run(shared_sandbox, source, case.file)
    assert report.result.status == "ok", report.result.reason
    assert report.explanations == []
