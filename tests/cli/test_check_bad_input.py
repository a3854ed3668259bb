"""Bad input to `check` and `show`: a folder, an empty file, JSON errors under --json, the
learner's own answers in --json, and more hints asked for than there are."""

from __future__ import annotations

import io
import json
from pathlib import Path

from gradtutor.cli import main
from gradtutor.cli.status import ExitStatus
from gradtutor.env import Environment


def run(tmp_path: Path, course: Path, *args: str, lang: str = "en") -> tuple[int, str, str]:
    env = Environment(stdin=io.StringIO(), stdout=io.StringIO(), stderr=io.StringIO(),
                      stdout_isatty=False, stdin_isatty=False, colors=False, lang=lang,
                      data_dir=tmp_path / "data", course_dir=None)
    code = main([*args, "--course", str(course), "--lang", lang], env)
    return (code, env.stdout.getvalue(),  # type: ignore[attr-defined]
            env.stderr.getvalue())  # type: ignore[attr-defined]


def test_a_folder_is_said_to_be_a_folder(tmp_path: Path, mini_course_dir: Path) -> None:
    folder = tmp_path / "work"
    folder.mkdir()
    code, _, err = run(tmp_path, mini_course_dir, "check", "mini-fix", str(folder))
    assert code == ExitStatus.USAGE
    assert "that is a folder, not a file" in err
    assert "UTF-8" not in err and len(err.strip().splitlines()) == 1


def test_an_empty_file_is_said_to_be_empty(tmp_path: Path, mini_course_dir: Path) -> None:
    empty = tmp_path / "mine.py"
    empty.write_text("\n  \n", encoding="utf-8")
    code, out, err = run(tmp_path, mini_course_dir, "check", "mini-fix", str(empty))
    assert code == ExitStatus.USAGE
    assert "your file is empty" in err and "--starter" in err
    assert "NameError" not in out + err and "tensor(" not in out + err
    code, _, err = run(tmp_path, mini_course_dir, "check", "mini-fix", str(empty), lang="zh")
    assert "你的文件是空的" in err


def test_input_errors_under_json_are_json(tmp_path: Path, mini_course_dir: Path) -> None:
    folder = tmp_path / "work"
    folder.mkdir()
    for args in (["mini-fix", str(folder)], ["no-such-exercise", "-a", "1"],
                 ["mini-predict"]):
        code, out, _ = run(tmp_path, mini_course_dir, "check", *args, "--json")
        assert code == ExitStatus.USAGE
        data = json.loads(out)
        assert data["status"] == "usage_error" and data["error"], args


def test_json_gives_the_learners_own_answers(tmp_path: Path, mini_course_dir: Path) -> None:
    code, out, _ = run(tmp_path, mini_course_dir, "check", "mini-predict", "-a",
                       "tensor([3., 3.])", "-a", "False", "-a", "TypeError", "--json")
    assert code == ExitStatus.FAIL
    outcomes = json.loads(out)["outcomes"]
    assert [o["answer"] for o in outcomes] == ["tensor([3., 3.])", "False", "TypeError"]
    assert outcomes[0]["got"]["kind"] == "tensor"
    assert outcomes[2]["got"] == {"kind": "type", "name": "TypeError"}
    assert all(o["expected"] is None for o in outcomes)  # wrong answers keep the truth hidden


def test_more_hints_than_there_are(tmp_path: Path, mini_course_dir: Path) -> None:
    code, out, _ = run(tmp_path, mini_course_dir, "show", "mini-predict", "--hint", "5")
    assert code == ExitStatus.OK
    assert "mini-predict has only 2 hints, all shown above (you asked for 5)." in out
    code, out, _ = run(tmp_path, mini_course_dir, "show", "mini-predict", "--hint", "2")
    assert "has only" not in out
    code, _, err = run(tmp_path, mini_course_dir, "show", "mini-predict", "--hint", "-1")
    assert code == ExitStatus.USAGE and "--hint -1" in err
