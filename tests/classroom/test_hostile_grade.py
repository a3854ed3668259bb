"""A hostile roster graded through `gradtutor grade` and through `pytest --gradtutor=PATH`:
at least one attack per class of the grade-level threat model (docs/security.md), every
report parsed with a real parser, and an honest learner in the same roster at full marks.

All four runs start at once (each with one sandbox worker), so the suite costs about one run.
"""

from __future__ import annotations

import importlib.metadata
import json
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import cmarkgfm
import junitparser
import pytest
from cmarkgfm.cmark import Options
from hostile import FORBIDDEN, MINI, UNKNOWN_KEYS, build, plant_pytest_config

from gradtutor.reports.json_report import MAX_VALUE_CHARS

EXERCISES = MINI / "exercises"
BUDGET_S = "4"  # per learner: the slow learner's first run (4.5 s) uses it all
MAX_POINTS = 7  # the mini course


@dataclass
class Run:
    returncode: int
    stdout: str
    stderr: str
    out: Path


def _env() -> dict[str, str]:
    env = {**os.environ, "NO_COLOR": "1"}
    for name in ("GRADTUTOR_COURSE", "GITHUB_STEP_SUMMARY", "PYTEST_ADDOPTS"):
        env.pop(name, None)
    return env


def _gradtutor() -> str:
    return shutil.which("gradtutor", path=str(Path(sys.executable).parent)) or "gradtutor"


def _pytest_plugin_args() -> list[str]:
    installed = any(ep.value == "gradtutor.pytest_plugin"
                    for ep in importlib.metadata.entry_points(group="pytest11"))
    return [] if installed else ["-p", "gradtutor.pytest_plugin"]


def _pytest(path: Path, *args: str) -> list[str]:
    # The documented form: PATH in one argument, started from the grader's folder.
    return [sys.executable, "-m", "pytest", *_pytest_plugin_args(), "-p", "no:cacheprovider",
            f"--gradtutor={path}", "--gradtutor-exercises", str(EXERCISES),
            "--gradtutor-jobs", "1", "--gradtutor-learner-budget", BUDGET_S, *args]


def _grade(path: Path, out: Path, *args: str) -> list[str]:
    return [_gradtutor(), "grade", str(path), "--exercises", str(EXERCISES), "--jobs", "1",
            "--learner-budget", BUDGET_S, "--json", str(out / "grade.json"),
            "--junit", str(out / "junit.xml"), "--summary", str(out / "summary.md"), *args]


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, Run], Path]:
    root = tmp_path_factory.mktemp("hostile")
    roster, marker = build(root)
    single = root / "single"  # one submission: planted config, a .git pointing at /
    shutil.copytree(roster / "mallory-numbers", single)
    plant_pytest_config(single, marker)
    cwd = root / "grader"
    cwd.mkdir()
    commands = {
        "grade-roster": _grade(roster, root / "grade-roster"),
        "grade-single": _grade(single, root / "grade-single", "--gradescope",
                               str(root / "grade-single" / "results.json")),
        "pytest-roster": _pytest(roster, f"--junitxml={root / 'pytest-roster' / 'junit.xml'}"),
        "pytest-single": _pytest(single, f"--junitxml={root / 'pytest-single' / 'junit.xml'}"),
    }
    procs = {}
    for name, cmd in commands.items():
        (root / name).mkdir(exist_ok=True)
        procs[name] = subprocess.Popen(cmd, cwd=cwd, env=_env(), stdout=subprocess.PIPE,
                                       stderr=subprocess.PIPE)
    done = {}
    for name, proc in procs.items():
        stdout, stderr = proc.communicate(timeout=600)
        # Decoded strictly: output that is not UTF-8 fails here.
        done[name] = Run(proc.returncode, stdout.decode("utf-8"), stderr.decode("utf-8"),
                         root / name)
    return done, marker


def _clean(text: str, where: str) -> None:
    """No raw control character; no line a GitHub Actions log would read as a command (a
    report file may be printed in the log too)."""
    raw = [repr(ch) for ch in FORBIDDEN if ch in text]
    assert not raw, f"{where}: raw {raw}"
    for line in text.splitlines():
        assert not line.lstrip().startswith(("::", "##[")), f"{where}: command {line!r}"


def _files(run: Run) -> dict[str, str]:
    return {p.name: p.read_bytes().decode("utf-8") for p in run.out.iterdir()}


def test_nothing_runs_in_the_grader(runs: tuple[dict[str, Run], Path]) -> None:
    done, marker = runs
    assert not marker.exists(), f"learner code ran in the grader: {marker.read_text()}"
    notes = done["pytest-single"].stdout + done["grade-single"].stdout
    for name in ("pytest.ini", "tox.ini", "setup.cfg", "pyproject.toml", "conftest.py"):
        assert f"ignored {name}: " in notes, name


def test_exit_status_blames_the_learners_never_gradtutor(
    runs: tuple[dict[str, Run], Path],
) -> None:
    done, _ = runs
    for name, run in done.items():
        assert run.returncode == 1, f"{name}: exit {run.returncode}\n{run.stderr[-3000:]}"
        assert "Traceback" not in run.stderr + run.stdout, name


def test_every_channel_is_inert(runs: tuple[dict[str, Run], Path]) -> None:
    done, _ = runs
    for name, run in done.items():
        _clean(run.stdout, f"{name} stdout")
        _clean(run.stderr, f"{name} stderr")
        for file, text in _files(run).items():
            _clean(text, f"{name} {file}")


def test_reports_parse_and_the_honest_learner_gets_full_marks(
    runs: tuple[dict[str, Run], Path],
) -> None:
    done, _ = runs
    report = json.loads((done["grade-roster"].out / "grade.json").read_text())
    learners = {x["learner"]: x for x in report["learners"]}
    assert learners["alice"]["score"] == MAX_POINTS
    assert len(learners) == 8, sorted(learners)
    junit = junitparser.JUnitXml.fromfile(str(done["grade-roster"].out / "junit.xml"))
    alice = next(s for s in junit if s.name == "alice")
    assert alice.tests == MAX_POINTS and alice.failures == alice.errors == 0
    for name in ("pytest-roster", "pytest-single", "grade-single"):
        junitparser.JUnitXml.fromfile(str(done[name].out / "junit.xml"))
    passed = re.findall(r"gradtutor::alice::\S+ PASSED|^alice: (\S+) points$",
                        done["pytest-roster"].stdout, re.MULTILINE)
    assert ("7/7" in passed), done["pytest-roster"].stdout[-2000:]
    html = cmarkgfm.github_flavored_markdown_to_html(
        (done["grade-roster"].out / "summary.md").read_text(), options=Options.CMARK_OPT_UNSAFE)
    assert "<a " not in html and "<img" not in html and "<script" not in html
    gradescope = json.loads((done["grade-single"].out / "results.json").read_text())
    assert gradescope["tests"] and gradescope["score"] < MAX_POINTS


def test_one_learner_cannot_break_the_class(runs: tuple[dict[str, Run], Path]) -> None:
    done, _ = runs
    report = json.loads((done["grade-roster"].out / "grade.json").read_text())
    learners = {x["learner"]: x for x in report["learners"]}
    assert "bad-\\xff\\xfe-name" in learners  # a non-UTF-8 folder, shown as escapes
    assert all(x["status"] != "internal" for x in learners.values())
    numbers = learners["mallory-numbers"]["exercises"][0]
    assert numbers["status"] == "fail" and "digits" in numbers["items"][0]["message"]
    linked = learners["zz-symlinked"]
    assert "symbolic link" in linked["notes"][0] and linked["score"] == 0
    assert "zz-symlinked is a symbolic link" in done["pytest-roster"].stdout


def test_reports_and_notes_are_bounded(runs: tuple[dict[str, Run], Path]) -> None:
    done, _ = runs
    report = json.loads((done["grade-roster"].out / "grade.json").read_text())
    notes = next(x for x in report["learners"] if x["learner"] == "mallory-notes")
    assert len(notes["notes"]) == 21 and f"{UNKNOWN_KEYS - 20} more" in notes["notes"][-1]
    assert len(json.dumps(notes)) < 64_000
    assert all(len(json.dumps(i["got"])) <= MAX_VALUE_CHARS
               for e in notes["exercises"] for i in e["items"])
    for name, run in done.items():
        assert len(run.stdout) < 200_000, name
        for file in run.out.iterdir():
            assert file.stat().st_size < 1 << 20, f"{name} {file.name}"


def test_time_budget_stops_one_learner_only(runs: tuple[dict[str, Run], Path]) -> None:
    done, _ = runs
    report = json.loads((done["grade-roster"].out / "grade.json").read_text())
    learners = {x["learner"]: x for x in report["learners"]}
    slow = {e["id"]: e for e in learners["mallory-slow"]["exercises"]}
    assert slow["mini-fix"]["status"] == "error"
    assert slow["mini-fix"]["reason"].startswith("time budget used up")
    assert learners["alice"]["status"] == "pass"
    assert "time budget used up" in done["pytest-roster"].stdout


@pytest.mark.parametrize("config", [None, "[pytest]\naddopts = -k alice\n"])
def test_pytest_refuses_a_form_that_reads_the_submissions_config(
    tmp_path: Path, config: str | None,
) -> None:
    sub = tmp_path / "sub"
    shutil.copytree(MINI.parent / "roster" / "alice", sub)
    if config:
        (sub / "pytest.ini").write_text(config)
    cmd = [sys.executable, "-m", "pytest", *_pytest_plugin_args(), "-p", "no:cacheprovider",
           "--gradtutor", str(sub), "--gradtutor-exercises", str(EXERCISES)]
    r = subprocess.run(cmd, cwd=tmp_path, env=_env(), capture_output=True, text=True,
                       timeout=120)
    assert r.returncode == 4, r.stdout + r.stderr
    expected = "pytest read its configuration from" if config else "write --gradtutor="
    assert expected in r.stderr
