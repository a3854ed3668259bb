"""`gradtutor grade`: usage errors in-process, then the real command end to end."""

from __future__ import annotations

import argparse
import io
import json
import os
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from gradtutor.cli import cmd_grade
from gradtutor.cli.errors import UsageError
from gradtutor.cli.status import ExitStatus
from gradtutor.env import Environment

MINI = Path(__file__).parents[1] / "fixtures" / "mini"
LEARNERS = ["alice", "bob", "carol", "dave", "erin", "frank"]


def gradtutor_cli(*args: str, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    """The real console script, next to the interpreter running the tests."""
    exe = shutil.which("gradtutor", path=str(Path(sys.executable).parent)) or "gradtutor"
    env = {**os.environ, "NO_COLOR": "1"}
    for name in ("GRADTUTOR_COURSE", "GITHUB_STEP_SUMMARY"):
        env.pop(name, None)
    r = subprocess.run([exe, *args], capture_output=True, text=True, timeout=timeout, env=env)
    if r.returncode == 2 and "invalid choice: 'grade'" in r.stderr:
        pytest.fail("`gradtutor grade` is not wired: add cmd_grade to the COMMANDS table and "
                    "the subcommand loop of gradtutor/cli/__init__.py")
    return r


def run_grade(argv: list[str], tmp_path: Path) -> tuple[int, str, str]:
    """cmd_grade in-process, parsed as the CLI parses it (with the common --course/--lang)."""
    parser = argparse.ArgumentParser(prog="gradtutor grade")
    parser.add_argument("--course")
    parser.add_argument("--lang")
    cmd_grade.add_arguments(parser)
    env = Environment(stdin=io.StringIO(), stdout=io.StringIO(), stderr=io.StringIO(),
                      stdout_isatty=False, stdin_isatty=False, colors=False, lang="en",
                      data_dir=tmp_path / "data", course_dir=None)
    try:
        status = cmd_grade.run(parser.parse_args(argv), env)
    except UsageError as exc:
        env.err(f"gradtutor: error: {exc}")
        status = ExitStatus.USAGE
    return int(status), env.stdout.getvalue(), env.stderr.getvalue()  # type: ignore[attr-defined]


# ----------------------------------------------------------------------------- usage errors


def test_unusable_input_is_exit_2(tmp_path: Path, roster_dir: Path,
                                  mini_course_dir: Path) -> None:
    ex = ["--exercises", str(mini_course_dir)]
    cases = [
        ([str(tmp_path / "nope"), *ex], "no such directory"),
        ([str(roster_dir), *ex, "--shard", "3/2"], "--shard"),
        ([str(roster_dir), *ex, "--gradescope", str(tmp_path / "r.json")],
         "--gradescope writes one submission's results"),
        ([str(roster_dir), *ex, "--only", "mini-code,nope"], "no exercise 'nope'"),
        ([str(roster_dir), *ex, "--jobs", "0"], "--jobs"),
        ([str(roster_dir), "--exercises", str(tmp_path)], "has no course.yaml"),
    ]
    for argv, needle in cases:
        status, _, err = run_grade(argv, tmp_path)
        assert status == ExitStatus.USAGE, (argv, err)
        assert needle in err and err.count("\n") == 1, err


def test_course_from_inside_the_submission_is_refused(tmp_path: Path) -> None:
    sub = tmp_path / "sub"
    shutil.copytree(MINI, sub)  # a submission shipping its own exercises/ and solutions/
    status, _, err = run_grade([str(sub), "--exercises", str(sub / "exercises")], tmp_path)
    assert status == ExitStatus.USAGE and "must come from the grader" in err
    status, _, err = run_grade([str(sub), "--exercises", str(MINI / "exercises"),
                                "--solutions", str(sub / "solutions")], tmp_path)
    assert status == ExitStatus.USAGE and "must come from the grader" in err


def test_a_course_with_problems_is_not_graded(tmp_path: Path, roster_dir: Path) -> None:
    root = tmp_path / "course"
    shutil.copytree(MINI, root)
    (root / "exercises/basics/mini-fix.yaml").write_text("format: 1\nid: mini-fix\nkind: [\n")
    status, _, err = run_grade([str(roster_dir), "--exercises", str(root / "exercises")],
                               tmp_path)
    assert status == ExitStatus.USAGE and "grading would be unfair" in err


# ----------------------------------------------------------------------------- end to end


@pytest.fixture(scope="module")
def roster_run(tmp_path_factory: pytest.TempPathFactory, roster_dir: Path):  # type: ignore[no-untyped-def]
    """The whole fixture roster once, with every roster report."""
    out = tmp_path_factory.mktemp("grade")
    r = gradtutor_cli("grade", str(roster_dir), "--exercises", str(MINI / "exercises"),
                      "--junit", str(out / "reports/junit.xml"),
                      "--json", str(out / "reports/report.json"),
                      "--summary", str(out / "summary.md"), "--jobs", "2")
    return r, out


def test_roster_exit_status_and_tables(roster_run) -> None:  # type: ignore[no-untyped-def]
    r, _ = roster_run
    assert r.returncode == ExitStatus.FAIL, r.stdout + r.stderr
    for learner in LEARNERS:
        assert f"\n{learner}: " in "\n" + r.stdout
    assert "alice: 7/7 points, pass" in r.stdout
    assert "6 learner(s): 1 passed, 5 did not" in r.stdout
    # Progress goes to stderr, tersely (stderr is not a terminal here).
    progress = [ln for ln in r.stderr.splitlines() if ln.startswith("gradtutor: graded")]
    assert progress and progress[-1].startswith("gradtutor: graded 6/6 learners")
    assert len(progress) <= 11


def test_roster_json_report(roster_run) -> None:  # type: ignore[no-untyped-def]
    _, out = roster_run
    data = json.loads((out / "reports/report.json").read_text())
    assert data["schema"] == "gradtutor-grade/1"
    learners = {x["learner"]: x for x in data["learners"]}
    assert list(learners) == LEARNERS
    status = {n: {e["id"]: e["status"] for e in x["exercises"]} for n, x in learners.items()}
    assert status["alice"] == dict.fromkeys(["mini-predict", "mini-code", "mini-fix"], "pass")
    assert status["bob"] == dict.fromkeys(["mini-predict", "mini-code", "mini-fix"], "fail")
    assert status["carol"] == {"mini-predict": "pass", "mini-code": "error",
                               "mini-fix": "error"}
    assert status["dave"] == {"mini-predict": "missing", "mini-code": "pass",
                              "mini-fix": "missing"}
    assert status["erin"] == {"mini-predict": "error", "mini-code": "pass", "mini-fix": "pass"}
    assert status["frank"]["mini-code"] == "fail"
    reasons = {(n, e["id"]): e["reason"] for n, x in learners.items() for e in x["exercises"]}
    assert "SyntaxError on line 2" in reasons["carol", "mini-code"]
    assert "timed out" in reasons["carol", "mini-fix"]
    assert reasons["erin", "mini-predict"].startswith("answers.yaml:3: not valid YAML")
    assert any("ignored solutions/" in n for n in learners["frank"]["notes"])
    assert any("ignored conftest.py" in n for n in learners["frank"]["notes"])
    assert (learners["alice"]["score"], learners["alice"]["max_score"]) == (7.0, 7.0)
    bob_q1 = learners["bob"]["exercises"][0]["items"][0]
    assert "rebound on line 3" in bob_q1["message"], "the misconception reaches the report"
    assert data["summary"]["learners"] == 6 and data["summary"]["passed"] == 1


def test_roster_junit_report(roster_run) -> None:  # type: ignore[no-untyped-def]
    _, out = roster_run
    path = out / "reports/junit.xml"
    root = ET.parse(path).getroot()
    assert root.tag == "testsuites" and root.get("tests") == str(6 * 7)
    junitparser = pytest.importorskip("junitparser")
    suites = {s.name: s for s in junitparser.JUnitXml.fromfile(str(path))}
    assert list(suites) == LEARNERS
    assert (suites["alice"].tests, suites["alice"].failures) == (7, 0)
    types = {(c.name, r.type) for c in suites["carol"] for r in c.result}
    assert ("mini-fix::check1", "error") in types
    types = {(c.name, r.type) for c in suites["dave"] for r in c.result}
    assert ("mini-predict::q1", "missing") in types
    assert all(s.errors == 0 for s in suites.values()), "no internal errors on this roster"


def test_roster_markdown_summary(roster_run) -> None:  # type: ignore[no-untyped-def]
    _, out = roster_run
    md = (out / "summary.md").read_text()
    assert md.startswith("## gradtutor:") and "1/6 learner(s) passed" in md
    assert "| alice | ✅ pass | 7/7 | 3 | 0 | 0 | 0 | 0 |" in md


def test_one_submission_for_gradescope(tmp_path: Path, roster_dir: Path) -> None:
    results = tmp_path / "results" / "results.json"
    r = gradtutor_cli("grade", str(roster_dir / "alice"), "--exercises", str(MINI / "exercises"),
                      "--gradescope", str(results), "--jobs", "2")
    assert r.returncode == ExitStatus.OK, r.stdout + r.stderr
    assert r.stdout.startswith("alice: 7/7 points, pass")
    assert "graded" not in r.stderr, "no progress lines for one learner"
    data = json.loads(results.read_text())
    assert data["score"] == 7.0 and len(data["tests"]) == 7
    assert all(t["status"] == "passed" and t["score"] == t["max_score"] for t in data["tests"])


def test_shards_split_the_roster(tmp_path: Path, roster_dir: Path) -> None:
    seen: list[str] = []
    for k in (1, 2):
        report = tmp_path / f"shard{k}.json"
        r = gradtutor_cli("grade", str(roster_dir), "--exercises", str(MINI / "exercises"),
                          "--only", "mini-predict", "--shard", f"{k}/2", "--json", str(report),
                          "--jobs", "1")
        assert r.returncode == ExitStatus.FAIL, r.stdout + r.stderr
        data = json.loads(report.read_text())
        assert data["shard"] == {"index": k, "total": 2}
        assert data["course"]["exercises"] == [
            {"id": "mini-predict", "kind": "predict", "max_score": 3.0}]
        seen += [x["learner"] for x in data["learners"]]
    assert sorted(seen) == LEARNERS and len(seen) == len(set(seen))


def test_internal_error_is_exit_3(tmp_path: Path, roster_dir: Path) -> None:
    root = tmp_path / "course"
    shutil.copytree(MINI, root)
    (root / "solutions/mini-code.py").write_text("raise RuntimeError('broken reference')\n")
    junit = tmp_path / "junit.xml"
    r = gradtutor_cli("grade", str(roster_dir / "alice"), "--exercises", str(root / "exercises"),
                      "--only", "mini-code", "--junit", str(junit), "--jobs", "1")
    assert r.returncode == ExitStatus.INTERNAL, r.stdout + r.stderr
    assert "mini-code  internal" in r.stdout
    assert "no learner is at fault" in r.stderr
    errors = ET.parse(junit).getroot().findall("./testsuite/testcase/error")
    assert len(errors) == 2 and errors[0].get("type") == "internal"


def test_in_process_grade_appends_to_the_step_summary(
    tmp_path: Path, roster_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    step_summary = tmp_path / "step_summary.md"
    step_summary.write_text("previous step\n")
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(step_summary))
    own = tmp_path / "own.md"
    own.write_text("stale\n")
    status, out, err = run_grade(
        [str(roster_dir / "dave"), "--exercises", str(MINI / "exercises"), "--only",
         "mini-predict,mini-code", "--jobs", "1", "--summary", str(step_summary)], tmp_path)
    assert status == ExitStatus.FAIL, out + err
    assert out.startswith("dave: 2/5 points, missing")
    assert "mini-predict  missing     0/3  answers.yaml not submitted" in out
    text = step_summary.read_text()
    assert text.startswith("previous step\n## gradtutor:"), "appended, never clobbered"
    status, _, _ = run_grade(
        [str(roster_dir / "dave"), "--exercises", str(MINI / "exercises"), "--only",
         "mini-predict", "--jobs", "1", "--summary", str(own)], tmp_path)
    assert own.read_text().startswith("## gradtutor:"), "any other file is written anew"


def test_only_leaves_the_other_exercises_known(tmp_path: Path, roster_dir: Path) -> None:
    # alice also answered mini-predict and wrote mini-fix.py: with --only they are not graded,
    # but they are no "exercise not in the course" either.
    status, out, err = run_grade([str(roster_dir / "alice"), "--exercises",
                                  str(MINI / "exercises"), "--only", "mini-code", "--jobs", "1"],
                                 tmp_path)
    assert status == ExitStatus.OK, out + err
    assert out.startswith("alice: 2/2 points, pass") and "note:" not in out, out
