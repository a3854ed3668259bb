"""`gradtutor list`: the exercises in course order."""

from __future__ import annotations

import argparse
import json

from gradtutor.cli.course_paths import find_exercises_dir
from gradtutor.cli.status import ExitStatus
from gradtutor.course_listing import cached_listing
from gradtutor.env import Environment
from gradtutor.views.style import style

HELP = "list the exercises in order, with id, kind, topic and title"


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--json", action="store_true", help="print JSON instead of a table")


def run(args: argparse.Namespace, env: Environment) -> ExitStatus:
    # The cached table of contents when nothing changed; parsing the course otherwise.
    where = find_exercises_dir(env, args.course)
    course = cached_listing(where, env.data_dir) if where is not None else None
    if course is None:
        from gradtutor.cli.loading import load_for_reading

        course = load_for_reading(env, args.course)
    if args.json:
        rows = [
            {"id": ex.id, "kind": ex.kind, "topic": ex.topic, "chapter": ex.chapter,
             "title": ex.title.get(env.lang)}
            for ex in course.exercises
        ]
        env.out(json.dumps(rows, ensure_ascii=False, indent=2))
        return ExitStatus.OK
    width = max((len(ex.id) for ex in course.exercises), default=2)
    number = 0
    for chapter in course.chapters:
        env.out(style(env, chapter.title.get(env.lang), "bold"))
        for ex_id in chapter.exercise_ids:
            ex = course.get(ex_id)
            if ex is None:
                continue
            number += 1
            env.out(f"  {number:>3}  {ex.id.ljust(width)}  {ex.kind:<7}  "
                    f"{style(env, ex.topic.ljust(14), 'cyan')}  {ex.title.get(env.lang)}")
    return ExitStatus.OK
