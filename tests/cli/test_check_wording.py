"""`gradtutor check --lang zh`: what differs is said in Chinese; JSON stays English."""

from __future__ import annotations

import io
import json
from pathlib import Path

from gradtutor.cli import main
from gradtutor.cli.status import ExitStatus
from gradtutor.env import Environment

WRONG = ["-a", "tensor([3., 3.])", "-a", "False", "-a", "TypeError"]
STARTER = "import torch\nw = torch.randn(3, requires_grad=True)\nloss = (scale * w).sum()\n"


def run(tmp_path: Path, course: Path, *args: str, lang: str = "en") -> tuple[int, str]:
    env = Environment(stdin=io.StringIO(), stdout=io.StringIO(), stderr=io.StringIO(),
                      stdout_isatty=False, stdin_isatty=False, colors=False, lang=lang,
                      data_dir=tmp_path / "data", course_dir=None)
    code = main(["check", *args, "--course", str(course), "--lang", lang], env)
    return code, env.stdout.getvalue()  # type: ignore[attr-defined]


def test_wrong_predictions_in_chinese(tmp_path: Path, mini_course_dir: Path) -> None:
    code, text = run(tmp_path, mini_course_dir, "mini-predict", *WRONG, lang="zh")
    assert code == ExitStatus.FAIL
    assert "你的答案不对：值不是 张量" in text
    assert "打印的内容与你的答案在第 1 处不同（你写的是 'False'）" in text
    assert "这段代码抛出的错误不是 TypeError" in text
    for english in ("your answer is wrong", "printed text", "raises a different error"):
        assert english not in text


def test_wrong_predictions_in_english_unchanged(tmp_path: Path, mini_course_dir: Path) -> None:
    code, text = run(tmp_path, mini_course_dir, "mini-predict", *WRONG)
    assert code == ExitStatus.FAIL
    assert "your answer is wrong: the value is not a tensor" in text
    assert "the printed text differs from yours at 'False' (token 1)" in text
    assert "the snippet raises a different error than TypeError" in text


def test_unreadable_and_missing_answers_in_chinese(tmp_path: Path,
                                                   mini_course_dir: Path) -> None:
    code, text = run(tmp_path, mini_course_dir, "mini-predict", "-a", "[1, )", lang="zh")
    assert code == ExitStatus.FAIL
    assert "无法读取你的答案：这里应为一个值，却遇到了 ')'（第 5 列）" in text
    assert "没有作答" in text and "no answer given" not in text


def test_json_stays_english(tmp_path: Path, mini_course_dir: Path) -> None:
    _, text = run(tmp_path, mini_course_dir, "mini-predict", *WRONG, "--json", lang="zh")
    verdict = json.loads(text)
    assert verdict["reason"] == "3 of 3 answers wrong"
    assert verdict["outcomes"][0]["differences"] == [
        "your answer is wrong: the value is not a tensor"]


def test_failed_check_and_syntax_error_in_chinese(tmp_path: Path,
                                                  mini_course_dir: Path) -> None:
    starter = tmp_path / "starter.py"
    starter.write_text(STARTER)
    code, text = run(tmp_path, mini_course_dir, "mini-code", str(starter), lang="zh")
    assert code == ExitStatus.FAIL
    assert "应为 张量，实际是 None" in text and "expected a tensor" not in text
    broken = tmp_path / "broken.py"
    broken.write_text("import torch\n  w = 1\n")
    code, text = run(tmp_path, mini_course_dir, "mini-code", str(broken), lang="zh")
    assert code == ExitStatus.FAIL
    assert "你的代码在第 2 行有 IndentationError：unexpected indent" in text
    code, text = run(tmp_path, mini_course_dir, "mini-code", str(broken))
    assert "your code has an IndentationError on line 2: unexpected indent" in text


def test_a_blank_line_in_an_answers_file_is_not_answered(tmp_path: Path,
                                                         mini_course_dir: Path) -> None:
    answers = tmp_path / "answers.txt"
    answers.write_text("None\n\nRuntimeError\n\n")
    code, text = run(tmp_path, mini_course_dir, "mini-predict", str(answers))
    assert code == ExitStatus.FAIL
    assert "mini-predict: 1 of 3 questions not answered" in text
    assert text.count("no answer given") == 1
