"""The real course resists gaming (issue 11, item 8).

Every trick in gaming/ must not pass once hidden checks run (`gradtutor grade`), and every right
program (honest/ and the reference solutions) must still pass them.
"""

from __future__ import annotations

import pytest
from roster_data import Graded, code_exercise_ids, program_learners

# Tricks that reach the very same final state as a right program: no check on values can tell
# them apart. Each is kept, marked, so that a future check that catches it flips the mark.
SAME_STATE = "leaves the same final state as a right program; no value check can tell"
UNCAUGHT = {
    ("agrad-allow-unused-fix", "hand_formula"):
        f"gradients written by hand {SAME_STATE} (a freed-graph probe would also reject the "
        "right retain_graph=True variant)",
    ("agrad-basic", "hand_formula"):
        f"gradient written by hand {SAME_STATE} (see agrad-allow-unused-fix/hand_formula)",
    ("agrad-basic", "backward_then_clear"):
        f"backward() then x.grad = None {SAME_STATE}",
    ("backward-nonscalar-fix", "hand_set_grad"):
        f"x.grad written by hand {SAME_STATE} (a freed-graph probe would reject "
        "y.backward(v, retain_graph=True))",
    ("ft-checkpoint-frozen-input-fix", "drop_checkpoint"):
        f"no checkpoint at all {SAME_STATE} (checkpointing changes memory, not values)",
    ("ft-module-requires-grad", "flags_after_training"):
        f"freezing after training, with the head alone in the optimizer, {SAME_STATE}",
    ("grad-accumulation-microbatches", "full_batch"):
        f"one backward over the whole batch {SAME_STATE} (up to float rounding)",
    ("grad-accumulation-microbatches", "hand_set_grads"):
        f"full-batch gradient written by hand {SAME_STATE}",
    # Not a limit of checks on values: the sandbox child holds the hidden check expressions
    # (job["expressions"]) on its stack while the learner's code runs, so the code can read them
    # and adapt. Flips when the child receives the expressions only after the program ended.
    ("detach-gan-discriminator", "read_hidden_checks"):
        "sandbox: learner code reads the hidden check expressions from the child's stack",
    # The child evaluates the checks after the learner's code ran, in the same process: the code
    # can replace gradtutor.sandbox.harness._evaluate and forge any value it can predict.
    ("detach-gan-discriminator", "patch_harness"):
        "sandbox: learner code replaces the child's check evaluation via sys.modules",
}


def _params(kind: str) -> list[object]:
    out = []
    for exercise, name, _ in program_learners(kind):
        marks = []
        if kind == "gaming" and (exercise, name) in UNCAUGHT:
            marks.append(pytest.mark.xfail(strict=True, reason=UNCAUGHT[(exercise, name)]))
        out.append(pytest.param(exercise, name, marks=marks, id=f"{exercise}/{name}"))
    return out


@pytest.mark.parametrize(("exercise", "trick"), _params("gaming"))
def test_trick_does_not_pass(graded: Graded, exercise: str, trick: str) -> None:
    verdict = graded.exercise(f"gaming--{exercise}--{trick}", exercise)
    assert verdict["status"] != "pass", f"{exercise}/{trick}.py passes: {verdict['reason']}"


@pytest.mark.parametrize(("exercise", "name"), _params("honest"))
def test_honest_alternative_passes(graded: Graded, exercise: str, name: str) -> None:
    verdict = graded.exercise(f"honest--{exercise}--{name}", exercise)
    assert verdict["status"] == "pass", f"{exercise}/{name}.py: {verdict['reason']}"


@pytest.mark.parametrize("exercise", code_exercise_ids())
def test_reference_passes_with_hidden_checks(graded: Graded, exercise: str) -> None:
    verdict = graded.exercise(f"reference--{exercise}--solution", exercise)
    assert verdict["status"] == "pass", verdict["reason"]


@pytest.mark.parametrize("exercise", code_exercise_ids())
def test_every_code_exercise_has_hidden_checks(graded: Graded, exercise: str) -> None:
    verdict = graded.exercise(f"reference--{exercise}--solution", exercise)
    assert any(item["hidden"] for item in verdict["items"])


def test_every_code_exercise_is_gamed() -> None:
    """A new code or fix exercise comes with its tricks and at least one honest alternative."""
    tricks = {exercise for exercise, _, _ in program_learners("gaming")}
    honest = {exercise for exercise, _, _ in program_learners("honest")}
    assert set(code_exercise_ids()) - tricks == set()
    assert set(code_exercise_ids()) - honest == set()
