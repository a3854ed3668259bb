"""Whole commands against a cold `python file.py`, measured in the same run (paired).

The baseline is a fresh interpreter running a file that imports torch and does a three-line
backward: what a learner pays to run any torch program. Each target command runs in turn with
it, A B A B ..., and the ratio command/baseline is taken pair by pair, so a machine whose
speed drifts (a shared one) still gives a fair ratio. Quoted: medians of wall time, CPU time
(user + system of the process and its children, from wait4) and of the pair ratios.

    python bench/commands.py                 # every target, 7 pairs each; rewrites its section
    python bench/commands.py --runs 3 --no-write --only check-code

Targets (docs/benchmarks.md, "Commands"):
    version       gradtutor --version                       (under 150 ms)
    list          gradtutor list                            (under 150 ms)
    check-code    gradtutor check of one code exercise      (<= 1.0x the cold run)
    check-predict gradtutor check of one predict exercise, truths cached   (<= 0.3 s)
    check-predict-cold  the same with an empty cache        (<= 1.0x the cold run)
    grade-one     gradtutor grade of one full submission    (<= 1.5 s on an idle machine)
Each check and grade uses a data dir of its own ($GRADTUTOR_HOME): warm for "cached" targets
(one run first fills it), emptied before every run for "cold" ones.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from benchdoc import replace_section  # bench/ is on sys.path when run as a script

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "benchmarks.md"
SECTION = "## Commands"
COLD = """\
import torch
x = torch.ones(3, requires_grad=True)
(x * x).sum().backward()
"""
CODE_EXERCISE = "agrad-allow-unused-fix"
PREDICT_EXERCISE = "rg-default-flag"
PREDICT_ANSWERS = ["False", "True", "False", "True"]


def run_once(cmd: list[str], env: dict[str, str]) -> tuple[float, float, int]:
    """(wall s, CPU s of the process tree, exit status); output is discarded."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            cwd=ROOT)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - t0
    proc.returncode = os.waitstatus_to_exitcode(status)
    # wait4 counts the process and the children it waited for (the sandbox's zygotes).
    return wall, usage.ru_utime + usage.ru_stime, proc.returncode


def paired(target: list[str], baseline: list[str], env: dict[str, str], runs: int,
           before: Callable[[], None] = lambda: None) -> dict[str, Any]:
    before()
    run_once(target, env)  # warm-up: page cache, and a warm cache for the cached targets
    run_once(baseline, env)
    rows: list[tuple[float, float, float, float]] = []
    codes = set()
    for _ in range(runs):
        before()
        wall, cpu, code = run_once(target, env)
        codes.add(code)
        bwall, bcpu, _ = run_once(baseline, env)
        rows.append((wall, cpu, bwall, bcpu))
    med = statistics.median
    return {
        "wall": med(r[0] for r in rows), "cpu": med(r[1] for r in rows),
        "base_wall": med(r[2] for r in rows), "base_cpu": med(r[3] for r in rows),
        "ratio": med(r[0] / r[2] for r in rows),
        "ratio_min": min(r[0] / r[2] for r in rows), "ratio_max": max(r[0] / r[2] for r in rows),
        "cpu_ratio": med(r[1] / r[3] for r in rows), "exit": sorted(codes), "runs": runs,
    }


def one_submission(course: Path, dest: Path) -> Path:
    """A submission of every exercise: the reference solutions and the documented answers."""
    sys.path.insert(0, str(ROOT))
    import json

    from gradtutor.course.loader import load_course

    loaded = load_course(course)
    assert loaded.course is not None
    dest.mkdir(parents=True)
    answers = []
    for ex in loaded.course.exercises:
        if ex.kind == "predict":
            answers.append(f"{ex.id}:\n" + "".join(f"  - {json.dumps(q.answer or '')}\n"
                                                   for q in ex.questions))
        elif ex.solution_path is not None:
            shutil.copy(ex.solution_path, dest / f"{ex.id}.py")
    (dest / "answers.yaml").write_text("".join(answers), encoding="utf-8")
    return dest


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--runs", type=int, default=7)
    ap.add_argument("--only", action="append", default=[])
    ap.add_argument("--no-write", action="store_true")
    args = ap.parse_args()
    exe = str(Path(sys.executable).parent / "gradtutor")
    tmp = Path(tempfile.mkdtemp(prefix="gradtutor-bench-"))
    cold_file = tmp / "cold.py"
    cold_file.write_text(COLD)
    baseline = [sys.executable, str(cold_file)]
    solution = ROOT / "solutions" / f"{CODE_EXERCISE}.py"
    submission = one_submission(ROOT / "exercises", tmp / "submission")
    answers = [a for x in PREDICT_ANSWERS for a in ("-a", x)]
    env = {**os.environ, "GRADTUTOR_COURSE": str(ROOT / "exercises"), "NO_COLOR": "1"}

    def home(name: str) -> dict[str, str]:
        return {**env, "GRADTUTOR_HOME": str(tmp / name)}

    def emptied(name: str) -> Callable[[], None]:
        return lambda: shutil.rmtree(tmp / name, ignore_errors=True)

    targets: dict[str, tuple[str, list[str], dict[str, str], Callable[[], None]]] = {
        "version": ("`gradtutor --version`", [exe, "--version"], env, lambda: None),
        "list": ("`gradtutor list`", [exe, "list"], env, lambda: None),
        "check-code": (f"`gradtutor check {CODE_EXERCISE}` (code, reference cached)",
                       [exe, "check", CODE_EXERCISE, str(solution)], home("code"),
                       lambda: None),
        "check-code-cold": (f"`gradtutor check {CODE_EXERCISE}` (code, empty cache)",
                            [exe, "check", CODE_EXERCISE, str(solution)], home("code-cold"),
                            emptied("code-cold")),
        "check-predict": (f"`gradtutor check {PREDICT_EXERCISE}` (predict, truths cached)",
                          [exe, "check", PREDICT_EXERCISE, *answers], home("predict"),
                          lambda: None),
        "check-predict-cold": (f"`gradtutor check {PREDICT_EXERCISE}` (predict, empty cache)",
                               [exe, "check", PREDICT_EXERCISE, *answers],
                               home("predict-cold"), emptied("predict-cold")),
        "grade-one": ("`gradtutor grade` of one full submission (every exercise, cache warm)",
                      [exe, "grade", str(submission), "--exercises", str(ROOT / "exercises")],
                      home("grade"), lambda: None),
    }
    chosen = args.only or list(targets)
    load_before = " ".join(f"{x:.2f}" for x in os.getloadavg())
    results = {}
    for key in chosen:
        label, cmd, e, before = targets[key]
        print(f"{key} ...", flush=True)
        results[key] = (label, paired(cmd, baseline, e, args.runs, before))
        r = results[key][1]
        print(f"  {r['wall']:.3f} s wall, {r['cpu']:.3f} s CPU; cold run {r['base_wall']:.3f} s;"
              f" ratio {r['ratio']:.2f} ({r['ratio_min']:.2f}-{r['ratio_max']:.2f}); "
              f"exit {r['exit']}", flush=True)
    load_after = " ".join(f"{x:.2f}" for x in os.getloadavg())
    shutil.rmtree(tmp, ignore_errors=True)
    rows = ["| command | wall (median) | CPU (median) | cold run, same pairs | "
            "ratio to the cold run: median (min-max) | exit |", "|---|---|---|---|---|---|"]
    for key in chosen:
        label, r = results[key]
        rows.append(f"| {label} | {r['wall']:.3f} s | {r['cpu']:.3f} s | {r['base_wall']:.3f} s"
                    f" wall, {r['base_cpu']:.3f} s CPU | **{r['ratio']:.2f}×** "
                    f"({r['ratio_min']:.2f}-{r['ratio_max']:.2f}) | "
                    f"{','.join(map(str, r['exit']))} |")
    when = dt.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z")
    section = f"""{SECTION}

Measured by `python bench/commands.py` on {when}, {args.runs} pairs per command after one
warm-up pair; {os.cpu_count()} cores; load average (1/5/15 min) {load_before} before and
{load_after} after. The cold run is a fresh `python cold.py` that imports torch and does a
three-line backward; each command alternates with it (A B A B ...), and the ratio is taken
pair by pair. CPU is user + system time of the command and every process it waited for (the
sandbox's zygotes included).

{chr(10).join(rows)}
"""
    print(section)
    if not args.no_write:
        replace_section(DOC, SECTION, section)


if __name__ == "__main__":
    main()
