"""`gradtutor validate [DIR]`: lint a course and confirm it against live torch."""

from __future__ import annotations

import argparse
import json
import os
from pathlib import Path

from gradtutor.cli.course_paths import find_exercises_dir
from gradtutor.cli.errors import UsageError
from gradtutor.cli.status import ExitStatus
from gradtutor.env import Environment
from gradtutor.grading.validate import validate_course
from gradtutor.sandbox import Sandbox
from gradtutor.views.style import style

HELP = "check every exercise: schema, reference solutions, answers against live torch"


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("dir", nargs="?", help="the exercises folder (default: the course)")
    p.add_argument("--solutions", metavar="DIR", help="default: DIR/../solutions")
    p.add_argument("--jobs", "-j", type=int, default=os.cpu_count() or 1,
                   help="sandbox workers (default: number of cores)")
    p.add_argument("--json", action="store_true", help="print problems as JSON")


def run(args: argparse.Namespace, env: Environment) -> ExitStatus:
    exercises_dir = Path(args.dir) if args.dir else find_exercises_dir(env, args.course)
    if exercises_dir is None or not exercises_dir.is_dir():
        raise UsageError(f"{exercises_dir or 'exercises/'}: no such folder. Pass the folder "
                         "that holds course.yaml")
    solutions = Path(args.solutions) if args.solutions else None
    with Sandbox(workers=max(1, args.jobs)) as sandbox:
        report = validate_course(exercises_dir, sandbox, solutions)
    if args.json:
        env.out(json.dumps({
            "exercises": report.exercises, "runs": report.runs, "seconds": report.seconds,
            "torch": report.torch_version,
            "problems": [{"file": str(p.path), "line": p.line, "column": p.column,
                          "severity": p.severity, "message": p.message, "fix": p.fix}
                         for p in report.problems],
        }, ensure_ascii=False, indent=2))
    else:
        for p in sorted(report.problems, key=lambda p: (str(p.path), p.line or 0)):
            colour = "red" if p.severity == "error" else "yellow"
            env.out(style(env, str(p), colour))
        summary = (f"{report.exercises} exercises, {report.runs} runs under torch "
                   f"{report.torch_version} in {report.seconds:.1f} s: "
                   f"{len(report.errors)} error(s), {len(report.warnings)} warning(s)")
        env.out(style(env, summary, "bold"))
    return ExitStatus.FAIL if report.errors else ExitStatus.OK
