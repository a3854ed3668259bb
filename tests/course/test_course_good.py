"""The valid fixture course loads into the model exactly as written."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from gradtutor.course import (
    Check,
    Misconception,
    Text,
    Tolerance,
    Variant,
    load_course,
    load_exercise,
)

GOOD = Path(__file__).parent / "fixtures" / "good"
EXERCISES = GOOD / "exercises"
SOLUTIONS = GOOD / "solutions"


@pytest.fixture(scope="module")
def result():
    return load_course(EXERCISES)


def test_no_problems(result) -> None:
    assert result.problems == []
    assert result.ok


def test_course_structure(result) -> None:
    course = result.course
    assert course.title == Text({"en": "Fixture course", "zh": "测试课程"})
    assert course.ids == ("detach-predict", "freeze-code", "zero-grad-fix")
    assert [c.id for c in course.chapters] == ["basics", "repair"]
    assert course.chapters[0].exercise_ids == ("detach-predict", "freeze-code")
    assert course.chapters[1].title == Text("Repairs")
    assert course.chapter_of("zero-grad-fix").id == "repair"
    assert course.chapter_of("nope") is None
    assert course.get("nope") is None
    assert course.chapter("basics") is course.chapters[0]
    assert "freeze-code" in course and len(course) == 3
    assert [e.id for e in course] == list(course.ids)
    assert course.exercises_dir == EXERCISES
    assert course.solutions_dir == GOOD / "solutions"


def test_predict(result) -> None:
    ex = result.course.get("detach-predict")
    assert ex.kind == "predict"
    assert ex.topic == "detach"
    assert ex.chapter == "basics"
    assert ex.path == EXERCISES / "basics" / "detach-predict.yaml"
    assert ex.title.get("zh") == "detach() 之后还有梯度吗?"
    assert ex.source == ("E6", "C9")
    assert ex.timeout == 3.0
    assert ex.snippet.splitlines()[2] == "y = x.detach()"
    assert ex.snippet.endswith("y.sum().backward()\n")
    assert ex.solution_path is None
    assert ex.task is None and ex.starter is None and ex.checks == () and ex.variants == ()
    assert len(ex.hints) == 2
    assert ex.hints[1].get("zh") == "y 没有历史。"
    assert ex.explanation.get("en").startswith("detach() returns")

    q0, q1, q2 = ex.questions
    assert (q0.mode, q0.expr, q0.answer) == ("expr", "x.grad", "tensor([2., 2.])")
    assert q0.tolerance == Tolerance(rtol=1e-4, atol=0.0)  # 1e-4 is a number, as in YAML 1.2
    assert q0.misconceptions == (
        Misconception(
            answer="None",
            message=Text({"en": "z depends on x directly, not through y.", "zh": "z 直接依赖 x。"}),
            target=0,
            line=24,
        ),
        Misconception(
            answer="tensor([1., 1.])",
            message=Text("The factor 2 on line 4 multiplies the gradient."),
            target=0,
            line=26,
        ),
    )
    assert q0.points == 1.0 and q0.line == 19
    assert q0.lines == {"ask": 19, "expr": 20, "answer": 21, "tolerance": 22, "misconceptions": 23}
    assert (q1.mode, q1.print_line, q1.answer, q1.points) == ("print_line", 7, "False", 0.5)
    assert q1.expr is None and not q1.error
    assert (q2.mode, q2.error, q2.answer) == ("error", True, "RuntimeError")
    assert q2.message == "element 0 of tensors does not require grad"
    assert q2.points == 2.0
    assert ex.total_points == 3.5


def test_line_mapping(result) -> None:
    ex = result.course.get("detach-predict")
    assert ex.lines["snippet"] == 9
    assert ex.lines["questions"] == 18
    assert ex.snippet_line_offset == 9  # snippet line 1 is file line 10
    assert ex.starter_line_offset is None
    assert ex.file_position("snippet", 3, 5) == (12, 7)
    assert ex.file_position("starter", 3) == (None, None)
    lines = EXERCISES.joinpath("basics", "detach-predict.yaml").read_text().splitlines()
    assert lines[ex.file_position("snippet", 3)[0] - 1].strip() == "y = x.detach()"
    assert ex.code == ex.snippet and ex.code_field == "snippet"


def test_code(result) -> None:
    ex = result.course.get("freeze-code")
    assert ex.kind == "code"
    assert ex.title == Text("Freeze the first layer")
    assert ex.task.get("zh") == "冻结第 0 层,只把可训练参数交给优化器。"
    assert ex.starter.startswith("import torch\n")
    assert ex.solution_path == SOLUTIONS / "freeze-code.py"
    assert ex.timeout == 5.0
    assert ex.random_seed is False
    assert ex.checks == (
        Check(
            expr="[n for n, p in model.named_parameters() if p.requires_grad]",
            label=Text({"en": "trainable parameters", "zh": "可训练参数"}),
            tolerance=None,
            hidden=False,
            points=1.0,
            line=16,
        ),
        Check(
            expr='sum(p.numel() for g in opt.param_groups for p in g["params"])',
            label=None,
            tolerance=Tolerance(rtol=1e-4, atol=1e-6),
            hidden=True,
            points=2.0,
            line=18,
        ),
    )
    assert ex.variants == (
        Variant(
            inputs={
                "lr": 0.1,
                "steps": 3,
                "names": ["a", "b"],
                "opts": {"momentum": 0.9, "nesterov": False},
            },
            line=23,
        ),
        Variant(
            inputs={
                "lr": 0.05,
                "steps": 5,
                "names": [],
                "opts": {"momentum": None, "nesterov": True},
            },
            line=24,
        ),
    )
    assert isinstance(ex.variants[0].inputs["steps"], int)
    assert ex.checks[1].lines == {
        "expr": 18,
        "tolerance": 19,
        "hidden": 20,
        "points": 21,
    }
    assert ex.effective_variants == ex.variants
    assert ex.misconceptions == (
        Misconception(
            answer="['1.weight', '1.bias', '0.bias']",
            message=Text(
                {
                    "en": "Freezing the weight leaves the bias trainable.",
                    "zh": "只冻结权重,偏置仍可训练。",
                }
            ),
            target=0,
            line=27,
        ),
    )
    assert ex.questions == () and ex.snippet is None
    assert ex.starter_line_offset == 10
    assert ex.code == ex.starter and ex.code_field == "starter"
    assert ex.total_points == 3.0


def test_fix(result) -> None:
    ex = result.course.get("zero-grad-fix")
    assert ex.kind == "fix"
    assert ex.topic == "zero_grad"
    assert ex.starter.endswith("opt.step()")  # |- strips the final newline
    assert ex.checks == (Check(expr="w.detach()", line=17),)
    assert ex.variants == ()
    assert ex.effective_variants == (Variant(inputs={}, line=0),)
    assert ex.random_seed is True
    assert ex.misconceptions == ()
    assert ex.solution_path == SOLUTIONS / "zero-grad-fix.py"


def test_load_exercise_alone_defaults_solutions_dir() -> None:
    exercise, problems = load_exercise(EXERCISES / "basics" / "freeze-code.yaml")
    assert problems == []
    assert exercise.solution_path == SOLUTIONS / "freeze-code.py"
    assert exercise.chapter == "basics"


def test_load_exercise_accepts_str_paths() -> None:
    exercise, problems = load_exercise(str(EXERCISES / "repair" / "zero-grad-fix.yaml"))
    assert problems == [] and exercise.id == "zero-grad-fix"


def test_course_loads_without_importing_torch() -> None:
    code = (
        "import sys\n"
        "from gradtutor.course import load_course\n"
        f"r = load_course({str(EXERCISES)!r})\n"
        "assert r.ok, r.problems\n"
        "assert 'torch' not in sys.modules, 'torch was imported'\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_load_course_from_inside_the_exercises_folder(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(EXERCISES)
    result = load_course(".")
    assert result.problems == []
    assert result.course.solutions_dir.resolve() == SOLUTIONS.resolve()
    assert (
        result.course.get("freeze-code").solution_path.resolve()
        == (SOLUTIONS / "freeze-code.py").resolve()
    )
