"""Benchmark of the runner: cold `python` spawn vs the warm sandbox, latency and throughput.

    python bench/runner.py [--rounds 12] [--warm-per-round 20] [--block 60] [--no-write]

Rounds are interleaved so every design sees the same machine noise: each round runs, in
shuffled order, one cold spawn, `--warm-per-round` warm runs one at a time, and one throughput
block of `--block` runs through `run_many` on 2 workers. Every run is checked (status, printed
gradient, exactly one warning). Writes the "Runner" section of docs/benchmarks.md; the last line
printed is JSON with the headline figures.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import math
import os
import platform
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from gradtutor.sandbox import RunRequest, RunResult, Sandbox  # noqa: E402

SNIPPET = """\
import torch
x = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
y = x * 2
(x ** 2).sum().backward()
y.grad
print(x.grad)
"""
EXPECTED_STDOUT = "tensor([2., 4., 6.])\n"

# The cold baseline does the same work the cheapest honest way: a fresh interpreter that
# imports torch, runs the snippet recording warnings, and prints a JSON line.
COLD_CHILD = """\
import json, sys, warnings, io, contextlib
import torch
buf = io.StringIO()
with warnings.catch_warnings(record=True) as rec, contextlib.redirect_stdout(buf):
    warnings.simplefilter("always")
    exec(compile(sys.argv[1], "submission.py", "exec"), {"__name__": "__main__"})
print(json.dumps({"stdout": buf.getvalue(), "warnings": len(rec)}))
"""
TARGETS = {"warm_p50_ms": 30.0, "warm_p95_ms": 80.0, "speedup": 50.0, "throughput_per_s": 30.0}


def percentile(values: list[float], q: float) -> float:
    """Nearest-rank percentile."""
    ordered = sorted(values)
    rank = max(1, math.ceil(q / 100 * len(ordered)))
    return ordered[rank - 1]


def cold_env() -> dict[str, str]:
    return {"PATH": "/usr/bin:/bin", "LANG": "C.UTF-8", "OMP_NUM_THREADS": "1",
            "MKL_NUM_THREADS": "1", "PYTHONHASHSEED": "0"}


def cold_run() -> float:
    t0 = time.perf_counter()
    out = subprocess.run([sys.executable, "-c", COLD_CHILD, SNIPPET], capture_output=True,
                         text=True, env=cold_env(), cwd="/", check=True)
    elapsed = (time.perf_counter() - t0) * 1000
    got = json.loads(out.stdout.strip().splitlines()[-1])
    assert got == {"stdout": EXPECTED_STDOUT, "warnings": 1}, got
    return elapsed


def check(res: RunResult) -> None:
    assert res.status == "ok", (res.status, res.reason)
    assert res.stdout == EXPECTED_STDOUT, res.stdout
    assert len(res.warnings) == 1 and res.warnings[0]["line"] == 5, res.warnings


def warm_run(sb: Sandbox, req: RunRequest) -> tuple[float, float]:
    t0 = time.perf_counter()
    res = sb.run(req)
    elapsed = (time.perf_counter() - t0) * 1000
    check(res)
    return elapsed, res.duration_ms


def cpu_seconds(pids: list[int]) -> float:
    """CPU of the zygotes and their reaped children, plus this controller process."""
    total = sum(os.times()[:2])
    tick = os.sysconf("SC_CLK_TCK")
    for pid in pids:
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        total += sum(int(v) for v in fields[11:15]) / tick  # utime stime cutime cstime
    return total


def throughput_block(sb: Sandbox, req: RunRequest, n: int) -> tuple[float, float]:
    pids = [i["zygote_pid"] for i in sb.slot_info()]
    cpu0 = cpu_seconds(pids)
    t0 = time.perf_counter()
    results = sb.run_many([req] * n)
    elapsed = time.perf_counter() - t0
    cpu = cpu_seconds(pids) - cpu0
    for res in results:
        check(res)
    return n / elapsed, cpu / n * 1000


def machine() -> dict[str, Any]:
    cpu = "unknown"
    with open("/proc/cpuinfo") as f:
        for line in f:
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    with open("/proc/meminfo") as f:
        mem_kb = int(f.readline().split()[1])
    torch_version = subprocess.run(
        [sys.executable, "-c", "import torch; print(torch.__version__)"], capture_output=True,
        text=True, env=cold_env(), check=True).stdout.strip()
    return {"cpu": cpu, "cores": os.cpu_count(), "mem_gib": round(mem_kb / 2**20, 1),
            "kernel": platform.release(), "python": platform.python_version(),
            "torch": torch_version, "root": os.geteuid() == 0}


def loadavg() -> str:
    with open("/proc/loadavg") as f:
        return " ".join(f.read().split()[:3])


def row(*cells: object) -> str:
    return "| " + " | ".join(str(c) for c in cells) + " |"


def render(stats: dict[str, Any], args: argparse.Namespace) -> str:
    s, m = stats, stats["machine"]
    ok = {k: ("met" if v else "**missed**") for k, v in s["targets_met"].items()}
    latency = "\n".join([
        row("measurement", "n", "p50 ms", "p95 ms", "mean ms"),
        row("---", "---", "---", "---", "---"),
        row("cold spawn (`python -c`: import torch + snippet)", s["cold_n"],
            f"{s['cold_p50_ms']:.0f}", f"{s['cold_p95_ms']:.0f}", f"{s['cold_mean_ms']:.0f}"),
        row("warm sandbox, `Sandbox.run`, caller's wall time", s["warm_n"],
            f"{s['warm_p50_ms']:.1f}", f"{s['warm_p95_ms']:.1f}", f"{s['warm_mean_ms']:.1f}"),
        row("warm sandbox, `RunResult.duration_ms` (controller)", s["warm_n"],
            f"{s['warm_dur_p50_ms']:.1f}", f"{s['warm_dur_p95_ms']:.1f}", "—"),
    ])
    figures = "\n".join([
        row("figure", "value", "target"),
        row("---", "---", "---"),
        row("warm p50", f"{s['warm_p50_ms']:.1f} ms", f"≤ 30 ms ({ok['warm_p50_ms']})"),
        row("warm p95", f"{s['warm_p95_ms']:.1f} ms", f"≤ 80 ms ({ok['warm_p95_ms']})"),
        row("speed-up, cold p50 / warm p50", f"{s['speedup']:.0f}×",
            f"≥ 50× ({ok['speedup']})"),
        row(f"throughput, 2 workers (median of {s['blocks']} blocks of {args.block})",
            f"{s['throughput_per_s']:.1f} runs/s (blocks {s['tput_min']:.1f}–"
            f"{s['tput_max']:.1f})", f"≥ 30 runs/s ({ok['throughput_per_s']})"),
        row("CPU per warm run (throughput blocks, median)", f"{s['cpu_ms_per_run']:.1f} ms", "—"),
    ])
    user = "root" if m["root"] else "a normal user"
    return f"""## Runner

Measured by `python bench/runner.py` on {s['date']}.

- Machine: {m['cpu']}, {m['cores']} cores, {m['mem_gib']} GiB RAM, Linux {m['kernel']},
  Python {m['python']}, torch {m['torch']}, running as {user}.
- Load average (1/5/15 min) before: {s['load_before']}; after: {s['load_after']}. The machine is
  shared, so other tenants' jobs add noise.
- Sandbox start (2 zygotes, in parallel, until both were warm): {s['startup_s']:.2f} s.
- Snippet: a 3-element tensor, `(x ** 2).sum().backward()`, a non-leaf `.grad` (one
  `UserWarning`) and `print(x.grad)`. Every run was checked: status `ok`, the printed gradient,
  exactly one warning, on line 5.

Method: {args.rounds} interleaved rounds; each round runs, in shuffled order, one **cold spawn**
(a fresh `python` that imports torch, runs the snippet recording warnings, prints a JSON line),
{args.warm_per_round} **warm** runs one at a time through `Sandbox.run` (2 workers), and one
**throughput** block of {args.block} runs through `Sandbox.run_many` on 2 workers. Latency is
wall time around the call, as a caller sees it; p95 is nearest-rank. CPU ms per run adds the
zygotes' own and reaped children's CPU time to the controller's.

{latency}

{figures}

With 2 cores, CPU ms per run bounds throughput at about 2000 / {s['cpu_ms_per_run']:.0f} ≈
{2000 / s['cpu_ms_per_run']:.0f} runs/s on an otherwise idle machine. The latency targets are
stated for a machine without other tenants (as CI's is): each run needs that CPU time, most of it
the kernel forking and tearing down a ~650 MB torch process, so when other jobs share the two
cores, wall times grow with the load average (compare the cold spawn's p50, about 1.2 s when the
machine is idle).
"""


def write_section(doc: Path, section: str) -> None:
    """Replace (or add) the "## Runner" section, leaving any other section alone."""
    text = doc.read_text() if doc.exists() else "# Benchmarks\n"
    start = text.find("## Runner\n")
    if start == -1:
        text = text.rstrip("\n") + "\n\n" + section
    else:
        end = text.find("\n## ", start + 1)
        text = text[:start] + section + (text[end + 1:] if end != -1 else "")
    doc.write_text(text)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--rounds", type=int, default=12)
    ap.add_argument("--warm-per-round", type=int, default=20)
    ap.add_argument("--block", type=int, default=60)
    ap.add_argument("--doc", type=Path, default=ROOT / "docs" / "benchmarks.md")
    ap.add_argument("--no-write", action="store_true")
    args = ap.parse_args()
    rng = random.Random(0)

    stats: dict[str, Any] = {"date": dt.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z"),
                             "machine": machine(), "load_before": loadavg()}
    req = RunRequest(code=SNIPPET)
    t0 = time.perf_counter()
    with Sandbox(workers=2) as sb:
        if not sb.wait_ready(300):
            sys.exit("sandbox did not start")
        stats["startup_s"] = time.perf_counter() - t0
        for _ in range(3):  # first runs touch fresh pages; not part of the figures
            check(sb.run(req))
        cold: list[float] = []
        warm: list[float] = []
        durations: list[float] = []
        tput: list[float] = []
        cpu: list[float] = []
        for i in range(args.rounds):
            steps = ["cold", "warm", "tput"]
            rng.shuffle(steps)
            for step in steps:
                if step == "cold":
                    cold.append(cold_run())
                elif step == "warm":
                    for _ in range(args.warm_per_round):
                        wall, dur = warm_run(sb, req)
                        warm.append(wall)
                        durations.append(dur)
                else:
                    rate, cpu_ms = throughput_block(sb, req, args.block)
                    tput.append(rate)
                    cpu.append(cpu_ms)
            print(f"round {i + 1}/{args.rounds}: cold {cold[-1]:.0f} ms, warm p50 "
                  f"{statistics.median(warm):.1f} ms, throughput {tput[-1]:.1f}/s", flush=True)
    stats["load_after"] = loadavg()
    stats.update({
        "cold_n": len(cold), "cold_p50_ms": statistics.median(cold),
        "cold_p95_ms": percentile(cold, 95), "cold_mean_ms": statistics.fmean(cold),
        "warm_n": len(warm), "warm_p50_ms": statistics.median(warm),
        "warm_p95_ms": percentile(warm, 95), "warm_mean_ms": statistics.fmean(warm),
        "warm_dur_p50_ms": statistics.median(durations),
        "warm_dur_p95_ms": percentile(durations, 95),
        "throughput_per_s": statistics.median(tput), "tput_min": min(tput),
        "tput_max": max(tput), "blocks": len(tput), "cpu_ms_per_run": statistics.median(cpu),
    })
    stats["speedup"] = stats["cold_p50_ms"] / stats["warm_p50_ms"]
    stats["targets_met"] = {
        "warm_p50_ms": stats["warm_p50_ms"] <= TARGETS["warm_p50_ms"],
        "warm_p95_ms": stats["warm_p95_ms"] <= TARGETS["warm_p95_ms"],
        "speedup": stats["speedup"] >= TARGETS["speedup"],
        "throughput_per_s": stats["throughput_per_s"] >= TARGETS["throughput_per_s"],
    }
    section = render(stats, args)
    print(section)
    if not args.no_write:
        write_section(args.doc, section)
    print(json.dumps({k: round(stats[k], 2) for k in
                      ("cold_p50_ms", "warm_p50_ms", "warm_p95_ms", "throughput_per_s")}))


if __name__ == "__main__":
    main()
