"""An environment failure is never a wrong answer (fail closed).

When the snippet or the reference solution raises an exception its exercise does not record,
grading says "this exercise cannot run here" (`internal`: the grader's failure, never the
learner's) and `validate` says what was raised here, without advising to change an answer to
what a crash left behind. The failure of the issue that prompted this: a CUDA build of torch on
a GPU machine, where every forked run refused backward().
"""

from __future__ import annotations

import dataclasses
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from gradtutor.course.loader import load_course
from gradtutor.course.model import Course
from gradtutor.grading.code import Run, code_verdict, grade_code
from gradtutor.grading.predict import grade_predict, predict_verdict, unrecorded_exception
from gradtutor.grading.validate import _check_code, _check_predict, _Job, validate_course
from gradtutor.sandbox import RunResult, Sandbox, worker
from gradtutor.sandbox.config import zygote_env
from gradtutor.text import say

REPO = Path(__file__).resolve().parents[2]
FORK = ("Unable to handle autograd's threading in combination with fork-based multiprocessing. "
        "See https://github.com/pytorch/pytorch/wiki/Autograd-and-Fork")
NONE = {"kind": "none"}


def crashed(line: int, values: dict[str, object] | None = None) -> RunResult:
    return RunResult("exception", reason=f"RuntimeError: {FORK}", values=dict(values or {}),
                     exception={"type": "RuntimeError", "message": FORK, "line": line,
                                "traceback": ""})


@pytest.fixture(scope="module")
def course() -> Course:
    loaded = load_course(REPO / "exercises")
    assert loaded.course is not None, loaded.problems
    return loaded.course


@pytest.fixture(scope="module")
def mini(mini_course_dir: Path) -> Course:
    loaded = load_course(mini_course_dir)
    assert loaded.course is not None, loaded.problems
    return loaded.course


def test_a_snippet_that_should_run_clean_but_crashed_is_not_graded(course: Course) -> None:
    ex = course.get("detach-cuts-gradient")  # no error question: it runs clean
    assert not any(q.error for q in ex.questions)
    result = crashed(9, {q.expr: NONE for q in ex.questions if q.expr})
    right = [q.answer or "" for q in ex.questions]
    v = predict_verdict(ex, right, result)
    assert v.status == "internal" and v.outcomes == [] and v.score == 0
    assert str(v.reason) == (
        f"this exercise cannot run here: its snippet raised RuntimeError: {FORK}, "
        "which the exercise does not record; report this to your instructor")
    zh = say(v.reason, "zh")
    assert zh.startswith("这个练习无法在这里运行") and "请告诉你的老师" in zh, zh


def test_an_error_question_is_not_answered_by_the_refusal(mini: Course) -> None:
    """mini-predict records RuntimeError 'Only Tensors of floating point...': another
    RuntimeError is not it, and the reason does not name what was raised."""
    ex = mini.get("mini-predict")
    v = predict_verdict(ex, ["None", "True", "RuntimeError"], crashed(5, {"x.grad": NONE}))
    assert v.status == "internal"
    assert "RuntimeError" not in str(v.reason) and "does not record" in str(v.reason), v.reason
    recorded = RunResult("exception", prints=[{"line": 6, "text": "True\n"}],
                         values={"x.grad": NONE},
                         exception={"type": "RuntimeError", "line": 7, "message":
                                    "Only Tensors of floating point and complex dtype can "
                                    "require gradients"})
    assert unrecorded_exception(ex, recorded) is None
    assert predict_verdict(ex, ["None", "True", "RuntimeError"], recorded).status == "pass"
    assert predict_verdict(ex, ["None", "True", "TypeError"], recorded).status == "fail"
    no_message = dataclasses.replace(ex, questions=(
        *ex.questions[:2], dataclasses.replace(ex.questions[2], message=None)))
    assert unrecorded_exception(no_message, crashed(5)) is None  # the type is all it records
    other_type = dataclasses.replace(no_message, questions=(
        *ex.questions[:2], dataclasses.replace(no_message.questions[2], answer="TypeError")))
    assert unrecorded_exception(other_type, crashed(5)) is not None


def test_a_reference_that_crashed_costs_no_learner_a_wrong_verdict(mini: Course) -> None:
    ex = mini.get("mini-code")
    ok = RunResult("ok", values={"w.grad": {"kind": "tensor", "dtype": "float32", "shape": [3],
                                            "values": [2.0] * 3, "requires_grad": False,
                                            "is_leaf": True, "grad_fn": None,
                                            "grad_is_none": True, "retains_grad": False,
                                            "is_parameter": False, "truncated": False},
                                 "w.is_leaf": {"kind": "bool", "value": True}})
    v = code_verdict(ex, [ok, ok], [crashed(3), crashed(3)])
    assert v.status == "internal"
    assert str(v.reason).startswith("this exercise cannot run here: the reference solution of "
                               "mini-code failed: RuntimeError: Unable to handle"), v.reason
    assert say(v.reason, "zh").startswith("这个练习无法在这里运行：mini-code 的参考答案")


def test_validate_names_the_crash_and_never_advises_the_crash_value(course: Course,
                                                                     mini: Course) -> None:
    ex = course.get("detach-cuts-gradient")
    result = crashed(9, {q.expr: NONE for q in ex.questions if q.expr})
    problems = _check_predict(ex, [result, result])
    assert len(problems) == 1, [p.message for p in problems]
    p = problems[0]
    assert p.severity == "error"
    assert p.message.startswith(f"the snippet raised RuntimeError here: {FORK}"), p.message
    assert p.line == ex.file_position("snippet", 9)[0]
    assert "update `answer:`" not in p.fix and "None" not in p.fix + p.message
    assert "docs/sandbox.md" in p.fix

    code = mini.get("mini-code")
    job = _Job(code, 0, 5, [Run({"scale": 2.0}, 1), Run({"scale": -0.5}, 2)])
    problems = _check_code(job, [crashed(3)] * 3 + [RunResult("ok")] * 2)
    assert [p.message for p in problems] == [f"the reference solution raised RuntimeError here: "
                                             f"{FORK}"]
    assert "docs/sandbox.md" in problems[0].fix


# ----------------------------------------------------------------------------- end to end

# Children refuse autograd, as under a CUDA build that started autograd's device threads in
# the zygote; the zygote's own check (its first fork after importing torch) is let through, so
# the grading-level defence is what is tested here.
BREAK_CHILDREN = """\
import os, sys
_forks = [0]
def _refuse(*args, **kwargs):
    raise RuntimeError("Unable to handle autograd's threading in combination with fork-based "
                       "multiprocessing. See https://github.com/pytorch/pytorch/wiki/Autograd-and-Fork")
def _child():
    torch = sys.modules.get("torch")
    if torch is not None and _forks[0] > 0:
        torch.Tensor.backward = _refuse
        torch.autograd.backward = _refuse
def _parent():
    if "torch" in sys.modules:
        _forks[0] += 1
os.register_at_fork(after_in_child=_child, after_in_parent=_parent)
"""


@pytest.fixture(scope="module")
def broken_sandbox(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Sandbox]:
    site = tmp_path_factory.mktemp("site")
    (site / "sitecustomize.py").write_text(BREAK_CHILDREN)
    with pytest.MonkeyPatch.context() as mp:
        base = zygote_env()
        mp.setattr(worker, "zygote_env",
                   lambda: {**base, "PYTHONPATH": f"{site}:{base['PYTHONPATH']}"})
        with Sandbox(workers=1) as sb:
            assert sb.wait_ready(180)
            yield sb


def test_positive_control_the_children_really_refuse_autograd(broken_sandbox: Sandbox) -> None:
    from gradtutor.sandbox import RunRequest
    res = broken_sandbox.run(RunRequest(
        code="import torch\nx = torch.ones(2, requires_grad=True)\nx.sum().backward()\n"))
    assert res.status == "exception" and "Unable to handle autograd" in res.reason


def test_broken_torch_end_to_end(tmp_path: Path, mini: Course, mini_course_dir: Path,
                                 broken_sandbox: Sandbox) -> None:
    """A right submission is never judged wrong, and validate gives no harmful advice."""
    v = grade_predict(mini.get("mini-predict"), ["None", "True", "RuntimeError"], broken_sandbox)
    assert v.status == "internal" and "cannot run here" in str(v.reason), (v.status, v.reason)
    code = mini.get("mini-code")
    right = "import torch\nw = torch.randn(3, requires_grad=True)\n(scale * w).sum().backward()\n"
    v = grade_code(code, right, broken_sandbox)
    assert v.status == "internal" and str(v.reason).startswith("this exercise cannot run here"), v

    root = tmp_path / "course"
    shutil.copytree(mini_course_dir.parent, root)
    report = validate_course(root / "exercises", broken_sandbox)
    text = [f"{p.message} | {p.fix}" for p in report.problems]
    assert report.errors, text
    assert all("here" in p.message for p in report.errors), text
    assert not any("update `answer:`" in t or "drift" in t for t in text), text
