"""`gradtutor start`: the interactive shell (prompt_toolkit); a plain line mode for pipes."""

from __future__ import annotations

import argparse

from gradtutor.cli.errors import UsageError
from gradtutor.cli.loading import load_for_reading
from gradtutor.cli.status import ExitStatus
from gradtutor.env import Environment, normalise_lang

HELP = "open the interactive tutor: exercises one by one, progress kept"


def add_arguments(p: argparse.ArgumentParser) -> None:
    # --course and --lang come from the common parent parser.
    p.add_argument("--workspace", metavar="DIR",
                   help="where your code files live (default: <data dir>/workspace; the data "
                        "dir is $GRADTUTOR_HOME, else the platform's user data folder, e.g. "
                        "~/.local/share/gradtutor on Linux)")
    p.add_argument("--plain", action="store_true",
                   help="plain line mode even on a terminal (one command or answer per line)")


def run(args: argparse.Namespace, env: Environment) -> ExitStatus:
    # Imported here: the other commands need neither the progress store nor the shell.
    from gradtutor.launch import start_tutor
    from gradtutor.progress import StoreError

    course = load_for_reading(env, args.course)
    if not course.exercises:
        raise UsageError("the course has no exercises. Run `gradtutor validate` on it")
    if getattr(args, "lang", None):  # given on the command line (main() sets this too)
        env.lang_chosen = True
    try:
        start_tutor(env, course, workspace=getattr(args, "workspace", None),
                    plain=bool(getattr(args, "plain", False)))
    except StoreError as exc:
        raise UsageError(f"{exc}. Set GRADTUTOR_HOME to a writable folder") from None
    return ExitStatus.OK


def main(argv: list[str] | None = None) -> int:
    """`python -m gradtutor.cli.cmd_start`: the same command before it is in the dispatch table."""
    import sys

    from gradtutor.env import SUPPORTED_LANGS

    parser = argparse.ArgumentParser(prog="gradtutor start", description=HELP)
    parser.add_argument("--course", metavar="DIR")
    parser.add_argument("--lang", choices=SUPPORTED_LANGS)
    add_arguments(parser)
    args = parser.parse_args(argv)
    env = Environment()
    if args.lang:
        env.lang = normalise_lang(args.lang)
    try:
        return int(run(args, env))
    except UsageError as exc:
        print(f"gradtutor: error: {exc}", file=sys.stderr)
        return int(ExitStatus.USAGE)


if __name__ == "__main__":
    raise SystemExit(main())
