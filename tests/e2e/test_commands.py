"""End to end: the real `gradtutor` command on the fixture course."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

MINI = Path(__file__).parents[1] / "fixtures" / "mini"


def gradtutor(*args: str, cwd: Path | None = None, stdin: str | None = None,
              timeout: float = 120) -> subprocess.CompletedProcess[str]:
    exe = shutil.which("gradtutor", path=str(Path(sys.executable).parent)) or "gradtutor"
    env = {**os.environ, "NO_COLOR": "1"}
    env.pop("GRADTUTOR_COURSE", None)
    return subprocess.run([exe, *args], capture_output=True, text=True, cwd=cwd, input=stdin,
                          timeout=timeout, env=env)


def test_version() -> None:
    r = gradtutor("--version")
    assert r.returncode == 0 and r.stdout.startswith("gradtutor ")


def test_python_dash_m() -> None:
    r = subprocess.run([sys.executable, "-m", "gradtutor", "--version"], capture_output=True,
                       text=True, timeout=60)
    assert r.returncode == 0 and "gradtutor" in r.stdout


def test_list_from_course_dir(tmp_path: Path) -> None:
    shutil.copytree(MINI, tmp_path / "course")
    r = gradtutor("list", "--json", cwd=tmp_path / "course")  # finds ./exercises
    assert r.returncode == 0, r.stderr
    assert [row["id"] for row in json.loads(r.stdout)] == ["mini-predict", "mini-code", "mini-fix"]


def test_check_fix_file_pass_then_fail(tmp_path: Path) -> None:
    good = tmp_path / "good.py"
    good.write_text((MINI / "solutions/mini-fix.py").read_text())
    r = gradtutor("check", "mini-fix", str(good), "--course", str(MINI / "exercises"))
    assert r.returncode == 0, r.stdout + r.stderr
    assert "✔ mini-fix: all 2 checks pass." in r.stdout
    starter = gradtutor("show", "mini-fix", "--starter", "--course", str(MINI / "exercises"))
    r = gradtutor("check", "mini-fix", "-", "--course", str(MINI / "exercises"),
                  stdin=starter.stdout)
    assert r.returncode == 1
    assert "RuntimeError" in r.stdout


def test_validate_fixture_course() -> None:
    r = gradtutor("validate", str(MINI / "exercises"))
    assert r.returncode == 0, r.stdout + r.stderr
    assert "0 error(s)" in r.stdout


def test_validate_broken_course_lists_every_problem(tmp_path: Path) -> None:
    root = tmp_path / "course"
    shutil.copytree(MINI, root)
    (root / "exercises/basics/mini-code.yaml").write_text("format: 1\nid: mini-code\nkind: [\n")
    (root / "solutions/mini-fix.py").unlink()
    r = gradtutor("validate", str(root / "exercises"))
    assert r.returncode == 1
    assert "mini-code.yaml:3:" in r.stdout, r.stdout
    assert "mini-fix" in r.stdout
    assert "Fix:" in r.stdout


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_show_in_both_languages(lang: str) -> None:
    r = gradtutor("show", "mini-code", "--lang", lang, "--course", str(MINI / "exercises"))
    assert r.returncode == 0
    assert ("gradient of (scale * w)" if lang == "en" else "由评分器给出") in r.stdout
