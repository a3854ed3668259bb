"""The shell says what differs, and why an answer is unreadable, in the learner's language."""

from __future__ import annotations

from shell_helpers import Driver

from gradtutor.compare import parse_prediction
from gradtutor.course.model import Course
from gradtutor.env import Environment
from gradtutor.facts import Fact
from gradtutor.grading.verdict import Outcome, Verdict
from gradtutor.views.verdict import render_verdict


def test_unreadable_answer_in_chinese(driver: Driver) -> None:
    driver.lang = "zh"
    s = driver.run("[1, )", "quit")
    assert "无法把它当作答案读取：这里应为一个值，却遇到了 ')'（第 5 列）" in s.flat
    assert "expected a value" not in s.text


def test_unreadable_answer_in_english(driver: Driver) -> None:
    s = driver.run("[1, )", "quit")
    assert "expected a value, found ')' at column 5" in s.flat


def test_verdict_differences_and_reason_in_chinese(driver: Driver, mini_course: Course) -> None:
    ex = mini_course.get("mini-code")
    env: Environment = driver.env()
    differs = Fact.of("compare.expected_got", expected=Fact("compare.thing.tensor"), got="None")
    outcome = Outcome(0, "w 的梯度", False, expected=parse_prediction("tensor([2., 2.])"),
                      got={"kind": "none"}, differences=[differs])
    fail = Verdict(ex.id, ex.kind, "fail", Fact.of("grading.checks_failed", failed=1, n=2),
                   [outcome])
    text = render_verdict(env, ex, fail, lang="zh", with_run=False)
    assert "应为 张量，实际是 None" in text and "expected a tensor" not in text
    assert "expected a tensor, got None" in render_verdict(env, ex, fail, lang="en",
                                                           with_run=False)
    error = Verdict(ex.id, ex.kind, "error", Fact.of(
        "grading.syntax", error=Fact.of("compare.thing.named_a", name="SyntaxError"),
        where=Fact.of("grading.on_line", line=3), message="invalid syntax"))
    assert "你的代码在第 3 行有 SyntaxError：invalid syntax" in render_verdict(
        env, ex, error, lang="zh", with_run=False)
    assert "your code has a SyntaxError on line 3: invalid syntax" in render_verdict(
        env, ex, error, lang="en", with_run=False)
