"""`check` refuses a learner file over the size cap before reading or running it."""

from __future__ import annotations

from pathlib import Path

from test_cli import err, make_env

from gradtutor.cli import main
from gradtutor.cli.status import ExitStatus
from gradtutor.explain.limits import MAX_SOURCE_BYTES, MAX_SOURCE_LINES


def test_a_file_over_the_byte_cap_is_refused_by_name(tmp_path: Path,
                                                      mini_course_dir: Path) -> None:
    big = tmp_path / "huge.py"
    big.write_text("#" * (MAX_SOURCE_BYTES + 1), encoding="utf-8")
    env = make_env(tmp_path)
    code = main(["check", "mini-code", str(big), "--course", str(mini_course_dir)], env)
    assert code == ExitStatus.USAGE
    message = err(env)
    assert str(big) in message and "shorten the file" in message
    assert len(message.strip().splitlines()) == 1


def test_a_file_over_the_line_cap_is_refused_in_chinese(tmp_path: Path,
                                                        mini_course_dir: Path) -> None:
    long = tmp_path / "long.py"
    long.write_text("x = 1\n" * (MAX_SOURCE_LINES + 1), encoding="utf-8")
    env = make_env(tmp_path, lang="zh")
    code = main(["check", "mini-code", str(long), "--course", str(mini_course_dir)], env)
    assert code == ExitStatus.USAGE
    assert str(long) in err(env) and "请缩短文件" in err(env)
