"""Grade the whole roster once per session with the real `gradtutor grade` command.

One run holds three kinds of learners, so the class, the tricks and the honest alternatives
cost one sandbox start and one pass over the course:

- `class/<learner>/`: the hand-written class (docs/grading.md layout), expected in expected.yaml;
- `gaming/<exercise>/<trick>.py`: ways to game an exercise; each is a learner
  `gaming--<exercise>--<trick>` holding only `<exercise>.py`;
- `honest/<exercise>/<name>.py` and the reference solutions: right programs written otherwise,
  learners `honest--<exercise>--<name>` and `reference--<exercise>--solution`.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from roster_data import (
    CLASS,
    EXERCISES,
    SOLUTIONS,
    Graded,
    code_exercise_ids,
    expected_verdicts,
    program_learners,
)

# Learner data, never tests: pytest must not collect anything below these folders.
collect_ignore = ["class", "gaming", "honest"]


@pytest.fixture(scope="session")
def graded(tmp_path_factory: pytest.TempPathFactory) -> Graded:
    root = tmp_path_factory.mktemp("roster")
    roster = root / "roster"
    shutil.copytree(CLASS, roster, ignore=shutil.ignore_patterns("ruff.toml", ".*"))
    for kind in ("gaming", "honest"):
        for exercise, name, path in program_learners(kind):
            learner = roster / f"{kind}--{exercise}--{name}"
            learner.mkdir()
            shutil.copyfile(path, learner / f"{exercise}.py")
    for exercise in code_exercise_ids():
        learner = roster / f"reference--{exercise}--solution"
        learner.mkdir()
        shutil.copyfile(SOLUTIONS / f"{exercise}.py", learner / f"{exercise}.py")

    only = sorted({ex for learner in expected_verdicts().values() for ex in learner}
                  | set(code_exercise_ids()))
    out = root / "grade.json"
    exe = shutil.which("gradtutor", path=str(Path(sys.executable).parent)) or "gradtutor"
    run = subprocess.run(
        [exe, "grade", str(roster), "--exercises", str(EXERCISES), "--solutions", str(SOLUTIONS),
         "--only", ",".join(only), "--json", str(out), "--jobs", "2"],
        capture_output=True, text=True, timeout=900,
    )
    # 1: some learners fail, as planned; 0 would mean nobody failed, 2/3 a broken run.
    assert run.returncode == 1, f"gradtutor grade exited {run.returncode}:\n{run.stderr[-3000:]}"
    return Graded(json.loads(out.read_text(encoding="utf-8")), run.stdout)
