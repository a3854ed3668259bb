"""`gradtutor explain`, in-process with an injected environment and the shared sandbox."""

from __future__ import annotations

import argparse
import contextlib
import io
import sys
from pathlib import Path

import pytest

from gradtutor.cli import cmd_explain
from gradtutor.cli.errors import UsageError
from gradtutor.cli.status import ExitStatus
from gradtutor.env import SUPPORTED_LANGS, Environment, normalise_lang
from gradtutor.sandbox import Sandbox

FIXTURES = Path(__file__).parent / "fixtures"
E6 = FIXTURES / "seed_e06_detach.py"
E9 = FIXTURES / "seed_e09_no_grad.py"


@pytest.fixture(autouse=True)
def warm_sandbox(shared_sandbox: Sandbox, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cmd_explain, "open_sandbox",
                        lambda: contextlib.nullcontext(shared_sandbox))


def parser() -> argparse.ArgumentParser:
    """The way gradtutor.cli builds a sub-command: common options, then the module's own."""
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--course")
    common.add_argument("--lang", choices=SUPPORTED_LANGS)
    p = argparse.ArgumentParser(prog="gradtutor explain", parents=[common])
    cmd_explain.add_arguments(p)
    return p


def explain(tmp_path: Path, *argv: str, colors: bool = False,
            lang: str = "en") -> tuple[ExitStatus, str, str]:
    env = Environment(stdin=io.StringIO(), stdout=io.StringIO(), stderr=io.StringIO(),
                      stdout_isatty=colors, stdin_isatty=False, colors=colors, lang=lang,
                      data_dir=tmp_path / "data", course_dir=None)
    args = parser().parse_args(list(argv))
    if args.lang:
        env.lang = normalise_lang(args.lang)
    status = cmd_explain.run(args, env)
    return status, env.stdout.getvalue(), env.stderr.getvalue()  # type: ignore[attr-defined]


def test_e6_output_explanation_and_graph(tmp_path: Path) -> None:
    status, out, err = explain(tmp_path, str(E6))
    assert status == ExitStatus.OK and err == ""
    assert "\x1b[" not in out
    sections = ["── Output · seed_e06_detach.py", "── Warnings and errors, explained",
                "── Graph"]
    assert [out.index(s) for s in sections] == sorted(out.index(s) for s in sections)
    assert "True\nNone\nTrue\ntensor([2., 2.])\nTrue\nNone\nFalse\nNone" in out
    assert "⚠ .grad read on a tensor that is not a leaf  (line 12 · UserWarning)" in out
    assert "12 │ print(x.grad)" in out
    assert "`x` was reassigned on line 6 by `x = x * 2`" in out
    flat = " ".join(out.split())  # prose is wrapped to the terminal width
    assert "gets `x` through `x1 = x.detach()` (line 8), and detach() cuts the graph" in flat
    assert "Fix: If cutting the gradient flow is what you meant" in flat
    assert "torch said: The .grad attribute of a Tensor that is not a leaf" in out
    assert "z1  float32[2]  leaf · requires_grad=False" in out
    assert "AccumulateGrad → unnamed leaf float32[2] (the old `x` from line 3)" in out


def test_colour_follows_the_environment(tmp_path: Path) -> None:
    _s, out, _e = explain(tmp_path, str(E6), colors=True)
    assert "\x1b[" in out


def test_e9_in_chinese(tmp_path: Path) -> None:
    status, out, _e = explain(tmp_path, str(E9), "--lang", "zh")
    assert status == ExitStatus.OK
    assert "── 输出" in out and "没有 autograd 警告或错误" in out
    assert "在 `torch.no_grad()`（第 8 行）中由需要梯度的 `y1` 计算得到：没有被记录" in out


def test_dot_prints_only_the_graph(tmp_path: Path) -> None:
    status, out, err = explain(tmp_path, str(E6), "--dot")
    assert status == ExitStatus.OK
    assert out.startswith("digraph autograd {") and out.rstrip().endswith("}")
    assert "Output" not in out
    assert "1 warning(s)/error(s) not shown" in err


def test_memory_section(tmp_path: Path) -> None:
    status, out, _e = explain(tmp_path, str(FIXTURES / "mlp_with_no_grad.py"), "--memory")
    assert status == ExitStatus.OK
    assert "── Memory" in out and "`with torch.no_grad():` (lines 14–15) saved 0 B." in out


def test_program_error_exits_with_fail(tmp_path: Path) -> None:
    status, out, _e = explain(tmp_path, str(FIXTURES / "manual_sgd.py"))
    assert status == ExitStatus.FAIL
    assert "✘ in-place change of a leaf that requires grad  (line 12 · RuntimeError)" in out
    assert "● a parameter update replaced the leaf with a new tensor  (line 11)" in out


def test_unexplained_errors_are_shown_in_their_own_words(tmp_path: Path) -> None:
    bad = tmp_path / "bad.py"
    bad.write_text("import torch\nx = 1 / 0\n")  # (a syntax error has its own explanation)
    status, out, _e = explain(tmp_path, str(bad))
    assert status == ExitStatus.FAIL
    assert "ZeroDivisionError" in out and "message: " in out
    assert "gradtutor has no explanation for this message" in out


def test_standard_input(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO("import torch\nprint(torch.ones(1) * 3)\n"))
    status, out, _e = explain(tmp_path, "-")
    assert status == ExitStatus.OK and "Output · submission.py" in out and "tensor([3.])" in out


@pytest.mark.parametrize("make, message", [
    (lambda p: p / "missing.py", "no such file. Check the path"),
    (lambda p: p, "is a folder. Give the .py file"),
])
def test_usage_errors_name_the_next_action(tmp_path: Path, make, message: str) -> None:
    with pytest.raises(UsageError) as exc:
        explain(tmp_path, str(make(tmp_path)))
    assert message in str(exc.value) and "\n" not in str(exc.value)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_file_over_the_size_cap_is_refused_in_one_line(tmp_path: Path, lang: str) -> None:
    from gradtutor.explain.limits import MAX_SOURCE_LINES

    big = tmp_path / "big.py"
    big.write_text("x = 1\n" * (MAX_SOURCE_LINES + 5), encoding="utf-8")
    with pytest.raises(UsageError) as exc:
        explain(tmp_path, str(big), lang=lang)
    text = str(exc.value)
    assert str(big) in text and "\n" not in text
    assert ("shorten the file" in text) if lang == "en" else ("请缩短文件" in text)


def test_a_file_over_the_byte_cap_is_refused_before_it_is_read(tmp_path: Path) -> None:
    from gradtutor.explain.limits import MAX_SOURCE_BYTES

    big = tmp_path / "huge.py"
    big.write_text("#" * (MAX_SOURCE_BYTES + 10) + "\n", encoding="utf-8")
    with pytest.raises(UsageError) as exc:
        explain(tmp_path, str(big))
    text = str(exc.value)
    assert text.startswith(f"{big}: {MAX_SOURCE_BYTES + 11} bytes is over the limit")
    assert "shorten the file" in text and "\n" not in text


def test_wired_into_the_cli(tmp_path: Path) -> None:
    """Runs once the lead adds `explain` to gradtutor.cli's dispatch table."""
    from gradtutor import cli

    if "explain" not in cli.COMMANDS:
        pytest.skip("`explain` is not in gradtutor.cli.COMMANDS yet")
    env = Environment(stdin=io.StringIO(), stdout=io.StringIO(), stderr=io.StringIO(),
                      stdout_isatty=False, stdin_isatty=False, colors=False, lang="en",
                      data_dir=tmp_path / "data", course_dir=None)
    assert cli.main(["explain", str(E6), "--lang", "zh"], env) == ExitStatus.OK
    assert "读取了非叶子张量的 .grad" in env.stdout.getvalue()  # type: ignore[attr-defined]


def test_an_endless_loop_says_it_timed_out_and_nothing_more(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    loop = tmp_path / "loop.py"
    loop.write_text("while True:\n    pass\n", encoding="utf-8")
    real = cmd_explain.explain_run
    monkeypatch.setattr(cmd_explain, "explain_run",
                        lambda sandbox, source, filename, **_kw: real(sandbox, source, filename,
                                                                      timeout_s=1.0))
    status, out, _e = explain(tmp_path, str(loop))
    assert status == ExitStatus.FAIL
    assert "The program stopped: timed out" in out
    assert "No autograd warning" not in out and "── Graph" not in out and "No graph" not in out


def test_a_syntax_error_is_reported_with_its_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad.py"
    bad.write_text("import torch\nx = torch.ones(2\ny = 3\n", encoding="utf-8")
    status, out, _e = explain(tmp_path, str(bad))
    assert status == ExitStatus.FAIL
    assert "syntax error" in out and "(line 2 · SyntaxError)" in out
    assert "Line 2 is not valid Python ('(' was never closed)" in out
    assert "no explanation" not in out and "── Graph" not in out


def test_the_same_paragraph_is_printed_once(tmp_path: Path) -> None:
    twice = tmp_path / "twice.py"
    twice.write_text("import torch\nx = torch.ones(2, requires_grad=True)\ny = x * 2\n"
                     "y.sum().backward()\nprint(y.grad)\nprint(y.grad)\n", encoding="utf-8")
    status, out, _e = explain(tmp_path, str(twice))
    assert status == ExitStatus.OK
    assert out.count("`y` is computed on line 3 by `y = x * 2`") == 1
    assert "(line 6 · UserWarning)" in out and "(the same explanation as for line 5 above)" in out
