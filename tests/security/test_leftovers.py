"""Guarantee 7: nothing a run started is alive once its verdict is out."""

from __future__ import annotations

from machine_layers import needs
from security_attacks import DAEMON
from security_helpers import grade, run, slot_empty, value

from gradtutor.course.model import Exercise
from gradtutor.sandbox import Sandbox


def test_no_daemon_survives_with_the_filter(hardened: Sandbox) -> None:
    needs(hardened, "seccomp")
    res = run(hardened, DAEMON, "forked")
    assert value(res, "forked") == "PermissionError"
    assert slot_empty(hardened)


def test_an_escaped_daemon_is_killed_without_the_filter(layers: Sandbox) -> None:
    res = run(layers, DAEMON, "forked")
    assert res.status == "ok" and value(res, "forked") == "yes"
    assert slot_empty(layers, timeout=3.0)


def test_nothing_is_left_after_grading(mini_code: Exercise, hardened: Sandbox) -> None:
    v = grade(mini_code, "import threading, time\n"
              "threading.Thread(target=time.sleep, args=(60,)).start()\nw = None\n", hardened)
    assert v.status == "fail"
    assert slot_empty(hardened, timeout=3.0)
