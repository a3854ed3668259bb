"""Benchmark of `gradtutor grade`: a synthetic class through one warm sandbox, against a cold
`python` per check extrapolated from a sample.

    python bench/grade.py [--learners 300] [--jobs N] [--cold-sample 8] [--no-write]

The class is written to disk in the submission layout (docs/grading.md) and graded by the same
code as `gradtutor grade` (find_submissions → grade_submissions → reports), on every exercise of
the course in exercises/. Each learner's work on each exercise is drawn (seeded): right
(the reference solution, the documented answers), wrong (the starter, wrong answers), missing,
or a syntax error; every verdict is checked against what was planted. Writes the "Grading"
section of docs/benchmarks.md; the last line printed is JSON with the headline figures.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

from benchdoc import replace_section  # bench/ is on sys.path when run as a script

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from gradtutor.classroom.grader import grade_submissions  # noqa: E402
from gradtutor.classroom.submissions import find_submissions  # noqa: E402
from gradtutor.course.loader import load_course  # noqa: E402
from gradtutor.course.model import Course, Exercise  # noqa: E402
from gradtutor.reports import (  # noqa: E402
    GradeReport,
    to_json_report,
    to_junit_xml,
    to_markdown,
)
from gradtutor.reports.class_summary import (  # noqa: E402
    class_summary,
    to_markdown_section,
    to_text,
)
from gradtutor.sandbox import Sandbox  # noqa: E402

# What a learner hands in for an exercise, and the status grading must find.
MIX = (("right", 0.55), ("wrong", 0.30), ("missing", 0.12), ("syntax", 0.03))
EXPECTED = {"right": {"pass"}, "wrong": {"fail", "error"}, "missing": {"missing"},
            "syntax": {"error"}}
WRONG_ANSWER = "12345.678"  # no question of the course has it as its answer

# The cold baseline: what grading one check costs without a warm sandbox. A fresh interpreter
# imports torch, runs the code with the grader's inputs and seed, evaluates one expression.
COLD_CHILD = """\
import json, sys
import torch
job = json.loads(sys.argv[1])
torch.manual_seed(job["seed"])
ns = {"__name__": "__main__", **job["inputs"]}
try:
    exec(compile(job["code"], "submission.py", "exec"), ns)
except Exception as exc:
    ns["__error__"] = repr(exc)
try:
    value = repr(eval(job["expr"], ns)) if job["expr"] else None
except Exception as exc:
    value = repr(exc)
print(json.dumps({"value": value}))
"""


def draw(rng: random.Random) -> str:
    x, acc = rng.random(), 0.0
    for kind, p in MIX:
        acc += p
        if x < acc:
            return kind
    return MIX[0][0]


def wrong_answers(ex: Exercise) -> list[str]:
    out = [q.answer or "" for q in ex.questions]
    q0 = ex.questions[0]
    out[0] = q0.misconceptions[0].answer if q0.misconceptions else WRONG_ANSWER
    return out


def write_class(course: Course, root: Path, learners: int, seed: int) -> dict[tuple[str, str], str]:
    """The roster on disk; returns what was planted per (learner, exercise)."""
    rng = random.Random(seed)
    planted: dict[tuple[str, str], str] = {}
    for n in range(learners):
        learner = f"learner-{n:04d}"
        d = root / learner
        d.mkdir(parents=True)
        answers: list[str] = []
        for ex in course.exercises:
            kind = draw(rng)
            if ex.kind == "predict" and kind == "syntax":
                kind = "wrong"
            planted[learner, ex.id] = kind
            if kind == "missing":
                continue
            if ex.kind == "predict":
                values = [q.answer or "" for q in ex.questions] if kind == "right" \
                    else wrong_answers(ex)
                answers.append(f"{ex.id}:\n" + "".join(f"  - {json.dumps(v)}\n" for v in values))
                continue
            if kind == "right":
                assert ex.solution_path is not None
                code = ex.solution_path.read_text(encoding="utf-8")
            elif kind == "wrong":
                code = ex.starter or ""
            else:
                code = "import torch\ndef broken(:\n    pass\n"
            (d / f"{ex.id}.py").write_text(code, encoding="utf-8")
        (d / "answers.yaml").write_text("".join(answers), encoding="utf-8")
    return planted


def cold_run(job: dict[str, Any]) -> float:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    t0 = time.perf_counter()
    r = subprocess.run([sys.executable, "-c", COLD_CHILD, json.dumps(job)], capture_output=True,
                       text=True, timeout=300, env=env)
    wall = (time.perf_counter() - t0) * 1000
    last = r.stdout.strip().splitlines()[-1:] or [""]  # the code itself may print
    if r.returncode != 0 or not last[0].startswith('{"value"'):
        raise SystemExit(f"cold run failed ({r.returncode}): {r.stdout[-300:]} {r.stderr[-500:]}")
    return wall


def cold_sample(course: Course, roster: Path, n: int, rng: random.Random) -> list[float]:
    """Cold runs of real work of the class: a learner's code (or a snippet) and one check."""
    jobs = []
    for ex in rng.sample(list(course.exercises), k=min(n, len(course.exercises))):
        if ex.kind == "predict":
            q = next((q for q in ex.questions if q.expr), None)
            jobs.append({"code": ex.snippet, "expr": q.expr if q else None, "inputs": {},
                         "seed": 0})
            continue
        files = sorted(roster.glob(f"*/{ex.id}.py"))
        code = files[0].read_text() if files else (ex.starter or "")
        inputs = ex.effective_variants[0].inputs
        jobs.append({"code": code, "expr": ex.checks[0].expr, "inputs": dict(inputs),
                     "seed": rng.randrange(1, 2**31)})
    return [cold_run(job) for job in jobs]


def machine() -> dict[str, Any]:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    try:
        import importlib.metadata as md
        torch_version = md.version("torch")
    except Exception:
        torch_version = "?"
    return {"cpu": cpu, "cores": os.cpu_count() or 1, "python": platform.python_version(),
            "kernel": platform.release(), "torch": torch_version, "root": os.geteuid() == 0}


def loadavg() -> str:
    try:
        return " ".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:
        return "?"


def render(s: dict[str, Any], args: argparse.Namespace) -> str:
    m = s["machine"]
    user = "root" if m["root"] else "a normal user"
    statuses = ", ".join(f"{k} {v}" for k, v in sorted(s["statuses"].items()))
    rows = [
        ("class", f"{s['learners']} learners × {s['exercises']} exercises "
                  f"({s['work']} pieces of work, {s['items']} questions and checks)"),
        ("sandbox start (until every zygote was warm)", f"{s['startup_s']:.1f} s"),
        ("grading wall time (roster read → last verdict)", f"{s['grade_s']:.1f} s"),
        ("**checks per second**", f"**{s['checks_per_s']:.0f}**"),
        ("learners per second", f"{s['learners_per_s']:.2f}"),
        ("sandbox runs (learner + shared reference/snippet runs)",
         f"{s['runs']} ({s['runs_per_s']:.1f} runs/s)"),
        ("reports for the class: JUnit + JSON + Markdown", f"{s['reports_s']:.2f} s"),
        ("profile: sandbox runs per learner-exercise (learner + shared)",
         f"{s['runs'] / max(1, s['work']):.2f}"),
        ("profile: CPU of the zygotes and their runs (start included) / per run",
         f"{s['sandbox_cpu_s']:.1f} s / {1000 * s['sandbox_cpu_s'] / max(1, s['runs']):.1f} ms"),
        ("profile: CPU of the parent while grading (planning, deciding, reports excluded)",
         f"{s['parent_cpu_s']:.1f} s"),
        ("profile: parent wall time deciding verdicts (comparisons, messages)",
         f"{s['decide_s']:.1f} s"),
        (f"cold `python` per check, sample of {s['cold_n']}: p50 / mean",
         f"{s['cold_p50_ms']:.0f} ms / {s['cold_mean_ms']:.0f} ms"),
        (f"cold, extrapolated: {s['items']} checks × p50 / {s['jobs']} cores",
         f"{s['cold_total_s'] / 3600:.1f} h"),
        ("**speed-up over a cold process per check**", f"**{s['speedup']:.0f}×**"),
    ]
    table = "\n".join(["| figure | value |", "| --- | --- |",
                       *(f"| {a} | {b} |" for a, b in rows)])
    return f"""## Grading

Measured by `python bench/grade.py --learners {s['learners']}` on {s['date']}.

- Machine: {m['cpu']}, {m['cores']} cores, Linux {m['kernel']}, Python {m['python']},
  torch {m['torch']}, running as {user}; `--jobs {s['jobs']}`.
- Load average (1/5/15 min) before: {s['load_before']}; after: {s['load_after']}. The machine is
  shared, so other tenants' jobs add noise.
- The class: every exercise of `exercises/` for each learner, drawn with seed {args.seed}:
  {", ".join(f"{k} {p:.0%}" for k, p in MIX)} (right = the reference solution or the documented
  answers; wrong = the starter or a wrong first answer).
  Statuses found: {statuses}.
  Every verdict matched what was planted ({s['unexpected']} mismatches).

Method: the roster is written in the submission layout and graded by the code of
`gradtutor grade` (one warm `Sandbox(workers={s['jobs']})`; snippet and reference runs once for
the class; pipelined batches of learners, one `run_many` each). A check is one question or one
check of an exercise. The cold baseline runs a sample of the class's real work, one fresh
`python` each (import torch, run the code, evaluate one expression), and is extrapolated to one
cold process per check, spread over the same cores.

{table}
"""


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--learners", type=int, default=300)
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--cold-sample", type=int, default=8)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--exercises", type=Path, default=ROOT / "exercises")
    ap.add_argument("--doc", type=Path, default=ROOT / "docs" / "benchmarks.md")
    ap.add_argument("--no-write", action="store_true")
    ap.add_argument("--class-summary", type=Path, metavar="FILE",
                    help="write what the class got wrong (text, then Markdown) to FILE")
    args = ap.parse_args()

    loaded = load_course(args.exercises)
    if loaded.course is None or loaded.errors:
        sys.exit(f"the course in {args.exercises} has problems; run gradtutor validate")
    course = loaded.course
    exercises = list(course.exercises)
    stats: dict[str, Any] = {
        "date": dt.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z"),
        "machine": machine(), "load_before": loadavg(), "jobs": args.jobs,
        "learners": args.learners, "exercises": len(exercises),
    }
    with tempfile.TemporaryDirectory(prefix="gradtutor-bench-") as tmp:
        roster_dir = Path(tmp) / "roster"
        planted = write_class(course, roster_dir, args.learners, args.seed)
        print(f"cold sample of {args.cold_sample} ...", flush=True)
        cold = cold_sample(course, roster_dir, args.cold_sample, random.Random(args.seed))
        children0 = _cpu(resource.RUSAGE_CHILDREN)  # the cold sample's processes
        t0 = time.perf_counter()
        with Sandbox(workers=args.jobs, hide_paths=[str(args.exercises), str(roster_dir)]) as sb:
            if not sb.wait_ready(600):
                sys.exit("sandbox did not start")
            stats["startup_s"] = time.perf_counter() - t0
            served = _count_runs(sb)
            deciding = _time_decisions()
            self_cpu0 = _cpu(resource.RUSAGE_SELF)
            t1 = time.perf_counter()
            roster = find_submissions(roster_dir)

            def progress(done: int, total: int, _result: Any) -> None:
                if done % 25 == 0 or done == total:
                    print(f"graded {done}/{total} learners "
                          f"({time.perf_counter() - t1:.0f} s)", flush=True)

            results = grade_submissions(roster.submissions, exercises, sb, on_learner=progress)
            stats["grade_s"] = time.perf_counter() - t1
            stats["parent_cpu_s"] = _cpu(resource.RUSAGE_SELF) - self_cpu0
            stats["decide_s"] = deciding[0]
            stats["runs"] = served[0]
        t2 = time.perf_counter()
        report = GradeReport(results, exercises, duration_s=stats["grade_s"])
        to_junit_xml(report)
        json.dumps(to_json_report(report))
        to_markdown(report)
        stats["reports_s"] = time.perf_counter() - t2
        stats["sandbox_cpu_s"] = _cpu(resource.RUSAGE_CHILDREN) - children0  # start included
        if args.class_summary:
            summary = class_summary(report)
            args.class_summary.write_text(to_text(summary) + "\n\n" +
                                          to_markdown_section(summary) + "\n", encoding="utf-8")
    stats["load_after"] = loadavg()

    found = Counter(e.status for r in results for e in r.exercises)
    unexpected = [(r.learner, e.exercise_id, planted[r.learner, e.exercise_id], e.status,
                   e.reason) for r in results for e in r.exercises
                  if e.status not in EXPECTED[planted[r.learner, e.exercise_id]]]
    for u in unexpected[:20]:
        print("unexpected:", u)
    items = sum(len(e.items) for r in results for e in r.exercises)
    stats.update({
        "statuses": dict(found), "unexpected": len(unexpected), "items": items,
        "work": sum(k != "missing" for k in planted.values()),
        "checks_per_s": items / stats["grade_s"],
        "learners_per_s": args.learners / stats["grade_s"],
        "runs_per_s": stats["runs"] / stats["grade_s"] if stats["runs"] else 0.0,
        "cold_n": len(cold), "cold_p50_ms": statistics.median(cold),
        "cold_mean_ms": statistics.fmean(cold),
    })
    stats["cold_total_s"] = items * stats["cold_p50_ms"] / 1000 / args.jobs
    stats["speedup"] = stats["cold_total_s"] / stats["grade_s"]
    section = render(stats, args)
    print(section)
    if not args.no_write:
        replace_section(args.doc, "## Grading", section)
    print(json.dumps({k: round(stats[k], 2) for k in
                      ("grade_s", "checks_per_s", "cold_p50_ms", "speedup", "unexpected")}))
    if unexpected:
        sys.exit(1)


def _cpu(who: int) -> float:
    r = resource.getrusage(who)
    return r.ru_utime + r.ru_stime


def _time_decisions() -> list[float]:
    """Wall time the parent spends deciding verdicts (comparisons, messages) from results."""
    from gradtutor.classroom import batch

    spent = [0.0]
    verdicts = batch.Batch.verdicts

    def timed(self: Any, results: Any, **kw: Any) -> Any:
        t0 = time.perf_counter()
        try:
            return verdicts(self, results, **kw)
        finally:
            spent[0] += time.perf_counter() - t0

    batch.Batch.verdicts = timed  # type: ignore[method-assign]
    return spent


def _count_runs(sb: Sandbox) -> list[int]:
    """Count the runs asked of the sandbox (grading calls run_many once per batch)."""
    served = [0]
    run_many = sb.run_many

    def counting(reqs: Any) -> Any:
        served[0] += len(reqs)
        return run_many(reqs)

    sb.run_many = counting  # type: ignore[method-assign]
    return served


if __name__ == "__main__":
    main()
