"""Every catalogue entry against what the installed torch really raises, in the real sandbox."""

from __future__ import annotations

import re
from typing import Any

import pytest
import torch
from explain_triggers import SILENT, TRIGGERS, Trigger

from gradtutor.explain import BY_KEY, ENTRIES, PROBE_EXPRESSION, explain_observations, match
from gradtutor.sandbox import RunRequest, RunResult, Sandbox
from gradtutor.views.explanation import parts

ALL = TRIGGERS + SILENT
# The catalogue's samples are torch 2.13's exact wording. Other torch versions in the supported
# range word some messages differently (2.11: "ExpBackward0" for "Exp", no index in the unused-
# input message); the patterns must match them all, the verbatim check only the recorded one.
SAMPLES_TORCH = "2.13."


@pytest.fixture(scope="module")
def live(shared_sandbox: Sandbox) -> dict[str, RunResult]:
    """Each trigger run once, with the graph probe, keyed by trigger name."""
    reqs = [RunRequest(code=t.code, filename="mine.py", expressions=(PROBE_EXPRESSION,))
            for t in ALL]
    results = shared_sandbox.run_many(reqs)
    return {t.name: r for t, r in zip(ALL, results, strict=True)}


def observed(res: RunResult) -> list[tuple[str, str, Any]]:
    """(category, message, line) of every warning raised by the program, then the exception."""
    out = [(w["category"], w["message"], w["line"]) for w in res.warnings if w["expr"] is None]
    if res.exception is not None:
        out.append((res.exception["type"], res.exception["message"], res.exception["line"]))
    return out


def test_trigger_names_are_unique() -> None:
    names = [t.name for t in ALL]
    assert len(names) == len(set(names))


def test_every_entry_has_a_live_trigger() -> None:
    assert {e.key for e in ENTRIES} == {t.key for t in ALL}


@pytest.mark.parametrize("trigger", TRIGGERS, ids=lambda t: t.name)
def test_live_message_matches(trigger: Trigger, live: dict[str, RunResult]) -> None:
    res = live[trigger.name]
    assert res.status in ("ok", "exception"), res.reason
    hits = [(cat, line) for cat, msg, line in observed(res)
            if (e := match(msg, cat)) is not None and e.key == trigger.key]
    assert hits, f"no observation matched {trigger.key}: {observed(res)}"
    assert trigger.line in [line for _cat, line in hits]


@pytest.mark.parametrize("trigger", [t for t in TRIGGERS if t.message or BY_KEY[t.key].sample],
                         ids=lambda t: t.name)
def test_live_message_is_verbatim(trigger: Trigger, live: dict[str, RunResult]) -> None:
    """A reworded torch message fails here even if the pattern still matches."""
    if not torch.__version__.startswith(SAMPLES_TORCH):
        pytest.skip(f"the samples are torch {SAMPLES_TORCH}x wording; this is {torch.__version__}")
    expected = trigger.message or BY_KEY[trigger.key].sample
    messages = [msg for _cat, msg, _line in observed(live[trigger.name])]
    assert expected in messages


def _variable(trigger: Trigger, res: RunResult) -> str | None:
    """The variable the explanation can name: torch before 2.13 does not say which input of
    autograd.grad was unused, and then the explanation must not guess."""
    if trigger.key == "grad_unused_input" and not any(
            "at index" in msg for _cat, msg, _line in observed(res)):
        return None
    return trigger.variable


def _find(explanations: list, trigger: Trigger) -> Any:
    found = [e for e in explanations if e.key == trigger.key and e.line == trigger.line]
    assert found, [(e.key, e.line) for e in explanations]
    return found[0]


@pytest.mark.parametrize("trigger", ALL, ids=lambda t: t.name)
def test_explanation_names_the_learners_variable(trigger: Trigger,
                                                 live: dict[str, RunResult]) -> None:
    ex = _find(explain_observations(trigger.code, live[trigger.name]), trigger)
    assert ex.variable == _variable(trigger, live[trigger.name])
    if ex.variable is None and trigger.variable is not None:
        return  # the fragments name the variable torch did not identify
    en = parts(ex, "en")
    words = en.text + "\n" + en.fix
    for fragment in trigger.says:
        assert fragment in words, f"{fragment!r} missing from:\n{words}"


@pytest.mark.parametrize("trigger", TRIGGERS, ids=lambda t: t.name)
def test_explanation_without_the_probe_still_names_the_variable(
        trigger: Trigger, live: dict[str, RunResult]) -> None:
    """Grading runs do not carry the probe: the AST alone must find the same variable."""
    res = live[trigger.name]
    bare = RunResult(status=res.status, warnings=res.warnings, exception=res.exception)
    ex = _find(explain_observations(trigger.code, bare), trigger)
    assert ex.variable == _variable(trigger, res)


@pytest.mark.parametrize("trigger", ALL, ids=lambda t: t.name)
def test_chinese_explanation(trigger: Trigger, live: dict[str, RunResult]) -> None:
    ex = _find(explain_observations(trigger.code, live[trigger.name]), trigger)
    en, zh = parts(ex, "en"), parts(ex, "zh")
    cjk = re.compile(r"[\u4e00-\u9fff]")
    assert cjk.search(zh.title) and cjk.search(zh.text) and cjk.search(zh.fix)
    assert not cjk.search(en.title + en.text + en.fix)
    assert "。 " not in zh.text  # Chinese sentences follow each other without a space
    assert not re.search(r"[\w`)]\.[\u4e00-\u9fff]", zh.text)  # nor end with an English "."


@pytest.mark.parametrize("trigger", SILENT, ids=lambda t: t.name)
def test_silent_problem_is_still_silent_in_torch(trigger: Trigger,
                                                 live: dict[str, RunResult]) -> None:
    """If torch starts warning about it, the catalogue should match that message instead."""
    res = live[trigger.name]
    assert res.status == "ok" and observed(res) == []
