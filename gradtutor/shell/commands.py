"""The shell's commands: one table (names, help, when they apply) and the line dispatcher.

A line whose first word is a command runs it; a word one slip from a command (`hlep`, `nxet`,
`帮组`) gets "did you mean help?" and is never taken as an answer, so a typo costs no try; any
other line is the answer to the current predict question. `=` in front forces an answer, for
the rare answer that is a command word or close to one.
The commands the toolbar and help name in Chinese (下一题, 提示, 揭晓, 帮助, ...) work too: no
answer is ever written in Chinese, and a learner in the Chinese UI types them.
"""

from __future__ import annotations

import builtins
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


def _chinese_words(c: Command) -> str:
    return " ".join(a for a in c.aliases if not a.isascii())


def _help(tutor: Tutor, _arg: str) -> None:
    lang, kind = tutor.lang, tutor.exercise.kind
    tutor.say("help_head", "bold")
    width = max(len(f"{c.name} {c.arg}".strip()) for c in COMMANDS)
    # In Chinese, the Chinese words a learner may type stand next to the English command.
    zh_width = max(width_of(_chinese_words(c)) for c in COMMANDS) if lang == "zh" else 0
    for c in COMMANDS:
        usage = f"{c.name} {c.arg}".strip().ljust(width)
        if zh_width:
            usage += "  " + pad(_chinese_words(c), zh_width)
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
    Command("goto", _goto, "h_goto", arg="ID", aliases=("跳转",)),
    Command("show", lambda tu, _a: tu.show(), "h_show", aliases=("显示",)),
    Command("hint", lambda tu, _a: tu.hint(), "h_hint", aliases=("提示",)),
    Command("reveal", lambda tu, _a: tu.reveal(), "h_reveal", aliases=("揭晓",)),
    Command("edit", lambda tu, a: tu.edit(a), "h_edit", arg="[inline]", kinds=("code", "fix"),
            aliases=("编辑",)),
    Command("run", lambda tu, _a: tu.run(), "h_run", kinds=("code", "fix"), aliases=("运行",)),
    Command("check", lambda tu, _a: tu.check() and None, "h_check", kinds=("code", "fix"),
            aliases=("检查",)),
    Command("watch", lambda tu, _a: tu.watch(), "h_watch", kinds=("code", "fix"),
            aliases=("unwatch", "监视")),
    Command("explain", lambda tu, _a: tu.explain(), "h_explain", aliases=("解释",)),
    Command("reset", lambda tu, _a: tu.reset(), "h_reset", aliases=("重置",)),
    Command("progress", _progress, "h_progress", aliases=("进度",)),
    Command("solution", lambda tu, _a: tu.solution(), "h_solution", aliases=("答案",)),
    Command("lang", lambda tu, a: tu.set_lang(a), "h_lang", arg="en|zh", aliases=("语言",)),
    Command("help", _help, "h_help", aliases=("?", "帮助")),
    Command("quit", _quit, "h_quit", aliases=("exit", "退出")),
)

BY_NAME: dict[str, Command] = {
    name: c for c in COMMANDS for name in (c.name, *c.aliases)
}


def lookup(line: str) -> tuple[Command | None, str]:
    word, _, rest = line.strip().partition(" ")
    return BY_NAME.get(word), rest.strip()


def _slips(a: str, b: str) -> int:
    """Edits from a to b (insert, delete, replace, swap two neighbours): `hlep` is one from
    `help`."""
    prev2: list[int] = []
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        row = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            row[j] = min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + (ca != cb))
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                row[j] = min(row[j], prev2[j - 2] + 1)
        prev2, prev = prev, row
    return prev[-1]


# Words that are answers though close to a command: `int` (hint), `sum`, `set`, exception names.
_ANSWER_WORDS = frozenset(name.lower() for name in dir(builtins))


def near_command(line: str) -> str | None:
    """The command word a mistyped first word was meant to be, or None: one slip for words of
    three to five letters and Chinese words, two for words of six letters or more. A word with
    something after it only matches a command that takes an argument (`goot 3`), so answers
    are left alone."""
    word, _, rest = line.strip().partition(" ")
    low = word.lower()
    shortest = 3 if word.isascii() else 2  # `is`, `no` are too short to call typos
    if len(word) < shortest or low in _ANSWER_WORDS or not any(c.isalpha() for c in word):
        return None
    allowed = 2 if word.isascii() and len(word) >= 6 else 1
    best: tuple[int, str] | None = None
    for name, command in BY_NAME.items():
        if len(name) < shortest or (rest.strip() and not command.arg):
            continue
        slips = _slips(low, name)
        if slips <= allowed and (best is None or slips < best[0]):
            best = (slips, name)
    return best[1] if best else None


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
        return
    answering = tutor.exercise.kind == "predict" and tutor.current_question() is not None
    word = text.split()[0]
    meant = near_command(text)
    if meant is not None:  # before the answer path: a typo is never a try
        tutor.say("did_you_mean_answer" if answering else "did_you_mean", "yellow",
                  word=word, suggestion=meant)
    elif answering:
        tutor.answer(text)
    else:
        tutor.say("unknown_command", word=word)
