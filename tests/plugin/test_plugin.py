"""`pytest --gradtutor PATH`: the plugin, end to end in a separate pytest process."""

from __future__ import annotations

import importlib.metadata
import importlib.util
import os
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

FIXTURES = Path(__file__).parents[1] / "fixtures"
ROSTER = FIXTURES / "roster"
MINI = FIXTURES / "mini"

# What the fixture roster earns, item by item (docs in tests/fixtures/roster/README.md).
FAILED = {
    "bob::mini-predict::q1", "bob::mini-predict::q3", "bob::mini-code::check1",
    "bob::mini-fix::check1",
    "bob::mini-fix::check2",  # right value, but the program raises: it never passes
    "carol::mini-code::check1", "carol::mini-code::check2", "carol::mini-fix::check1",
    "carol::mini-fix::check2",
    "dave::mini-predict::q1", "dave::mini-predict::q2", "dave::mini-predict::q3",
    "dave::mini-fix::check1", "dave::mini-fix::check2",
    "erin::mini-predict::q1", "erin::mini-predict::q2", "erin::mini-predict::q3",
    "frank::mini-code::check1",  # would pass if frank's planted conftest.py were imported
}


def _plugin_args() -> list[str]:
    # Once the pytest11 entry point is installed, pytest loads the plugin by itself.
    installed = any(ep.value == "gradtutor.pytest_plugin"
                    for ep in importlib.metadata.entry_points(group="pytest11"))
    return [] if installed else ["-p", "gradtutor.pytest_plugin"]


def run_pytest(tmp_path: Path, *args: str, roster: Path = ROSTER,
               exercises: Path = MINI / "exercises") -> subprocess.CompletedProcess[str]:
    cmd = [sys.executable, "-m", "pytest", *_plugin_args(), "-p", "no:cacheprovider",
           f"--gradtutor={roster}", "--gradtutor-exercises", str(exercises), *args]
    env = {**os.environ, "NO_COLOR": "1"}
    env.pop("GRADTUTOR_COURSE", None)
    env.pop("PYTEST_ADDOPTS", None)
    return subprocess.run(cmd, capture_output=True, text=True, cwd=tmp_path, timeout=300,
                          env=env)


def junit_outcomes(path: Path) -> dict[str, str]:
    """test id ('alice::mini-code::check1') -> 'passed' | 'failure' | 'error'."""
    out = {}
    for case in ET.parse(path).getroot().iter("testcase"):
        learner_ex = case.get("classname", "").removeprefix("gradtutor.")
        learner, ex = learner_ex.split(".", 1)
        key = f"{learner}::{ex}::{case.get('name')}"
        tags = {child.tag for child in case} & {"failure", "error"}
        out[key] = tags.pop() if tags else "passed"
    return out


@pytest.fixture(scope="module")
def full_run(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    tmp = tmp_path_factory.mktemp("plugin")
    r = run_pytest(tmp, "--junitxml", str(tmp / "junit.xml"), "-rN")
    return r, tmp / "junit.xml"


def test_one_item_per_learner_exercise_and_question(full_run) -> None:  # type: ignore[no-untyped-def]
    r, junit = full_run
    assert r.returncode == 1, r.stdout + r.stderr
    outcomes = junit_outcomes(junit)
    assert len(outcomes) == 6 * 7
    assert {k for k, v in outcomes.items() if v == "failure"} == FAILED
    assert "error" not in outcomes.values()
    assert "18 failed, 24 passed" in r.stdout


def test_junitxml_from_pytest_is_valid(full_run) -> None:  # type: ignore[no-untyped-def]
    _, junit = full_run
    junitparser = pytest.importorskip("junitparser")
    xml = junitparser.JUnitXml.fromfile(str(junit))
    cases = [c for suite in xml for c in suite]
    assert len(cases) == 42
    failed = [c for c in cases if c.result]
    assert len(failed) == len(FAILED)
    messages = "\n".join(r.text or "" for c in failed for r in c.result)
    assert "answers.yaml:3: not valid YAML" in messages
    assert "mini-fix.py not submitted" in messages
    assert "timed out" in messages


def test_planted_files_are_reported_never_imported(full_run) -> None:  # type: ignore[no-untyped-def]
    r, _ = full_run
    assert "frank: ignored conftest.py" in r.stdout
    assert "frank: ignored solutions/" in r.stdout
    assert "gradtutor scores" in r.stdout and "alice: 7/7 points" in r.stdout


def test_keyword_selection_and_node_ids(tmp_path: Path) -> None:
    r = run_pytest(tmp_path, "-k", "alice and mini-code", "-v")
    assert r.returncode == 0, r.stdout + r.stderr
    assert "gradtutor::alice::mini-code::check1 PASSED" in r.stdout
    assert "2 passed, 40 deselected" in r.stdout


def test_exitfirst_stops_at_the_first_failure(tmp_path: Path) -> None:
    r = run_pytest(tmp_path, "-x", "-q")
    assert r.returncode == 1
    assert "1 failed, 7 passed" in r.stdout, r.stdout  # alice's 7, then bob's first question


def test_collect_only_lists_grading_items_only(tmp_path: Path) -> None:
    (tmp_path / "test_other.py").write_text("def test_other():\n    pass\n")
    r = run_pytest(tmp_path, "--collect-only", "-q", "--rootdir", str(tmp_path))
    assert r.returncode == 0, r.stdout + r.stderr
    ids = [ln for ln in r.stdout.splitlines() if "::" in ln]
    assert len(ids) == 42 and ids[0] == "gradtutor::alice::mini-predict::q1"
    assert not any("test_other" in ln for ln in ids), "grading mode collects nothing else"


@pytest.mark.skipif(importlib.util.find_spec("xdist") is None, reason="needs pytest-xdist")
def test_xdist_workers_grade_the_same(tmp_path: Path) -> None:
    junit = tmp_path / "junit.xml"
    r = run_pytest(tmp_path, "-n", "2", "--dist", "loadgroup", "--junitxml", str(junit))
    assert r.returncode == 1, r.stdout + r.stderr
    outcomes = junit_outcomes(junit)
    assert {k for k, v in outcomes.items() if v == "failure"} == FAILED
    assert "alice: 7/7 points" in r.stdout, "scores add up in the controller"


def test_internal_failure_is_a_pytest_error(tmp_path: Path) -> None:
    root = tmp_path / "course"
    shutil.copytree(MINI, root)
    (root / "solutions/mini-code.py").write_text("raise RuntimeError('broken reference')\n")
    r = run_pytest(tmp_path, "-k", "alice", "-q", exercises=root / "exercises")
    assert r.returncode == 1
    assert "5 passed" in r.stdout and "2 errors" in r.stdout, r.stdout
    assert "ERROR at setup of alice::mini-code::check1" in r.stdout
    assert ("internal: gradtutor failed: this exercise cannot run here: the reference solution "
            "of mini-code failed") in r.stdout
    assert "Traceback" not in r.stdout and "pytest_plugin.py" not in r.stdout, r.stdout


def test_unusable_input_is_a_usage_error(tmp_path: Path) -> None:
    r = run_pytest(tmp_path, roster=tmp_path / "nope")
    assert r.returncode == pytest.ExitCode.USAGE_ERROR
    assert "no such directory" in r.stderr


def test_plugin_is_inert_without_the_option(tmp_path: Path) -> None:
    (tmp_path / "test_other.py").write_text("def test_other():\n    pass\n")
    r = subprocess.run([sys.executable, "-m", "pytest", *_plugin_args(), "-p",
                        "no:cacheprovider", "-q", str(tmp_path)], capture_output=True,
                       text=True, cwd=tmp_path, timeout=120)
    assert r.returncode == 0 and "1 passed" in r.stdout, r.stdout + r.stderr
