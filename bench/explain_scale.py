"""Parent-side CPU of `explain` on long learner files: the work must grow linearly.

`check` and `explain` analyse the learner's source in the trusted parent (index the program,
explain every warning and error, find silent problems, render). This measures that work alone,
without the sandbox, on generated programs of 2,000 and 10,000 lines: realistic blocks
(tensors, in-place updates, no_grad, loops, functions, backward) repeated, with a run result
that carries a warning on every block and an error on the last line. Target: a 10,000-line file
in under 2 s of parent CPU.

    python bench/explain_scale.py          # prints a table, rewrites "Explain scale" in the doc
    python bench/explain_scale.py --runs 3 --no-write
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import time
from pathlib import Path
from typing import Any

from benchdoc import replace_section  # bench/ is on sys.path when run as a script

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
DOC = ROOT / "docs" / "benchmarks.md"
SECTION = "## Explain scale"
TARGET_S = 2.0
SIZES = (2_000, 10_000)

_BLOCK = '''\
x{i} = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
w{i} = torch.randn(3, requires_grad=True)
y{i} = (x{i} * w{i}).exp()
y{i} = y{i} * 2
with torch.no_grad():
    z{i} = y{i} + 1
for k in range(2):
    w{i}.data.add_(0.1)
loss{i} = y{i}.sum()
loss{i}.backward()
print(y{i}.grad, x{i}.grad)
def step{i}(p, lr=0.1):
    p = p - lr * p.grad
    return p
'''
_BLOCK_LINES = _BLOCK.count("\n")


def program(lines: int) -> str:
    blocks = max(1, lines // _BLOCK_LINES)
    return "import torch\n" + "".join(_BLOCK.format(i=i) for i in range(blocks))


def result_for(source: str) -> dict[str, Any]:
    """A run result as the sandbox would report it: the non-leaf .grad warning on the print
    line of every block, and torch's error for a second backward on the last line."""
    lines = source.splitlines()
    warnings = [{"category": "UserWarning", "line": n, "message": (
        "The .grad attribute of a Tensor that is not a leaf Tensor is being accessed.")}
        for n, text in enumerate(lines, 1) if text.startswith("print(")]
    exc = {"type": "RuntimeError", "line": len(lines), "message": (
        "Trying to backward through the graph a second time (or directly access saved "
        "tensors after they have already been freed).")}
    return {"warnings": warnings, "exception": exc, "values": {}}


def measure(lines: int) -> float:
    """Parent CPU seconds to index, explain and render one generated file."""
    from gradtutor.explain import explain_observations
    from gradtutor.views.explanation import render_explanations

    source = program(lines)
    result = result_for(source)
    start = time.process_time()
    render_explanations(explain_observations(source, result), "en")
    return time.process_time() - start


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--no-write", action="store_true")
    args = ap.parse_args()
    load = os.getloadavg()[0]
    rows = []
    medians: dict[int, float] = {}
    for lines in SIZES:
        times = [measure(lines) for _ in range(args.runs)]
        medians[lines] = statistics.median(times)
        rows.append(f"| {lines:,} | {medians[lines]:.2f} s | {max(times):.2f} s | "
                    f"{'yes' if medians[lines] < TARGET_S else 'no'} |")
        print(rows[-1], flush=True)
    ratio = medians[SIZES[1]] / medians[SIZES[0]] if medians[SIZES[0]] else float("nan")
    text = (
        f"{SECTION}\n\n"
        "Parent-side CPU time of `explain`/`check` on a long learner file (index the program, "
        "explain a warning on every 14-line block and an error on the last line, render), "
        "without the sandbox, measured by `python bench/explain_scale.py`. Target: a "
        f"10,000-line file in under {TARGET_S:.0f} s of parent CPU.\n\n"
        f"Machine: {platform.machine()}, {os.cpu_count()} CPUs, Python "
        f"{platform.python_version()}, load average {load:.1f} at the start (a shared, loaded "
        f"machine); {args.runs} runs per size, one run of the script.\n\n"
        "| lines | CPU (median) | CPU (max) | within target |\n|---|---|---|---|\n"
        + "\n".join(rows) + "\n\n"
        f"Ratio 10,000 / 2,000 lines: {ratio:.1f}× for 5× the lines (linear growth gives about "
        "5×; issue 11 reported 17 s and 235 s before source segments and lookups were made "
        "linear).\n")
    print(f"ratio {ratio:.1f}")
    if not args.no_write:
        replace_section(DOC, SECTION, text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
