"""`gradtutor show ID`: one exercise, its code highlighted."""

from __future__ import annotations

import argparse

from gradtutor.cli.errors import UsageError
from gradtutor.cli.loading import get_exercise, load_for_reading
from gradtutor.cli.status import ExitStatus
from gradtutor.env import Environment
from gradtutor.text import render
from gradtutor.text.wrapping import wrap
from gradtutor.views.style import code_block, style
from gradtutor.views.words import kind_name

HELP = "show one exercise, with its code highlighted"


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("id", help="exercise id (see `gradtutor list`)")
    p.add_argument("--hint", type=int, metavar="N", help="show hints 1..N as well")
    p.add_argument("--starter", action="store_true",
                   help="print only the starter code, e.g. to save it: > my.py")


def lang_option(lang: str) -> str:
    """Commands suggested to the learner keep the learner's language."""
    return " --lang zh" if lang == "zh" else ""


def hint_command(exercise_id: str, lang: str) -> str:
    return f"gradtutor show {exercise_id} --hint 1{lang_option(lang)}"


def run(args: argparse.Namespace, env: Environment) -> ExitStatus:
    course = load_for_reading(env, args.course)
    ex = get_exercise(course, args.id)
    lang = env.lang
    if args.hint is not None and args.hint < 1:  # [:-1] would quietly drop the last hint
        raise UsageError(render("cli_hint_count", lang, n=args.hint, id=ex.id))
    if args.starter:
        if ex.starter is None:
            raise UsageError(render("cli_no_starter", lang, id=ex.id))
        env.stdout.write(ex.starter)
        return ExitStatus.OK
    lang_arg = lang_option(lang)
    env.out(style(env, f"{ex.title.get(lang)}", "bold") + style(env, f"  [{ex.id}]", "dim"))
    chapter = course.chapter_of(ex.id)
    chapter_title = chapter.title.get(lang) if chapter else ex.chapter
    env.out(style(env, f"{kind_name(ex.kind, lang)} · {ex.topic} · {chapter_title}", "dim"))
    env.out()
    if ex.kind == "predict":
        assert ex.snippet is not None
        env.out(code_block(env, ex.snippet))
        env.out()
        for i, q in enumerate(ex.questions, 1):
            env.out(wrap(render("question_label", lang, number=i, ask=q.ask.get(lang)),
                         prefix="    ", first=""))
        env.out()
        answers = " ".join(f"-a '<{render('cli_answer_arg', lang, number=i)}>'"
                           for i in range(1, len(ex.questions) + 1))
        command = f"gradtutor check {ex.id}{lang_arg} {answers}"
        env.out(style(env, render("cli_answer_with", lang, command=command), "dim"))
        env.out(style(env, render("cli_answer_how", lang), "dim"))
    else:
        assert ex.task is not None and ex.starter is not None
        env.out(wrap(ex.task.get(lang)))
        env.out()
        env.out(code_block(env, ex.starter))
        env.out()
        save = f"gradtutor show {ex.id} --starter > {ex.id}.py"
        check = f"gradtutor check {ex.id} {ex.id}.py{lang_arg}"
        env.out(style(env, render("cli_save_starter", lang, command=save), "dim"))
        env.out(style(env, render("cli_then_check", lang, command=check), "dim"))
    if args.hint:
        env.out()
        for i, hint in enumerate(ex.hints[: args.hint], 1):
            head = render("cli_hint", lang, level=i)
            text = wrap(head + hint.get(lang).strip(), prefix="  ", first="")
            env.out(style(env, head, "yellow") + text[len(head):])
        if args.hint > len(ex.hints):  # asked for more than there are: say so, not silence
            env.out(style(env, render("cli_all_hints", lang, id=ex.id, n=len(ex.hints),
                                      asked=args.hint), "dim"))
    else:
        stuck = render("cli_stuck", lang, command=hint_command(ex.id, lang), n=len(ex.hints))
        env.out(style(env, stuck, "dim"))
    return ExitStatus.OK
