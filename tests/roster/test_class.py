"""An adversarial class written by hand (issue 11, "Tests"): every verdict as expected.yaml says.

The whole class is graded once, with the real `gradtutor grade --json` (conftest.py). Each
predict question and each code or fix exercise is one test. Where today's gradtutor disagrees
and issue 11 names the mistake, the case is a strict xfail naming the class of the issue: it
passes now and fails, to be flipped, once the class is fixed.
"""

from __future__ import annotations

from typing import Any

import pytest
import yaml
from roster_data import CLASS, Graded, expected_verdicts

# (learner, exercise) or (learner, exercise, question number from 1): why gradtutor is wrong
# today, as a strict xfail. Issue 11's classes 1-5 (reading rules for every question kind,
# raising after the values are final, clean exits, answers not given, full-width input) are
# fixed: none is left.
KNOWN_WRONG: dict[tuple[Any, ...], str] = {}

EXPECTED = expected_verdicts()


def _cases() -> list[object]:
    cases = []
    for learner, exercises in EXPECTED.items():
        for exercise, want in exercises.items():
            if isinstance(want, list):
                for q, status in enumerate(want, start=1):
                    key: tuple[Any, ...] = (learner, exercise, q)
                    cases.append((key, status, None, f"{learner}/{exercise}/q{q}"))
            else:
                status = want if isinstance(want, str) else want["status"]
                raised = ((want["raised"], want["line"])
                          if isinstance(want, dict) and "raised" in want else None)
                cases.append(((learner, exercise), status, raised, f"{learner}/{exercise}"))
    params = []
    for key, status, raised, case_id in cases:
        reason = KNOWN_WRONG.get(key) or KNOWN_WRONG.get(key[:2])
        marks = [pytest.mark.xfail(strict=True, reason=reason)] if reason else []
        params.append(pytest.param(key, status, raised, marks=marks, id=case_id))
    return params


@pytest.mark.parametrize(("key", "status", "raised"), _cases())
def test_verdict(graded: Graded, key: tuple[Any, ...], status: str,
                 raised: tuple[str, int] | None) -> None:
    learner, exercise = key[:2]
    verdict = graded.exercise(learner, exercise)
    if len(key) == 3:
        item = verdict["items"][key[2] - 1]
        assert item["status"] == status, (
            f"question {key[2]}: expected {status}, got {item['status']}: {item['message']}")
        return
    assert verdict["status"] == status, f"expected {status}, got {verdict['status']}: " \
                                        f"{verdict['reason']}"
    if raised:
        name, line = raised
        assert name in verdict["reason"] and f"line {line}" in verdict["reason"], (
            f"the reason does not name {name} on line {line}: {verdict['reason']!r}")


def test_roster_is_large_enough() -> None:
    learners = [p for p in CLASS.iterdir() if p.is_dir() and not p.name.startswith(".")]
    assert len(learners) >= 20
    assert {p.name for p in learners} == set(EXPECTED)


def _answers_are_yaml(learner: str) -> bool:
    try:
        yaml.safe_load((CLASS / learner / "answers.yaml").read_text(encoding="utf-8"))
    except FileNotFoundError:
        return True
    except yaml.YAMLError:
        return False
    return True


def test_untouched_exercises_are_missing(graded: Graded) -> None:
    """Not submitted is missing; but an invalid answers.yaml is an error for every predict
    exercise (docs/grading.md), answered or not."""
    for learner, exercises in EXPECTED.items():
        entry = next(e for e in graded.report["learners"] if e["learner"] == learner)
        for ex in entry["exercises"]:
            if ex["id"] not in exercises:
                want = ("error" if ex["kind"] == "predict" and not _answers_are_yaml(learner)
                        else "missing")
                assert ex["status"] == want, (learner, ex["id"], ex["reason"])
