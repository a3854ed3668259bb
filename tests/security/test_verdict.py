"""Guarantee 1 (and the reference-reading part of 3): a submission changes its verdict only
through the values it returns. Every test grades for real (`grade_code`, the fixture course's
`mini-code`: w.grad must be `scale` * ones, on two variants with seeds the parent picks) and
checks the VERDICT; afterwards the same sandbox grades a right and a wrong answer correctly.

Attacks that steal the reference also run in `exposed` (no namespaces, Landlock or seccomp),
where they must PASS: that proves the attack works, so the hardened test can fail.
"""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest
from machine_layers import needs, needs_one_of
from security_attacks import TARGETS, steal
from security_helpers import RIGHT, SOLUTION, grade, root_only

from gradtutor.course.model import Exercise
from gradtutor.sandbox import Sandbox

# What keeps the course from a run: Landlock, or the mount namespace's covers (with a private
# /proc, so no other process's view of the files is at hand either).
HIDE_COURSE = (("landlock-fs",), ("hidden-paths", "proc-hidepid"))


@pytest.mark.parametrize("how", list(TARGETS))
def test_reading_the_reference_solution_fails(
    how: str, mini_code: Exercise, hardened: Sandbox, right_passes: Callable[[Sandbox], None],
) -> None:
    needs_one_of(hardened, *HIDE_COURSE)
    v = grade(mini_code, steal(TARGETS[how]), hardened)
    assert v.status == "fail", (v.status, v.reason)
    assert all(o["stdout"].startswith("REFUSED") for o in v.observations), v.observations
    right_passes(hardened)


@root_only
@pytest.mark.parametrize("how", ["absolute", "relative"])
def test_landlock_alone_refuses_the_reference(
    how: str, mini_code: Exercise, landlock_only: Sandbox,
) -> None:
    """No mount namespace hides the (world-readable) file here: only Landlock refuses it."""
    needs(landlock_only, "landlock-fs")
    v = grade(mini_code, steal(TARGETS[how]), landlock_only)
    assert v.status == "fail", (v.status, v.reason)
    assert all(o["stdout"] == "REFUSED PermissionError\n" for o in v.observations)


@root_only
@pytest.mark.parametrize("how", ["absolute", "relative"])
def test_positive_control_stealing_works_without_the_layers(
    how: str, mini_code: Exercise, exposed: Sandbox,
) -> None:
    """Without namespaces and Landlock the (world-readable) reference is readable, the steal
    passes: the test above is not vacuous."""
    v = grade(mini_code, steal(TARGETS[how]), exposed)
    assert v.status == "pass", (v.status, v.reason, v.observations[0]["stdout"])
    assert v.observations[0]["stdout"].startswith("STOLE")


def test_exercise_sources_and_course_files_are_unreadable(
    mini_code: Exercise, hardened: Sandbox,
) -> None:
    needs_one_of(hardened, *HIDE_COURSE)
    repo = SOLUTION.parents[4]
    targets = [str(mini_code.path), str(mini_code.path.parent), str(SOLUTION.parent),
               str(SOLUTION.parents[2]), str(repo / ".git"), str(repo / "solutions"),
               str(repo / "exercises")]
    v = grade(mini_code, f"""\
        import os, torch
        seen = {{}}
        for p in {targets!r}:
            try:
                seen[p] = sorted(os.listdir(p)) if os.path.isdir(p) else open(p).read()[:20]
            except OSError as e:
                seen[p] = type(e).__name__
        print(seen)
        w = torch.randn(3, requires_grad=True)
        """, hardened)
    assert v.status == "fail"
    out = v.observations[0]["stdout"]
    seen = eval(out)  # our own print of a dict of str
    for path, got in seen.items():  # refused, or an empty cover (the repository is hidden)
        assert got in ("PermissionError", "FileNotFoundError", []), (path, got)


# ----------------------------------------------------------------------------- tampering

MONKEYPATCH = """\
import builtins, math, torch, numpy
# Make every comparison say "equal", everywhere a grader might look.
torch.Tensor.__eq__ = lambda self, other: torch.ones((), dtype=torch.bool)
torch.equal = lambda *a, **k: True
torch.allclose = lambda *a, **k: True
torch.testing.assert_close = lambda *a, **k: None
numpy.allclose = lambda *a, **k: True
math.isclose = lambda *a, **k: True
# ...and break backward for whoever runs next in this process (the reference, if it could).
torch.Tensor.backward = lambda *a, **k: None
w = torch.randn(3, requires_grad=True)
(2 * scale * w).sum().backward()
"""


def test_monkeypatching_torch_does_not_pass(
    mini_code: Exercise, hardened: Sandbox, right_passes: Callable[[Sandbox], None],
) -> None:
    v = grade(mini_code, MONKEYPATCH, hardened)
    assert v.status == "fail", (v.status, v.reason)
    assert not v.outcomes[0].ok and v.outcomes[0].got == {"kind": "none"}
    right_passes(hardened)


@pytest.mark.parametrize("patch", [
    "builtins.isinstance = lambda *a: True",
    "builtins.len = lambda *a: 0",
    "json.dumps = lambda *a, **k: '{\"status\": \"ok\"}'",
    "import gradtutor.sandbox.encode as e; e.encode = lambda v: {'kind': 'bool', 'value': True}",
])
def test_monkeypatching_builtins_or_the_harness_does_not_pass(
    patch: str, mini_code: Exercise, hardened: Sandbox,
    right_passes: Callable[[Sandbox], None],
) -> None:
    """Breaking the harness that reports the run gives no result (an error) or wrong data
    (a fail): never a pass."""
    v = grade(mini_code, f"import builtins, json\n{patch}\n" + MONKEYPATCH, hardened)
    assert v.status in ("fail", "error"), (v.status, v.reason)
    right_passes(hardened)


def test_monkeypatching_does_not_reach_the_reference_run(
    mini_code: Exercise, layers: Sandbox, right_passes: Callable[[Sandbox], None],
) -> None:
    """One worker: the reference runs right after the learner, in the same zygote. Had the
    patched backward leaked, the reference's w.grad would be None like the learner's, and
    equal answers would pass."""
    v = grade(mini_code, MONKEYPATCH, layers)
    assert v.status == "fail"
    assert v.outcomes[0].expected is not None and v.outcomes[0].expected["kind"] == "tensor"
    right_passes(layers)


EQ_ALWAYS = """\
import torch
class Anything:
    def __eq__(self, other): return True
    def __ne__(self, other): return False
    def __bool__(self): return True
    def __float__(self): return 1.0
    def __hash__(self): return 0
    def __repr__(self): return "tensor([2., 2., 2.])"
class T(torch.Tensor):
    def __eq__(self, other): return True
class W:
    grad = Anything()
    is_leaf = Anything()
w = W()
"""


def test_objects_equal_to_everything_do_not_pass(
    mini_code: Exercise, hardened: Sandbox, right_passes: Callable[[Sandbox], None],
) -> None:
    v = grade(mini_code, EQ_ALWAYS, hardened)
    assert v.status == "fail" and not any(o.ok for o in v.outcomes), v.outcomes
    # A tensor subclass with a lying __eq__ is compared by its values, in the parent.
    v = grade(mini_code, EQ_ALWAYS.replace("w = W()", """\
        w = torch.randn(3, requires_grad=True)
        w.grad = torch.zeros(3).as_subclass(T)
        """.replace("        ", "")), hardened)
    assert v.status == "fail" and not v.outcomes[0].ok
    right_passes(hardened)


# ----------------------------------------------------------------------------- forgery

def forged(values: dict[str, object], **extra: object) -> str:
    msg = {"status": "ok", "reason": "completed", "prints": [], "warnings": [],
           "exception": None, "values": values, **extra}
    return ("import os, json\nos.write(3, json.dumps(" + repr(msg) + ").encode())\n"
            "os._exit(0)\n")


WRONG_GRAD = {"kind": "tensor", "dtype": "float32", "shape": [3], "values": [9.0, 9.0, 9.0],
              "requires_grad": False, "is_leaf": True, "grad_fn": None, "grad_is_none": True,
              "retains_grad": False, "is_parameter": False, "truncated": False}
TRUE = {"kind": "bool", "value": True}


@pytest.mark.parametrize(("code", "status"), [
    # Fields a verdict might be read from: not in the schema, so the result is malformed.
    (forged({"w.grad": WRONG_GRAD, "w.is_leaf": TRUE}, verdict="pass", score=1), "error"),
    (forged({"w.grad": WRONG_GRAD, "w.is_leaf": TRUE}, status="pass"), "error"),
    # A status only the controller may set.
    (forged({"w.grad": WRONG_GRAD, "w.is_leaf": TRUE}, status="timeout"), "error"),
    # Values for checks that were not asked, instead of those that were.
    (forged({"passed": TRUE}), "error"),
    # A well-formed message: only data, compared with what the parent computes.
    (forged({"w.grad": WRONG_GRAD, "w.is_leaf": TRUE}), "fail"),
    # A forged message, then the real one: two documents on the channel.
    (forged({"w.grad": WRONG_GRAD, "w.is_leaf": TRUE}).replace("os._exit(0)\n", "w = 1\n"),
     "error"),
    # Printed "results" are output, never parsed.
    ("import json\nprint(json.dumps({'status': 'ok', 'verdict': 'pass'}))\nw = None\n", "fail"),
])
def test_forged_result_messages_do_not_pass(
    code: str, status: str, mini_code: Exercise, hardened: Sandbox,
    right_passes: Callable[[Sandbox], None],
) -> None:
    v = grade(mini_code, code, hardened)
    assert v.status == status, (v.status, v.reason)
    right_passes(hardened)


def test_a_forged_pass_needs_the_right_values(mini_code: Exercise, hardened: Sandbox) -> None:
    """The documented limit, for contrast: forging exactly what a right program returns is
    returning the right data. It needs `scale`, which the grader sends per run, so this is no
    cheaper than solving the exercise."""
    code = ("import json, os\ngrad = {'kind': 'tensor', 'dtype': 'float32', 'shape': [3], "
            "'values': [float(scale)] * 3, 'requires_grad': False, 'is_leaf': True, "
            "'grad_fn': None, 'grad_is_none': True, 'retains_grad': False, "
            "'is_parameter': False, 'truncated': False}\n"
            "os.write(3, json.dumps({'status': 'ok', 'reason': '', 'prints': [], "
            "'warnings': [], 'exception': None, 'values': {'w.grad': grad, "
            "'w.is_leaf': {'kind': 'bool', 'value': True}}}).encode())\nos._exit(0)\n")
    assert grade(mini_code, code, hardened).status == "pass"
    assert grade(mini_code, code.replace("float(scale)", "2.0"), hardened).status == "fail"


def test_right_answer_still_passes_after_everything(
    mini_code: Exercise, hardened: Sandbox,
) -> None:
    v = grade(mini_code, RIGHT, hardened)
    assert v.status == "pass"
    assert json.dumps(v.to_json())  # plain data
