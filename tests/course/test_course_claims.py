"""The `claims` field: loaded with the position of its code, bad claims reported at their line."""

from __future__ import annotations

import shutil
from pathlib import Path

from gradtutor.course import Claim, load_exercise

HEAD = """\
format: 1
id: {id}
kind: predict
topic: detach
title: A claim
snippet: |
  import torch
  x = torch.ones(2, requires_grad=True)
questions:
  - ask: What is x.grad?
    expr: x.grad
    misconceptions:
      - answer: "tensor([1., 1.])"
        message: Nothing called backward.
hints:
  - Look for backward().
  - There is none.
explanation: Nothing calls backward(), so x.grad stays None.
"""

GOOD_CLAIMS = """\
claims:
  - about: explanation
    says: "x.grad stays None without backward()."
    code: |
      import torch
      x = torch.ones(2, requires_grad=True)
      assert x.grad is None
  - about: hint 2
    says: There is no backward.
    code: "assert True"
"""


def _load(tmp_path: Path, claims: str, exercise_id: str = "claimed"):
    path = tmp_path / "exercises" / "detach" / f"{exercise_id}.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(HEAD.format(id=exercise_id) + claims, encoding="utf-8")
    return load_exercise(path, tmp_path / "solutions")


def _lines(problems) -> list[tuple[int | None, int | None, str, str]]:
    return [(p.line, p.column, p.severity, p.message) for p in problems]


def test_claims_load_with_the_position_of_their_code(tmp_path: Path) -> None:
    exercise, problems = _load(tmp_path, GOOD_CLAIMS)
    assert problems == []
    assert exercise is not None
    first, second = exercise.claims
    assert first == Claim(
        about="explanation",
        says="x.grad stays None without backward().",
        code="import torch\nx = torch.ones(2, requires_grad=True)\nassert x.grad is None\n",
        line=20,
        code_line=23,
        code_indent=6,
    )
    assert first.file_line(3) == 25, "code line 3 is file line 25"
    assert first.file_line(None) == 20, "an unknown code line falls back to the claim's line"
    assert (second.about, second.code_line, second.file_line(1)) == ("hint 2", 28, 28)


def test_an_exercise_without_claims_has_none(tmp_path: Path) -> None:
    exercise, problems = _load(tmp_path, "")
    assert problems == [] and exercise is not None and exercise.claims == ()


def test_a_claim_missing_its_code_is_an_error_at_the_claim(tmp_path: Path) -> None:
    exercise, problems = _load(tmp_path, "claims:\n  - about: explanation\n    says: x\n")
    assert exercise is None
    assert _lines(problems) == [
        (20, 5, "error", "'claims[0]' needs the key 'code', which is missing")
    ]
    assert "add it, e.g. code: |" in problems[0].fix


def test_a_bad_claim_field_gets_a_clear_error(tmp_path: Path) -> None:
    claims = """\
claims:
  - about: the explanation
    says: x
    code: "assert True"
    expect: pass
"""
    exercise, problems = _load(tmp_path, claims)
    assert exercise is None
    found = _lines(problems)
    assert found == [
        (
            20,
            12,
            "error",
            "'claims[0].about' 'the explanation' is not valid: it must be "
            "explanation, task, or hint, misconception or question followed by its number from 1 "
            "(e.g. hint 2)",
        ),
        (23, 5, "error", "unknown key 'expect' in 'claims[0]'"),
    ]
    assert problems[0].fix == "write it like: about: explanation"


def test_about_must_name_a_text_that_exists(tmp_path: Path) -> None:
    claims = """\
claims:
  - {about: hint 3, says: x, code: "assert True"}
  - {about: task, says: x, code: "assert True"}
  - {about: misconception 2, says: x, code: "assert True"}
  - {about: question 1, says: x, code: "assert True"}
  - {about: misconception 1, says: x, code: "assert True"}
"""
    exercise, problems = _load(tmp_path, claims)
    assert exercise is None
    assert _lines(problems) == [
        (20, 13, "error", "'claims[0].about' is 'hint 3', but the exercise has only 2 hints"),
        (21, 13, "error", "'claims[1].about' is 'task', but predict exercises have no task"),
        (
            22,
            13,
            "error",
            "'claims[2].about' is 'misconception 2', but the exercise has only 1 misconception",
        ),
    ]
    assert [p.fix for p in problems] == [
        "use hint 1 to hint 2",
        "use explanation, hint N, misconception N or question N",
        "use misconception 1",
    ]


def test_a_syntax_error_in_a_claim_points_at_its_file_line(tmp_path: Path) -> None:
    claims = """\
claims:
  - about: explanation
    says: x
    code: |
      import torch
      assert torch.ones(1).grad is None)
"""
    exercise, problems = _load(tmp_path, claims)
    assert exercise is None
    ((line, column, severity, message),) = _lines(problems)
    assert (line, severity) == (24, "error")
    assert column is not None and column > 6
    assert message.startswith("claims[0].code line 2 (file line 24): ")


def test_a_claim_without_assert_is_a_warning(tmp_path: Path) -> None:
    claims = """\
claims:
  - about: explanation
    says: backward() runs.
    code: |
      import torch
      torch.ones(1, requires_grad=True).sum().backward()
"""
    exercise, problems = _load(tmp_path, claims)
    assert exercise is not None, "a warning does not drop the exercise"
    assert _lines(problems) == [
        (
            22,
            11,
            "warning",
            "'claims[0].code' has no assert, so the claim fails only if torch raises",
        ),
    ]


MINI = Path(__file__).parents[1] / "fixtures" / "mini"


def test_code_exercises_count_their_misconceptions_and_have_no_questions(tmp_path: Path) -> None:
    shutil.copytree(MINI, tmp_path / "mini")
    path = tmp_path / "mini" / "exercises" / "basics" / "mini-code.yaml"
    lines = len(path.read_text(encoding="utf-8").splitlines())
    path.write_text(
        path.read_text(encoding="utf-8")
        + """\
claims:
  - {about: task, says: x, code: "assert True"}
  - {about: misconception 1, says: x, code: "assert True"}
  - {about: question 1, says: x, code: "assert True"}
""",
        encoding="utf-8",
    )
    exercise, problems = load_exercise(path)
    assert exercise is None
    assert _lines(problems) == [
        (
            lines + 4,
            13,
            "error",
            "'claims[2].about' is 'question 1', but code exercises have no questions",
        ),
    ]
    assert problems[0].fix == "use explanation, task, hint N or misconception N"


def test_an_invalid_list_gives_no_follow_up_claim_error(tmp_path: Path) -> None:
    broken = HEAD.replace("    misconceptions:\n", "    misconceptions: nope\n    x_:\n")
    path = tmp_path / "exercises" / "detach" / "claimed.yaml"
    path.parent.mkdir(parents=True)
    path.write_text(broken + "claims:\n  - {about: misconception 1, says: x, code: 'assert 1'}\n")
    exercise, problems = load_exercise(path, tmp_path / "solutions")
    assert exercise is None
    assert problems and not any("claims" in p.message for p in problems), problems
    questions = HEAD.replace("questions:\n", "questions: 3\nx_:\n")
    path.write_text(questions + "claims:\n  - {about: question 1, says: x, code: 'assert 1'}\n")
    exercise, problems = load_exercise(path, tmp_path / "solutions")
    assert problems and not any("claims" in p.message for p in problems), problems
