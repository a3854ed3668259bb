"""`gradtutor check ID [FILE] [--answer TEXT ...]`: grade one piece of work."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from gradtutor.cli.cmd_show import hint_command
from gradtutor.cli.errors import UsageError
from gradtutor.cli.loading import get_exercise, load_for_reading
from gradtutor.cli.status import ExitStatus
from gradtutor.course.model import Exercise
from gradtutor.env import Environment
from gradtutor.grading.answer import read_answer
from gradtutor.grading.code import grade_code
from gradtutor.grading.predict import predict_verdict
from gradtutor.grading.reference_cache import ReferenceCache, check_runs, snippet_result
from gradtutor.sandbox import Sandbox
from gradtutor.text import render, say
from gradtutor.views.verdict import explanation, render_verdict

HELP = "grade a code or fix file, or predictions given in question order"
_EXIT = {"pass": ExitStatus.OK, "fail": ExitStatus.FAIL, "error": ExitStatus.FAIL,
         "internal": ExitStatus.INTERNAL}


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("id", help="exercise id (see `gradtutor list`)")
    p.add_argument("file", nargs="?",
                   help="your program (code/fix), or a file of answers one per line (predict); "
                        "- reads standard input")
    p.add_argument("--answer", "-a", action="append", default=[], metavar="TEXT",
                   help="a prediction, once per question in order")
    p.add_argument("--json", action="store_true", help="print the verdict as JSON")


def _read(path: str, env: Environment) -> str:
    """The learner's file, refused before reading when it is over the size cap: every step
    after it (parsing, naming variables, explaining) is linear, but not free."""
    from gradtutor.explain.limits import MAX_SOURCE_BYTES, file_too_large  # only when reading

    if path == "-":
        text = sys.stdin.read(MAX_SOURCE_BYTES + 1)
        _refuse_if_too_large(text, "<stdin>", env)
        return text
    p = Path(path)
    if p.is_dir():  # else read_text's IsADirectoryError would say "save it as UTF-8"
        raise UsageError(render("cli_is_folder", env.lang, path=path))
    try:
        too_large = file_too_large(path, p.stat().st_size)
        if too_large is not None:
            raise UsageError(say(too_large.fact, env.lang))
        text = p.read_text(encoding="utf-8")
        _refuse_if_too_large(text, path, env)
        return text
    except FileNotFoundError:
        raise UsageError(f"{path}: no such file. Check the path and try again") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise UsageError(f"{path}: cannot read it ({exc}). Save it as UTF-8 text") from None


def _refuse_if_too_large(text: str, name: str, env: Environment) -> None:
    from gradtutor.explain.limits import SourceTooLarge, check_source_size

    try:
        check_source_size(text, name)
    except SourceTooLarge as exc:
        raise UsageError(say(exc.fact, env.lang)) from None


def run(args: argparse.Namespace, env: Environment) -> ExitStatus:
    # A program (FILE.py) runs in the sandbox: start its zygote first, so torch loads while
    # the course does (closed unused if the exercise turns out to be a predict one).
    early = Sandbox(workers=1) if (args.file or "").endswith(".py") and not args.answer \
        and not Path(args.file).is_dir() else None
    try:
        return _run(args, env, early)
    except UsageError as exc:
        if not args.json:
            raise
        # A program reading --json gets JSON on every path, the input errors included.
        env.out(json.dumps({"id": args.id, "status": "usage_error", "error": str(exc)},
                           ensure_ascii=False, indent=2))
        return ExitStatus.USAGE
    finally:
        if early is not None:
            early.close()


def _with_answers(data: dict[str, Any], ex: Exercise, answers: list[str]) -> dict[str, Any]:
    """Each predict outcome with the learner's own answer: `answer` as typed, `got` as read
    (a typed value; null when it could not be read or is a printed line, compared as text)."""
    for outcome in data.get("outcomes", []):
        i = outcome.get("index")
        if isinstance(i, int) and 0 <= i < len(answers):
            outcome["answer"] = answers[i]
            if outcome.get("got") is None:
                outcome["got"] = read_answer(ex.questions[i], answers[i]).value
    return data


def _run(args: argparse.Namespace, env: Environment, early: Sandbox | None) -> ExitStatus:
    course = load_for_reading(env, args.course)
    ex = get_exercise(course, args.id)
    if ex.kind == "predict":
        answers = list(args.answer)
        if args.file:
            lines = _read(args.file, env).splitlines()
            while lines and not lines[-1].strip():
                lines.pop()
            # A blank line inside is a question not answered (it keeps the others in place).
            answers += lines
        if not answers:
            raise UsageError(f"{ex.id} asks {len(ex.questions)} question(s); give your "
                             f"predictions in order with --answer TEXT")
        if len(answers) > len(ex.questions):
            raise UsageError(f"{len(answers)} answers given but {ex.id} asks "
                             f"{len(ex.questions)} question(s)")
        cache = ReferenceCache.in_data_dir(env.data_dir)
        result = snippet_result(ex, cache, lambda: Sandbox(workers=1))
        verdict = predict_verdict(ex, answers, result, lang=env.lang)
    else:
        if args.answer:
            raise UsageError(f"{ex.id} is a {ex.kind} exercise: pass your program as FILE, "
                             "not --answer")
        if not args.file:
            raise UsageError(f"give the file to grade: gradtutor check {ex.id} FILE "
                             f"(start from `gradtutor show {ex.id} --starter`)")
        source = _read(args.file, env)
        if not source.strip():  # else every check fails with a NameError
            raise UsageError(render("cli_file_empty", env.lang, path=args.file, id=ex.id))
        name = "submission.py" if args.file == "-" else Path(args.file).name
        cache = ReferenceCache.in_data_dir(env.data_dir)
        with early or Sandbox(workers=1) as sandbox:  # one torch process for every run
            verdict = grade_code(ex, source, sandbox, lang=env.lang, filename=name,
                                 runs=check_runs(ex), cache=cache)
    if args.json:
        data = verdict.to_json()
        if ex.kind == "predict":
            data = _with_answers(data, ex, answers)
        env.out(json.dumps(data, ensure_ascii=False, indent=2))
    else:
        stuck = render("cli_stuck_short", env.lang, command=hint_command(ex.id, env.lang))
        env.out(render_verdict(env, ex, verdict, next_step=stuck))
        if verdict.status == "pass":
            env.out()
            env.out(explanation(env, ex))
    return _EXIT[verdict.status]
