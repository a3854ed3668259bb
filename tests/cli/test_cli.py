"""The CLI, in-process, with an injected environment."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from gradtutor import __version__
from gradtutor.cli import main
from gradtutor.cli.status import ExitStatus
from gradtutor.env import Environment


def make_env(tmp_path: Path, lang: str = "en", colors: bool = False) -> Environment:
    return Environment(
        stdin=io.StringIO(), stdout=io.StringIO(), stderr=io.StringIO(),
        stdout_isatty=False, stdin_isatty=False, colors=colors, lang=lang,
        data_dir=tmp_path / "data", course_dir=None,
    )


def out(env: Environment) -> str:
    return env.stdout.getvalue()  # type: ignore[attr-defined]


def err(env: Environment) -> str:
    return env.stderr.getvalue()  # type: ignore[attr-defined]


def test_version(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["--version"], make_env(tmp_path))
    assert exc.value.code == 0
    assert __version__ in capsys.readouterr().out


def test_list_in_course_order(tmp_path: Path, mini_course_dir: Path) -> None:
    env = make_env(tmp_path)
    assert main(["list", "--course", str(mini_course_dir)], env) == ExitStatus.OK
    text = out(env)
    assert text.index("mini-predict") < text.index("mini-code") < text.index("mini-fix")
    assert "Basics" in text


def test_list_json_in_chinese(tmp_path: Path, mini_course_dir: Path) -> None:
    env = make_env(tmp_path)
    assert main(["list", "--json", "--lang", "zh", "--course", str(mini_course_dir)], env) == 0
    rows = json.loads(out(env))
    assert [r["id"] for r in rows] == ["mini-predict", "mini-code", "mini-fix"]
    assert rows[0]["title"] == "重新赋值得到非叶子张量"
    assert rows[1]["kind"] == "code"


def test_show_numbers_snippet_lines(tmp_path: Path, mini_course_dir: Path) -> None:
    env = make_env(tmp_path)
    assert main(["show", "mini-predict", "--course", str(mini_course_dir)], env) == 0
    text = out(env)
    assert "3  x = x * 2" in text
    assert "Q2. What does line 6 print?" in text
    assert "\x1b[" not in text, "no colour when not a TTY"


def test_show_highlights_on_colour_terminal(tmp_path: Path, mini_course_dir: Path) -> None:
    env = make_env(tmp_path, colors=True)
    assert main(["show", "mini-code", "--course", str(mini_course_dir)], env) == 0
    assert "\x1b[" in out(env)


def test_show_starter_is_plain_code(tmp_path: Path, mini_course_dir: Path) -> None:
    env = make_env(tmp_path, colors=True)
    assert main(["show", "mini-fix", "--starter", "--course", str(mini_course_dir)], env) == 0
    assert out(env).startswith("import torch\n")
    compile(out(env), "starter", "exec")


def test_unknown_id_is_usage_error(tmp_path: Path, mini_course_dir: Path) -> None:
    env = make_env(tmp_path)
    assert main(["show", "nope", "--course", str(mini_course_dir)], env) == ExitStatus.USAGE
    assert "gradtutor list" in err(env)
    assert err(env).count("\n") == 1, "errors are one line"


def test_bad_arguments_are_usage_errors(tmp_path: Path) -> None:
    env = make_env(tmp_path)
    assert main(["frobnicate"], env) == ExitStatus.USAGE
    assert "--help" in err(env)


def test_check_predict_pass_and_fail(tmp_path: Path, mini_course_dir: Path) -> None:
    course = ["--course", str(mini_course_dir)]
    env = make_env(tmp_path)
    code = main(["check", "mini-predict", "-a", "None", "-a", "True", "-a", "RuntimeError",
                 *course], env)
    assert code == ExitStatus.OK, out(env) + err(env)
    assert "passed" in out(env) and "Rebinding x" in out(env)
    env = make_env(tmp_path)
    code = main(["check", "mini-predict", "-a", "tensor([3., 3.])", *course], env)
    assert code == ExitStatus.FAIL
    assert "non-leaf now" in out(env)


def test_check_code_json(tmp_path: Path, mini_course_dir: Path) -> None:
    sol = tmp_path / "mine.py"
    sol.write_text("import torch\nw = torch.randn(3, requires_grad=True)\n"
                   "(scale * w).sum().backward()\n")
    env = make_env(tmp_path)
    code = main(["check", "mini-code", str(sol), "--json", "--course", str(mini_course_dir)], env)
    data = json.loads(out(env))
    assert code == ExitStatus.OK, data
    assert data["status"] == "pass" and data["score"] == data["max_score"] == 2
    assert len(data["observations"]) == 2


def test_check_code_needs_a_file(tmp_path: Path, mini_course_dir: Path) -> None:
    env = make_env(tmp_path)
    assert main(["check", "mini-code", "--course", str(mini_course_dir)], env) == 2
    assert "--starter" in err(env)
    env = make_env(tmp_path)
    assert main(["check", "mini-code", str(tmp_path / "missing.py"), "--course",
                 str(mini_course_dir)], env) == 2
    assert "no such file" in err(env)


def test_check_predict_too_many_answers(tmp_path: Path, mini_course_dir: Path) -> None:
    env = make_env(tmp_path)
    args = ["check", "mini-predict", *(["-a", "1"] * 4), "--course", str(mini_course_dir)]
    assert main(args, env) == ExitStatus.USAGE


def test_missing_course_is_usage_error(tmp_path: Path) -> None:
    env = make_env(tmp_path)
    assert main(["list", "--course", str(tmp_path)], env) == ExitStatus.USAGE
    assert "course.yaml" in err(env)


def test_show_and_check_in_chinese(tmp_path: Path, mini_course_dir: Path) -> None:
    course = ["--course", str(mini_course_dir), "--lang", "zh"]
    env = make_env(tmp_path, lang="zh")
    assert main(["show", "mini-predict", *course], env) == 0
    text = out(env)
    assert "预测题 · " in text and "问题 2：第 6 行打印什么?" in text
    assert "这样作答：gradtutor check mini-predict --lang zh -a '<答案1>'" in text
    assert "卡住了？" in text
    for english in ("Answer with", "Stuck?", "Q1."):
        assert english not in text
    env = make_env(tmp_path, lang="zh")
    assert main(["show", "mini-code", "--hint", "2", *course], env) == 0
    assert "编程题 · " in out(env) and "提示 2：对 loss 调用 backward。" in out(env)
    env = make_env(tmp_path, lang="zh")
    code = main(["check", "mini-predict", "-a", "tensor([3., 3.])", *course], env)
    assert code == ExitStatus.FAIL
    # not answered is not wrong
    assert "mini-predict：3 个答案中有 1 个不对，2 个没有作答" in out(env)
    assert "x 在第 3 行被重新赋值" in out(env) and "卡住了？" in out(env)
    env = make_env(tmp_path, lang="zh")
    code = main(["check", "mini-predict", "-a", "None", "-a", "True", "-a", "RuntimeError",
                 *course], env)
    assert code == ExitStatus.OK and "原因：" in out(env)


def test_check_wrong_prediction_does_not_explain_the_answer(tmp_path: Path,
                                                              mini_course_dir: Path) -> None:
    # Reading x.grad warns "non-leaf ... .grad stays None": that is the answer to Q1.
    env = make_env(tmp_path)
    main(["check", "mini-predict", "-a", "tensor([3., 3.])", "--course", str(mini_course_dir)],
         env)
    assert "⚠" not in out(env)


def test_check_fix_leaves_the_fix_to_the_learner(tmp_path: Path, mini_course_dir: Path) -> None:
    mine = tmp_path / "mine.py"
    env = make_env(tmp_path)
    main(["show", "mini-fix", "--starter", "--course", str(mini_course_dir)], env)
    mine.write_text(out(env))
    env = make_env(tmp_path)
    code = main(["check", "mini-fix", str(mine), "--course", str(mini_course_dir)], env)
    assert code == ExitStatus.FAIL
    text = out(env)
    assert "Your code raised RuntimeError (line 4)" in text
    assert ".numpy() on a tensor that requires grad" in text
    assert "pred.detach().numpy()" not in text


def test_reference_and_yours_lines_only_when_they_add_something() -> None:
    from gradtutor.views.verdict import said

    f32 = {"kind": "dtype", "value": "float32"}
    f64 = {"kind": "dtype", "value": "float64"}
    assert said(["expected torch.float32, got torch.float64"], f32, f64)
    assert not said(["dtype differs: expected torch.float32, got torch.float64"],
                    {"kind": "list", "items": []}, f64)
    one = {"kind": "int", "value": 1}
    two = {"kind": "int", "value": 2}
    assert not said(["at [0]: expected 1.5, got 2.5"], one, two)  # whole values only


@pytest.mark.parametrize("order", ["before", "after"])
def test_lang_before_or_after_the_command(
    tmp_path: Path, mini_course_dir: Path, order: str
) -> None:
    env = make_env(tmp_path)
    opts = ["--lang", "zh", "--course", str(mini_course_dir)]
    argv = [*opts, "list", "--json"] if order == "before" else ["list", "--json", *opts]
    assert main(argv, env) == ExitStatus.OK, err(env)
    assert json.loads(out(env))[0]["title"] == "重新赋值得到非叶子张量"
