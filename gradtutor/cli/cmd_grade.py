"""`gradtutor grade PATH`: grade one submission or a roster of them, and write CI reports."""

from __future__ import annotations

import argparse
import importlib.metadata
import json
import os
import time
from pathlib import Path

from gradtutor import __version__
from gradtutor.classroom.budget import DEFAULT_BUDGET_S, TimeBudget
from gradtutor.classroom.grader import grade_submissions, workers_for
from gradtutor.classroom.submissions import (
    LayoutError,
    Submission,
    find_submissions,
    parse_shard,
    select_shard,
)
from gradtutor.classroom.trusted import TrustedCourse, load_trusted_course
from gradtutor.cli.course_paths import find_exercises_dir
from gradtutor.cli.errors import UsageError
from gradtutor.cli.status import ExitStatus
from gradtutor.env import Environment
from gradtutor.grading.reference_cache import ReferenceCache
from gradtutor.reports import (
    GradeReport,
    LearnerResult,
    to_gradescope,
    to_json_report,
    to_junit_xml,
    to_markdown,
)
from gradtutor.reports.class_summary import class_summary
from gradtutor.reports.class_summary import to_text as class_text
from gradtutor.sandbox import Sandbox
from gradtutor.views.escape import terminal
from gradtutor.views.style import style

HELP = "grade a submission directory, or a roster of them, and write CI reports"
MIN_PROGRESS_GAP_S = 2.0
_COLOURS = {"pass": "green", "fail": "red", "missing": "yellow", "error": "red",
            "internal": "red"}


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("path", metavar="PATH",
                   help="a submission (answers.yaml and <exercise-id>.py files) or a roster "
                        "(one submission directory per learner)")
    p.add_argument("--exercises", metavar="DIR",
                   help="the trusted exercises folder (default: --course, ./exercises or the "
                        "installed course)")
    p.add_argument("--solutions", metavar="DIR",
                   help="the trusted reference solutions (default: DIR/../solutions)")
    p.add_argument("--only", action="append", default=[], metavar="IDS",
                   help="grade only these exercises (comma-separated ids; repeatable)")
    p.add_argument("--jobs", "-j", type=int, default=os.cpu_count() or 1, metavar="N",
                   help="sandbox workers (default: number of cores)")
    p.add_argument("--shard", metavar="K/N",
                   help="grade only shard K of N of the roster (every N-th learner by id)")
    p.add_argument("--learner-budget", type=float, default=DEFAULT_BUDGET_S, metavar="SECONDS",
                   help="run time each learner's programs may use in all; then the remaining "
                        f"exercises are graded error (default: {DEFAULT_BUDGET_S:g})")
    p.add_argument("--junit", metavar="FILE", help="write JUnit XML")
    p.add_argument("--json", metavar="FILE", help="write the JSON report (docs/grading.md)")
    p.add_argument("--gradescope", metavar="FILE",
                   help="write Gradescope results.json (one submission only)")
    p.add_argument("--summary", metavar="FILE",
                   help="write a Markdown summary (appended to when FILE is "
                        "$GITHUB_STEP_SUMMARY)")
    p.add_argument("--verbose", "-v", action="store_true",
                   help="show every failed question and check (default for one submission)")


def _course(args: argparse.Namespace, env: Environment, path: Path) -> TrustedCourse:
    exercises_dir = (Path(args.exercises) if args.exercises
                     else find_exercises_dir(env, getattr(args, "course", None)))
    if exercises_dir is None:
        raise UsageError("no course found. Pass --exercises DIR (the folder holding "
                         "course.yaml)")
    only = [i.strip() for spec in args.only for i in spec.split(",") if i.strip()]
    solutions = Path(args.solutions) if args.solutions else None
    try:
        return load_trusted_course(exercises_dir, solutions, path, only, env.lang)
    except LayoutError as exc:
        raise UsageError(str(exc)) from None


def _torch_version() -> str:
    try:
        return importlib.metadata.version("torch")
    except importlib.metadata.PackageNotFoundError:
        return "?"


def _prepare_output(name: str | None) -> Path | None:
    if not name:
        return None
    path = Path(name)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UsageError(f"{name}: cannot create its folder ({exc.strerror})") from None
    return path


def render_learner(env: Environment, learner: LearnerResult, details: bool) -> str:
    """A learner's block for stdout, which is the CI log: every piece of learner text goes
    through views/escape.py (no control characters, no workflow commands) before styling."""
    t = terminal
    head = (f"{t(learner.learner, lines=False)}: {learner.score:g}/{learner.max_score:g} "
            f"points, {learner.status}")
    lines = [style(env, head, "bold", _COLOURS[learner.status])]
    width = max([len("exercise"), *(len(e.exercise_id) for e in learner.exercises)])
    lines.append(style(env, f"  {'exercise':<{width}}  status    score  detail", "dim"))
    for ex in learner.exercises:
        score = f"{ex.score:g}/{ex.max_score:g}"
        detail = t(ex.reason, lines=False) if ex.status != "pass" else ""
        if ex.hidden_checks and ex.status == "pass":
            detail = f"({ex.hidden_checks} hidden check(s) run)"
        status = style(env, f"{ex.status:<8}", _COLOURS[ex.status])
        lines.append(f"  {ex.exercise_id:<{width}}  {status}  {score:>5}  {detail}".rstrip())
        if details and ex.status in ("pass", "fail"):
            for item in ex.items:
                if item.status == "pass":
                    continue
                lines.append(f"      ✘ {item.name}: {t(item.label, lines=False)}")
                lines += [f"          {ln}" for ln in t(item.message).splitlines()]
    lines += [style(env, f"  note: {t(n, lines=False)}", "dim") for n in learner.notes]
    return "\n".join(lines)


class _Progress:
    """Progress on stderr: a live line on a terminal, a few terse lines otherwise."""

    def __init__(self, env: Environment, total: int, started: float) -> None:
        self.env, self.total, self.started = env, total, started
        try:
            self.live = env.stderr.isatty()
        except (AttributeError, ValueError):
            self.live = False
        self.enabled = total > 1
        self.next_mark = 0.1
        self.last = 0.0

    def clear(self) -> None:
        if self.enabled and self.live:
            self.env.stderr.write("\r\x1b[K")
            self.env.stderr.flush()

    def update(self, done: int) -> None:
        if not self.enabled:
            return
        elapsed = time.monotonic() - self.started
        text = f"graded {done}/{self.total} learners ({elapsed:.1f} s)"
        if self.live:
            self.env.stderr.write(f"\r\x1b[Kgradtutor: {text}")
            self.env.stderr.flush()
        elif done == self.total or (done / self.total >= self.next_mark
                                    and time.monotonic() - self.last >= MIN_PROGRESS_GAP_S):
            # A log, not a live line: every 10 % at most, and not more than every few seconds.
            self.env.err(f"gradtutor: {text}")
            self.last = time.monotonic()
            while done / self.total >= self.next_mark:
                self.next_mark += 0.1


def _write(path: Path, text: str, append: bool = False) -> None:
    with path.open("a" if append else "w", encoding="utf-8") as f:
        f.write(text)


def run(args: argparse.Namespace, env: Environment) -> ExitStatus:
    started_wall, started = time.time(), time.monotonic()
    path = Path(args.path)
    if args.jobs < 1:
        raise UsageError("--jobs must be at least 1")
    if not args.learner_budget > 0:
        raise UsageError("--learner-budget must be a positive number of seconds")
    try:
        shard = parse_shard(args.shard) if args.shard else None
        roster = find_submissions(path)
    except (ValueError, LayoutError) as exc:
        raise UsageError(str(exc)) from None
    course = _course(args, env, path)
    exercises = course.exercises
    submissions: list[Submission] = roster.submissions
    if shard:
        submissions = select_shard(submissions, *shard)
    if args.gradescope and len(submissions) > 1:
        raise UsageError(f"--gradescope writes one submission's results, but {path} holds "
                         f"{len(submissions)}. Grade one submission directory")
    outputs = {name: _prepare_output(getattr(args, name))
               for name in ("junit", "json", "gradescope", "summary")}
    if not submissions:
        env.err(f"gradtutor: no learners in shard {args.shard} of {path}")

    course_ids, predict_ids = course.note_ids()
    details = args.verbose or len(submissions) == 1
    progress = _Progress(env, len(submissions), started)

    def notes_for(sub: Submission) -> list[str]:
        return sub.notes(course_ids, predict_ids)

    def on_learner(done: int, total: int, result: LearnerResult) -> None:
        progress.clear()
        env.out(render_learner(env, result, details))
        env.stdout.flush()
        progress.update(done)

    # Learner code must not read the reference solutions, the course or other submissions,
    # nor the git history that holds them too.
    cache = ReferenceCache.in_data_dir(env.data_dir)
    with Sandbox(workers=workers_for(len(submissions), exercises, args.jobs),
                 hide_paths=[*course.sandbox_hide_paths(path), *cache.hide_paths()]) as sandbox:
        results = grade_submissions(submissions, exercises, sandbox, lang=env.lang,
                                    notes_for=notes_for, on_learner=on_learner,
                                    budget=TimeBudget(args.learner_budget), cache=cache)
        # Which protections held in this run (docs/security.md): root and non-root differ.
        env.err("sandbox protections: " + (", ".join(sandbox.protections(timeout=0)) or "none"))
    progress.clear()
    report = GradeReport(results, exercises, course_title=course.title,
                         gradtutor_version=__version__, torch_version=_torch_version(),
                         shard=shard, started=started_wall,
                         duration_s=time.monotonic() - started, lang=env.lang)
    _summary_line(env, report)
    _write_reports(report, outputs, env.step_summary)
    if report.status == "internal":
        env.err("gradtutor: internal errors: gradtutor itself failed on some work (see above); "
                "no learner is at fault for those")
        return ExitStatus.INTERNAL
    return ExitStatus.OK if report.status == "pass" else ExitStatus.FAIL


def _summary_line(env: Environment, report: GradeReport) -> None:
    n = len(report.learners)
    if n > 1:  # what the class got wrong, then the totals
        env.out(class_text(class_summary(report)))
    passed = sum(x.status == "pass" for x in report.learners)
    text = (f"{n} learner(s): {passed} passed, {n - passed} did not; "
            f"{report.score:g}/{report.max_score:g} points; {report.duration_s:.1f} s")
    env.out(style(env, text, "bold"))


def _write_reports(report: GradeReport, outputs: dict[str, Path | None],
                   step_summary: Path | None) -> None:
    if outputs["junit"]:
        _write(outputs["junit"], to_junit_xml(report))
    if outputs["json"]:
        _write(outputs["json"],
               json.dumps(to_json_report(report), ensure_ascii=False, indent=2) + "\n")
    if outputs["gradescope"] and report.learners:
        data = to_gradescope(report.learners[0], report.duration_s)
        _write(outputs["gradescope"], json.dumps(data, ensure_ascii=False, indent=2) + "\n")
    if outputs["summary"]:
        # $GITHUB_STEP_SUMMARY is shared by every step of the job: append to it, never clobber.
        append = step_summary is not None and _same_file(outputs["summary"], step_summary)
        _write(outputs["summary"], to_markdown(report), append=append)


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.resolve() == b.resolve()
    except OSError:
        return False

