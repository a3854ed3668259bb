"""Guarantee 6: caps on wall time, CPU, memory, processes, output and open files. Each is
checked through grading (the verdict is an error, and grading goes on) or by the attack itself
reporting where it was stopped. Fork-based attacks run in `layers` (no seccomp) so that the
process cap itself is proven; a bounded forker proves it before any bomb runs."""

from __future__ import annotations

import time
from collections.abc import Callable

import pytest
from security_attacks import BOMB, FORKER
from security_helpers import grade, run, slot_empty, value

from gradtutor.course.model import Exercise
from gradtutor.sandbox import Sandbox


@pytest.mark.parametrize(("code", "reason"), [
    ("while True:\n    pass\n", "timed out"),
    ("import torch\nx = []\nwhile True:\n    x.append(torch.ones(2**24))\n", "memory limit"),
    ("x = bytearray(3 * 2**30)\n", "memory limit"),
    ("while True:\n    print('x' * 4096)\n", "output limit of 1 MiB"),
])
def test_runaway_submissions_get_an_error_verdict(
    code: str, reason: str, mini_code: Exercise, hardened: Sandbox,
    right_passes: Callable[[Sandbox], None],
) -> None:
    t0 = time.monotonic()
    v = grade(mini_code, code, hardened)
    assert v.status == "error" and reason in v.reason, (v.status, v.reason)
    assert time.monotonic() - t0 < mini_code.timeout + 8
    right_passes(hardened)


def test_the_limits_are_set_and_cannot_be_raised(hardened: Sandbox) -> None:
    res = run(hardened, """\
        import resource
        names = ["AS", "CPU", "FSIZE", "NOFILE", "NPROC", "CORE", "MSGQUEUE"]
        limits = {n: resource.getrlimit(getattr(resource, "RLIMIT_" + n)) for n in names}
        raised = {}
        for n, (soft, hard) in limits.items():
            try:
                resource.setrlimit(getattr(resource, "RLIMIT_" + n), (hard + 1, hard + 1))
                raised[n] = "RAISED"
            except (ValueError, OSError) as e:
                raised[n] = type(e).__name__
        """, "limits", "raised", timeout_s=3, memory_mb=512)
    assert res.status == "ok", res.reason
    lim = {k: tuple(v) for k, v in value(res, "limits").items()}
    assert lim["CPU"] == (5, 5)            # ceil(timeout) + 2 s: a backstop behind the wall clock
    assert lim["FSIZE"] == (16 << 20,) * 2
    assert lim["NOFILE"] == (256, 256)
    assert lim["CORE"] == (0, 0) and lim["MSGQUEUE"] == (0, 0)
    assert 0 < lim["AS"][0] - 2**29 < 2**30  # the zygote's mappings + 512 MiB
    if hardened.slot_info()[0]["uid"] is not None:
        assert lim["NPROC"] == (64, 64)
    assert set(value(res, "raised").values()) == {"ValueError"}, value(res, "raised")


def test_open_files_are_capped(hardened: Sandbox) -> None:
    res = run(hardened, """\
        import os
        fds, why = [], ""
        try:
            for i in range(10_000):
                fds.append(os.open("/dev/null", os.O_RDONLY))
        except OSError as e:
            why = type(e).__name__ + str(e.errno)
        n = len(fds)
        """, "n", "why")
    assert value(res, "why") == "OSError24" and value(res, "n") < 256  # EMFILE


def test_cpu_time_limit_kills_and_is_classified(hardened: Sandbox) -> None:
    """RLIMIT_CPU (pinned above to timeout + 2 s) is a backstop behind the wall clock for runs
    that burn several cores. Its kill path, made quick: the run may only lower its limit."""
    t0 = time.monotonic()
    res = run(hardened, """\
        import resource
        resource.setrlimit(resource.RLIMIT_CPU, (1, 5))
        while True:
            pass
        """, timeout_s=20)
    assert (res.status, res.reason) == ("timeout", "CPU time limit exceeded")
    assert time.monotonic() - t0 < 10


def test_threads_are_capped(hardened: Sandbox) -> None:
    """Threads stay allowed (torch uses them), but not without bound (bounded here: 300)."""
    res = run(hardened, """\
        import threading, time
        n, why = 0, ""
        try:
            for i in range(300):
                threading.Thread(target=time.sleep, args=(5,), daemon=True).start()
                n += 1
        except RuntimeError as e:
            why = str(e)
        """, "n", "why", timeout_s=10)
    assert value(res, "why") == "can't start new thread" and value(res, "n") < 100, res.values
    assert slot_empty(hardened)


@pytest.mark.parametrize("config", ["hardened", "layers"])
def test_processes_are_capped_then_a_fork_bomb_is_contained(
    config: str, request: pytest.FixtureRequest,
) -> None:
    sb: Sandbox = request.getfixturevalue(config)
    res = run(sb, FORKER, "ok", "err", timeout_s=10)
    assert res.status == "ok", res.reason
    if "seccomp" in sb.protections():
        assert (value(res, "ok"), value(res, "err")) == (0, "PermissionError")
    else:  # RLIMIT_NPROC under the slot uid (and the pids cgroup)
        assert value(res, "ok") < 100 and value(res, "err") == "BlockingIOError", res.values
    assert slot_empty(sb)
    # Containment is proven: only now the real bomb, and bounded in time.
    t0 = time.monotonic()
    res = run(sb, BOMB, timeout_s=1.5)
    assert res.status == "timeout"
    assert time.monotonic() - t0 < 5
    assert slot_empty(sb)
