"""The shell's commands: one table (names, help, when they apply) and the line dispatcher.

A line whose first word is a command runs it; any other line is the answer to the current
predict question. `=` in front forces an answer, for the rare answer that is a command word.
The commands the toolbar and help name in Chinese (下一题, 提示, 揭晓, 帮助, ...) work too: no
answer is ever written in Chinese, and a learner in the Chinese UI types them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from gradtutor.shell import views
from gradtutor.shell.tutor import Tutor
from gradtutor.text import render
from gradtutor.text.wrapping import pad, width_of
from gradtutor.views.style import style
from gradtutor.views.words import kind_name, status_word

Handler = Callable[[Tutor, str], None]


@dataclass(frozen=True)
class Command:
    name: str
    handler: Handler
    help_key: str
    arg: str = ""  # shown in help, e.g. "ID"
    kinds: tuple[str, ...] = ("predict", "code", "fix")  # exercise kinds it applies to
    aliases: tuple[str, ...] = ()


def _list(tutor: Tutor, _arg: str) -> None:
    env, lang = tutor.env, tutor.lang
    width = max(len(i) for i in tutor.course.ids)
    kind_width = max(width_of(kind_name(k, lang)) for k in ("predict", "code", "fix"))
    number = 0
    for chapter in tutor.course.chapters:
        tutor.ui.show(style(env, chapter.title.get(lang), "bold"))
        for ex_id in chapter.exercise_ids:
            ex = tutor.course.get(ex_id)
            if ex is None:
                continue
            number += 1
            prog = tutor.progress_of(ex)
            here = style(env, "›", "bold") if ex.id == tutor.exercise.id else " "
            tutor.ui.show(f"{here}{number:>3} {views.status_mark(env, prog)} {ex.id.ljust(width)}"
                          f"  {style(env, pad(status_word(prog, lang), 9), 'dim')}"
                          f"  {pad(kind_name(ex.kind, lang), kind_width)} "
                          f"{ex.title.get(lang)}")


def _goto(tutor: Tutor, arg: str) -> None:
    if not arg.strip():
        tutor.say("needs_arg", command="goto", arg="ID", example=f"goto {tutor.course.ids[-1]}")
        return
    ex = tutor.find(arg)
    if ex is None:
        tutor.say("no_such_exercise", id=arg.strip())
        return
    tutor.goto(ex)


def _progress(tutor: Tutor, _arg: str) -> None:
    env, lang = tutor.env, tutor.lang
    course_progress = [tutor.progress_of(ex) for ex in tutor.course]
    counts = {s: sum(p.status == s for p in course_progress)
              for s in ("solved", "revealed", "attempted")}
    new = sum(p.status is None for p in course_progress)
    tutor.say("progress_head", "bold", n=len(course_progress), new=new, **counts)
    rows = []
    for chapter in tutor.course.chapters:
        progs = [tutor.progress_of(ex) for ex in tutor.course if ex.id in chapter.exercise_ids]
        rows.append((progs, f"{sum(p.finished for p in progs)}/{len(progs)}", chapter))
    longest = max((len(progs) for progs, _, _ in rows), default=0)
    count_width = max((len(count) for _, count, _ in rows), default=0)
    for progs, count, chapter in rows:  # marks padded so the counts and titles line up
        bar = "".join(views.status_mark(env, p) for p in progs) + " " * (longest - len(progs))
        tutor.ui.show(f"  {bar}  {count.rjust(count_width)}  {chapter.title.get(lang)}")
    tutor.say("progress_detail", "dim", attempts=sum(p.attempts for p in course_progress),
              hints=sum(p.hints_used for p in course_progress))


def _help(tutor: Tutor, _arg: str) -> None:
    lang, kind = tutor.lang, tutor.exercise.kind
    tutor.say("help_head", "bold")
    width = max(len(f"{c.name} {c.arg}".strip()) for c in COMMANDS)
    for c in COMMANDS:
        usage = f"{c.name} {c.arg}".strip().ljust(width)
        line = f"  {style(tutor.env, usage, 'cyan')}  {render(c.help_key, lang)}"
        tutor.ui.show(line if kind in c.kinds else style(tutor.env, line, "dim"))
    if kind == "predict":
        tutor.say("help_answer", "dim")
    tutor.say("help_keys", "dim")


def _quit(tutor: Tutor, _arg: str) -> None:
    tutor.quit()


COMMANDS: tuple[Command, ...] = (
    Command("list", _list, "h_list", aliases=("ls", "列表")),
    Command("next", lambda tu, _a: tu.move(1), "h_next", aliases=("下一题",)),
    Command("prev", lambda tu, _a: tu.move(-1), "h_prev", aliases=("上一题",)),
    Command("goto", _goto, "h_goto", arg="ID"),
    Command("show", lambda tu, _a: tu.show(), "h_show"),
    Command("hint", lambda tu, _a: tu.hint(), "h_hint", aliases=("提示",)),
    Command("reveal", lambda tu, _a: tu.reveal(), "h_reveal", aliases=("揭晓",)),
    Command("edit", lambda tu, a: tu.edit(a), "h_edit", arg="[inline]", kinds=("code", "fix")),
    Command("run", lambda tu, _a: tu.run(), "h_run", kinds=("code", "fix")),
    Command("check", lambda tu, _a: tu.check() and None, "h_check", kinds=("code", "fix")),
    Command("watch", lambda tu, _a: tu.watch(), "h_watch", kinds=("code", "fix"),
            aliases=("unwatch",)),
    Command("explain", lambda tu, _a: tu.explain(), "h_explain"),
    Command("reset", lambda tu, _a: tu.reset(), "h_reset"),
    Command("progress", _progress, "h_progress", aliases=("进度",)),
    Command("solution", lambda tu, _a: tu.solution(), "h_solution", aliases=("答案",)),
    Command("lang", lambda tu, a: tu.set_lang(a), "h_lang", arg="en|zh"),
    Command("help", _help, "h_help", aliases=("?", "帮助")),
    Command("quit", _quit, "h_quit", aliases=("exit", "退出")),
)

BY_NAME: dict[str, Command] = {
    name: c for c in COMMANDS for name in (c.name, *c.aliases)
}


def lookup(line: str) -> tuple[Command | None, str]:
    word, _, rest = line.strip().partition(" ")
    return BY_NAME.get(word), rest.strip()


def dispatch(tutor: Tutor, line: str) -> None:
    text = line.strip()
    if not text:
        return
    if text.startswith("=") and tutor.exercise.kind == "predict":
        tutor.answer(text[1:].strip())
        return
    command, arg = lookup(text)
    if command is not None:
        command.handler(tutor, arg)
    elif tutor.exercise.kind == "predict" and tutor.current_question() is not None:
        tutor.answer(text)
    else:
        tutor.say("unknown_command", word=text.split()[0])
