"""Zygote lifecycle: lazy start, environment, death and restart, close, fail-closed start."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from machine_layers import root_namespaces_work
from sandbox_helpers import SECRET, STARTUP_S, root_only, run, slot_processes, value, wait_until

from gradtutor.sandbox import RunRequest, Sandbox, SandboxConfig
from gradtutor.sandbox.worker import Worker


def zygote_pid(sb: Sandbox) -> int:
    return sb.slot_info()[0]["zygote_pid"]


def test_creation_does_not_block_and_run_waits_for_readiness() -> None:
    t0 = time.monotonic()
    sb = Sandbox(workers=1)
    try:
        assert time.monotonic() - t0 < 0.5
        res = run(sb, "x = 41 + 1\n", "x")
        assert res.status == "ok" and value(res, "x") == 42
    finally:
        sb.close()


def test_zygote_environment_and_cwd(lone: Sandbox) -> None:
    pid = zygote_pid(lone)
    with open(f"/proc/{pid}/environ", "rb") as f:
        env = dict(item.split(b"=", 1) for item in f.read().split(b"\0") if item)
    assert b"GRADTUTOR_TEST_SECRET" not in env and SECRET.encode() not in b"".join(env.values())
    assert env[b"OMP_NUM_THREADS"] == b"1" and env[b"MKL_NUM_THREADS"] == b"1"
    assert os.readlink(f"/proc/{pid}/cwd") == "/"


def test_zygote_killed_while_idle_is_replaced(lone: Sandbox) -> None:
    old = zygote_pid(lone)
    os.kill(old, signal.SIGKILL)
    t0 = time.monotonic()
    assert wait_until(lambda: zygote_pid(lone) not in (None, old), STARTUP_S)
    restart_s = time.monotonic() - t0
    assert restart_s < 30, restart_s  # ~2 s on an idle machine: noticed in 0.2 s + torch import
    res = run(lone, "x = 1\n", "x")
    assert res.status == "ok"


def test_zygote_killed_just_before_a_run_is_retried(lone: Sandbox) -> None:
    os.kill(zygote_pid(lone), signal.SIGKILL)
    res = run(lone, "x = 2\n", "x")
    assert res.status == "ok" and value(res, "x") == 2


def test_worker_retries_a_run_that_met_a_dead_zygote() -> None:
    """Deterministically: the worker still believes its zygote alive when it sends the run."""
    worker = Worker(SandboxConfig())
    try:
        worker.start()
        first = worker.info["pid"]
        os.kill(first, signal.SIGKILL)
        assert wait_until(lambda: worker.proc.poll() is not None, 5)
        alive = iter([True])
        worker.alive = lambda: next(alive, Worker.alive(worker))  # type: ignore[method-assign]
        res = worker.execute(RunRequest(code="x = 5\n", expressions=("x",)))
        worker.finish()
        assert res.status == "ok" and value(res, "x") == 5
        assert worker.retries == 1 and worker.info["pid"] != first and worker.starts == 2
    finally:
        worker.close()


def test_zygote_killed_during_a_run(lone: Sandbox) -> None:
    pid = zygote_pid(lone)
    threading.Timer(0.3, os.kill, (pid, signal.SIGKILL)).start()
    t0 = time.monotonic()
    res = run(lone, "import time\ntime.sleep(5)\nx = 3\n", "x")
    assert time.monotonic() - t0 < 2
    assert res.status == "crashed"
    assert res.reason == "the sandbox process died during the run"
    res = run(lone, "x = 4\n", "x")
    assert res.status == "ok" and value(res, "x") == 4


def test_failed_start_fails_closed() -> None:
    config = SandboxConfig(startup_timeout_s=0.01)
    with Sandbox(workers=1, config=config) as sb:
        t0 = time.monotonic()
        res = run(sb, "x = 1\n", "x")
        assert time.monotonic() - t0 < 10
        assert res.status == "internal"
        assert res.reason.startswith("the sandbox could not start")


@root_only
def test_concurrent_sandboxes_get_distinct_slots_and_close_cleans_up(lone: Sandbox) -> None:
    other = Sandbox(workers=1)
    try:
        assert other.wait_ready(STARTUP_S)
        mine, info = lone.slot_info()[0], other.slot_info()[0]
        assert mine["uid"] != info["uid"]
        assert mine["cgroup"] is None or mine["cgroup"] != info["cgroup"]
        assert run(other, "import time\ntime.sleep(30)\n", timeout_s=0.5).status == "timeout"
        assert run(lone, "x = 1\n", "x").status == "ok"
    finally:
        other.close()
    assert wait_until(lambda: not os.path.exists(f"/proc/{info['zygote_pid']}"), 5)
    assert slot_processes(info["uid"]) == []
    if info["cgroup"]:
        assert not os.path.exists(info["cgroup"])
    with pytest.raises(RuntimeError, match="closed"):
        run(other, "x = 1\n")


def test_without_namespaces_workdirs_live_on_the_host_and_are_removed() -> None:
    with Sandbox(workers=1, config=SandboxConfig(namespaces=False)) as sb:
        res = run(sb, "import os\nopen('f.txt', 'w').write('x')\nos.mkdir('d')\nos.chmod('d', 0)\n"
                      "cwd = os.getcwd()\n", "cwd")
        assert res.status == "ok", res.reason
        cwd = value(res, "cwd")
        assert run(sb, "x = 1\n", "x").status == "ok"  # the previous run is cleaned up by now
        assert not os.path.exists(cwd)
        assert os.path.isdir(os.path.dirname(cwd))
        assert not any(f.startswith(("netns", "mountns")) for f in sb.slot_info()[0]["features"])


HIDE_CHECK = """\
import os, sys
from gradtutor.sandbox import _libc, isolation
_libc.unshare(_libc.CLONE_NEWNS)
_libc.mount("none", "/", None, _libc.MS_REC | _libc.MS_PRIVATE, None)
d, f, scratch = sys.argv[1:]
print(isolation.hide([d, f], scratch) == [d, f], os.listdir(d), repr(open(f).read()))
"""


@root_only
def test_hide_covers_directories_and_files(tmp_path: Path) -> None:
    if not root_namespaces_work():
        pytest.skip("needs mount namespaces, which this machine does not allow")
    d, f, scratch = tmp_path / "solutions", tmp_path / "answer.py", tmp_path / "scratch"
    d.mkdir()
    scratch.mkdir()
    (d / "ref.py").write_text("secret")
    f.write_text("secret")
    out = subprocess.run([sys.executable, "-c", HIDE_CHECK, str(d), str(f), str(scratch)],
                         capture_output=True, text=True, timeout=60)
    assert out.stdout.split() == ["True", "[]", "''"], out.stderr
    assert f.read_text() == "secret"  # the host's view is untouched


UNCLOSED = """\
import json
from gradtutor.sandbox import RunRequest, Sandbox
sb = Sandbox(workers=1)  # never closed: the interpreter exits with it open
sb.wait_ready(300)
assert sb.run(RunRequest(code="x = 1\\n")).status == "ok"
info = sb.slot_info()[0]
print(json.dumps({"zygote": info["zygote_pid"], "cgroups": [f[7:-13] for f in info["features"]
                  if f.startswith("cgroup:")]}))
"""


@root_only
def test_a_sandbox_left_open_at_exit_releases_its_slot() -> None:
    """Slot threads are daemons; without the exit hook they died before releasing the lease,
    and the slot's cgroups stayed behind."""
    out = subprocess.run([sys.executable, "-c", UNCLOSED], capture_output=True, text=True,
                         timeout=300, check=True, cwd="/")
    seen = json.loads(out.stdout.strip().splitlines()[-1])
    assert wait_until(lambda: not os.path.exists(f"/proc/{seen['zygote']}"), 5)
    if not seen["cgroups"]:
        pytest.skip("no per-slot cgroups on this machine (only the zygote's exit was checked)")
    assert [d for d in seen["cgroups"] if os.path.exists(d)] == []
