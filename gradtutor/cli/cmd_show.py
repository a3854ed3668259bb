"""`gradtutor show ID`: one exercise, its code highlighted."""

from __future__ import annotations

import argparse

from gradtutor.cli.errors import UsageError
from gradtutor.cli.loading import get_exercise, load_for_reading
from gradtutor.cli.render import code_block, indent, style
from gradtutor.cli.status import ExitStatus
from gradtutor.env import Environment

HELP = "show one exercise, with its code highlighted"


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("id", help="exercise id (see `gradtutor list`)")
    p.add_argument("--hint", type=int, metavar="N", help="show hints 1..N as well")
    p.add_argument("--starter", action="store_true",
                   help="print only the starter code, e.g. to save it: > my.py")


def run(args: argparse.Namespace, env: Environment) -> ExitStatus:
    course = load_for_reading(env, args.course)
    ex = get_exercise(course, args.id)
    lang = env.lang
    if args.starter:
        if ex.starter is None:
            raise UsageError(f"{ex.id} is a predict exercise and has no starter code")
        env.stdout.write(ex.starter)
        return ExitStatus.OK
    env.out(style(env, f"{ex.title.get(lang)}", "bold") + style(env, f"  [{ex.id}]", "dim"))
    chapter = course.chapter_of(ex.id)
    chapter_title = chapter.title.get(lang) if chapter else ex.chapter
    env.out(style(env, f"{ex.kind} · {ex.topic} · {chapter_title}", "dim"))
    env.out()
    if ex.kind == "predict":
        assert ex.snippet is not None
        env.out(code_block(env, ex.snippet))
        env.out()
        for i, q in enumerate(ex.questions, 1):
            env.out(f"Q{i}. {q.ask.get(lang)}")
        env.out()
        n = len(ex.questions)
        answers = " ".join(f"--answer '…{i}'" for i in range(1, n + 1))
        env.out(style(env, f"Answer with: gradtutor check {ex.id} {answers}", "dim"))
    else:
        assert ex.task is not None and ex.starter is not None
        env.out(ex.task.get(lang).rstrip())
        env.out()
        env.out(code_block(env, ex.starter))
        env.out()
        env.out(style(env, f"Save it with: gradtutor show {ex.id} --starter > {ex.id}.py, "
                      f"edit, then: gradtutor check {ex.id} {ex.id}.py", "dim"))
    if args.hint:
        env.out()
        for i, hint in enumerate(ex.hints[: args.hint], 1):
            env.out(style(env, f"Hint {i}: ", "yellow") + indent(hint.get(lang), "").strip())
    else:
        env.out(style(env, f"Stuck? gradtutor show {ex.id} --hint 1 "
                      f"({len(ex.hints)} hints)", "dim"))
    return ExitStatus.OK
