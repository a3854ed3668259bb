"""docs/grading.md stays true: its examples parse and it documents every option."""

from __future__ import annotations

import argparse
import re
from pathlib import Path

import yaml

from gradtutor.classroom.submissions import parse_answers
from gradtutor.cli import cmd_grade
from gradtutor.reports.json_report import SCHEMA

DOC = Path(__file__).parents[2] / "docs" / "grading.md"


def blocks(lang: str) -> list[str]:
    return re.findall(rf"```{lang}\n(.*?)```", DOC.read_text(encoding="utf-8"), re.S)


def test_answers_example_parses_as_documented() -> None:
    answers, errors, _, whole = parse_answers(blocks("yaml")[0])
    assert whole is None and errors == {}
    assert answers == {"detach-cuts-gradient": ("True", "None", "tensor([2., 2.])"),
                       "graph-is-leaf": ("False",)}


def test_workflows_are_yaml_and_use_the_real_options() -> None:
    workflows = [yaml.safe_load(b) for b in blocks("yaml")[1:]]
    assert len(workflows) == 2 and all("jobs" in w for w in workflows)
    assert "--shard ${{ matrix.shard }}/4" in blocks("yaml")[2]


def test_every_option_is_documented() -> None:
    parser = argparse.ArgumentParser()
    cmd_grade.add_arguments(parser)
    text = DOC.read_text(encoding="utf-8")
    for action in parser._actions:
        for flag in action.option_strings:
            if flag.startswith("--") and flag != "--help":
                assert f"`{flag}" in text, flag
    assert f"schema `{SCHEMA}`" in text


def _grade_commands() -> list[str]:
    """Every `gradtutor grade ...` command of the docs: in workflow steps and shell blocks."""
    runs = [step.get("run", "") for b in blocks("yaml")[1:]
            for job in yaml.safe_load(b)["jobs"].values() for step in job["steps"]]
    commands = []
    for text in [*runs, *blocks("sh")]:
        text = re.sub(r"\\\n", " ", text)
        text = re.sub(r"\$\{\{ matrix.shard \}\}", "1", text)
        commands += [line.split("||")[0].split("#")[0].strip()
                     for line in text.splitlines() if "gradtutor grade" in line]
    return commands


def test_documented_grade_commands_are_real() -> None:
    import shlex

    parser = argparse.ArgumentParser(exit_on_error=False)
    cmd_grade.add_arguments(parser)
    commands = _grade_commands()
    assert len(commands) >= 3, commands  # two workflows and run_autograder
    for command in commands:
        argv = shlex.split(command.replace('"$GITHUB_STEP_SUMMARY"', "summary.md"))
        args = parser.parse_args(argv[argv.index("grade") + 1:])
        assert args.exercises and args.solutions, command  # CI always names the trusted course


def test_documented_pytest_options_exist() -> None:
    from gradtutor import pytest_plugin

    source = Path(pytest_plugin.__file__).read_text(encoding="utf-8")
    for option in set(re.findall(r"--gradtutor[a-z-]*", DOC.read_text(encoding="utf-8"))):
        assert f'"{option}"' in source, option


def test_documented_pytest_commands_never_let_a_submission_configure_pytest() -> None:
    """`--gradtutor PATH` as two arguments makes pytest read configuration from PATH and its
    parents, before any plugin loads; every documented command uses `--gradtutor=PATH`."""
    readme = DOC.parents[1] / "README.md"
    commands = [line for text in (DOC.read_text(encoding="utf-8"),
                                  readme.read_text(encoding="utf-8"))
                for line in text.splitlines() if line.lstrip().startswith("pytest ")]
    assert commands
    for line in commands:
        assert "--gradtutor=" in line and not re.search(r"--gradtutor\s", line), line
    for step in [s for w in blocks("yaml")[1:] for j in yaml.safe_load(w)["jobs"].values()
                 for s in j["steps"] if "run" in s]:
        assert "pytest" not in step["run"] or "--gradtutor=" in step["run"], step
