"""Command-line entry point: argument parsing and dispatch to one function per command."""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Sequence
from typing import Protocol, cast

from gradtutor import __version__
from gradtutor.cli.errors import UsageError
from gradtutor.cli.status import ExitStatus
from gradtutor.env import SUPPORTED_LANGS, Environment, normalise_lang
from gradtutor.text.wrapping import fixed_width


class Command(Protocol):
    """A command module: its help line, its arguments, and what it does."""

    HELP: str

    def add_arguments(self, p: argparse.ArgumentParser) -> None: ...
    def run(self, args: argparse.Namespace, env: Environment) -> ExitStatus: ...


# The one list of commands, in the order `gradtutor --help` shows them: each module is
# imported only when its command runs (or for --help), so `gradtutor --version` and
# `gradtutor list` do not pay for the others' imports (bench/commands.py).
COMMANDS: dict[str, str] = {
    "list": "cmd_list",
    "show": "cmd_show",
    "check": "cmd_check",
    "validate": "cmd_validate",
    "explain": "cmd_explain",
    "grade": "cmd_grade",
    "start": "cmd_start",
}


def command_module(name: str) -> Command:
    return cast(Command, importlib.import_module(f"gradtutor.cli.{COMMANDS[name]}"))


def _command_in(argv: Sequence[str]) -> str | None:
    """The command named in `argv` ("" for a bare --version), None when unsure or for help:
    then every command module is imported, and argparse reports any mistake as always."""
    skip = False
    for token in argv:
        if skip:
            skip = False
        elif token in ("--course", "--lang"):
            skip = True
        elif token == "--":
            return None
        elif not token.startswith("-"):
            return token if token in COMMANDS else None
    return "" if "--version" in argv and not {"-h", "--help"} & set(argv) else None


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        raise UsageError(f"{message}. Run `{self.prog} --help` for usage.")


def _add_common(p: argparse.ArgumentParser, default: object) -> None:
    p.add_argument("--course", metavar="DIR", default=default,
                   help="the exercises folder (default: ./exercises or the installed course)")
    p.add_argument("--lang", choices=SUPPORTED_LANGS, default=default,
                   help="language of exercise texts (default: $GRADTUTOR_LANG or en)")


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The parser; with `only`, the subcommand `only` alone ("" for none)."""
    # Accepted before or after the command: `gradtutor --lang zh show X` and
    # `gradtutor show X --lang zh`. SUPPRESS keeps a subcommand from resetting the first.
    common = argparse.ArgumentParser(add_help=False)
    _add_common(common, argparse.SUPPRESS)
    parser = _Parser(prog="gradtutor", description="Learn and grade PyTorch autograd.")
    parser.add_argument("--version", action="version", version=f"gradtutor {__version__}")
    _add_common(parser, None)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    for name in COMMANDS if only is None else [only] if only else []:
        module = command_module(name)
        p = sub.add_parser(name, parents=[common], help=module.HELP, description=module.HELP)
        module.add_arguments(p)
    return parser


def main(argv: Sequence[str] | None = None, env: Environment | None = None) -> ExitStatus:
    env = env or Environment()
    try:
        argv = list(sys.argv[1:] if argv is None else argv)
        args = build_parser(_command_in(argv)).parse_args(argv)
        if args.command is None:
            build_parser().print_help(env.stdout)
            return ExitStatus.USAGE
        if args.lang:
            env.lang, env.lang_chosen = normalise_lang(args.lang), True
        with fixed_width(env.width):
            return command_module(args.command).run(args, env)
    except UsageError as exc:
        env.err(f"gradtutor: error: {exc}")
        return ExitStatus.USAGE
    except KeyboardInterrupt:
        env.err("gradtutor: interrupted")
        return ExitStatus.INTERRUPTED


def run() -> None:
    try:
        code = int(main())
        sys.stdout.flush()
    except BrokenPipeError:
        # The reader went away (`gradtutor list | head`): not an error worth a traceback.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        code = ExitStatus.OK
    sys.exit(code)
