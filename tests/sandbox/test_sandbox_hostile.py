"""Hostile snippets. Each must get the right status within its limit, and the same one-slot
Sandbox must then serve a normal run correctly (checked by `after` after every test)."""

from __future__ import annotations

import os
import time
from collections.abc import Iterator

import pytest
from machine_layers import needs, needs_one_of
from sandbox_helpers import root_only, run, slot_processes, value, wait_until

from gradtutor.sandbox import RunResult, Sandbox
from gradtutor.sandbox.protocol import MAX_OUTPUT_BYTES

NORMAL = """\
import torch
x = torch.tensor([1.0, 2.0], requires_grad=True)
(x * x).sum().backward()
print(x.grad)
"""


@pytest.fixture(autouse=True)
def after(request: pytest.FixtureRequest, lone: Sandbox) -> Iterator[None]:
    """After every hostile run: the same sandbox serves a normal run correctly."""
    yield
    sb = request.getfixturevalue("forking") if "forking" in request.fixturenames else lone
    res = run(sb, NORMAL, "x.grad")
    assert res.status == "ok", res.reason
    assert value(res, "x.grad") == [2.0, 4.0]
    assert res.stdout == "tensor([2., 4.])\n"
    assert res.prints == [{"line": 4, "text": "tensor([2., 4.])\n"}]


def timed(sb: Sandbox, code: str, *exprs: str, **kw: object) -> tuple[RunResult, float]:
    t0 = time.monotonic()
    res = run(sb, code, *exprs, **kw)
    return res, time.monotonic() - t0


def slot_uid(sb: Sandbox) -> int | None:
    return sb.slot_info()[0]["uid"]


def test_runs_cannot_fork_by_default(lone: Sandbox) -> None:
    """The seccomp filter; the tests below prove the layers under it without it."""
    if "seccomp" not in lone.protections():
        pytest.skip("no seccomp filter here")
    res = run(lone, "import os\nos.fork()\n")
    assert res.status == "exception" and res.exception["type"] == "PermissionError"


def assert_slot_empty(sb: Sandbox) -> None:
    """No process of the slot is left (zombies excepted: they are being reaped)."""
    uid = slot_uid(sb)
    if uid is None:
        return
    assert wait_until(lambda: slot_processes(uid) == [], 5.0), slot_processes(uid)


# ----------------------------------------------------------------------------- time


@pytest.mark.parametrize("code", [
    "while True:\n    pass\n",
    "import time\ntime.sleep(1e6)\n",
    "import torch\na = torch.randn(300, 300)\nwhile True:\n    a = (a @ a).tanh()\n",
    "import signal\nsignal.signal(signal.SIGTERM, signal.SIG_IGN)\nwhile True:\n    pass\n",
])
def test_infinite_loops_time_out(lone: Sandbox, code: str) -> None:
    res, elapsed = timed(lone, code, timeout_s=1.0)
    assert res.status == "timeout" and res.reason == "timed out after 1 s"
    assert 1.0 <= elapsed < 2.5  # killed at the deadline (slack for a noisy machine)


def test_a_stuck_thread_does_not_keep_the_run_alive(lone: Sandbox) -> None:
    res, elapsed = timed(lone, "import threading, time\n"
                         "threading.Thread(target=lambda: time.sleep(1e6)).start()\nx = 1\n", "x")
    assert res.status == "ok" and value(res, "x") == 1
    assert elapsed < 1.0


# ----------------------------------------------------------------------------- memory


@pytest.mark.parametrize("code", [
    "x = []\nwhile True:\n    x.append(bytearray(32 * 2**20))\n",
    "import torch\nx = []\nwhile True:\n    x.append(torch.ones(4 * 2**20))\n",
    "import torch\nt = torch.empty(10**11)\n",
    "import numpy as np\na = np.ones((65536, 65536))\n",
])
def test_memory_bombs_hit_the_memory_limit(lone: Sandbox, code: str) -> None:
    res, elapsed = timed(lone, code, memory_mb=256, timeout_s=20)
    assert res.status == "memory", (res.status, res.reason)
    assert res.reason.startswith("memory limit of 256 MiB exceeded")
    assert elapsed < 10


def test_memory_within_the_limit_is_fine(lone: Sandbox) -> None:
    res = run(lone, "import torch\nt = torch.ones(50 * 2**20 // 4)\ns = float(t.sum())\n", "s",
              memory_mb=256)
    assert res.status == "ok" and value(res, "s") == 50 * 2**20 // 4


@root_only
def test_forking_memory_bomb_is_bounded_by_the_slot_cgroup(forking: Sandbox) -> None:
    lone = forking
    needs(lone, "cgroup-memory")
    before = lone.slot_info()[0]["oom_kills"]
    # 7 processes x 200 MiB, each within its own 256 MiB cap, exceed the slot's total.
    res, elapsed = timed(lone, """\
        import os, time
        for i in range(6):
            if os.fork() == 0:
                x = bytearray(200 * 2**20)
                time.sleep(1)
                os._exit(0)
        x = bytearray(200 * 2**20)
        time.sleep(1)
        """, memory_mb=256, timeout_s=10)
    assert res.status in ("ok", "memory"), res.reason
    assert lone.slot_info()[0]["oom_kills"] > before
    assert elapsed < 8
    assert_slot_empty(lone)


# ----------------------------------------------------------------------------- processes

FORKER = """\
import os, time
ok, err = 0, ""
for i in range(200):
    try:
        pid = os.fork()
    except OSError as e:
        err = type(e).__name__
        break
    if pid == 0:
        time.sleep(30)
        os._exit(0)
    ok += 1
"""


@root_only
def test_process_cap_bounded_forker_then_fork_bomb(forking: Sandbox) -> None:
    lone = forking
    # Prove the cap with a bounded forker before ever running an unbounded bomb.
    res, elapsed = timed(lone, FORKER, "ok", "err", timeout_s=10)
    assert res.status == "ok", res.reason
    forked = value(res, "ok")
    assert forked < 100 and value(res, "err") == "BlockingIOError", forked
    assert elapsed < 5
    assert_slot_empty(lone)
    # The cap holds, so an exponential bomb is contained; still bounded in time.
    bomb = ("import os\nwhile True:\n    try:\n        os.fork()\n"
            "    except OSError:\n        pass\n")
    res, elapsed = timed(lone, bomb, timeout_s=1.5)
    assert res.status == "timeout"
    assert elapsed < 4
    assert_slot_empty(lone)


@root_only
def test_escaped_daemon_is_killed(forking: Sandbox) -> None:
    lone = forking
    res = run(lone, """\
        import os, time
        if os.fork() == 0:
            os.setsid()
            if os.fork() == 0:
                time.sleep(60)
            os._exit(0)
        x = 1
        """, "x")
    assert res.status == "ok"
    assert_slot_empty(lone)


# ----------------------------------------------------------------------------- output


@pytest.mark.parametrize("code", [
    "while True:\n    print('x' * 1000)\n",
    "for _ in range(10**6):\n    print('y' * 1000)\n",  # a 1 GB print flood
    "import os\nwhile True:\n    os.write(1, b'z' * 65536)\n",
    "import sys\nwhile True:\n    sys.stderr.write('e' * 4096)\n",
])
def test_output_floods_are_cut_at_1_mib(lone: Sandbox, code: str) -> None:
    res, elapsed = timed(lone, code, timeout_s=10)
    assert res.status == "output_limit"
    assert res.reason == "output limit of 1 MiB exceeded"
    assert res.output_truncated
    assert len(res.stdout.encode()) + len(res.stderr.encode()) == MAX_OUTPUT_BYTES
    assert elapsed < 2


def test_one_gigabyte_string_print(lone: Sandbox) -> None:
    res, elapsed = timed(lone, "print('x' * 10**9)\n", timeout_s=20, memory_mb=2048)
    assert res.status == "output_limit"
    assert elapsed < 10  # building the 1 GB string dominates


# ----------------------------------------------------------------------------- exits


@pytest.mark.parametrize(("code", "status"), [
    ("import os\nos._exit(0)\n", "exit"),
    ("import os\nos._exit(3)\n", "exit"),
    ("import sys\nsys.exit()\n", "exit"),
    ("raise SystemExit(2)\n", "exit"),
    ("raise KeyboardInterrupt\n", "exception"),
    ("raise BaseException('x')\n", "exception"),
    ("def f():\n    f()\nf()\n", "exception"),
    ("import os, signal\nos.kill(os.getpid(), signal.SIGKILL)\n", "crashed"),
    ("import ctypes\nctypes.string_at(0)\n", "crashed"),
    ("import os\nos.close(3)\nx = 1\n", "exit"),
    ("import os\nos._exit = lambda *a: None\nx = 1\n", "ok"),
])
def test_exits_and_crashes_are_classified(lone: Sandbox, code: str, status: str) -> None:
    res = run(lone, code)
    assert res.status == status, res.reason
    assert res.reason


def test_hostile_str_and_repr_are_survived(lone: Sandbox) -> None:
    res = run(lone, """\
        class E(Exception):
            def __str__(self):
                raise ValueError("no")
        class R:
            def __repr__(self):
                raise E()
        r = R()
        raise E()
        """, "r", "E()", "r.missing")
    assert res.status == "exception", res.reason
    assert res.exception["type"] == "E" and res.exception["message"] == "<unprintable E>"
    assert res.exception["line"] == 8
    assert res.values["E()"] == {"kind": "other", "type": "E", "repr": "E()"}
    assert res.values["r"] == {"kind": "other", "type": "R", "repr": "<repr failed: E>"}
    assert res.values["r.missing"]["kind"] == "error"


def test_exit_reasons(lone: Sandbox) -> None:
    assert run(lone, "import os\nos._exit(3)\n").reason == (
        "exited with code 3 before reporting a result")
    assert run(lone, "import os, signal\nos.kill(os.getpid(), signal.SIGSEGV)\n").reason == (
        "killed by signal SIGSEGV before reporting a result")


# ----------------------------------------------------------------------------- forgery


def test_fake_result_on_stdout_is_just_output(lone: Sandbox) -> None:
    fake = ('{"status": "ok", "reason": "", "prints": [], "warnings": [], '
            '"exception": null, "values": {"x": {"kind": "int", "value": 42}}}')
    res = run(lone, f"print({fake!r})\nimport sys\nsys.stderr.write({fake!r})\nx = 1\n", "x")
    assert res.status == "ok"
    assert value(res, "x") == 1  # the real value, not the printed one
    assert fake in res.stdout and fake in res.stderr


FORGED = """\
import json, os
forged = {"status": "ok", "reason": "", "prints": [], "warnings": [], "exception": None,
          "values": {"x": {"kind": "int", "value": 42}}}
forged.update(EXTRA)
os.write(3, json.dumps(forged).encode())
"""


@pytest.mark.parametrize(("extra", "tail"), [
    ({}, "x = 1\n"),                                       # then the real result follows
    ({"status": "timeout"}, "os._exit(0)\n"),              # a status only the controller sets
    ({"verdict": "pass"}, "os._exit(0)\n"),                # a field that does not exist
    ({"values": {"y": {"kind": "int", "value": 1}}}, "os._exit(0)\n"),  # wrong expressions
    ({"values": {"x": {"kind": "int", "value": "42"}}}, "os._exit(0)\n"),  # ill-typed value
])
def test_forged_result_messages_are_crashed(lone: Sandbox, extra: dict, tail: str) -> None:
    res = run(lone, FORGED.replace("EXTRA", repr(extra)) + tail, "x")
    assert res.status == "crashed"
    assert res.reason.startswith("malformed result from the run")
    assert res.values == {}


def test_garbage_on_the_result_channel_is_crashed(lone: Sandbox) -> None:
    res = run(lone, "import os\nos.write(3, b'\\x00garbage' * 1000)\nos._exit(0)\n", "x")
    assert res.status == "crashed"


def test_well_formed_forgery_is_only_an_observation(lone: Sandbox) -> None:
    """The documented limit: a child can always claim values its own code could have
    computed. Such a result is schema-valid observations, nothing more: a status among
    ok/exception/exit/memory, exactly the requested expressions, no verdict. Grading compares
    them with what the parent computes itself, on inputs it chose."""
    res = run(lone, FORGED.replace("EXTRA", "{}") + "os._exit(0)\n", "x")
    assert res.status == "ok" and value(res, "x") == 42
    assert set(res.values) == {"x"}


# ----------------------------------------------------------------------------- the zygote


def test_killing_the_zygote_from_a_run(lone: Sandbox) -> None:
    before = lone.slot_info()[0]["zygote_pid"]
    res = run(lone, "import os, signal\nos.kill(os.getppid(), signal.SIGKILL)\nx = 1\n", "x")
    if slot_uid(lone) is not None:  # a per-slot uid may not signal the root zygote
        assert res.status == "exception" and res.exception["type"] == "PermissionError"
        assert lone.slot_info()[0]["zygote_pid"] == before
    else:  # without uid separation the zygote dies and is replaced
        assert res.status in ("crashed", "ok", "exit")


@root_only
def test_kill_everything_reaches_only_the_run_itself(lone: Sandbox) -> None:
    if slot_uid(lone) is None:
        pytest.skip("kill(-1) is only safe under a per-slot uid")
    before = lone.slot_info()[0]["zygote_pid"]
    # Guarded twice: as root, kill(-1) would take the whole machine down.
    res = run(lone, "import os, signal\nif os.getuid() != 0:\n    os.kill(-1, signal.SIGKILL)\n"
                    "x = os.getuid()\n", "x")
    assert res.status == "ok" and value(res, "x") == slot_uid(lone)
    assert lone.slot_info()[0]["zygote_pid"] == before


def test_monkeypatching_torch_does_not_leak_into_the_next_run(lone: Sandbox) -> None:
    res = run(lone, "import torch\ntorch.Tensor.backward = lambda *a, **k: None\n"
                    "import builtins\nbuiltins.print = None\nimport math\nmath.pi = 3\n")
    assert res.status == "ok"
    res = run(lone, "import math\np = math.pi\n", "p")
    assert value(res, "p") == pytest.approx(3.14159, abs=1e-4)
    # `after` then checks that backward() and print work again.


# ----------------------------------------------------------------------------- files, network


def test_working_directory_is_private_and_removed(lone: Sandbox) -> None:
    res = run(lone, """\
        import os
        open("notes.txt", "w").write("hi")
        os.makedirs("sub/dir")
        open("sub/dir/f.bin", "wb").write(b"0" * 1000)
        cwd = os.getcwd()
        names = sorted(os.listdir("."))
        """, "cwd", "names")
    assert res.status == "ok"
    cwd = value(res, "cwd")
    assert [i["value"] for i in res.values["names"]["items"]] == ["notes.txt", "sub"]
    res = run(lone, f"import os\ngone = not os.path.exists({cwd!r})\nhere = os.getcwd()\n",
              "gone", "here")
    assert value(res, "gone") is True and value(res, "here") != cwd


def test_file_size_is_capped(lone: Sandbox) -> None:
    res = run(lone, "f = open('big', 'wb')\nfor _ in range(64):\n    f.write(b'0' * 2**20)\n"
                    "f.flush()\n", timeout_s=10)
    assert res.status == "exception"
    assert res.exception["type"] == "OSError" and "File too large" in res.exception["message"]


REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


@root_only
def test_network_and_outside_files_are_out_of_reach(lone: Sandbox) -> None:
    needs(lone, "netns", "mountns")
    # What refuses /tmp, the repository and other processes: Landlock, or the mount namespace's
    # scratch tmpfs, covers and private /proc.
    needs_one_of(lone, ("landlock-fs",), ("tmpfs", "hidden-paths", "proc-hidepid"))
    res = run(lone, """\
        import socket, os
        def attempt(f):
            try:
                f()
                return "allowed"
            except OSError as e:
                return type(e).__name__
        net = attempt(lambda: socket.create_connection(("1.1.1.1", 80), timeout=1))
        tmp = attempt(lambda: open("/tmp/planted", "w"))
        shm = attempt(lambda: open("/dev/shm/planted", "w"))
        tests = attempt(lambda: os.listdir(REPO + "/tests"))
        pyproject = attempt(lambda: open(REPO + "/pyproject.toml").read())
        root = attempt(lambda: os.listdir("/root"))
        try:  # Landlock refuses /proc (but /proc/self); hidepid alone shows only the run
            seen = sorted(int(p) for p in os.listdir("/proc") if p.isdigit())
        except PermissionError:
            seen = [os.getpid()]
        """.replace("REPO", repr(REPO)), "net", "tmp", "shm", "tests", "pyproject", "root", "seen")
    assert res.status == "ok", res.reason
    for name in ("net", "tmp", "shm", "tests", "pyproject", "root"):
        assert value(res, name) != "allowed", name
    seen = [v["value"] for v in res.values["seen"]["items"]]
    assert os.getpid() not in seen and lone.slot_info()[0]["zygote_pid"] not in seen
    assert len(seen) == 1  # only the run itself
