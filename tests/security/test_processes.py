"""Guarantee 2: a run cannot signal, trace or read the memory of the grader, the zygote or a
concurrent run. Each attack reports what the kernel answered; the tests then check that the
targets are alive and unchanged and that the grading of the rest goes on."""

from __future__ import annotations

import os
import time
from collections.abc import Callable

import pytest
from security_attacks import ATTACKS, refused
from security_helpers import RIGHT, grade, run, slot_processes, value, wait_until

from gradtutor.course.model import Exercise
from gradtutor.sandbox import RunRequest, Sandbox


def zygotes(sb: Sandbox) -> list[int]:
    return [i["zygote_pid"] for i in sb.slot_info()]


@pytest.mark.parametrize("config", ["hardened", "layers"])
def test_zygote_and_grader_are_out_of_reach(
    config: str, request: pytest.FixtureRequest, mini_code: Exercise,
    right_passes: Callable[[Sandbox], None],
) -> None:
    sb: Sandbox = request.getfixturevalue(config)
    before = zygotes(sb)
    v = grade(mini_code, ATTACKS + f"""\
attack("zygote", os.getppid())
attack("grader", {os.getpid()})
attack("init", 1)
if os.getuid() != 0:
    attempt("everyone:kill:-1", lambda: os.kill(-1, signal.SIGKILL))
print(out)
import torch
w = torch.randn(3, requires_grad=True)
""", sb)
    assert v.status == "fail", (v.status, v.reason)
    for obs in v.observations:
        results = eval(obs["stdout"])  # our own print of a dict of str
        assert len(results) == 3 * 13
        # kill(-1) returns 0 even when every target refused (EPERM is not reported for a
        # broadcast): what counts is that the zygotes are still there, checked below.
        assert refused(results) == ["everyone:kill:-1"] or refused(results) == [], results
    assert zygotes(sb) == before
    assert all(os.path.exists(f"/proc/{p}") for p in before)
    with open(f"/proc/{before[0]}/status") as f:
        assert "T (stopped)" not in f.read()
    right_passes(sb)


def test_a_run_cannot_touch_a_concurrent_run(hardened: Sandbox) -> None:
    """Two workers: a victim sleeps in one slot while an attacker in the other goes for it."""
    uids = [i["uid"] for i in hardened.slot_info()]
    victim = hardened.submit(RunRequest(code="import time\ntime.sleep(2.5)\nx = 42\n",
                                        expressions=("x",), timeout_s=30))
    if uids[0] is not None:  # root: find the victim by its slot uid
        assert wait_until(lambda: any(slot_processes(u) for u in uids), 10)
        pid = next(p for u in uids for p in slot_processes(u))
    else:
        pytest.skip("the unprivileged variant runs in test_unprivileged")
    t0 = time.monotonic()
    res = run(hardened, ATTACKS + f"attack('victim', {pid})\n", "out", timeout_s=20)
    assert time.monotonic() - t0 < 2.5, "the attacker must run while the victim is alive"
    assert res.status == "ok", res.reason
    results = value(res, "out")
    assert refused(results) == [], results
    assert victim.result(30).status == "ok" and value(victim.result(), "x") == 42


def test_grading_goes_on_after_the_attacks(mini_code: Exercise, hardened: Sandbox) -> None:
    assert grade(mini_code, RIGHT, hardened).status == "pass"
